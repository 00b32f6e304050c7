/**
 * The exact command that (re)applies a setup, quoted by every hint: `--config FILE --only NAME`
 * when the setup came from a config file, else the setup's own flags (src/core/fix-command.ts
 * builds it from FLAG_OF). The setup's ExternalId appears as given (reporters redact it unless
 * --show-secrets); an ExternalId the trust holds but the setup does not is a placeholder, since
 * verify may not print it. The command keeps what the trust has (issues 4–6): `init --apply`
 * refuses one that would drop a condition or narrow the principal.
 */
import type { PolicyDocument } from '../evaluate.js'
import type { Setup } from '../setup/model.js'
import { trustFacts } from '../diagnose/request-facts.js'
import { FLAG_OF } from '../setup/input.js'
import { PLACEHOLDER, admitsExternalId, callerFields, initApplyLine, setupFields, withRootCaller, type FixFields } from '../fix-command.js'
import { callerTexts, namedCallersOf } from '../setup/caller.js'
import type { VerifyContext } from './context.js'

export interface SetupOrigin {
  /** The config file the setup came from, when it did. */
  configFile?: string | undefined
}

/**
 * Stands in for an ExternalId the hint may not print: the trust requires one the setup does not
 * have (verify redacts only the setup's), or nothing told us whether the trust requires one.
 * Leaving `--external-id` out instead would make `init --apply` drop the condition (issue 6).
 * The same placeholder as explain's (src/core/fix-command.ts).
 */
export const TRUST_EXTERNAL_ID_PLACEHOLDER = PLACEHOLDER.externalId

/** What the role's trust statement holds now, as read from B (see trustOnRecord). */
export interface TrustOnRecord {
  /** The statement's sts:ExternalId, when it has one. */
  externalId?: string | undefined
  /** `root` when the statement admits the source account's root, else the role/user ARN it names. */
  callerArn?: string | undefined
  sourceIpCidrs: string[]
}

/**
 * Which ExternalId the command writes: the trust's own (default), or the setup's (an explicit
 * rotation); `fields` replace or add setup fields (e.g. `cloudTrailLookup: true`).
 */
export interface CommandChoice {
  externalId?: 'keep-trust' | 'setup' | undefined
  fields?: FixFields | undefined
}

/** The `--external-id` value: never silently absent while the trust may require one. */
function externalIdValue(setup: Setup, trust: TrustOnRecord | undefined, choice: CommandChoice): string | undefined {
  if (!admitsExternalId(setup.callers)) return setup.externalId
  if (choice.externalId === 'setup' && setup.externalId) return setup.externalId
  if (!trust) return setup.externalId ?? TRUST_EXTERNAL_ID_PLACEHOLDER
  if (trust.externalId === undefined) return setup.externalId
  return trust.externalId === setup.externalId ? setup.externalId : TRUST_EXTERNAL_ID_PLACEHOLDER
}

/** Keep the account root when the trust admits it (a narrower caller is refused by apply). */
const keepsRoot = (setup: Setup, trust: TrustOnRecord | undefined) => trust?.callerArn === 'root' && admitsExternalId(setup.callers)

/** `--source-ip`: the trust's allow-list when the setup has none (apply would drop it). */
function cidrValues(setup: Setup, trust: TrustOnRecord | undefined): string[] {
  return setup.sourceIpCidrs.length === 0 && trust ? trust.sourceIpCidrs : setup.sourceIpCidrs
}

/**
 * The command that (re)applies the setup while keeping what the trust holds: its ExternalId (or a
 * placeholder: never a dropped condition), its account-root principal and its IP allow-list.
 * Without `trust` (not readable), only the setup is known and a missing ExternalId is a placeholder.
 * Built by src/core/fix-command.ts, which keeps every caller, name and condition of the setup.
 */
export function initApplyCommand(setup: Setup, origin: SetupOrigin, trust?: TrustOnRecord, choice: CommandChoice = {}): string {
  const externalId = externalIdValue(setup, trust, choice)
  const root = keepsRoot(setup, trust)
  const cidrs = cidrValues(setup, trust)
  if (origin.configFile) {
    // Flags beat the config file: add only what differs from the setup the file describes.
    return initApplyLine({
      config: { file: origin.configFile, only: setup.name },
      fields: {
        // --caller replaces the file's whole list: print every caller, the root for A's principals.
        caller: root && !setup.callers.some((caller) => caller.kind === 'account') ? callerTexts(withRootCaller(setup.callers)) : undefined,
        externalId: externalId !== setup.externalId ? externalId : undefined,
        sourceIpCidrs: cidrs !== setup.sourceIpCidrs ? cidrs : undefined,
        ...choice.fields
      }
    })
  }
  return initApplyLine({ fields: { ...setupFields(setup), ...(root ? { caller: undefined, ...callerFields(withRootCaller(setup.callers)) } : {}), externalId, sourceIpCidrs: cidrs, ...choice.fields } })
}

/** The trust statement that concerns the setup's caller, as the fix command must keep it. */
export function trustOnRecord(setup: Setup, trust: PolicyDocument): TrustOnRecord | undefined {
  const principal = namedCallersOf(setup.callers)[0]?.arn
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
  return `${file}BEDROCK_XACCT_EXTERNAL_ID, or ${FLAG_OF.externalId}`
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
  return choice.externalId === 'setup' || choice.fields ? initApplyCommand(ctx.setup, origin, undefined, choice) : ctx.fixCommand
}

/** The setup-only fix command (no read of B) with `fields` replaced or added, e.g. `{ cloudTrailLookup: true }`. */
export function setupFixCommand(ctx: VerifyContext, fields: FixFields): string {
  return initApplyCommand(ctx.setup, originOf(ctx.setupOrigin), undefined, { fields })
}
