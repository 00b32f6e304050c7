/**
 * Evaluate the exact request with the policies we have and turn the evaluator's verdict into
 * causes: the deciding statement and, for each failing condition, the policy's values next to the
 * request's. Layers evaluated from real policies rule causes in or out; stand-ins rule nothing.
 */
import type { Evaluator } from '../evaluate.js'
import type { CandidateSet } from './candidate-set.js'
import type { CauseId } from './causes.js'
import type { RequestFacts } from './request-facts.js'
import { SESSION_TRUST_CAUSES, TRUST_CAUSES, sessionTrustCause } from './from-message.js'
import { statementsOf } from '../policy-document.js'
import { isSessionAction, statementCovers } from '../session-actions.js'
import { assumeRoleRequest, bedrockRequest, type BuiltRequest } from './requests.js'
import { evaluationTraces } from './trace.js'
import { describeCondition, statementWhere } from './describe.js'
import { trustFindings } from './trust.js'
import type { Answers, EvaluationTrace, PolicySet, StatementTrace } from './types.js'

const BEDROCK_GRANT_CAUSES: readonly CauseId[] = ['identity-policy-missing-bedrock', 'region-model-mismatch', 'profile-missing-destination-region', 'profile-arn-missing']

/** Kept here for the callers that quote conditions (explain's renderer). */
export { describeCondition } from './describe.js'

const where = statementWhere

/** Remove causes of a layer the evaluation cleared, except those the message itself made certain. */
function clear(set: CandidateSet, causes: readonly CauseId[], evidence: string): void {
  for (const cause of causes) {
    const suspect = set.get(cause)
    if (!suspect) continue
    if (suspect.confidence === 'certain') suspect.evidence.push(`${evidence} — yet AWS denied: are these the policies actually deployed?`)
    else set.remove(cause)
  }
}

/** Fold the trust's findings (trust.ts, the analysis verify uses too) into the set; clear the trust causes it rules out. */
function analyseTrust(traces: StatementTrace[], principal: string, answers: Answers, set: CandidateSet): void {
  const found = new Set<CauseId>()
  for (const finding of trustFindings(traces, principal, answers)) {
    set.add(finding.cause, finding.confidence, finding.evidence, finding.details)
    found.add(finding.cause)
  }
  for (const cause of [...TRUST_CAUSES, 'trust-condition-failed' as const]) {
    if (!found.has(cause)) clear(set, [cause], 'The trust policy given does not fail this way')
  }
}

