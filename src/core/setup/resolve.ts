/**
 * Resolution: merged input → one validated `Setup`, or the first problem as a one-line input error
 * (exit 2) naming the flag, variable or config path the bad value came from. Pure: the random
 * source for `--external-id generate` is passed in.
 */
import { partitionOfRegion } from '../regions.js'
import { XacctError, invalidInput, missingInput } from '../errors.js'
import { conventionNames } from '../naming.js'
import { SESSION_DURATION } from './model.js'
import type { Setup } from './model.js'
import { KNOWN_OIDC_AUDIENCES, finalizeCaller, parseCallerText } from './caller.js'
import type { CallerSpec } from './caller.js'
import { FLAG_OF } from './input.js'
import type { InputKey, MergedInput } from './input.js'
import {
  EXPECTED,
  checkAccountId,
  checkCidr,
  checkDuration,
  checkExternalId,
  checkIamName,
  checkIamPath,
  checkModel,
  checkNamePart,
  checkRegion,
  checkOidcGroup,
  checkSetupName,
  groupList,
  must,
  splitList
} from './validators.js'

/** verify's default DurationSeconds: the minimum STS allows, enough for a checklist run. */
export const DEFAULT_VERIFY_SESSION_SECONDS = SESSION_DURATION.min

export interface ResolveContext {
  /** Random ExternalId for `--external-id generate` (crypto.randomUUID in the CLI). */
  generateId: () => string
  /** Appended to missing-answer errors, e.g. where in the config file the value could go. */
  missingHint?: string | undefined
}

/** Why `sts:DurationSeconds` in a trust policy is refused (DESIGN §4). */
export const DURATION_CONDITION_REFUSAL =
  'the trust policy never gets an sts:DurationSeconds condition: AssumeRole does not set that key, so such a condition never matches and the Allow never applies'

/** A required answer that is still missing: the flag that gives it and what it is. */
export interface MissingAnswer {
  key: InputKey
  flag: string
  what: string
}

const WHAT: Partial<Record<InputKey, string>> = {
  region: 'the Bedrock region the caller will call (or set BEDROCK_REGION / AWS_REGION)',
  sourceAccountId: 'the source account id (account A, where the caller runs)',
  targetAccountId: 'the target account id (account B, where the role and Bedrock live; or set BEDROCK_CROSS_ACCOUNT_ROLE_ARN)',
  models: 'the models to allow (model ids or inference profile ids, comma-separated)',
  oidcSubjects: 'the allowed OIDC sub pattern(s), e.g. repo:my-org/my-repo:ref:refs/heads/main',
  oidcAudiences: 'the allowed OIDC audience(s) (aud)'
}

function callerSpecOf(merged: MergedInput): CallerSpec {
  return merged.caller ? parseCallerText(merged.caller.field, merged.caller.value) : { kind: 'account' }
}

/** Required answers not given by any layer, in the order the wizard asks them. */
export function missingAnswers(merged: MergedInput): MissingAnswer[] {
  const spec = callerSpecOf(merged)
  const missing: InputKey[] = []
  const callerAccount = spec.kind === 'role' || spec.kind === 'user' || spec.kind === 'account' ? spec.accountId : undefined
  if (!merged.sourceAccountId && callerAccount === undefined) missing.push('sourceAccountId')
  if (!merged.targetAccountId) missing.push('targetAccountId')
  if (!merged.region) missing.push('region')
  if (!merged.models || splitList(merged.models.value).length === 0) missing.push('models')
  if (spec.kind === 'oidc') {
    if (!merged.oidcAudiences && KNOWN_OIDC_AUDIENCES[spec.host] === undefined) missing.push('oidcAudiences')
    if (!merged.oidcSubjects) missing.push('oidcSubjects')
  }
  return missing.map((key) => ({ key, flag: FLAG_OF[key], what: WHAT[key] ?? key }))
}

/** The first missing required answer, as the usage error naming its flag. */
export function missingAnswerError(answer: MissingAnswer, hint?: string): XacctError {
  return missingInput(answer.flag, answer.what, hint ?? `pass ${answer.flag}`)
}

function str(merged: MergedInput, key: 'sourceAccountId' | 'targetAccountId' | 'region' | 'useCase' | 'orgPrefix' | 'layer' | 'roleName' | 'rolePath' | 'permissionsPolicyName' | 'sourcePolicyName' | 'externalId' | 'name') {
  const entry = merged[key]
  return entry ? { value: String(entry.value).trim(), field: entry.field } : undefined
}

