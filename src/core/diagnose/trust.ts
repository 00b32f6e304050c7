/**
 * Why a role's trust policy refuses an AssumeRole request, as data: the one analysis of a trust
 * failure that explain (a pasted denial, policies given or fetched) and verify (trust-includes-source,
 * the live AssumeRole's denial) both use. Each finding names its cause id (causes.ts), the statement
 * and the condition that failed — a Deny that applied, no statement naming the caller, a missing or
 * wrong ExternalId, an IP outside the aws:SourceIp list, an OIDC sub/aud claim, sts:DurationSeconds.
 */
import type { Evaluation, EvaluationRequest, Evaluator } from '../evaluate.js'
import type { CauseId } from './causes.js'
import { describeCondition, statementWhere, type DescribeOptions } from './describe.js'
import { evaluationTraces } from './trace.js'
import type { Answers, Confidence, FailedCondition, StatementTrace } from './types.js'

/** One reason the trust refused, with what to quote as evidence. */
export interface TrustFinding {
  cause: CauseId
  confidence: Confidence
  evidence: string
  /** Facts for the fix: statement, policy, condition key and values. */
  details: Record<string, unknown>
  /** The statement that refused (absent when no statement names the caller). */
  statement?: StatementTrace | undefined
  /** The condition that failed (or, for a Deny, is absent: see the statement's matched conditions). */
  condition?: FailedCondition | undefined
}

function conditionFindings(c: FailedCondition, t: StatementTrace, answers: Answers, options: DescribeOptions): TrustFinding[] {
  const key = c.key.toLowerCase()
  const evidence = `${statementWhere(t)}: ${describeCondition(c, options)}.`
  const details = { statement: t.statement, policy: t.policy, key: c.key, policyValues: c.policyValues, requestValue: c.requestValue }
  const finding = (cause: CauseId, confidence: Confidence, extra?: string): TrustFinding => ({
    cause,
    confidence,
    evidence: extra ? `${evidence} ${extra}` : evidence,
    details,
    statement: t,
    condition: c
  })
  if (c.neverSet || key === 'sts:durationseconds') return [finding('duration-condition-never-matches', 'certain')]
  if (key === 'sts:externalid') {
    if (c.requestValue !== undefined) return [finding('external-id-wrong', 'certain')]
    if (answers.externalIdPassed === false) return [finding('external-id-missing', 'certain')]
    return [finding('external-id-missing', 'likely', 'Pass --external-id VALUE (or --no-external-id) to settle it.'), finding('external-id-wrong', 'possible')]
  }
  if (key === 'aws:sourceip') {
    if (answers.viaVpcEndpoint === true) return [finding('source-ip-via-vpc-endpoint', 'certain')]
    if (c.requestValue !== undefined) return [finding('source-ip-outside', 'certain')]
    return [finding('source-ip-outside', 'possible', "Pass --source-ip ADDRESS (CloudTrail's sourceIPAddress) to settle it."), finding('source-ip-via-vpc-endpoint', 'possible')]
  }
  return [finding('trust-condition-failed', 'certain')]
}

/**
 * The findings of a refused AssumeRole, from the trust layer's statement traces: the Denies that
 * applied, then (when no Allow names the caller) the missing principal, then every failed
 * condition of the Allows that name the caller. `answers` settles what the request alone cannot
 * (whether an ExternalId was passed at all, whether the call came through a VPC endpoint).
 */
export function trustFindings(traces: StatementTrace[], principal: string, answers: Answers, options: DescribeOptions = {}): TrustFinding[] {
  const findings: TrustFinding[] = []
  for (const deny of traces.filter((t) => t.outcome === 'denied')) {
    const conditions = deny.matchedConditions.map((c) => describeCondition(c, options)).join('; ') || 'unconditionally'
    findings.push({ cause: 'trust-condition-failed', confidence: 'certain', evidence: `${statementWhere(deny)} explicitly denies: ${conditions}.`, details: { statement: deny.statement }, statement: deny })
  }
  const allows = traces.filter((t) => t.effect === 'Allow' && t.outcome === 'allow-not-matched')
  const forPrincipal = allows.filter((t) => t.principalMatch !== 'NoMatch')
  if (forPrincipal.length === 0 && findings.length === 0) {
    const named = allows.map((t) => statementWhere(t)).join(', ') || 'no Allow statement for sts:AssumeRole at all'
    findings.push({ cause: 'trust-missing-source', confidence: 'certain', evidence: `No Allow statement of the trust policy names ${principal} or its account (checked: ${named}).`, details: {} })
  }
  for (const t of forPrincipal) {
    for (const c of t.failedConditions) findings.push(...conditionFindings(c, t, answers, options))
  }
  return findings
}

/** A trust policy's verdict on one AssumeRole request, and why it refused (empty when it admits). */
export interface TrustDiagnosis {
  evaluation: Evaluation
  findings: TrustFinding[]
}

/**
 * Evaluate an AssumeRole request against its trust policy (`request.resourcePolicy`) and, when
 * refused, say why. verify calls this with the caller's side stubbed to allow, so only the trust
 * can say no.
 */
export async function diagnoseTrust(request: EvaluationRequest, evaluator: Evaluator, answers: Answers, options: DescribeOptions = {}): Promise<TrustDiagnosis> {
  const evaluation = await evaluator.evaluate(request)
  if (evaluation.allowed) return { evaluation, findings: [] }
  const traces = evaluationTraces(evaluation, request.context, request.action, 'trust').filter((t) => t.layer === 'trust')
  return { evaluation, findings: trustFindings(traces, request.principal, answers, options) }
}
