/**
 * The one wrapper around @cloud-copilot/iam-simulate. The tool (init's self-check, verify's static
 * checks, explain) and the sandbox both authorize through here, so what we test is what we ship.
 */
import { getDenialReasons, runSimulation, type RequestAnalysis, type Simulation, type SimulationErrors } from '@cloud-copilot/iam-simulate'
import { XacctError } from './errors.js'
import { NOT_CARRIED, isSessionAction, rewrittenForAssume } from './session-actions.js'

export interface PolicyDocument {
  Version?: string
  Id?: string
  Statement: PolicyStatement | PolicyStatement[]
}

export interface PolicyStatement {
  Sid?: string
  Effect: 'Allow' | 'Deny'
  Principal?: unknown
  NotPrincipal?: unknown
  Action?: string | string[]
  NotAction?: string | string[]
  Resource?: string | string[]
  NotResource?: string | string[]
  Condition?: Record<string, Record<string, string | string[] | boolean | number>>
}

export interface NamedPolicy {
  name: string
  document: PolicyDocument
}

/** The policy layers AWS evaluates, in our vocabulary (DESIGN §5 names them in messages). */
export type PolicyLayer = 'identity' | 'trust' | 'resource' | 'scp' | 'rcp' | 'boundary' | 'session' | 'vpce'

export interface EvaluationRequest {
  /** The calling principal's ARN (user, role, assumed-role session, or OIDC provider for web identity). */
  principal: string
  /** `service:Action`, e.g. `sts:AssumeRole`, `bedrock:InvokeModel`. */
  action: string
  resource: string
  /** Account that owns the resource (for cross-account evaluation). */
  resourceAccount: string
  /** Request context keys, as AWS would set them (`aws:SourceIp`, `sts:ExternalId`, …). */
  context: Record<string, string | string[]>
  identityPolicies: NamedPolicy[]
  /** For `sts:AssumeRole*` the role's trust policy; for other actions a resource-based policy. */
  resourcePolicy?: PolicyDocument | undefined
  /** SCPs, root first, account last; each level is a list of policies. */
  serviceControlPolicies?: { target: string; policies: NamedPolicy[] }[] | undefined
  permissionsBoundary?: NamedPolicy | undefined
  sessionPolicy?: PolicyDocument | undefined
  /**
   * For `sts:TagSession` / `sts:SetSourceIdentity`: the assume action of the AssumeRole* request they
   * are part of. They are then evaluated with that request's context (session-actions.ts).
   */
  during?: string | undefined
}

export interface Denial {
  layer: PolicyLayer
  explicit: boolean
  policyName?: string | undefined
  statementId?: string | undefined
  /** 1-based index of the statement in its policy. */
  statementIndex?: number | undefined
}

export interface Evaluation {
  decision: 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied'
  allowed: boolean
  denials: Denial[]
  /** Context keys the evaluator dropped because AWS never sets them for this action (e.g. sts:DurationSeconds on AssumeRole). */
  ignoredContextKeys: string[]
  /** The evaluator's full analysis, for explain's trace. */
  analysis: RequestAnalysis
}

/**
 * iam-data lists the web-identity claim keys of a few providers only (Cognito, Google, …), so the
 * evaluator drops `sub`/`aud` keys of any other OIDC provider (GitHub, EKS, GitLab). AWS itself
 * accepts `<provider-host>:sub|aud|amr` for every registered provider. We evaluate those claims
 * under Cognito's key names, which have the same semantics, renaming them in both the policy and
 * the request.
 *
 * The multi-valued `groups` claim (`ForAnyValue:StringLike <host>:groups` in trust policies we
 * generate) has no web-identity key in iam-data at all, so it is evaluated as
 * `sts:TransitiveTagKeys`: the one multi-valued (ArrayOfString) key the evaluator accepts for
 * AssumeRoleWithWebIdentity that has no other meaning in our trust policies (the tool never writes a
 * `sts:TransitiveTagKeys` condition). When the request or the trust policy uses the real `sts:TransitiveTagKeys`,
 * `groups` is not aliased and is dropped as unknown, so a groups condition fails closed rather than
 * matching tag keys.
 */
const ALIASED_CLAIMS = ['sub', 'aud', 'amr'] as const
const CLAIM_ALIAS_HOST = 'cognito-identity.amazonaws.com'
const GROUPS_CLAIM = 'groups'
const GROUPS_ALIAS_KEY = 'sts:TransitiveTagKeys'

function aliasClaimKey(key: string, aliasGroups: boolean): string {
  const colon = key.lastIndexOf(':')
  const host = key.slice(0, colon)
  const claim = key.slice(colon + 1).toLowerCase()
  if (colon <= 0 || !host.includes('.') || host === CLAIM_ALIAS_HOST) return key
  if (claim === GROUPS_CLAIM) return aliasGroups ? GROUPS_ALIAS_KEY : key
  return (ALIASED_CLAIMS as readonly string[]).includes(claim) ? `${CLAIM_ALIAS_HOST}:${claim}` : key
}

