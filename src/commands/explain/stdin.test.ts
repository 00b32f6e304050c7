/**
 * readStdinText: a pipe or file is read to its end however slow the producer (with a note after a
 * moment); a socket or device that stays silent is given up on; a terminal is never read.
 */
import { closeSync, mkdtempSync, openSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { readStdinText, stdinKind } from './stdin.js'

const MESSAGE = 'User: arn:aws:iam::111111111111:user/x is not authorized to perform: sts:AssumeRole'

function fakeStdin(): NodeJS.ReadStream & PassThrough {
  return new PassThrough() as unknown as NodeJS.ReadStream & PassThrough
}

describe('readStdinText', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }))
  afterEach(() => vi.useRealTimers())

  it('a pipe: waits for a slow producer, says so once after a moment, returns the text at EOF', async () => {
    const stdin = fakeStdin()
    const notes: string[] = []
    let result: string | undefined | null = null
    void readStdinText(stdin, { kind: 'pipe-or-file', notify: (line) => notes.push(line) }).then((text) => (result = text))
    await vi.advanceTimersByTimeAsync(10_000)
    expect(result).toBeNull()
    expect(notes).toEqual([expect.stringContaining('waiting for the error text on stdin')])
    stdin.end(`${MESSAGE}\n`)
    await vi.waitFor(() => expect(result).toBe(MESSAGE))
  })

  it('a pipe that closes empty: undefined, and no note when it ends at once', async () => {
    const stdin = fakeStdin()
    const notes: string[] = []
    stdin.end('  \n')
    expect(await readStdinText(stdin, { kind: 'pipe-or-file', notify: (line) => notes.push(line) })).toBeUndefined()
    expect(notes).toEqual([])
  })

  it('a socket or device that stays silent: given up on within the short wait, no note', async () => {
    const stdin = fakeStdin()
    const notes: string[] = []
    const pending = readStdinText(stdin, { kind: 'other', notify: (line) => notes.push(line) })
    await vi.advanceTimersByTimeAsync(1_600)
    expect(await pending).toBeUndefined()
    expect(notes).toEqual([])
  })

  it('a socket that speaks at once: read to its end', async () => {
    const stdin = fakeStdin()
    const pending = readStdinText(stdin, { kind: 'other', notify: () => undefined })
    stdin.write('User: arn:aws:iam::111111111111:user/x ')
    await vi.advanceTimersByTimeAsync(5_000)
    stdin.end('is not authorized to perform: sts:AssumeRole')
    expect(await pending).toBe(MESSAGE)
  })

  it('a terminal is never read', async () => {
    const stdin = Object.assign(fakeStdin(), { isTTY: true })
    expect(await readStdinText(stdin, { kind: 'pipe-or-file' })).toBeUndefined()
  })
})

describe('stdinKind', () => {
  it('a regular file is read to the end; a character device (/dev/null) is not trusted to close', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'stdin-kind-')), 'message.txt')
    writeFileSync(file, MESSAGE)
    const fd = openSync(file, 'r')
    const nul = openSync('/dev/null', 'r')
    try {
      expect(stdinKind(fd)).toBe('pipe-or-file')
      expect(stdinKind(nul)).toBe('other')
    } finally {
      closeSync(fd)
      closeSync(nul)
    }
  })

  it('a descriptor that cannot be examined is "other"', () => {
    expect(stdinKind(987_654)).toBe('other')
  })
})
