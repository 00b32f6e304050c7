/**
 * The `init --apply` command of explain's fixes, built by src/core/fix-command.ts from the request's
 * facts: the trust's ExternalId, principal and SourceIp list (when read), else the answers, else
 * the setup, with every caller and option of the setup kept. Unknown values are `<placeholders>`.
 */
import { ROLE_MAX_SESSION_SECONDS } from '../aws-limits.js'
import { PLACEHOLDER, admitsExternalId, callerFields, initApplyLine, type FixFields, type InitApplySpec } from '../fix-command.js'
import { parseModelRef } from '../models.js'
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
 * The setup's caller when the trust admits it by something other than an AWS principal (service
 * principals, an OIDC provider): the command keeps it, with its OIDC conditions, instead of
 * guessing an ARN (which would replace whom the trust admits).
 */
function nonAwsCaller(f: RequestFacts): CallerPrincipal | undefined {
  const caller = f.setup?.caller
  return caller && !admitsExternalId(caller) && !(f.trustRead && f.callerArn) ? caller : undefined
}

/** The setup's options that are not facts of the request (names, session length, switches): kept as they are. */
function setupOptions(setup: Partial<Setup> | undefined): FixFields {
  if (!setup) return {}
  return {
    rolePath: setup.rolePath !== undefined && setup.rolePath !== '/' ? setup.rolePath : undefined,
    orgPrefix: setup.orgPrefix,
    layer: setup.layer,
    useCase: setup.useCase,
    maxSessionDurationSeconds: setup.maxSessionDurationSeconds !== undefined && setup.maxSessionDurationSeconds !== ROLE_MAX_SESSION_SECONDS.default ? setup.maxSessionDurationSeconds : undefined,
    marketplace: setup.marketplace,
    streaming: setup.streaming,
    cloudTrailLookup: setup.cloudTrailLookup,
    allowSessionTags: setup.allowSessionTags,
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
  const other = nonAwsCaller(f)
  const fields: FixFields = {
    sourceAccountId: or(f.sourceAccountId, 'source-account'),
    ...(other ? callerFields(other) : { caller: f.callerArn ?? (f.family === 'assume-role' ? callerPrincipalOf(f) : PLACEHOLDER.callerArn) }),
    targetAccountId: or(f.targetAccountId, 'target-account'),
    roleName: or(f.roleName, 'role-name'),
    ...setupOptions(f.setup),
    region: or(f.region, 'region'),
    models: f.models.length > 0 ? f.models.join(',') : or(model, 'model-id'),
    externalId: other ? f.externalId : externalIdFlag(f, answers),
    sourceIpCidrs: other ? undefined : f.sourceIpCidrs,
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
