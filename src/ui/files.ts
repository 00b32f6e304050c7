/**
 * Atomic file output: each file is written to a temporary sibling and renamed into place, so a
 * reader never sees half a policy, and an interrupted run leaves either the old file or the new
 * one. `writeFilesAtomically` checks every target before writing any (no half-written output).
 *
 * What the user pointed us at is never replaced by something else: a symlink is followed (the file
 * it names gets the content, the link stays), and a device or FIFO (`--junit /dev/stdout`,
 * `/dev/null`) is written into, as a shell redirection would (issue 17: as root, renaming onto
 * `/dev/null` would replace the device with a regular file).
 */
import { randomBytes } from 'node:crypto'
import { chmod, lstat, mkdir, readFile, readlink, rename, rm, stat, writeFile } from 'node:fs/promises'
import { dirname, isAbsolute, join, normalize, relative, resolve, sep } from 'node:path'
import { XacctError, invalidInput } from '../core/errors.js'

export interface OutputFile {
  /** Path relative to the output directory (may contain sub-folders). */
  path: string
  content: string
  /** This file's mode, e.g. 0o600 for one that holds the ExternalId; else the write's mode. */
  mode?: number | undefined
}

export interface WriteOptions {
  /** Replace existing files; otherwise any existing target aborts the whole write. */
  force?: boolean
  /** File mode, e.g. 0o600 for backups that may hold secrets (default 0o644). */
  mode?: number
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path)
    return true
  } catch {
    return false
  }
}

/**
 * A file-system failure as one line naming the path: a path that is a directory or runs through a
 * file is the user's input (exit 2); anything else (permissions, disk full) is the environment (exit 3).
 */
function writeFailure(path: string, error: unknown): XacctError {
  const code = (error as NodeJS.ErrnoException).code
  const reason = code === 'EISDIR' ? 'it is a directory' : code === 'ENOTDIR' || code === 'EEXIST' ? 'a parent of it is a file' : (code ?? (error as Error).message)
  const byUser = code === 'EISDIR' || code === 'ENOTDIR' || code === 'EEXIST'
  return new XacctError(byUser ? 'invalidInput' : 'fileSystem', `Cannot write ${JSON.stringify(path)}: ${reason}.`, {
    cause: error,
    hint: byUser ? 'choose a file path whose folders are folders.' : 'check the folder exists, is writable and the disk is not full.'
  })
}

/**
 * `mkdir -p` without Node's `{ recursive: true }`, which loops forever where a parent exists but
 * mkdir still answers ENOENT (/proc and some FUSE file systems): one level at a time, bounded.
 */
async function makeDirectories(dir: string): Promise<void> {
  try {
    await mkdir(dir)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST') return
    if (code !== 'ENOENT' || dirname(dir) === dir) throw error
    await makeDirectories(dirname(dir))
    await mkdir(dir).catch((again: NodeJS.ErrnoException) => {
      if (again.code !== 'EEXIST') throw again
    })
  }
}

/** How many symlinks in a row are followed before giving up (the kernel's own limit is 40). */
const MAX_SYMLINK_HOPS = 40

/**
 * Where a write to `path` must land: the end of its symlink chain (a dangling link names the file
 * to create), and whether that is a regular file (or nothing yet) or something to write into.
 */
async function writeTarget(path: string): Promise<{ path: string; special: boolean }> {
  let current = path
  for (let hop = 0; hop < MAX_SYMLINK_HOPS; hop++) {
    const info = await lstat(current).catch(() => undefined)
    if (info === undefined || info.isFile()) return { path: current, special: false }
    if (info.isDirectory()) return { path: current, special: false }
    if (!info.isSymbolicLink()) return { path: current, special: true }
    current = resolve(dirname(current), await readlink(current))
  }
  throw Object.assign(new Error('too many levels of symbolic links'), { code: 'ELOOP' })
}

/**
 * Write one file: atomically (temp file in the same directory, then rename) for a regular file,
 * through the link for a symlink, and into it for a device or FIFO. `mode` applies to the file
 * written, also when it replaces one with looser permissions.
 */
