/**
 * The gate every trust rewrite passes, apply and restore alike (issue 17): what the plan's own
 * comparison found lost (trust-safety.ts: a principal narrowed, a condition removed), plus what the
 * evaluator finds the new document would admit that the one AWS holds refuses (trust-weakening.ts).
 */
import type { ApplyObservation } from '../../../core/apply/desired-observed.js'
import { planOperations, type ApplyPlan } from '../../../core/apply/plan-types.js'
import { newlyAdmitted } from '../../../core/apply/trust-weakening.js'
import { createEvaluator, type PolicyDocument } from '../../../core/evaluate.js'
import { STATEMENT_IDS } from '../../../core/policies/statement-ids.js'
import { statementsOf } from '../../../core/policy-document.js'

/**
 * Everything that makes the plan's trust weaker than the one AWS holds; empty when it is not.
 * `desiredTrust` is the setup's own trust document (apply; none for restore). When the role has no
 * statement of the tool's yet, admitting what that document admits is the point of the apply; once
 * the tool's statement exists, rewriting it may admit nobody new (conditions someone added to it,
 * a narrowed `sub`, stay) unless --allow-weaker-trust.
 */
export async function trustLossesOf(plan: ApplyPlan, observation: ApplyObservation, desiredTrust?: PolicyDocument): Promise<string[]> {
  const losses = [...(plan.trustLosses ?? [])]
  const before = observation.target.role?.trustPolicy
  const rewrite = planOperations(plan).find((operation) => operation.kind === 'updateAssumeRolePolicy')
  if (before && rewrite?.kind === 'updateAssumeRolePolicy') {
    const firstTime = !statementsOf(before).some((statement) => statement.Sid === STATEMENT_IDS.trust)
    const intended = firstTime ? desiredTrust : undefined
    const admitted = await newlyAdmitted(before, rewrite.document, { roleArn: plan.roleArn, accountId: plan.targetAccountId }, createEvaluator(), { intended })
    losses.push(...admitted)
  }
  return losses
}