function optionalPart(merged: MergedInput, key: 'useCase' | 'orgPrefix' | 'layer'): string | undefined {
  const entry = str(merged, key)
  return entry ? must(entry.field, entry.value, checkNamePart(entry.value)) : undefined
}

function provider(models: readonly string[]): string | undefined {
  const first = models[0]
  if (first === undefined) return undefined
  const ref = checkModel(first)
  if (!ref.ok || ref.value.kind === 'application-profile') return undefined
  return ref.value.modelId.split('.')[0]
}

/**
 * Check every value that was given, each on its own, before anything is asked or reported missing:
 * a typo in a flag must fail at once, not after a wizard's questions. Cross-field checks (caller
 * account, session ≤ max) come later in resolveSetup.
 */
export function validateGiven(merged: MergedInput): void {
  if (merged.durationCondition) refuseDurationCondition(merged.durationCondition.field)
  for (const key of ['sourceAccountId', 'targetAccountId'] as const) {
    const entry = str(merged, key)
    if (entry) must(entry.field, entry.value, checkAccountId(entry.value))
  }
  const region = str(merged, 'region')
  if (region) must(region.field, region.value, checkRegion(region.value))
  oidcGroups(merged, merged.caller ? callerSpecOf(merged) : undefined)
  for (const key of ['useCase', 'orgPrefix', 'layer'] as const) optionalPart(merged, key)
  if (merged.models) for (const model of splitList(merged.models.value)) must(merged.models.field, model, checkModel(model))
  const externalId = str(merged, 'externalId')
  if (externalId) must(externalId.field, externalId.value, checkExternalId(externalId.value))
  for (const key of ['maxSessionDurationSeconds', 'sessionDurationSeconds'] as const) {
    const entry = merged[key]
    if (entry) must(entry.field, entry.value, checkDuration(entry.value))
  }
  const cidrs = merged.sourceIpCidrs
  if (cidrs) for (const cidr of splitList(cidrs.value)) must(cidrs.field, cidr, checkCidr(cidr))
  const roleName = str(merged, 'roleName')
  if (roleName) must(roleName.field, roleName.value, checkIamName(roleName.value))
  const name = str(merged, 'name')
  if (name) must(name.field, name.value, checkSetupName(name.value))
}

/**
 * The `groups` patterns, checked, when the caller is an OIDC provider. Given for any other caller
 * they are refused rather than dropped: the user asked for a restriction the trust policy could
 * not carry. Before the caller is known (the wizard asks it later) only the values are checked.
 */
function oidcGroups(merged: MergedInput, spec: CallerSpec | undefined): string[] {
  const entry = merged.oidcGroups
  if (!entry) return []
  const groups = groupList(entry.value).map((group) => must(entry.field, group, checkOidcGroup(group)))
  if (spec !== undefined && spec.kind !== 'oidc' && groups.length > 0) {
    throw invalidInput(entry.field, groups.join(','), 'an OIDC caller (--caller oidc:HOST) to go with it: groups is a claim of web identity tokens')
  }
  return [...new Set(groups)]
}

function refuseDurationCondition(field: string): never {
  throw new XacctError('invalidInput', `${field} is refused: ${DURATION_CONDITION_REFUSAL}.`, {
    field,
    hint: 'limit the session length with --max-session-duration (the role\'s MaxSessionDuration) instead.'
  })
}

