/**
 * Init's self-check: before anything is written, evaluate the generated documents with the same
 * evaluator as verify and the sandbox, and prove both directions — the intended caller can assume
 * the role and the role can invoke every chosen resource, while the wrong ExternalId, the wrong IP,
 * the wrong principal, an unchosen model and a region outside the fan-out are all denied. Any
 * surprise means a bug in the generator: the report says which case, with the evaluator's reason.
 */
import { KNOWN_MODELS, foundationModelArn } from './models.js'
import { REGIONS } from './regions.js'
import type { EvaluationRequest, Evaluator } from './evaluate.js'
import { modelGrants, INVOKE_ACTION, STREAM_ACTION, type SetupDocuments } from './policies/index.js'
import { addressInside, addressOutside } from './ip.js'
import type { CallerPrincipal, Setup } from './setup/model.js'

export interface SelfCheckCase {
  /** Stable id, e.g. `assume-without-external-id`, `invoke:<arn>`. */
  id: string
  description: string
  expected: 'allow' | 'deny'
  actual: 'allow' | 'deny'
  ok: boolean
  /** Why a case failed: the request and the evaluator's decision and denying layers. */
  detail?: string
}

export interface SelfCheckReport {
  ok: boolean
  cases: SelfCheckCase[]
}

interface PlannedCase {
  id: string
  description: string
  expected: 'allow' | 'deny'
  request: EvaluationRequest
}

/** Session name of the simulated role session; visible in details only. */
const SESSION_NAME = 'bedrock-xacct-self-check'
/** An address for requests when the setup has no IP list (a documentation range, RFC 5737). */
const ANY_PUBLIC_IP = '198.51.100.10'
/** A model id guaranteed not to be chosen when every known model is. */
const FALLBACK_UNCHOSEN_MODEL = 'example.self-check-unchosen-model-v1:0'

/** A group that the token in the "other groups" case carries; skipped if a pattern matches it. */
const UNMATCHED_GROUP = 'self-check-outsiders'

/** IAM StringLike: `*` any run of characters, `?` one character, case-sensitive. */
function stringLikeMatches(pattern: string, value: string): boolean {
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('')
  return new RegExp(`^${source}$`, 's').test(value)
}

/** A concrete value a StringLike pattern matches: `*` → `self-check`, `?` → `x`. */
function patternInstance(pattern: string): string {
  return pattern.replace(/\*/g, 'self-check').replace(/\?/g, 'x')
}

function otherAccount(...taken: string[]): string {
  return ['333333333333', '444444444444', '555555555555'].find((id) => !taken.includes(id))!
}

/**
 * The assume cases of every caller (issue 16: several callers of different kinds in one trust).
 * With several callers each case id gets the caller's kind (`assume-allowed@service`), so a
 * report names which statement failed.
 */
function assumeCases(setup: Setup, docs: SetupDocuments): PlannedCase[] {
  if (setup.callers.length === 1) return callerAssumeCases(setup, docs, setup.callers[0]!)
  return setup.callers.flatMap((caller) => callerAssumeCases(setup, docs, caller).map((planned) => ({ ...planned, id: `${planned.id}@${caller.kind}` })))
}

