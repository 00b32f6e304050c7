/**
 * A real terminal emulator (xterm.js, headless) to replay what a command wrote to a TTY, so tests
 * assert what a person would see on screen after the redraws, not the escape sequences we emit.
 */
import { Terminal } from '@xterm/headless'

/** The screen (scrollback included) after `written` is played on a terminal of the given size. */
export async function screenAfter(written: string, size: { columns: number; rows: number }): Promise<string[]> {
  const terminal = new Terminal({ cols: size.columns, rows: size.rows, scrollback: 1000, allowProposedApi: true, convertEol: true })
  await new Promise<void>((resolve) => terminal.write(written, resolve))
  const buffer = terminal.buffer.active
  const lines: string[] = []
  for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i)?.translateToString(true) ?? '')
  terminal.dispose()
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
  return lines
}
