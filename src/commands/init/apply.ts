/**
 * `init --apply` and `init --restore <file>`: the entry points the init command calls (through a
 * dynamic import of this file, so the AWS SDK loads only when applying). Plan first, confirm,
 * back up, then write; see issue 4.
 */
import type { CommandDeps } from '../deps.js'
import type { Setup } from '../../core/setup.js'
import type { SetupDocuments } from '../../core/policies/index.js'
import type { AwsFactory } from '../../aws/ports.js'

export interface ApplyOptions {
  dryRun: boolean
  yes: boolean
  targetProfile?: string
  sourceProfile?: string
  managedPolicy: boolean
  showSecrets: boolean
}

/** Tests inject a fake or sandbox-backed factory; the real path loads src/aws/factory.ts lazily. */
export interface ApplyTestHooks {
  aws?: AwsFactory
}

export async function applySetup(setup: Setup, docs: SetupDocuments, options: ApplyOptions, deps: CommandDeps, hooks: ApplyTestHooks = {}): Promise<number> {
  void setup; void docs; void options; void deps; void hooks
  throw new Error('init --apply: not implemented yet')
}

export async function restoreBackup(file: string, options: ApplyOptions, deps: CommandDeps, hooks: ApplyTestHooks = {}): Promise<number> {
  void file; void options; void deps; void hooks
  throw new Error('init --restore: not implemented yet')
}