function callerAssumeCases(setup: Setup, docs: SetupDocuments, caller: CallerPrincipal): PlannedCase[] {
  const p = setup.partition
  const inside = addressInside(setup.sourceIpCidrs) ?? ANY_PUBLIC_IP
  const outside = setup.sourceIpCidrs.length > 0 ? addressOutside(setup.sourceIpCidrs) : undefined
  const stranger = otherAccount(setup.sourceAccountId, setup.targetAccountId)
  const source = [{ name: setup.sourcePolicyName, document: docs.sourcePolicy }]
  const base = { action: 'sts:AssumeRole', resource: docs.roleArn, resourceAccount: setup.targetAccountId, resourcePolicy: docs.trustPolicy }
  const cases: PlannedCase[] = []
  const add = (id: string, description: string, expected: 'allow' | 'deny', request: Partial<EvaluationRequest> & Pick<EvaluationRequest, 'principal' | 'context'>): void => {
    cases.push({ id, description, expected, request: { ...base, identityPolicies: source, ...request } })
  }

  if (caller.kind === 'service') {
    const context = (account: string) => ({ 'aws:SourceAccount': account })
    for (const service of caller.services) {
      add(`assume-allowed:${service}`, `${service} acting for account ${setup.sourceAccountId} may assume the role`, 'allow', { principal: service, context: context(setup.sourceAccountId), identityPolicies: [] })
    }
    const service = caller.services[0] ?? 'sagemaker.amazonaws.com'
    add('assume-for-other-account', `${service} acting for another account (${stranger}) is denied`, 'deny', { principal: service, context: context(stranger), identityPolicies: [] })
    const otherService = ['ec2.amazonaws.com', 'glue.amazonaws.com'].find((s) => !caller.services.includes(s))!
    add('assume-by-other-service', `${otherService} is denied`, 'deny', { principal: otherService, context: context(setup.sourceAccountId), identityPolicies: [] })
    return cases
  }

  if (caller.kind === 'oidc') {
    const host = caller.providerHost
    const subject = patternInstance(caller.subjects[0] ?? '')
    const groups = caller.groups ?? []
    // The token's groups: one that matches the first pattern, next to one that matches none.
    const tokenGroups = groups.length > 0 ? [UNMATCHED_GROUP, patternInstance(groups[0]!)] : undefined
    // `withGroups: null` is a token without a groups claim.
    const claims = (sub: string, aud = caller.audiences[0], withGroups: string[] | null | undefined = tokenGroups): Record<string, string | string[]> => ({
      [`${host}:sub`]: sub,
      ...(aud === undefined ? {} : { [`${host}:aud`]: aud }),
      ...(withGroups === undefined || withGroups === null ? {} : { [`${host}:groups`]: withGroups }),
      'aws:SourceIp': inside
    })
    const web = { action: 'sts:AssumeRoleWithWebIdentity', principal: caller.providerArn, identityPolicies: [] }
    add('assume-allowed', `a token with sub ${subject}${tokenGroups ? ` in group ${tokenGroups[1]}` : ''} may assume the role`, 'allow', { ...web, context: claims(subject) })
    if (tokenGroups) {
      // A pattern that matches every group (`*`) restricts nothing by group: no outsider group exists.
      if (!groups.some((pattern) => stringLikeMatches(pattern, UNMATCHED_GROUP))) {
        add('assume-other-groups', `a token whose groups match none of ${groups.join(', ')} is denied`, 'deny', { ...web, context: claims(subject, caller.audiences[0], [UNMATCHED_GROUP]) })
      }
      add('assume-without-groups', 'a token without a groups claim is denied', 'deny', { ...web, context: claims(subject, caller.audiences[0], null) })
    }
    add('assume-other-subject', 'a token with another sub is denied', 'deny', { ...web, context: claims('repo:self-check-intruder/other:ref:refs/heads/main') })
    if (caller.audiences.length > 0) add('assume-wrong-audience', 'a token for another audience is denied', 'deny', { ...web, context: claims(subject, 'self-check-other-audience') })
    if (outside) add('assume-from-outside-ip', `a token presented from ${outside} (outside the IP list) is denied`, 'deny', { ...web, context: { ...claims(subject), 'aws:SourceIp': outside } })
    const otherProvider = `arn:${p}:iam::${setup.targetAccountId}:oidc-provider/self-check.example.com`
    add('assume-other-provider', 'a token from another identity provider is denied', 'deny', { ...web, principal: otherProvider, context: claims(subject) })
    return cases
  }

  const principal = caller.kind === 'account' ? `arn:${p}:iam::${setup.sourceAccountId}:role/any-caller` : caller.arn
  const externalId: Record<string, string> = setup.externalId === undefined ? {} : { 'sts:ExternalId': setup.externalId }
  const good: Record<string, string> = { ...externalId, 'aws:SourceIp': inside }
  add('assume-allowed', `${principal} with the right ExternalId${setup.sourceIpCidrs.length ? ` from ${inside}` : ''} may assume the role`, 'allow', { principal, context: good })
  if (setup.externalId !== undefined) {
    add('assume-without-external-id', 'without an ExternalId the caller is denied', 'deny', { principal, context: { 'aws:SourceIp': inside } })
    add('assume-wrong-external-id', 'with a wrong ExternalId the caller is denied', 'deny', { principal, context: { 'sts:ExternalId': 'self-check-wrong-external-id', 'aws:SourceIp': inside } })
  }
  if (outside) add('assume-from-outside-ip', `from ${outside} (outside the IP list) the caller is denied`, 'deny', { principal, context: { ...good, 'aws:SourceIp': outside } })
  const strangerPrincipal = `arn:${p}:iam::${stranger}:role/any-caller`
  add('assume-from-other-account', `a principal of another account (${stranger}) is denied`, 'deny', { principal: strangerPrincipal, context: good })
  // Another principal of A is admitted when the account root is also a caller.
  if (!setup.callers.some((other) => other.kind === 'account')) {
    const sibling = `arn:${p}:iam::${setup.sourceAccountId}:role/self-check-other-caller`
    add('assume-by-other-principal', `another principal of account ${setup.sourceAccountId} is denied`, 'deny', { principal: sibling, context: good })
  }
  const otherRole = docs.roleArn.replace(/[^/]+$/, 'SelfCheckOtherRole')
  // The other role has its own trust, which admits the source account (its root) and so defers to
  // the caller's identity policy: only the source policy decides. Reusing this role's trust would be
  // wrong when source and target are one account: a trust that names the caller's ARN is enough
  // on its own there (IAM: "add the user as a principal directly in the role's trust policy").
  const otherTrust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Principal: { AWS: `arn:${p}:iam::${setup.sourceAccountId}:root` }, Action: 'sts:AssumeRole' }] }
  add('source-policy-scoped', `the source policy does not allow assuming another role (${otherRole})`, 'deny', { principal, context: good, resource: otherRole, resourcePolicy: otherTrust })
  return cases
}

