/**
 * Atomic file output: each file is written to a temporary sibling and renamed into place, so a
 * reader never sees half a policy, and an interrupted run leaves either the old file or the new
 * one. `writeFilesAtomically` checks every target before writing any (no half-written output).
 */
import { randomBytes } from 'node:crypto'
import { lstat, mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, isAbsolute, join, normalize, relative, sep } from 'node:path'
import { XacctError } from '../core/errors.js'

export interface OutputFile {
  /** Path relative to the output directory (may contain sub-folders). */
  path: string
  content: string
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

/** Write one file atomically: temp file in the same directory, then rename. */
export async function writeFileAtomic(path: string, content: string, options: { mode?: number } = {}): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  try {
    await writeFile(temp, content, { mode: options.mode ?? 0o644, flag: 'wx' })
    await rename(temp, path)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
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
  const writeOptions = options.mode === undefined ? {} : { mode: options.mode }
  for (const { file, target } of targets) await writeFileAtomic(target, file.content, writeOptions)
  return targets.map(({ target }) => target)
}