/** Whether the request context or any condition of the policy names `key` (case-insensitive, as IAM). */
function usesKey(context: Record<string, unknown>, policy: PolicyDocument | undefined, key: string): boolean {
  const wanted = key.toLowerCase()
  if (Object.keys(context).some((k) => k.toLowerCase() === wanted)) return true
  const statements = policy === undefined ? [] : Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement]
  return statements.some((s) => Object.values(s.Condition ?? {}).some((entries) => Object.keys(entries).some((k) => k.toLowerCase() === wanted)))
}

function aliasPolicyClaims(policy: PolicyDocument, aliasGroups: boolean): PolicyDocument {
  const statements = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement]
  return {
    ...policy,
    Statement: statements.map((statement) => {
      if (!statement.Condition) return statement
      const condition: PolicyStatement['Condition'] = {}
      for (const [operator, entries] of Object.entries(statement.Condition)) {
        condition[operator] = Object.fromEntries(Object.entries(entries).map(([key, value]) => [aliasClaimKey(key, aliasGroups), value]))
      }
      return { ...statement, Condition: condition }
    })
  }
}

/**
 * iam-data's ARN pattern for Bedrock foundation models requires a region, so the evaluator rejects
 * the region-less `arn:P:bedrock:::foundation-model/ID` that global inference profiles are
 * authorized against. Such a request is evaluated under a placeholder region, written into the
 * request and every policy's Resource/NotResource: matching is textual and the placeholder is no
 * real region, so only patterns that would also match the empty region (`*`) match it.
 */
const REGIONLESS_MODEL_ARN = /^(arn:[^:]+:bedrock:)(::foundation-model\/)/
const REGIONLESS_PLACEHOLDER = 'zz-regionless-1'

function withRegionPlaceholder(text: string): string {
  return text.replace(REGIONLESS_MODEL_ARN, `$1${REGIONLESS_PLACEHOLDER}$2`)
}

function placeholderPolicy(policy: PolicyDocument): PolicyDocument {
  const statements = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement]
  const map = (value: string | string[] | undefined) => (value === undefined ? undefined : Array.isArray(value) ? value.map(withRegionPlaceholder) : withRegionPlaceholder(value))
  return {
    ...policy,
    Statement: statements.map((statement) => {
      const mapped: PolicyStatement = { ...statement }
      if (statement.Resource !== undefined) mapped.Resource = map(statement.Resource)!
      if (statement.NotResource !== undefined) mapped.NotResource = map(statement.NotResource)!
      return mapped
    })
  }
}

/** The request with region-less model ARNs made evaluable (unchanged for every other resource). */
function evaluableRequest(request: EvaluationRequest): EvaluationRequest {
  if (!REGIONLESS_MODEL_ARN.test(request.resource)) return request
  const named = (p: NamedPolicy): NamedPolicy => ({ ...p, document: placeholderPolicy(p.document) })
  return {
    ...request,
    resource: withRegionPlaceholder(request.resource),
    identityPolicies: request.identityPolicies.map(named),
    resourcePolicy: request.resourcePolicy && placeholderPolicy(request.resourcePolicy),
    serviceControlPolicies: request.serviceControlPolicies?.map((level) => ({ ...level, policies: level.policies.map(named) })),
    permissionsBoundary: request.permissionsBoundary && named(request.permissionsBoundary),
    sessionPolicy: request.sessionPolicy && placeholderPolicy(request.sessionPolicy)
  }
}

function toSimulation(original: EvaluationRequest): Simulation {
  const request = evaluableRequest(original)
  const webIdentity = request.action.toLowerCase() === 'sts:assumerolewithwebidentity'
  const aliasGroups = !usesKey(request.context, request.resourcePolicy, GROUPS_ALIAS_KEY)
  const context = webIdentity ? Object.fromEntries(Object.entries(request.context).map(([key, value]) => [aliasClaimKey(key, aliasGroups), value])) : request.context
  const resourcePolicy = request.resourcePolicy && webIdentity ? aliasPolicyClaims(request.resourcePolicy, aliasGroups) : request.resourcePolicy
  const simulation: Simulation = {
    request: {
      principal: request.principal,
      action: request.action,
      resource: { resource: request.resource, accountId: request.resourceAccount },
      contextVariables: context
    },
    identityPolicies: request.identityPolicies.map((p) => ({ name: p.name, policy: p.document })),
    serviceControlPolicies: (request.serviceControlPolicies ?? []).map((level) => ({
      orgIdentifier: level.target,
      policies: level.policies.map((p) => ({ name: p.name, policy: p.document }))
    })),
    resourceControlPolicies: []
  }
  if (resourcePolicy) simulation.resourcePolicy = resourcePolicy
  if (request.permissionsBoundary) {
    simulation.permissionBoundaryPolicies = [{ name: request.permissionsBoundary.name, policy: request.permissionsBoundary.document }]
  }
  if (request.sessionPolicy) simulation.sessionPolicy = request.sessionPolicy
  return simulation
}

