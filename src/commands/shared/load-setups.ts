/**
 * The shared setup loader for commands (init, verify, explain, apply): reads the config file
 * (--config, else ./bedrock-xacct.json when present), the environment (process env over
 * --env-file) and the setup flags, and resolves validated setups. Heavy modules (zod, ipaddr.js,
 * dotenv) load here, inside actions, never at --help time.
 */
import { randomUUID } from 'node:crypto'
import { XacctError, invalidInput } from '../../core/errors.js'
import type { Setup } from '../../core/setup/model.js'
import { IDENTITY_KEYS, SETUP_ENV, envLayer, flagsLayer, mergeAll, mergeLayers, missingAnswerError, missingAnswers, resolveAll, validateGiven } from '../../core/setup/index.js'
import type { InputLayer, PendingSetup, ResolveContext, SetupFlags } from '../../core/setup/index.js'
import type { CommandDeps } from '../deps.js'
import { readConfigFile, readEnvironment, type LoadedConfig } from './read-inputs.js'

export type { SetupFlags }

export interface LoadSetupsOptions {
  /** Default true: a missing required answer is a usage error naming its flag. When false, the
   *  missing answers are asked through deps.prompter (which refuses, naming the flag, without a TTY). */
  requireComplete?: boolean
  /** Keep only the setup with this name (error when none has it). */
  only?: string
}

/** Everything a command needs to resolve setups, before validation (init's wizard works on this). */
export interface PendingSetups {
  pending: PendingSetup[]
  /** The config file read, if any. */
  configFile: string | undefined
  context: ResolveContext
}

/** Read config, environment and flags and merge them, without validating yet. */
export async function loadPendingSetups(flags: SetupFlags, deps: CommandDeps): Promise<PendingSetups> {
  const env = await readEnvironment(deps)
  const flagLayer = flagsLayer({ ...flags, region: flags.region ?? deps.global.region })
  const config = implicitConfigFor(await readConfigFile(deps), flagLayer, deps)
  if (config && config.setups.length > 1) {
    const ignored = IDENTITY_KEYS.filter((key) => flagLayer.values[key] !== undefined).map((key) => flagLayer.fieldOf(key))
    if (ignored.length > 0) {
      throw new XacctError('usage', `${ignored.join(', ')} cannot apply to all ${config.setups.length} setups of ${config.file}.`, {
        hint: 'set these per setup in the config file, or use a config with one setup.'
      })
    }
  }
  const environment = envLayer(env)
  if (config && config.setups.length > 1 && environment.values.roleArn !== undefined) {
    deps.io.err(`Note: ${SETUP_ENV.roleArn?.join(' / ')} is ignored: ${config.file} holds ${config.setups.length} setups, each with its own role.`)
  }
  const pending = mergeAll({ flags: flagLayer, env: environment, config: config?.setups ?? [] })
  return { pending, configFile: config?.file, context: { generateId: randomUUID } }
}

/** Where a layer points: the target account and role name it gives (a role ARN gives both). */
function targetOf(layers: readonly InputLayer[]): { account?: string | undefined; role?: string | undefined } {
  const merged = mergeLayers(layers)
  return { account: merged.targetAccountId?.value.trim(), role: merged.roleName?.value.trim() }
}

/**
 * A config file nobody named (./bedrock-xacct.json) is announced on stderr, and left out when the
 * flags name another target (issue 16): a run for account X must not pick up the ExternalId, IP
 * list or callers a file in the working directory holds for account Y. A target is "another" when
 * no setup of the file has the flags' target account (and role name, when the flags give one).
 */
function implicitConfigFor(config: LoadedConfig | undefined, flagLayer: InputLayer, deps: CommandDeps): LoadedConfig | undefined {
  if (!config?.implicit) return config
  const wanted = targetOf([flagLayer])
  if (wanted.account !== undefined) {
    const matches = config.setups.some((setup) => {
      const target = targetOf(setup.layers)
      return target.account === wanted.account && (wanted.role === undefined || target.role === undefined || target.role === wanted.role)
    })
    if (!matches) {
      const where = wanted.role !== undefined ? `role ${wanted.role} in account ${wanted.account}` : `account ${wanted.account}`
      deps.io.err(`Note: ${config.file} in the working directory is not used: the flags name ${where}, which none of its setups is for (pass --config ${config.file} to use it anyway).`)
      return undefined
    }
  }
  deps.io.err(`Note: using ${config.file} found in the working directory (pass --config to name another file).`)
  return config
}

/**
 * Narrow pending setups to `only` early when a setup names itself so, so that another setup's
 * missing answers do not block it. Setups with default names are matched after resolution.
 */
export function selectPending(pending: PendingSetup[], only: string | undefined): PendingSetup[] {
  if (only === undefined) return pending
  const named = pending.filter((item) => item.merged.name?.value === only)
  return named.length > 0 ? named : pending
}

/** Keep the resolved setup called `only` (error listing the names when none is). */
export function selectSetups(setups: Setup[], only: string | undefined): Setup[] {
  if (only === undefined) return setups
  const chosen = setups.filter((setup) => setup.name === only)
  if (chosen.length === 0) throw invalidInput('--only', only, `one of the setup names: ${setups.map((s) => s.name).join(', ')}`)
  return chosen
}

/** Load and validate every setup (see LoadSetupsOptions). */
export async function loadSetups(flags: SetupFlags, deps: CommandDeps, options: LoadSetupsOptions = {}): Promise<Setup[]> {
  const loaded = await loadPendingSetups(flags, deps)
  const { context } = loaded
  const pending = selectPending(loaded.pending, options.only)
  for (const item of pending) validateGiven(item.merged)
  if (options.requireComplete === false) {
    const { askMissingAnswers } = await import('./ask-missing.js')
    for (const item of pending) await askMissingAnswers(item, deps.prompter)
  } else {
    for (const item of pending) {
      const first = missingAnswers(item.merged)[0]
      if (first) throw missingAnswerError(first, item.label ? `pass ${first.flag}, or set it in ${item.label}` : undefined)
    }
  }
  return selectSetups(resolveAll(pending, context), options.only)
}
