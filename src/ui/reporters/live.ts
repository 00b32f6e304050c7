/**
 * The checklist drawn live on stderr while it runs: on a terminal, every check's line is redrawn in
 * place (a spinner frame for running checks, the final symbol and timing when done); elsewhere
 * nothing is drawn (the final report goes to stdout). Cleared before the report is printed so the
 * terminal shows the checklist once.
 *
 * Redrawing in place moves the cursor up by the number of lines drawn, so every line must take
 * exactly one row: a line wider than the terminal wraps onto two, the cursor then stops short, and
 * each redraw leaves a copy of the checklist behind (issue 20). Lines are cut to the width.
 */
import type { ChalkInstance } from 'chalk'
import type { CheckDefinition, ChecklistEvent, CheckOutcome } from '../../core/checklist/types.js'
import { formatCheckLine } from './human.js'

/** Spinner frames (the dots nanospinner uses). */
const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']
/** Redraw period: fast enough to look alive, slow enough not to flood a remote terminal. */
export const LIVE_REDRAW_MS = 120

export interface LiveChecklist {
  onEvent(event: ChecklistEvent): void
  /** Stop redrawing and erase what was drawn. */
  stop(): void
}

export interface LiveOptions {
  /** Raw write to stderr (no newline added). */
  write(text: string): void
  paint: ChalkInstance
  now(): number
  /** Terminal width; lines are cut to it so none wraps (undefined: not cut). */
  columns?: number | undefined
  setInterval?: (fn: () => void, ms: number) => { unref?: () => void }
  clearInterval?: (handle: unknown) => void
}

/** ANSI escape sequences (SGR colours, cursor moves): zero width on screen. */
// eslint-disable-next-line no-control-regex -- matching the ESC character is the point
const ANSI_AT = /\u001b\[[0-9;]*[A-Za-z]/y
// eslint-disable-next-line no-control-regex -- matching the ESC character is the point
const ANSI_ALL = /\u001b\[[0-9;]*[A-Za-z]/g

/**
 * Cut a line to at most `width` visible characters, ending a cut line with `…` and a colour reset
 * (escape sequences are kept). Every glyph the checklist draws (✔ ✖ – ⠋ ·, ASCII titles) is one
 * column wide.
 */
export function fitToWidth(line: string, width: number): string {
  if ([...line.replace(ANSI_ALL, '')].length <= width) return line
  let out = ''
  let visible = 0
  for (let i = 0; i < line.length && visible < width - 1;) {
    ANSI_AT.lastIndex = i
    const escape = ANSI_AT.exec(line)
    const piece = escape ? escape[0] : String.fromCodePoint(line.codePointAt(i)!)
    if (!escape) visible++
    out += piece
    i += piece.length
  }
  return `${out}…\u001b[0m`
}

export function createLiveChecklist(title: string, checks: readonly Pick<CheckDefinition<unknown>, 'id' | 'title'>[], options: LiveOptions): LiveChecklist {
  const c = options.paint
  const state = new Map<string, { started?: number; outcome?: CheckOutcome }>()
  let drawn = 0
  let frame = 0
  const render = () => {
    const lines = [c.bold(title)]
    for (const check of checks) {
      const s = state.get(check.id)
      if (s?.outcome) lines.push(`  ${formatCheckLine(s.outcome, c)}`)
      else if (s?.started !== undefined) lines.push(`  ${c.cyan(FRAMES[frame % FRAMES.length]!)} ${check.id.padEnd(24)} ${check.title} ${c.dim(`(${Math.round((options.now() - s.started) / 100) / 10} s)`)}`)
      else lines.push(`  ${c.dim('·')} ${c.dim(check.id.padEnd(24))} ${c.dim(check.title)}`)
    }
    const up = drawn > 0 ? `\u001b[${drawn}A` : ''
    // One column kept free: a line filling the last column makes some terminals wrap early.
    const fit = options.columns !== undefined && options.columns > 1 ? (l: string) => fitToWidth(l, options.columns! - 1) : (l: string) => l
    options.write(`${up}${lines.map((l) => `\u001b[2K${fit(l)}`).join('\n')}\n`)
    drawn = lines.length
  }
  const timer = (options.setInterval ?? setInterval)(() => {
    frame++
    render()
  }, LIVE_REDRAW_MS)
  timer.unref?.()
  render()
  return {
    onEvent(event) {
      if (event.type === 'start') state.set(event.id, { started: options.now() })
      else state.set(event.outcome.id, { ...state.get(event.outcome.id), outcome: event.outcome })
      render()
    },
    stop() {
      ;(options.clearInterval ?? ((h: unknown) => clearInterval(h as NodeJS.Timeout)))(timer)
      if (drawn > 0) options.write(`\u001b[${drawn}A\u001b[0J`)
      drawn = 0
    }
  }
}
