/**
 * Backup files on disk (issue 4): `.bedrock-xacct/backups/<timestamp>-<role>.json` under the
 * working directory, file 0600 and directories 0700 (trust policies hold the ExternalId), written
 * atomically before the first write call. Reading validates the format.
 */
import { chmod, mkdir, stat } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { backupRelativePath, parseBackup, type BackupFile } from '../../../core/apply/backup.js'
import { XacctError } from '../../../core/errors.js'
import { readInputFile, writeFileAtomic } from '../../../ui/files.js'

/** Owner-only: backups contain trust policies, and so ExternalIds. */
export const BACKUP_FILE_MODE = 0o600
export const BACKUP_DIR_MODE = 0o700
/** A backup is a few KB; anything far larger is not one of ours. */
const MAX_BACKUP_BYTES = 1_000_000

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path)
    return true
  } catch {
    return false
  }
}

/** Write a backup; returns its absolute path. A failure here stops the apply before any change. */
export async function writeBackup(cwd: string, backup: BackupFile, now: Date): Promise<string> {
  const base = resolve(cwd, backupRelativePath(now, backup.target.roleName))
  let path = base
  try {
    // Never overwrite an earlier backup taken in the same millisecond: number the newcomer.
    for (let n = 2; await exists(path); n += 1) path = base.replace(/\.json$/, `-${n}.json`)
    const directory = dirname(path)
    await mkdir(directory, { recursive: true, mode: BACKUP_DIR_MODE })
    await chmod(directory, BACKUP_DIR_MODE)
    await chmod(dirname(directory), BACKUP_DIR_MODE)
    await writeFileAtomic(path, `${JSON.stringify(backup, null, 2)}\n`, { mode: BACKUP_FILE_MODE })
  } catch (error) {
    throw new XacctError('fileSystem', `Could not write the backup ${path}: ${error instanceof Error ? error.message : String(error)}. No AWS write was made for role ${backup.target.roleName}.`, {
      hint: 'run from a directory you can write to',
      cause: error
    })
  }
  return path
}

/**
 * Replace a backup written earlier in this run (issue 17: after a concurrent edit it holds what was
 * read last). Same mode; written atomically, so a failure leaves the earlier copy whole.
 */
export async function rewriteBackup(path: string, backup: BackupFile): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(backup, null, 2)}\n`, { mode: BACKUP_FILE_MODE })
}

/** Read and validate a backup named by `--restore`. */
export async function readBackup(cwd: string, file: string): Promise<BackupFile> {
  return parseBackup(file, await readInputFile('--restore', file, cwd, { maxBytes: MAX_BACKUP_BYTES, expected: 'a readable backup file (see .bedrock-xacct/backups/)' }))
}
