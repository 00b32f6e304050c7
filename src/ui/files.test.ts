import { execFileSync } from 'node:child_process'
import { lstat, mkdtemp, readFile, readdir, stat, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { XacctError } from '../core/errors.js'
import { writeFileAtomic, writeFilesAtomically } from './files.js'

const fresh = () => mkdtemp(join(tmpdir(), 'xacct-files-'))

describe('writeFilesAtomically', () => {
  it('writes files in sub-folders and leaves no temp files', async () => {
    const dir = await fresh()
    await writeFilesAtomically(dir, [
      { path: 'a.json', content: '{}' },
      { path: 'sub/b.md', content: '# b' }
    ])
    expect(await readFile(join(dir, 'sub/b.md'), 'utf8')).toBe('# b')
    expect((await readdir(dir)).sort()).toEqual(['a.json', 'sub'])
  })

  it('checks every target before writing any', async () => {
    const dir = await fresh()
    await writeFile(join(dir, 'b.json'), 'old')
    const error = await writeFilesAtomically(dir, [
      { path: 'a.json', content: 'new' },
      { path: 'b.json', content: 'new' }
    ]).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(XacctError)
    expect((error as XacctError).exitCode).toBe(2)
    expect((error as XacctError).message).toContain('b.json')
    expect(await readdir(dir)).toEqual(['b.json'])
    expect(await readFile(join(dir, 'b.json'), 'utf8')).toBe('old')
  })

  it('replaces with force', async () => {
    const dir = await fresh()
    await writeFile(join(dir, 'b.json'), 'old')
    await writeFilesAtomically(dir, [{ path: 'b.json', content: 'new' }], { force: true })
    expect(await readFile(join(dir, 'b.json'), 'utf8')).toBe('new')
  })

  it('refuses paths outside the directory', async () => {
    const dir = await fresh()
    await expect(writeFilesAtomically(dir, [{ path: '../x', content: '' }])).rejects.toThrow(/outside/)
  })

  it('writeFileAtomic honours the mode', async () => {
    const dir = await fresh()
    const path = join(dir, 'backup.json')
    await writeFileAtomic(path, 'secret', { mode: 0o600 })
    expect((await stat(path)).mode & 0o777).toBe(0o600)
  })

  it('refuses an output folder that is a file, writing nothing', async () => {
    const dir = await fresh()
    await writeFile(join(dir, 'taken'), 'keep')
    const error = await writeFilesAtomically(join(dir, 'taken'), [{ path: 'a.json', content: '{}' }]).catch((e: unknown) => e)
    expect((error as XacctError).exitCode).toBe(2)
    expect((error as XacctError).message).toMatch(/^--out ".*taken" is invalid/)
    expect(await readdir(dir)).toEqual(['taken'])
  })

  it('all or nothing: a later file failing removes the files written before it', async () => {
    const dir = await fresh()
    await writeFile(join(dir, 'sub'), 'a file where a folder is needed')
    const error = await writeFilesAtomically(dir, [
      { path: 'a.json', content: '{}' },
      { path: 'sub/b.md', content: '# b' }
    ]).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(XacctError)
    expect((error as XacctError).exitCode).toBe(2)
    expect((error as XacctError).message).toContain('sub/b.md')
    expect(await readdir(dir)).toEqual(['sub'])
  })

  it('writeFileAtomic onto a directory is one input error, no temp file left', async () => {
    const dir = await fresh()
    const error = await writeFileAtomic(dir, 'x').catch((e: unknown) => e)
    expect((error as XacctError).exitCode).toBe(2)
    expect((error as XacctError).message).toMatch(/it is a directory/)
    expect((await readdir(join(dir, '..'))).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })

  it('all or nothing: output folders it created are removed too', async () => {
    const dir = await fresh()
    const out = join(dir, 'new', 'out')
    const error = await writeFilesAtomically(out, [
      { path: 'a.json', content: '{}' },
      { path: 'a.json/b.md', content: '# b' }
    ]).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(XacctError)
    expect(await readdir(dir)).toEqual([])
  })

  // Node's mkdir({ recursive: true }) never returns under /proc (ENOENT although the parent exists).
  it.runIf(process.platform === 'linux')(
    'a folder that cannot be created fails in one line (exit 3) instead of hanging',
    async () => {
      const error = await writeFilesAtomically('/proc/bedrock-xacct-files-test/out', [{ path: 'a.json', content: '{}' }]).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(XacctError)
      expect((error as XacctError).exitCode).toBe(3)
      expect((error as XacctError).message).toMatch(/^Cannot write ".*a\.json": ENOENT\.$/)
    },
    5_000
  )
})

describe('special targets are written through, never replaced (issue 17)', () => {
  it('a symlink stays a symlink; the file it points to gets the content', async () => {
    const dir = await fresh()
    const real = join(dir, 'real.xml')
    const link = join(dir, 'report.xml')
    await writeFile(real, 'old')
    await symlink(real, link)
    await writeFileAtomic(link, 'new')
    expect((await lstat(link)).isSymbolicLink()).toBe(true)
    expect(await readFile(real, 'utf8')).toBe('new')
    expect(await readdir(dir)).toEqual(['real.xml', 'report.xml'])
  })

  it('a dangling symlink is written through too, creating the file it names', async () => {
    const dir = await fresh()
    const link = join(dir, 'report.xml')
    await symlink(join(dir, 'later.xml'), link)
    await writeFileAtomic(link, 'new')
    expect((await lstat(link)).isSymbolicLink()).toBe(true)
    expect(await readFile(join(dir, 'later.xml'), 'utf8')).toBe('new')
  })

  it('a FIFO stays a FIFO and its reader gets the content (like --junit /dev/stdout or /dev/null)', async () => {
    const dir = await fresh()
    const fifo = join(dir, 'pipe')
    execFileSync('mkfifo', [fifo])
    const reader = readFile(fifo, 'utf8')
    await writeFileAtomic(fifo, 'through the pipe')
    expect(await reader).toBe('through the pipe')
    expect((await lstat(fifo)).isFIFO()).toBe(true)
  })

  it('a character device (/dev/null) is written through and stays a device', async () => {
    await writeFileAtomic('/dev/null', 'nothing')
    expect((await lstat('/dev/null')).isCharacterDevice()).toBe(true)
  })

  it('a secret file replacing an existing world-readable file ends up 0600', async () => {
    const dir = await fresh()
    const path = join(dir, 'trust-policy.json')
    await writeFile(path, 'old', { mode: 0o644 })
    await writeFileAtomic(path, 'secret', { mode: 0o600 })
    expect((await stat(path)).mode & 0o777).toBe(0o600)
  })

  it('writeFilesAtomically gives each file its own mode', async () => {
    const dir = await fresh()
    await writeFilesAtomically(dir, [
      { path: 'public.json', content: '{}' },
      { path: 'secret.json', content: '{}', mode: 0o600 }
    ])
    expect((await stat(join(dir, 'public.json'))).mode & 0o777).toBe(0o644)
    expect((await stat(join(dir, 'secret.json'))).mode & 0o777).toBe(0o600)
  })
})
