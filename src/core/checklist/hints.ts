/**
 * The exact command that (re)applies a setup, quoted by every hint: `--config FILE --only NAME`
 * when the setup came from a config file, else the setup's own flags (src/core/fix-command.ts
 * builds it from FLAG_OF). The setup's ExternalId appears as given (reporters redact it unless
 * --show-secrets); an ExternalId the trust holds but the setup does not is a placeholder, since
 * verify may not print it. The command keeps what the trust has (issues 4–6): `init --apply`
 * refuses one that would drop a condition or narrow the principal.
 */
import { parsePrincipalArn } from '../arn.js'
import type { NamedPolicy, PolicyDocument, PolicyStatement } from '../evaluate.js'
import { STATEMENT_IDS } from '../policies/statement-ids.js'
import { statementsOf } from '../policy-document.js'
import type { CallerPrincipal, Setup } from '../setup/model.js'
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
  /**
   * Every AWS principal of the source account the tool's trust statements admit (`root` for the
   * account root), when read: the fix keeps them all, and never widens them to the root.
   */
  awsPrincipals?: string[] | undefined
  /** The role's policy that grants Bedrock now, when it is not the one the setup names (apply would add a second one). */
  permissionsPolicyName?: string | undefined
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

/**
 * The callers the fix names when the trust was read (issue 16, "hints that keep the trust"): the
 * setup's, but never narrower or wider than the trust on record. A setup that names no principal of
 * A (the default root) takes the trust's principals instead of widening them to the root; a setup
 * that names some keeps them and the trust's others. Undefined: the setup's callers as they are.
 */