function invokeCases(setup: Setup, docs: SetupDocuments): PlannedCase[] {
  const p = setup.partition
  const session = `arn:${p}:sts::${setup.targetAccountId}:assumed-role/${setup.roleName}/${SESSION_NAME}`
  const inside = addressInside(setup.sourceIpCidrs) ?? ANY_PUBLIC_IP
  const outside = setup.sourceIpCidrs.length > 0 ? addressOutside(setup.sourceIpCidrs) : undefined
  const identityPolicies = [{ name: setup.permissionsPolicyName, document: docs.permissionsPolicy }]
  const baseContext = { 'aws:RequestedRegion': setup.region, 'aws:SourceIp': inside }
  const request = (action: string, resource: string, context: Record<string, string> = {}): EvaluationRequest => ({
    principal: session,
    action,
    resource,
    resourceAccount: setup.targetAccountId,
    context: { ...baseContext, ...context },
    identityPolicies
  })
  const cases: PlannedCase[] = []
  // The grants the documents were built from (live destinations included), else the table's.
  const grants = docs.grants ?? modelGrants(setup)
  // Which profile (and chosen model) each routed foundation-model ARN is reached through.
  const routedVia = new Map<string, { model: string; profileArn: string | undefined }>()
  for (const grant of grants) for (const arn of grant.routedModelArns) if (!routedVia.has(arn)) routedVia.set(arn, { model: grant.model, profileArn: grant.profileArn })
  const entries = new Map(grants.map((g) => [g.entryArn, g.model]))
  // What the documents claim, plus what the setup needs: a resource missing from either side fails.
  const resources = [...new Set([...docs.invokeResources, ...grants.flatMap((g) => [g.entryArn, ...g.routedModelArns])])]
  for (const arn of resources) {
    const via = entries.has(arn) ? undefined : routedVia.get(arn)
    if (!via) {
      cases.push({ id: `invoke:${arn}`, description: `the role may invoke ${entries.get(arn) ?? arn}`, expected: 'allow', request: request(INVOKE_ACTION, arn) })
      continue
    }
    // A routed request is authorized in its destination region, through the profile.
    const destination = arn.split(':')[3] || setup.region
    const through: Record<string, string> = { 'aws:RequestedRegion': destination, ...(via.profileArn ? { 'bedrock:InferenceProfileArn': via.profileArn } : {}) }
    cases.push({ id: `invoke:${arn}`, description: `the role may invoke ${arn} through ${via.model}`, expected: 'allow', request: request(INVOKE_ACTION, arn, through) })
  }
  for (const [arn, model] of entries) {
    cases.push({
      id: `stream:${arn}`,
      description: setup.streaming ? `the role may stream from ${model}` : `streaming from ${model} is denied (streaming not enabled)`,
      expected: setup.streaming ? 'allow' : 'deny',
      request: request(STREAM_ACTION, arn)
    })
  }
  const chosenIds = new Set(grants.map((g) => ('modelId' in g.ref ? g.ref.modelId : '')))
  const unchosen = KNOWN_MODELS.find((m) => !chosenIds.has(m.modelId))?.modelId ?? FALLBACK_UNCHOSEN_MODEL
  cases.push({ id: 'invoke-unchosen-model', description: `a model that was not chosen (${unchosen}) is denied`, expected: 'deny', request: request(INVOKE_ACTION, foundationModelArn(p, setup.region, unchosen)) })
  const modelGrant = grants.find((g) => g.ref.kind !== 'application-profile')
  if (modelGrant && 'modelId' in modelGrant.ref) {
    const modelId = modelGrant.ref.modelId
    const granted = docs.invokeResources.filter((arn) => arn.endsWith(`::foundation-model/${modelId}`)).map((arn) => arn.split(':')[3])
    const region = REGIONS[p].find((r) => !granted.includes(r))
    if (region) {
      cases.push({ id: 'invoke-outside-fan-out', description: `${modelId} in ${region} (outside the chosen regions) is denied`, expected: 'deny', request: request(INVOKE_ACTION, foundationModelArn(p, region, modelId)) })
    }
  }
  const first = docs.invokeResources[0]
  if (outside && first) {
    cases.push({ id: 'invoke-from-outside-ip', description: `invoking from ${outside} (outside the IP list) is denied`, expected: 'deny', request: request(INVOKE_ACTION, first, { 'aws:SourceIp': outside }) })
  }
  cases.push({
    id: 'marketplace-subscribe',
    description: setup.marketplace ? 'the role may subscribe through AWS Marketplace' : 'Marketplace subscription is denied (not enabled)',
    expected: setup.marketplace ? 'allow' : 'deny',
    request: request('aws-marketplace:Subscribe', '*')
  })
  cases.push({
    id: 'cloudtrail-lookup',
    description: setup.cloudTrailLookup ? 'the role may read CloudTrail (LookupEvents)' : 'CloudTrail LookupEvents is denied (not enabled)',
    expected: setup.cloudTrailLookup ? 'allow' : 'deny',
    request: request('cloudtrail:LookupEvents', '*')
  })
  return cases
}