function analyseBedrockGrant(traces: StatementTrace[], facts: RequestFacts, answers: Answers, set: CandidateSet): void {
  const found = new Set<CauseId>()
  const add = (cause: CauseId, evidence: string, details: Record<string, unknown> = {}) => {
    set.add(cause, 'certain', evidence, details)
    found.add(cause)
  }
  const allows = traces.filter((t) => t.layer === 'identity' && t.outcome === 'allow-not-matched')
  add(
    'identity-policy-missing-bedrock',
    allows.length === 0 ? `No statement of the permissions policy allows ${facts.action ?? 'the action'}.` : `No statement of the permissions policy allows ${facts.action ?? 'the action'} on ${facts.resource ?? 'the resource'}.`
  )
  const rerouted = Boolean(answers.inferenceProfile) || (facts.resourceRegion !== undefined && facts.region !== undefined && facts.resourceRegion !== facts.region)
  for (const t of allows) {
    if (!t.resourceMatch) {
      const patterns = t.resourceMismatches.map((m) => m.pattern).join(', ')
      const regional = t.resourceMismatches.some((m) => m.reason === 'regionMismatch')
      if (/:inference-profile\//.test(facts.resource ?? '')) add('profile-arn-missing', `${where(t)} grants ${patterns}, not the inference profile ${facts.resource}.`)
      else if (regional && rerouted) add('profile-missing-destination-region', `${where(t)} grants ${patterns}; the profile routed the call to ${facts.resource}.`)
      else if (regional) add('region-model-mismatch', `${where(t)} grants ${patterns}, in another region than ${facts.resource}.`)
    }
    for (const c of t.failedConditions) {
      const key = c.key.toLowerCase()
      const evidence = `${where(t)}: ${describeCondition(c)}.`
      if (key === 'aws:sourceip') add(answers.viaVpcEndpoint ? 'source-ip-via-vpc-endpoint' : 'source-ip-outside', evidence, { key: c.key, policyValues: c.policyValues, requestValue: c.requestValue })
    }
  }
  for (const cause of BEDROCK_GRANT_CAUSES) if (!found.has(cause)) clear(set, [cause], 'The permissions policy given does not fail this way')
}

function analyseGuardrails(built: BuiltRequest, traces: StatementTrace[], result: Record<string, string | undefined>, set: CandidateSet): void {
  if (built.real.has('scp')) {
    if (result.scp !== 'Allowed') {
      const denies = traces.filter((t) => t.layer === 'scp' && t.outcome === 'denied')
      const regionLock = denies.find((t) => t.matchedConditions.some((c) => c.key.toLowerCase() === 'aws:requestedregion'))
      if (regionLock) {
        const c = regionLock.matchedConditions.find((m) => m.key.toLowerCase() === 'aws:requestedregion')!
        set.add('scp-region-lock', 'certain', `${where(regionLock)} denies: ${describeCondition(c)}.`, { statement: regionLock.statement, policy: regionLock.policy, allowedRegions: c.policyValues })
        set.cap('scp-deny', 'possible')
      } else {
        for (const d of denies)
          set.add('scp-deny', 'certain', `${where(d)} denies ${built.request.action}${d.matchedConditions.length ? ` (${d.matchedConditions.map((c) => describeCondition(c)).join('; ')})` : ''}.`, { statement: d.statement, policy: d.policy })
        if (denies.length === 0) set.add('scp-deny', 'certain', 'No SCP allows the action.')
        clear(set, ['scp-region-lock'], 'The SCPs given deny without a region condition')
      }
    } else clear(set, ['scp-deny', 'scp-region-lock'], 'The SCPs given allow this request')
  }
  const simple: ['boundary' | 'session', CauseId][] = [
    ['boundary', 'permissions-boundary'],
    ['session', 'session-policy']
  ]
  for (const [layer, cause] of simple) {
    if (!built.real.has(layer)) continue
    if (result[layer] !== 'Allowed') set.add(cause, 'certain', `The ${layer === 'boundary' ? 'permissions boundary' : 'session policy'} given does not allow ${built.request.action} on ${built.request.resource} (${result[layer]}).`)
    else clear(set, [cause], `The ${layer} policy given allows this request`)
  }
}

/** Evaluate and fold the verdict into the candidate set. Returns the traces for the report. */
export async function refineWithPolicies(set: CandidateSet, facts: RequestFacts, answers: Answers, policies: PolicySet, evaluator: Evaluator): Promise<{ evaluations: EvaluationTrace[]; notes: string[] }> {
  if (facts.family !== 'assume-role' && facts.family !== 'bedrock') return { evaluations: [], notes: [] }
  const built = facts.family === 'assume-role' ? assumeRoleRequest(facts, answers, policies) : bedrockRequest(facts, answers, policies)
  if (built.request === undefined || built.real.size === 0) return { evaluations: [], notes: built.notes }
  let evaluation
  try {
    evaluation = await evaluator.evaluate(built.request)
  } catch (error) {
    // A policy the engine rejects must not hide the rest of the diagnosis.
    return { evaluations: [], notes: [...built.notes, `Could not evaluate the request: ${error instanceof Error ? error.message : String(error)}`] }
  }
  const trustLayer = facts.family === 'assume-role' ? 'trust' : 'resource'
  const traces = evaluationTraces(evaluation, built.request.context, built.request.during ?? built.request.action, trustLayer)
  const a = evaluation.analysis
  const result = {
    identity: a.identityAnalysis?.result,
    trust: a.resourceAnalysis?.result,
    scp: a.scpAnalysis?.result,
    boundary: a.permissionBoundaryAnalysis?.result,
    session: a.sessionAnalysis?.result
  }
  // A session action (sts:TagSession, sts:SetSourceIdentity) is evaluated within its AssumeRole request.
  const action = facts.action ?? built.request.action
  const sessionAction = isSessionAction(action)
  const sourceCause: CauseId = sessionAction ? 'source-missing-session-action' : 'source-missing-assume-role'
  const identityCauses: CauseId[] = facts.family === 'assume-role' ? [sourceCause] : [...BEDROCK_GRANT_CAUSES]
  if (built.real.has('identity')) {
    if (result.identity === 'ExplicitlyDenied') {
      for (const d of traces.filter((t) => t.layer === 'identity' && t.outcome === 'denied')) set.add('explicit-deny-identity', 'certain', `${where(d)} denies ${action}.`, { statement: d.statement, policy: d.policy })
    } else if (result.identity !== 'Allowed') {
      if (facts.family === 'assume-role') set.add(sourceCause, 'certain', `No statement of the caller's identity policies allows ${sessionAction ? action : 'sts:AssumeRole'} on ${built.request.resource}.`)
      else analyseBedrockGrant(traces, facts, answers, set)
    } else clear(set, identityCauses, `The identity policies given allow ${action}`)
  }
  if (built.real.has('trust')) {
    const trustCauses: CauseId[] = [...TRUST_CAUSES, 'trust-condition-failed', ...SESSION_TRUST_CAUSES]
    if (result.trust === 'Allowed' || result.trust === 'AllowedForAccount') clear(set, trustCauses, 'The trust policy given allows this request')
    else if (sessionAction && !statementsOf(policies.trust).some((s) => s.Effect === 'Allow' && statementCovers(s, action))) {
      set.add(sessionTrustCause(action), 'certain', `No Allow statement of the trust policy given grants ${action}.`)
      clear(
        set,
        trustCauses.filter((cause) => cause !== sessionTrustCause(action)),
        `The trust policy given does not grant ${action} at all`
      )
    } else
      analyseTrust(
        traces.filter((t) => t.layer === 'trust'),
        built.request.principal,
        answers,
        set
      )
  }
  analyseGuardrails(built, traces, result, set)
  const notes = [...built.notes]
  if (evaluation.allowed) notes.push('The policies given allow this exact request: if AWS still denies it, the deployed policies differ, or a layer not given (SCP, boundary, session policy, model access) denies it.')
  return {
    evaluations: [
      {
        label: built.label,
        action: built.request.action,
        resource: built.request.resource,
        context: built.request.context,
        decision: evaluation.decision,
        statements: traces,
        ignoredContextKeys: evaluation.ignoredContextKeys,
        assumed: built.assumed
      }
    ],
    notes
  }
}
