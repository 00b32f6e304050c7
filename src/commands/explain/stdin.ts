/**
 * Read the message from stdin when it is piped (`aws … 2>&1 | bedrock-xacct explain`). A terminal is
 * not read. A pipe (FIFO) or a redirected file is read to its end however long the producer takes
 * (an `aws` call can take seconds), with a note on stderr after a moment so a person knows why it
 * waits. Anything else that is not a terminal (an inherited socket or character device, as CI runners
 * and process managers hand out) may never close, so it is given up on when it stays silent.
 */
import { fstatSync } from 'node:fs'

/** How long a socket or device stdin may stay silent before we give up on it: it must not hang the CLI. */
const FIRST_BYTE_TIMEOUT_MS = 1_500
/** When to tell a person that explain is waiting for a slow producer on the pipe. */
const WAITING_NOTICE_MS = 1_000
/** An error message, even a whole stack trace, is far smaller; stop reading past this. */
const MAX_STDIN_BYTES = 1_000_000

/**
 * What stdin is: a terminal (not read), a pipe or file (read to the end, however slow), or something
 * else (a socket, a device: read only if it speaks up quickly).
 */
export type StdinKind = 'terminal' | 'pipe-or-file' | 'other'

/** The kind of file descriptor 0 (or `fd`), by fstat; `other` when it cannot be examined. */
export function stdinKind(fd = 0): StdinKind {
  try {
    const info = fstatSync(fd)
    if (info.isFIFO() || info.isFile()) return 'pipe-or-file'
    return 'other'
  } catch {
    return 'other'
  }
}

export interface ReadStdinOptions {
  /** Default: examined with fstat (a TTY stream is always a terminal). */
  kind?: StdinKind
  /** Where the "waiting" note goes; default stderr. */
  notify?: (line: string) => void
}

/** The piped text, trimmed; undefined for a terminal, an empty input, or a socket/device that stayed silent. */
export function readStdinText(stdin: NodeJS.ReadStream = process.stdin, options: ReadStdinOptions = {}): Promise<string | undefined> {
  if (stdin.isTTY) return Promise.resolve(undefined)
  const kind = options.kind ?? stdinKind()
  if (kind === 'terminal') return Promise.resolve(undefined)
  const notify = options.notify ?? ((line: string) => void process.stderr.write(`${line}\n`))
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    let settled = false
    const finish = () => {
      if (settled) return
      settled = true
      clearTimeout(giveUp)
      clearTimeout(notice)
      stdin.off('data', onData)
      stdin.off('end', finish)
      stdin.off('error', finish)
      stdin.pause()
      const text = Buffer.concat(chunks).toString('utf8').trim()
      resolve(text === '' ? undefined : text)
    }
    const onData = (chunk: Buffer | string) => {
      clearTimeout(giveUp)
      clearTimeout(notice)
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
      chunks.push(buffer)
      size += buffer.byteLength
      if (size >= MAX_STDIN_BYTES) finish()
    }
    // A pipe or file ends when its writer does: wait for it. Anything else gets a deadline for its first byte.
    const giveUp = kind === 'pipe-or-file' ? undefined : setTimeout(finish, FIRST_BYTE_TIMEOUT_MS)
    const notice = kind === 'pipe-or-file' ? setTimeout(() => notify('waiting for the error text on stdin… (Ctrl-C to stop)'), WAITING_NOTICE_MS) : undefined
    stdin.on('data', onData)
    stdin.once('end', finish)
    stdin.once('error', finish)
    stdin.resume()
  })
}