function describeRequest(request: EvaluationRequest): string {
  const context = Object.entries(request.context)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('|') : v}`)
    .join(', ')
  return `${request.action} on ${request.resource} by ${request.principal}${context ? ` (${context})` : ''}`
}

async function runCase(planned: PlannedCase, evaluator: Evaluator): Promise<SelfCheckCase> {
  const { id, description, expected, request } = planned
  try {
    const evaluation = await evaluator.evaluate(request)
    const actual = evaluation.allowed ? 'allow' : 'deny'
    if (actual === expected) return { id, description, expected, actual, ok: true }
    const why = evaluation.allowed ? 'allowed' : `${evaluation.decision} by ${evaluation.denials.map((d) => d.layer).join(', ') || 'no matching Allow'}`
    return { id, description, expected, actual, ok: false, detail: `${describeRequest(request)}: ${why}` }
  } catch (error) {
    // An evaluator error means a generated document the engine cannot read: always a failure.
    return { id, description, expected, actual: 'deny', ok: false, detail: `${describeRequest(request)}: evaluator error: ${(error as Error).message}` }
  }
}

/** Evaluate the setup's documents; `ok` is false when any case did not come out as expected. */
export async function selfCheck(setup: Setup, docs: SetupDocuments, evaluator: Evaluator): Promise<SelfCheckReport> {
  const planned = [...assumeCases(setup, docs), ...invokeCases(setup, docs)]
  const cases = await Promise.all(planned.map((c) => runCase(c, evaluator)))
  return { ok: cases.every((c) => c.ok), cases }
}