/** Turn merged input into a validated Setup, or throw the first problem (input error, exit 2). */
export function resolveSetup(merged: MergedInput, context: ResolveContext): Setup {
  validateGiven(merged)
  const first = missingAnswers(merged)[0]
  if (first) throw missingAnswerError(first, context.missingHint)

  const region = str(merged, 'region')!
  const regionValue = must(region.field, region.value, checkRegion(region.value))
  const partition = partitionOfRegion(regionValue)!
  if (merged.rolePartition && merged.rolePartition.value !== partition) {
    throw invalidInput(merged.rolePartition.field, merged.rolePartition.value, `a role ARN in the ${partition} partition, which region ${regionValue} belongs to`)
  }

  const spec = callerSpecOf(merged)
  const source = str(merged, 'sourceAccountId')
  const sourceAccountId = source
    ? must(source.field, source.value, checkAccountId(source.value))
    : (spec as { accountId: string }).accountId
  const target = str(merged, 'targetAccountId')!
  const targetAccountId = must(target.field, target.value, checkAccountId(target.value))

  const modelsEntry = merged.models!
  const models = splitList(modelsEntry.value)
  for (const model of models) {
    const ref = must(modelsEntry.field, model, checkModel(model))
    if (ref.kind === 'application-profile' && (ref.accountId !== targetAccountId || ref.region !== regionValue)) {
      throw invalidInput(modelsEntry.field, model, `an application inference profile in the target account ${targetAccountId} and region ${regionValue}`)
    }
  }

  const useCase = optionalPart(merged, 'useCase')
  const orgPrefix = optionalPart(merged, 'orgPrefix')
  const layer = optionalPart(merged, 'layer')
  const names = conventionNames({ orgPrefix, layer, useCase, provider: provider(models) })
  const roleNameEntry = str(merged, 'roleName')
  const roleName = roleNameEntry ? must(roleNameEntry.field, roleNameEntry.value, checkIamName(roleNameEntry.value)) : names.roleName
  const rolePathEntry = str(merged, 'rolePath')
  const rolePath = rolePathEntry ? must(rolePathEntry.field, rolePathEntry.value, checkIamPath(rolePathEntry.value)) : '/'
  const policyName = (key: 'permissionsPolicyName' | 'sourcePolicyName', fallback: string) => {
    const entry = str(merged, key)
    return entry ? must(entry.field, entry.value, checkIamName(entry.value)) : fallback
  }

  const audiences = merged.oidcAudiences ? splitList(merged.oidcAudiences.value) : []
  const caller = finalizeCaller(spec, {
    field: merged.caller?.field ?? FLAG_OF.caller,
    partition,
    sourceAccountId,
    targetAccountId,
    audiences: audiences.length > 0 || spec.kind !== 'oidc' ? audiences : [KNOWN_OIDC_AUDIENCES[spec.host]!],
    subjects: merged.oidcSubjects ? splitList(merged.oidcSubjects.value) : [],
    groups: oidcGroups(merged, spec)
  })

  let externalId: string | undefined
  if (merged.generateExternalId?.value === true && !merged.externalId) externalId = context.generateId()
  else {
    const entry = str(merged, 'externalId')
    if (entry) externalId = must(entry.field, entry.value, checkExternalId(entry.value))
  }

  const maxEntry = merged.maxSessionDurationSeconds
  const maxSessionDurationSeconds = maxEntry ? must(maxEntry.field, maxEntry.value, checkDuration(maxEntry.value)) : SESSION_DURATION.default
  const sessionEntry = merged.sessionDurationSeconds
  const sessionDurationSeconds = sessionEntry
    ? must(sessionEntry.field, sessionEntry.value, checkDuration(sessionEntry.value, maxSessionDurationSeconds))
    : Math.min(DEFAULT_VERIFY_SESSION_SECONDS, maxSessionDurationSeconds)

  const cidrEntry = merged.sourceIpCidrs
  const sourceIpCidrs = cidrEntry ? splitList(cidrEntry.value).map((cidr) => must(cidrEntry.field, cidr, checkCidr(cidr))) : []

  const nameEntry = str(merged, 'name')
  const name = nameEntry
    ? must(nameEntry.field, nameEntry.value, checkSetupName(nameEntry.value))
    : defaultSetupName(targetAccountId, useCase, roleName)

  return {
    name,
    partition,
    sourceAccountId,
    caller,
    targetAccountId,
    roleName,
    rolePath,
    permissionsPolicyName: policyName('permissionsPolicyName', names.permissionsPolicyName),
    sourcePolicyName: policyName('sourcePolicyName', names.sourcePolicyName),
    region: regionValue,
    models: [...new Set(models.map((m) => m.trim()))],
    useCase,
    orgPrefix,
    layer,
    externalId,
    maxSessionDurationSeconds,
    sessionDurationSeconds,
    sourceIpCidrs: [...new Set(sourceIpCidrs)],
    marketplace: merged.marketplace?.value ?? false,
    streaming: merged.streaming?.value ?? true,
    cloudTrailLookup: merged.cloudTrailLookup?.value ?? false
  }
}

/** `<target>-<useCase|roleName>`: readable, unique per account × use case, safe as a folder name. */
export function defaultSetupName(targetAccountId: string, useCase: string | undefined, roleName: string): string {
  const base = `${targetAccountId}-${useCase ?? roleName}`.replace(/[^A-Za-z0-9._-]/g, '-')
  return base.slice(0, 64)
}

export { EXPECTED }
