/**
 * The exact command that (re)applies a setup, quoted by every hint: `--config FILE --only NAME`
 * when the setup came from a config file, else the setup's own flags (src/core/setup/input.ts
 * FLAG_OF names them). The setup's ExternalId appears as given (reporters redact it unless
 * --show-secrets); an ExternalId the trust holds but the setup does not is a placeholder, since
 * verify may not print it. The command keeps what the trust has (issues 4–6): `init --apply`
 * refuses one that would drop a condition or narrow the principal.
 */
import type { PolicyDocument } from '../evaluate.js'
import type { Setup } from '../setup/model.js'
import { callerText } from '../setup/caller.js'
import { trustFacts } from '../diagnose/request-facts.js'
import { SESSION_DURATION } from '../setup/model.js'
import { roleArn } from '../arn.js'
import type { VerifyContext } from './context.js'

/** Shell-quote a value only when it needs it. */
function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`
}

export interface SetupOrigin {
  /** The config file the setup came from, when it did. */
  configFile?: string | undefined
}

/**
 * Stands in for an ExternalId the hint may not print: the trust requires one the setup does not
 * have (verify redacts only the setup's), or nothing told us whether the trust requires one.
 * Leaving `--external-id` out instead would make `init --apply` drop the condition (issue 6).
 */
export const TRUST_EXTERNAL_ID_PLACEHOLDER = '<external-id-in-the-trust-policy>'

/** What the role's trust statement holds now, as read from B (see trustOnRecord). */
export interface TrustOnRecord {
  /** The statement's sts:ExternalId, when it has one. */
  externalId?: string | undefined
  /** `root` when the statement admits the source account's root, else the role/user ARN it names. */
  callerArn?: string | undefined
  sourceIpCidrs: string[]
}

/** Which ExternalId the command writes: the trust's own (default), or the setup's (an explicit rotation). */
export interface CommandChoice {
  externalId?: 'keep-trust' | 'setup' | undefined
}

const admitsExternalId = (setup: Setup) => setup.caller.kind === 'account' || setup.caller.kind === 'role' || setup.caller.kind === 'user'

/** The `--external-id` value: never silently absent while the trust may require one. */
function externalIdValue(setup: Setup, trust: TrustOnRecord | undefined, choice: CommandChoice): string | undefined {
  if (!admitsExternalId(setup)) return setup.externalId
  if (choice.externalId === 'setup' && setup.externalId) return setup.externalId
  if (!trust) return setup.externalId ?? TRUST_EXTERNAL_ID_PLACEHOLDER
  if (trust.externalId === undefined) return setup.externalId
  return trust.externalId === setup.externalId ? setup.externalId : TRUST_EXTERNAL_ID_PLACEHOLDER
}

/** `--caller`: keep the account root when the trust admits it (a narrower caller is refused by apply). */
function callerValue(setup: Setup, trust: TrustOnRecord | undefined): string | undefined {
  if (trust?.callerArn === 'root' && admitsExternalId(setup)) return undefined
  return setup.caller.kind === 'account' ? undefined : callerText(setup.caller)
}

/** `--source-ip`: the trust's allow-list when the setup has none (apply would drop it). */
function cidrValues(setup: Setup, trust: TrustOnRecord | undefined): string[] {
  return setup.sourceIpCidrs.length === 0 && trust ? trust.sourceIpCidrs : setup.sourceIpCidrs
}

/**
 * The command that (re)applies the setup while keeping what the trust holds: its ExternalId (or a
 * placeholder: never a dropped condition), its account-root principal and its IP allow-list.
 * Without `trust` (not readable), only the setup is known and a missing ExternalId is a placeholder.
 */
export function initApplyCommand(setup: Setup, origin: SetupOrigin, trust?: TrustOnRecord, choice: CommandChoice = {}): string {
  const externalId = externalIdValue(setup, trust, choice)
  const caller = callerValue(setup, trust)
  const cidrs = cidrValues(setup, trust)
  const flags: string[] = ['bedrock-xacct init --apply']
  const add = (flag: string, value?: string | number) => flags.push(value === undefined ? flag : `${flag} ${value === TRUST_EXTERNAL_ID_PLACEHOLDER ? value : shellQuote(String(value))}`)
  if (origin.configFile) {
    // Flags beat the config file: add only what differs from the setup the file describes.
    add('--config', origin.configFile)
    add('--only', setup.name)
    if (caller === undefined && setup.caller.kind !== 'account') add('--caller', 'root')
    if (externalId !== setup.externalId && externalId !== undefined) add('--external-id', externalId)
    if (cidrs !== setup.sourceIpCidrs) for (const cidr of cidrs) add('--source-ip', cidr)
    return flags.join(' ')
  }
  add('--source-account', setup.sourceAccountId)
  if (caller !== undefined) add('--caller', caller)
  add('--role-arn', roleArn(setup.partition, setup.targetAccountId, setup.roleName, setup.rolePath))
  add('--region', setup.region)
  if (setup.models.length > 0) add('--models', setup.models.join(','))
  if (externalId !== undefined) add('--external-id', externalId)
  if (setup.maxSessionDurationSeconds !== SESSION_DURATION.default) add('--max-session-duration', setup.maxSessionDurationSeconds)
  for (const cidr of cidrs) add('--source-ip', cidr)
  if (setup.marketplace) add('--marketplace')
  if (!setup.streaming) add('--no-streaming')
  if (setup.cloudTrailLookup) add('--cloudtrail-lookup')
  return flags.join(' ')
}

/** The trust statement that concerns the setup's caller, as the fix command must keep it. */
export function trustOnRecord(setup: Setup, trust: PolicyDocument): TrustOnRecord | undefined {
  const principal = setup.caller.kind === 'role' || setup.caller.kind === 'user' ? setup.caller.arn : undefined
  return trustFacts(trust, principal, setup.sourceAccountId)
}

/** The origin as verify's context records it (`config file X` or `flags`). */
export function originOf(setupOrigin: string): SetupOrigin {
  return setupOrigin.startsWith(CONFIG_ORIGIN_PREFIX) ? { configFile: setupOrigin.slice(CONFIG_ORIGIN_PREFIX.length) } : {}
}
const CONFIG_ORIGIN_PREFIX = 'config file '

/** Where the caller's ExternalId is configured, for hints that say to fix it there. */
export function externalIdSettingOf(setup: Setup, origin: SetupOrigin): string {
  const file = origin.configFile ? `"externalId" of setup "${setup.name}" in ${origin.configFile}, ` : ''
  return `${file}BEDROCK_XACCT_EXTERNAL_ID, or --external-id`
}

/**
 * The fix command for a check's hint, keeping what the role's trust holds when B is readable
 * (cached read: no extra call); the setup-only command otherwise.
 */
export async function fixCommandFor(ctx: VerifyContext, choice: CommandChoice = {}): Promise<string> {
  const origin = originOf(ctx.setupOrigin)
  try {
    const read = await ctx.facts.role()
    if (read.readable && read.role) return initApplyCommand(ctx.setup, origin, trustOnRecord(ctx.setup, read.role.trustPolicy) ?? { sourceIpCidrs: [] }, choice)
  } catch {
    // Not readable: only the setup is known.
  }
  return choice.externalId === 'setup' ? initApplyCommand(ctx.setup, origin, undefined, choice) : ctx.fixCommand
}
