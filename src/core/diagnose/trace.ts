/**
 * Turn the evaluator's analysis into statement traces (after iam-simulate's statement explains):
 * which statement decided, and each failing condition with the policy's values next to the
 * request's value. Types are derived from `Evaluation` so only src/core/evaluate.ts imports the engine.
 */
import type { Evaluation, PolicyLayer } from '../evaluate.js'
import type { FailedCondition, StatementTrace } from './types.js'

type LayerAnalysis = NonNullable<Evaluation['analysis']['identityAnalysis']>
type StatementAnalysis = LayerAnalysis['allowStatements'][number]
type StatementExplain = StatementAnalysis['explain']
type ConditionExplain = NonNullable<StatementExplain['conditions']>[number]

const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value])

/** Condition keys AssumeRole never sets (DESIGN §4), whatever the request context says. */
const NEVER_SET_ON_ASSUME_ROLE = ['sts:durationseconds']

function conditionOf(explain: ConditionExplain, context: Record<string, string | string[]>, neverSet: readonly string[]): FailedCondition {
  const key = explain.conditionKeyValue
  const contextValue = Object.entries(context).find(([name]) => name.toLowerCase() === key.toLowerCase())?.[1]
  const requestValue = explain.failedBecauseMissing ? undefined : (explain.resolvedConditionKeyValue ?? (Array.isArray(contextValue) ? contextValue.join(', ') : contextValue))
  const condition: FailedCondition = {
    operator: explain.operator,
    key,
    policyValues: asArray(explain.values).map((value) => value.value),
    requestValue
  }
  if (neverSet.includes(key.toLowerCase())) condition.neverSet = true
  return condition
}

function statementLabel(explain: StatementExplain, statement: StatementAnalysis): string {
  const sid = (statement.statement as { Sid?: unknown }).Sid
  if (typeof sid === 'string' && sid !== '') return sid
  return /^\d+$/.test(explain.identifier) ? `#${explain.identifier}` : explain.identifier
}

function traceOf(layer: PolicyLayer, policyFallback: string, statement: StatementAnalysis, outcome: StatementTrace['outcome'], context: Record<string, string | string[]>, neverSet: readonly string[]): StatementTrace {
  const explain = statement.explain
  const conditions = (explain.conditions ?? []).map((c) => ({ matches: c.matches, condition: conditionOf(c, context, neverSet) }))
  return {
    layer,
    policy: statement.policyId || policyFallback,
    statement: statementLabel(explain, statement),
    effect: explain.effect === 'Deny' ? 'Deny' : 'Allow',
    outcome,
    principalMatch: explain.principalMatch,
    actionMatch: explain.actionMatch,
    resourceMatch: explain.resourceMatch,
    resourceMismatches: asArray(explain.resources)
      .filter((r) => !r.matches)
      .map((r) => ({ pattern: r.resource, reason: r.mismatchReason })),
    failedConditions: conditions.filter((c) => !c.matches).map((c) => c.condition),
    matchedConditions: conditions.filter((c) => c.matches).map((c) => c.condition)
  }
}

/** Traces of one layer: the Denies that applied, the Allows that applied, and the Allows that almost did. */
export function layerTraces(
  layer: PolicyLayer,
  policyFallback: string,
  analysis: Pick<LayerAnalysis, 'allowStatements' | 'denyStatements' | 'unmatchedStatements'> | undefined,
  context: Record<string, string | string[]>,
  action: string,
  ignoredContextKeys: readonly string[]
): StatementTrace[] {
  if (!analysis) return []
  const neverSet = [...ignoredContextKeys.map((k) => k.toLowerCase()), ...(action.toLowerCase().startsWith('sts:assumerole') ? NEVER_SET_ON_ASSUME_ROLE : [])]
  const traces: StatementTrace[] = []
  for (const s of analysis.denyStatements) traces.push(traceOf(layer, policyFallback, s, 'denied', context, neverSet))
  for (const s of analysis.allowStatements) traces.push(traceOf(layer, policyFallback, s, 'allowed', context, neverSet))
  for (const s of analysis.unmatchedStatements) {
    if (s.explain.effect !== 'Allow' || !s.explain.actionMatch) continue
    traces.push(traceOf(layer, policyFallback, s, 'allow-not-matched', context, neverSet))
  }
  return traces
}

/** Every layer's traces of one evaluation. */
export function evaluationTraces(evaluation: Evaluation, context: Record<string, string | string[]>, action: string, trustLayer: PolicyLayer): StatementTrace[] {
  const a = evaluation.analysis
  const ignored = evaluation.ignoredContextKeys
  const traces = [
    ...layerTraces('identity', 'identity policy', a.identityAnalysis, context, action, ignored),
    ...layerTraces(trustLayer, trustLayer === 'trust' ? 'trust policy' : 'resource policy', a.resourceAnalysis, context, action, ignored),
    ...layerTraces('boundary', 'permissions boundary', a.permissionBoundaryAnalysis, context, action, ignored),
    ...layerTraces('session', 'session policy', a.sessionAnalysis, context, action, ignored)
  ]
  for (const level of a.scpAnalysis?.ouAnalysis ?? []) traces.push(...layerTraces('scp', level.orgIdentifier, level, context, action, ignored))
  return traces
}
