/**
 * The `init --apply` command of explain's fixes, built by src/core/fix-command.ts from the request's
 * facts: the trust's ExternalId, principal and SourceIp list (when read), else the answers, else
 * the setup, with every caller and option of the setup kept. Unknown values are `<placeholders>`.
 */
import { ROLE_MAX_SESSION_SECONDS } from '../aws-limits.js'
import { PLACEHOLDER, admitsExternalId, callerFields, initApplyLine, type FixFields, type InitApplySpec } from '../fix-command.js'
import { parseModelRef } from '../models.js'
import { callerText } from '../setup/caller.js'
import { conventionNamesOf } from '../setup/resolve.js'
import type { CallerPrincipal, Setup } from '../setup/model.js'
import type { RequestFacts } from './request-facts.js'
import type { Answers } from './types.js'

/** A known value, or its `<placeholder>` (src/core/fix-command.ts's convention). */
export const or = (value: string | undefined, placeholder: string): string => value ?? `<${placeholder}>`

/** The access role's ARN, from the facts or with placeholders. */
export function roleArnOf(f: RequestFacts): string {
  return f.roleArn ?? `arn:${f.partition}:iam::${or(f.targetAccountId, 'target-account')}:role/${or(f.roleName, 'role-name')}`
}

/** The caller principal for a trust statement: the exact caller role when known, else the source account. */
export function callerPrincipalOf(f: RequestFacts): string {
  const arn = f.principalArn
  const session = arn ? /^arn:([\w-]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(arn) : null
  if (session) return `arn:${session[1]}:iam::${session[2]}:role/${session[3]}`
  if (arn && /^arn:[\w-]+:iam::\d{12}:(user|role)\//.test(arn)) return arn
  return `arn:${f.partition}:iam::${or(f.sourceAccountId, 'source-account')}:root`
}

/**
 * Stands in for an ExternalId nobody told us: `init --apply` rewrites the whole trust statement,
 * so leaving the flag out would drop the condition (issue 6). A `<…>` word also stops a shell from
 * running the command unedited. The same placeholder as verify's (src/core/fix-command.ts).
 */
export const EXTERNAL_ID_PLACEHOLDER = PLACEHOLDER.externalId

/**
 * The ExternalId flag value for a command that rewrites the trust: the trust's own (when the
 * trust was read: none means none), else the setup's, else the one the caller says it sends, else
 * a placeholder — never silently nothing.
 */
function externalIdFlag(f: RequestFacts, answers: Answers): string | undefined {
  if (f.trustRead) return f.externalId
  return f.externalId ?? answers.externalId ?? EXTERNAL_ID_PLACEHOLDER
}

/**
 * The `--caller` that adds the denied caller to the trust without dropping whom it admits now:
 * when the read trust names another role or user of the same account, widen to the account root
 * (keeps both; `init --apply` refuses a narrower or different principal).
 */
export function addedCaller(f: RequestFacts): string {
  const current = f.callerArn
  if (f.trustRead && current && current !== 'root') {
    const account = /^arn:[\w-]+:iam::(\d{12}):/.exec(current)?.[1]
    const wanted = callerPrincipalOf(f)
    if (current !== wanted && account !== undefined && account === f.sourceAccountId) return 'root'
    return wanted
  }
  return current ?? callerPrincipalOf(f)
}

/**
 * The callers the command names (issue 16: every one of the setup's, never only the denied one):
 * the setup's service principals and OIDC provider as they are (with the OIDC conditions), and for
 * AWS principals of A the trust's (when read), else the setup's, else the denied caller. A setup
 * with only non-AWS callers gets no guessed ARN (which would change whom the trust admits) unless
 * the trust read from B names one.
 */
function callersOfFix(f: RequestFacts): { fields: FixFields; aws: boolean } {
  const callers = f.setup?.callers ?? []
  const others: CallerPrincipal[] = callers.filter((caller) => !admitsExternalId(caller))
  const setupAws = callers.filter((caller) => admitsExternalId(caller))
  let awsTexts: string[]
  if (f.trustRead && f.callerArn) awsTexts = f.callerArn === 'root' ? ['root'] : [...new Set([f.callerArn, ...setupAws.map(callerText)])]
  else if (setupAws.length > 0) awsTexts = setupAws.map(callerText)
  else if (others.length > 0) awsTexts = []
  else awsTexts = [f.callerArn ?? (f.family === 'assume-role' ? callerPrincipalOf(f) : PLACEHOLDER.callerArn)]
  const oidc = callerFields(others)
  return { fields: { ...oidc, caller: [...awsTexts, ...others.map(callerText)] }, aws: awsTexts.length > 0 }
}

/** The setup's options that are not facts of the request (names, session length, switches): kept as they are. */
function setupOptions(setup: Partial<Setup> | undefined): FixFields {
  if (!setup) return {}
  const conventional = conventionNamesOf({ orgPrefix: setup.orgPrefix, layer: setup.layer, useCase: setup.useCase, models: setup.models ?? [] })
  const named = (name: string | undefined, derived: string) => (name !== undefined && name !== derived ? name : undefined)
  return {
    // Policy names set by flag or config: the convention would give other names, and apply would add a second policy.
    permissionsPolicyName: named(setup.permissionsPolicyName, conventional.permissionsPolicyName),
    sourcePolicyName: named(setup.sourcePolicyName, conventional.sourcePolicyName),
    rolePath: setup.rolePath !== undefined && setup.rolePath !== '/' ? setup.rolePath : undefined,
    orgPrefix: setup.orgPrefix,
    layer: setup.layer,
    useCase: setup.useCase,
    maxSessionDurationSeconds: setup.maxSessionDurationSeconds !== undefined && setup.maxSessionDurationSeconds !== ROLE_MAX_SESSION_SECONDS.default ? setup.maxSessionDurationSeconds : undefined,
    marketplace: setup.marketplace,
    streaming: setup.streaming,
    cloudTrailLookup: setup.cloudTrailLookup,
    allowSessionTags: setup.allowSessionTags,
    allowSourceIdentity: setup.allowSourceIdentity,
    thirdPartyCaller: setup.thirdPartyCaller
  }
}

/**
 * The `init --apply` command that writes the setup with the fix in it: every flag init needs,
 * from the trust policy (when read), the message, the answers and the setup, with `overrides`
 * replacing or adding fields. It always says which ExternalId the trust keeps.
 */
export function initCommand(f: RequestFacts, answers: Answers, overrides: FixFields = {}, trailing?: InitApplySpec['trailing']): string {
  const model = modelOf(f, answers)
  const callers = callersOfFix(f)
  const fields: FixFields = {
    sourceAccountId: or(f.sourceAccountId, 'source-account'),
    ...callers.fields,
    targetAccountId: or(f.targetAccountId, 'target-account'),
    roleName: or(f.roleName, 'role-name'),
    ...setupOptions(f.setup),
    region: or(f.region, 'region'),
    models: f.models.length > 0 ? f.models.join(',') : or(model, 'model-id'),
    externalId: callers.aws ? externalIdFlag(f, answers) : f.externalId,
    sourceIpCidrs: callers.aws ? f.sourceIpCidrs : undefined,
    ...overrides
  }
  return initApplyLine({ fields, trailing })
}

/** The model the caller wants, as the user would name it (profile id or model id). */
export function modelOf(f: RequestFacts, answers: Answers): string | undefined {
  if (answers.inferenceProfile) return answers.inferenceProfile
  const ref = f.resource ? parseModelRef(f.resource) : undefined
  if (ref) return ref.id
  return f.models[0]
}
