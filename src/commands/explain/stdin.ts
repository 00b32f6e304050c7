/**
 * Read the message from stdin when it is piped (`echo … | bedrock-xacct explain`). Never hangs:
 * a terminal is not read, and a pipe that stays silent is given up on after a short wait.
 */

/** How long to wait for the first byte of a piped message; a pipe someone forgot to close must not hang the CLI. */
const FIRST_BYTE_TIMEOUT_MS = 1_500
/** An error message, even a whole stack trace, is far smaller; stop reading past this. */
const MAX_STDIN_BYTES = 1_000_000

export function readStdinText(stdin: NodeJS.ReadStream = process.stdin): Promise<string | undefined> {
  if (stdin.isTTY) return Promise.resolve(undefined)
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    let settled = false
    const finish = () => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      stdin.off('data', onData)
      stdin.off('end', finish)
      stdin.off('error', finish)
      stdin.pause()
      const text = Buffer.concat(chunks).toString('utf8').trim()
      resolve(text === '' ? undefined : text)
    }
    const onData = (chunk: Buffer | string) => {
      clearTimeout(timer)
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
      chunks.push(buffer)
      size += buffer.byteLength
      if (size >= MAX_STDIN_BYTES) finish()
    }
    const timer = setTimeout(finish, FIRST_BYTE_TIMEOUT_MS)
    stdin.on('data', onData)
    stdin.once('end', finish)
    stdin.once('error', finish)
    stdin.resume()
  })
}
