/**
 * The gate every trust rewrite passes, apply and restore alike (issue 17): what the plan's own
 * comparison found lost (trust-safety.ts: a principal narrowed, a condition removed), plus what the
 * evaluator finds the new document would admit that the one AWS holds refuses (trust-weakening.ts).
 */
import type { ApplyObservation } from '../../../core/apply/desired-observed.js'
import { planOperations, type ApplyPlan } from '../../../core/apply/plan-types.js'
import { newlyAdmitted } from '../../../core/apply/trust-weakening.js'
import { createEvaluator, type PolicyDocument, type PolicyStatement } from '../../../core/evaluate.js'
import { STATEMENT_IDS } from '../../../core/policies/statement-ids.js'
import { conditionEntriesOf, statementsOf } from '../../../core/policy-document.js'

/** Condition keys and operators of a statement, as `operator:key` (lower-case) → words. */
function conditionEntries(statement: PolicyStatement | undefined): Map<string, string> {
  return new Map(conditionEntriesOf(statement).map(({ operator, key }) => [`${operator.toLowerCase()}:${key.toLowerCase()}`, `${operator} ${key}`]))
}

/**
 * Conditions someone added to the tool's own trust statement (MFA, an org id, a session-name
 * pattern) that the rewrite would drop: the setup does not name them, so it cannot mean to drop them.
 */
function droppedConditions(before: PolicyDocument, desired: PolicyDocument | undefined): string[] {
  const owned = (document: PolicyDocument | undefined) => statementsOf(document).find((statement) => statement.Sid === STATEMENT_IDS.trust)
  const old = owned(before)
  if (!old || !desired) return []
  const wanted = conditionEntries(owned(desired))
  // A condition on sts:DurationSeconds never matches for AssumeRole (AWS does not set the key): it
  // only ever blocked the statement, so dropping it is the fix init prints, not a loss.
  const neverMatches = (id: string) => id.endsWith(':sts:durationseconds') && !id.split(':')[0]!.endsWith('ifexists')
  return [...conditionEntries(old)].filter(([id]) => !wanted.has(id) && !neverMatches(id)).map(([, words]) => `the condition ${words} on the ${STATEMENT_IDS.trust} statement (added outside the tool) would be dropped`)
}

/**
 * Everything that makes the plan's trust weaker than the one AWS holds; empty when it is not.
 * `desiredTrust` is the setup's own trust document (apply; none for restore): what it admits is
 * what the user asked for (a new caller, a new IP range, a rotated ExternalId), not a weakening.
 * Anything else newly admitted is, and so is a condition someone added to the tool's statement
 * that the setup does not name. A restore asks for nothing new: everything newly admitted counts.
 */
export async function trustLossesOf(plan: ApplyPlan, observation: ApplyObservation, desiredTrust?: PolicyDocument): Promise<string[]> {
  const losses = [...(plan.trustLosses ?? [])]
  const before = observation.target.role?.trustPolicy
  const rewrite = planOperations(plan).find((operation) => operation.kind === 'updateAssumeRolePolicy')
  if (before && rewrite?.kind === 'updateAssumeRolePolicy') {
    losses.push(...droppedConditions(before, desiredTrust))
    const admitted = await newlyAdmitted(before, rewrite.document, { roleArn: plan.roleArn, accountId: plan.targetAccountId }, createEvaluator(), { intended: desiredTrust })
    losses.push(...admitted)
  }
  return losses
}