const LAYER_OF: Record<string, PolicyLayer> = {
  identity: 'identity',
  resource: 'resource',
  scp: 'scp',
  rcp: 'rcp',
  pb: 'boundary',
  vpce: 'vpce',
  session: 'session'
}

function denialsOf(request: EvaluationRequest, analysis: RequestAnalysis): Denial[] {
  const isTrust = request.action.toLowerCase().startsWith('sts:assumerole')
  const denials: Denial[] = getDenialReasons(analysis).map((reason) => {
    let layer = LAYER_OF[reason.policyType] ?? 'identity'
    if (layer === 'resource' && isTrust) layer = 'trust'
    if (reason.denialType === 'Explicit') {
      return { layer, explicit: true, policyName: reason.policyIdentifier, statementId: reason.statementId, statementIndex: reason.statementIndex }
    }
    return { layer, explicit: false, policyName: reason.identifier }
  })
  // iam-simulate's denial reasons leave out session policies; its session analysis has them, and
  // AWS names them ("because no session policy allows"), so explain and the sandbox must too.
  const session = analysis.sessionAnalysis?.result
  if (session === 'ExplicitlyDenied' || session === 'ImplicitlyDenied') {
    denials.push({ layer: 'session', explicit: session === 'ExplicitlyDenied' })
  }
  return denials
}

/** Bound on cached evaluations per evaluator; a verify of 100 setups needs a few thousand. */
const CACHE_LIMIT = 10_000

export interface Evaluator {
  evaluate(request: EvaluationRequest): Promise<Evaluation>
  /** How many evaluations ran (cache misses) and were answered from the cache. */
  readonly stats: { evaluations: number; cacheHits: number }
}

/**
 * An evaluator with a per-run cache keyed by (policies, request): verify and explain evaluate the
 * same trust policy for many requests, and many setups share policies.
 */
export function createEvaluator(): Evaluator {
  const cache = new Map<string, Promise<Evaluation>>()
  const stats = { evaluations: 0, cacheHits: 0 }
  return {
    stats,
    evaluate(request) {
      const key = JSON.stringify(request)
      const cached = cache.get(key)
      if (cached) {
        stats.cacheHits++
        return cached
      }
      stats.evaluations++
      const result = evaluateOnce(request)
      if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string)
      cache.set(key, result)
      return result
    }
  }
}

/**
 * The request to evaluate: unchanged unless it is a session action with `during` set, then the same
 * decision asked as the assume action `during`, with its context (session-actions.ts says why).
 */
function asAssumeRequest(request: EvaluationRequest): EvaluationRequest {
  if (request.during === undefined || !isSessionAction(request.action)) return request
  const { action, during } = request
  const doc = (document: PolicyDocument) => rewrittenForAssume(document, action, during)
  const named = (policy: NamedPolicy): NamedPolicy => ({ ...policy, document: doc(policy.document) })
  return {
    ...request,
    action: during,
    during: undefined,
    context: Object.fromEntries(Object.entries(request.context).filter(([key]) => !NOT_CARRIED.has(key.toLowerCase()))),
    identityPolicies: request.identityPolicies.map(named),
    resourcePolicy: request.resourcePolicy && doc(request.resourcePolicy),
    serviceControlPolicies: request.serviceControlPolicies?.map((level) => ({ ...level, policies: level.policies.map(named) })),
    permissionsBoundary: request.permissionsBoundary && named(request.permissionsBoundary),
    sessionPolicy: request.sessionPolicy && doc(request.sessionPolicy)
  }
}

/** Evaluate one request, uncached. Invalid policies or requests are input errors naming the problem. */
export async function evaluateOnce(asked: EvaluationRequest): Promise<Evaluation> {
  const request = asAssumeRequest(asked)
  const response = await runSimulation(toSimulation(request), {})
  if (response.resultType === 'error') {
    throw new XacctError('invalidInput', `The policy evaluator rejected the request for ${asked.action} on ${request.resource}: ${summarizeErrors(response.errors)}`, {
      hint: 'Check that each policy is valid IAM JSON and that the resource ARN fits the action.'
    })
  }
  const result = response.resultType === 'single' ? response.result : response.results[0]
  if (!result) {
    throw new XacctError('invalidInput', `The policy evaluator found no resource matching ${request.resource} for ${asked.action}.`)
  }
  const decision = response.overallResult
  return {
    decision,
    allowed: decision === 'Allowed',
    denials: decision === 'Allowed' ? [] : denialsOf(request, result.analysis),
    ignoredContextKeys: result.ignoredContextKeys ?? [],
    analysis: result.analysis
  }
}

function summarizeErrors(errors: SimulationErrors): string {
  const details: string[] = []
  for (const [key, value] of Object.entries(errors)) {
    if (key === 'message' || value === undefined) continue
    const flat = JSON.stringify(value)
    details.push(`${key}: ${flat.length > 300 ? `${flat.slice(0, 300)}…` : flat}`)
  }
  return details.length > 0 ? `${errors.message} (${details.join('; ')})` : errors.message
}