function callersOnRecord(setup: Setup, trust: TrustOnRecord | undefined): CallerPrincipal[] | undefined {
  const onRecord = trust?.awsPrincipals ?? []
  if (onRecord.length === 0 || !admitsExternalId(setup.callers)) return undefined
  if (onRecord.includes('root')) return withRootCaller(setup.callers)
  const setupNamed = namedCallersOf(setup.callers).map((caller) => caller.arn)
  const arns = [...new Set([...onRecord, ...setupNamed])]
  const others = setup.callers.filter((caller) => !admitsExternalId(caller))
  return [...arns.map((arn): CallerPrincipal => (/:user\//.test(arn) ? { kind: 'user', arn } : { kind: 'role', arn })), ...others]
}

const sameCallers = (a: readonly CallerPrincipal[], b: readonly CallerPrincipal[]) => JSON.stringify(callerTexts(a)) === JSON.stringify(callerTexts(b))

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
  const callers = callersOnRecord(setup, trust) ?? (keepsRoot(setup, trust) ? withRootCaller(setup.callers) : setup.callers)
  const changed = !sameCallers(callers, setup.callers)
  const cidrs = cidrValues(setup, trust)
  const policyName = trust?.permissionsPolicyName !== undefined && trust.permissionsPolicyName !== setup.permissionsPolicyName ? trust.permissionsPolicyName : undefined
  if (origin.configFile) {
    // Flags beat the config file: add only what differs from the setup the file describes.
    return initApplyLine({
      config: { file: origin.configFile, only: setup.name },
      fields: {
        // --caller replaces the file's whole list: print every caller.
        caller: changed ? callerTexts(callers) : undefined,
        permissionsPolicyName: policyName,
        externalId: externalId !== setup.externalId ? externalId : undefined,
        sourceIpCidrs: cidrs !== setup.sourceIpCidrs ? cidrs : undefined,
        ...choice.fields
      }
    })
  }
  const callerFlags = changed ? { caller: undefined, ...callerFields(callers) } : {}
  return initApplyLine({ fields: { ...setupFields(setup), ...callerFlags, ...(policyName ? { permissionsPolicyName: policyName } : {}), externalId, sourceIpCidrs: cidrs, ...choice.fields } })
}

/** The trust statement that concerns the setup's caller, as the fix command must keep it. */
export function trustOnRecord(setup: Setup, trust: PolicyDocument): TrustOnRecord | undefined {
  const principal = namedCallersOf(setup.callers)[0]?.arn
  const facts = trustFacts(trust, principal, setup.sourceAccountId)
  const awsPrincipals = sourcePrincipalsOf(trust, setup)
  return facts ? { ...facts, ...(awsPrincipals.length > 0 ? { awsPrincipals } : {}) } : undefined
}

/** The AWS principals of A that the tool's trust statements (Sid BedrockXacctTrust…) admit: `root` or role/user ARNs. */
function sourcePrincipalsOf(trust: PolicyDocument, setup: Setup): string[] {
  const rootArn = `arn:${setup.partition}:iam::${setup.sourceAccountId}:root`
  const allows = statementsOf(trust).filter((statement) => statement.Effect === 'Allow' && [statement.Action].flat().some((action) => typeof action === 'string' && /^sts:(assumerole|\*)$|^\*$/i.test(action)))
  const tool = allows.filter((statement) => typeof statement.Sid === 'string' && statement.Sid.startsWith(STATEMENT_IDS.trust))
  // The tool's statements when it wrote the trust; else every AssumeRole Allow (a trust written by hand).
  const owned = tool.length > 0 ? tool : allows
  const values = owned.flatMap((statement) => {
    const principal = statement.Principal
    if (!principal || typeof principal !== 'object') return []
    const aws = (principal as Record<string, unknown>).AWS
    return (Array.isArray(aws) ? aws : aws === undefined ? [] : [aws]).map(String)
  })
  const principals = values.flatMap((value) => {
    if (value === setup.sourceAccountId || value === rootArn) return ['root']
    const parsed = parsePrincipalArn(value)
    return parsed && (parsed.kind === 'role' || parsed.kind === 'user') && parsed.accountId === setup.sourceAccountId ? [parsed.arn] : []
  })
  return [...new Set(principals)]
}

/**
 * The role's policy that grants Bedrock now when the setup names another (inline, the tool's Sid,
 * else any statement allowing bedrock:InvokeModel), so the fix updates it instead of adding one.
 */
export function permissionsPolicyOnRecord(setup: Setup, policies: readonly NamedPolicy[]): string | undefined {
  if (policies.some((policy) => policy.name === setup.permissionsPolicyName)) return undefined
  const grants = (policy: NamedPolicy, test: (statement: PolicyStatement) => boolean) => statementsOf(policy.document).some((statement) => statement.Effect === 'Allow' && test(statement))
  const own = policies.filter((policy) => grants(policy, (statement) => statement.Sid === STATEMENT_IDS.invoke))
  const candidates = own.length > 0 ? own : policies.filter((policy) => grants(policy, (statement) => [statement.Action].flat().some((action) => typeof action === 'string' && /^bedrock:(invokemodel|\*)$/i.test(action))))
  return candidates.length === 1 ? candidates[0]!.name : undefined
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
    if (read.readable && read.role) {
      const onRecord = trustOnRecord(ctx.setup, read.role.trustPolicy) ?? { sourceIpCidrs: [] }
      const policyName = await ctx.facts
        .rolePolicies()
        .then((policies) => permissionsPolicyOnRecord(ctx.setup, policies))
        .catch(() => undefined)
      return initApplyCommand(ctx.setup, origin, { ...onRecord, ...(policyName ? { permissionsPolicyName: policyName } : {}) }, choice)
    }
  } catch {
    // Not readable: only the setup is known.
  }
  return choice.externalId === 'setup' || choice.fields ? initApplyCommand(ctx.setup, origin, undefined, choice) : ctx.fixCommand
}

/** The setup-only fix command (no read of B) with `fields` replaced or added, e.g. `{ cloudTrailLookup: true }`. */
export function setupFixCommand(ctx: VerifyContext, fields: FixFields): string {
  return initApplyCommand(ctx.setup, originOf(ctx.setupOrigin), undefined, { fields })
}