export async function writeFileAtomic(path: string, content: string, options: { mode?: number } = {}): Promise<void> {
  const mode = options.mode ?? 0o644
  let target: { path: string; special: boolean }
  try {
    target = await writeTarget(path)
  } catch (error) {
    throw writeFailure(path, error)
  }
  if (target.special) {
    await writeFile(target.path, content).catch((error: unknown) => {
      throw writeFailure(path, error)
    })
    return
  }
  const temp = `${target.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  try {
    await makeDirectories(dirname(target.path))
    await writeFile(temp, content, { mode, flag: 'wx' })
    // An explicit mode is exact (a secret file stays 0600 whatever it replaces); the default one
    // is left to the umask, as for any file a program writes.
    if (options.mode !== undefined) await chmod(temp, mode)
    await rename(temp, target.path)
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined)
    throw error instanceof XacctError ? error : writeFailure(path, error)
  }
}

/** The outermost folder of `dir` (or `dir` itself) that does not exist yet; undefined when `dir` exists. */
async function firstMissingAncestor(dir: string): Promise<string | undefined> {
  let missing: string | undefined
  for (let current = dir; !(await exists(current)); current = dirname(current)) {
    missing = current
    if (dirname(current) === current) break
  }
  return missing
}

/** Reject paths that would leave the output directory (absolute, `..`). */
function safeJoin(dir: string, path: string): string {
  const target = normalize(join(dir, path))
  const rel = relative(dir, target)
  if (isAbsolute(path) || rel === '' || rel.startsWith(`..${sep}`) || rel === '..') {
    throw new XacctError('internal', `Refusing to write ${JSON.stringify(path)} outside ${dir}.`)
  }
  return target
}

/**
 * Write several files under `dir`. Without `force`, if ANY target exists nothing is written and a
 * `fileExists` error (exit 2) lists them. Returns the absolute paths written.
 */
export async function writeFilesAtomically(dir: string, files: readonly OutputFile[], options: WriteOptions = {}): Promise<string[]> {
  const targets = files.map((file) => ({ file, target: safeJoin(dir, file.path) }))
  const dirInfo = await lstat(dir).catch(() => undefined)
  if (dirInfo !== undefined && !dirInfo.isDirectory()) {
    throw invalidInput('--out', dir, 'a folder, or a path that does not exist yet (this is a file)')
  }
  if (!options.force) {
    const existing: string[] = []
    for (const { target } of targets) if (await exists(target)) existing.push(relative(dir, target) || target)
    if (existing.length > 0) {
      const shown = existing.slice(0, 5).join(', ') + (existing.length > 5 ? ` and ${existing.length - 5} more` : '')
      throw new XacctError('fileExists', `Refusing to overwrite ${existing.length} existing file(s) in ${dir}: ${shown}.`, {
        hint: 'pass --force to replace them, or choose another --out directory.'
      })
    }
  }
  // All or nothing: when a later file fails, remove the files this call created (not replaced ones)
  // and the output folders it created.
  const createdRoot = await firstMissingAncestor(dir)
  const created: string[] = []
  try {
    for (const { file, target } of targets) {
      const existed = await exists(target)
      const mode = file.mode ?? options.mode
      await writeFileAtomic(target, file.content, mode === undefined ? {} : { mode })
      if (!existed) created.push(target)
    }
  } catch (error) {
    for (const path of created) await rm(path, { force: true })
    if (createdRoot !== undefined) await rm(createdRoot, { recursive: true, force: true }).catch(() => undefined)
    throw error
  }
  return targets.map(({ target }) => target)
}

export interface InputFileOptions {
  /** Largest size accepted: anything far larger is a mistake, and must not be read into memory. */
  maxBytes: number
  /** What the file should be, for the error: e.g. "a readable JSON policy file". */
  expected: string
}

/**
 * Read a file the user named (a flag's value) as UTF-8: it must be a regular file of at most
 * `maxBytes`, else a one-line invalidInput naming the flag (exit 2). A leading BOM is dropped.
 */
export async function readInputFile(field: string, file: string, cwd: string, options: InputFileOptions): Promise<string> {
  const path = resolve(cwd, file)
  let size: number
  try {
    const info = await stat(path)
    if (!info.isFile()) throw new Error('not a file')
    size = info.size
  } catch {
    throw invalidInput(field, file, options.expected)
  }
  if (size > options.maxBytes) throw invalidInput(field, file, `${options.expected} of at most ${options.maxBytes} bytes`)
  return (await readFile(path, 'utf8')).replace(/^\uFEFF/, '')
}
