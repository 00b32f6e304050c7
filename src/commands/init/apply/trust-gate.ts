/**
 * The gate every trust rewrite passes, apply and restore alike (issue 17). One judge of weaker:
 * the evaluator (trust-weakening.ts), which finds what the new document would admit that the one
 * AWS holds refuses. A principal narrowed is not a weakening but a lock-out; the plan's own
 * comparison reports it (trust-safety.ts), in its own words. Each loss is said once.
 *
 * On apply, what the setup asks for (a new caller, a new IP range, a rotated ExternalId, a wider
 * OIDC `sub`) is not a weakening; but a condition the tool's statement has now and the setup does
 * not name at all (an ExternalId, an IP list, MFA, an org id someone added) is not asked for: it
 * counts as still wanted, so losing it is a weakening. What the setup does widen is a notice.
 */
import type { ApplyObservation } from '../../../core/apply/desired-observed.js'
import { planOperations, type ApplyPlan } from '../../../core/apply/plan-types.js'
import { ALLOW_WEAKER_TRUST_FLAG } from '../../../core/apply/trust-safety.js'
import { compareAdmission } from '../../../core/apply/trust-weakening.js'
import { stillWanted } from '../../../core/apply/still-wanted.js'
import { createEvaluator, type PolicyDocument } from '../../../core/evaluate.js'

/** The flag that sets each condition key the setup can name: what to pass to keep it. */
const FLAG_OF_KEY: Record<string, string> = { 'sts:externalid': '--external-id', 'aws:sourceip': '--source-ip' }

export interface TrustFindings {
  /** Refused without --allow-weaker-trust: what would newly be admitted, and principals locked out. */
  losses: string[]
  /** Shown in the plan: widenings the setup asks for. */
  notices: string[]
  /** How to keep what would be lost (flags to pass), for the refusal's hint; undefined when none. */
  hint?: string | undefined
  /** The plan with the losses and notices in its notes and `trustLosses` (what is shown and printed as JSON). */
  plan: ApplyPlan
}

/**
 * Judge the plan's trust rewrite. `desiredTrust` is the setup's own trust document (apply; none for
 * restore, which asks for nothing new: everything newly admitted counts).
 */
export async function trustFindingsOf(plan: ApplyPlan, observation: ApplyObservation, desiredTrust?: PolicyDocument): Promise<TrustFindings> {
  const lockOuts = [...(plan.trustLosses ?? [])]
  const before = observation.target.role?.trustPolicy
  const rewrite = planOperations(plan).find((operation) => operation.kind === 'updateAssumeRolePolicy')
  const weaker: string[] = []
  const widened: string[] = []
  let carried: string[] = []
  if (before && rewrite?.kind === 'updateAssumeRolePolicy') {
    const evaluator = createEvaluator()
    const subject = { roleArn: plan.roleArn, accountId: plan.targetAccountId }
    const wanted = desiredTrust && stillWanted(before, desiredTrust)
    carried = wanted?.carried ?? []
    const admission = await compareAdmission(before, rewrite.document, subject, evaluator, { intended: wanted?.intended })
    weaker.push(...admission.weaker)
    // The plan already words the changes it can name (a rotation, new CIDRs, a wider principal); anything else the setup widens is said here.
    const worded = plan.notes.some((note) => note.startsWith(TRUST_CHANGE))
    if (weaker.length === 0 && desiredTrust && !worded) widened.push(...admission.asked.slice(0, 3))
  }
  const losses = [...weaker, ...lockOuts]
  const notices = widened.map((line) => `${line} (as the setup asks)`)
  const flags = [...new Set(carried.map((key) => FLAG_OF_KEY[key.toLowerCase()]).filter((flag): flag is string => flag !== undefined))]
  const hint = weaker.length > 0 && carried.length > 0 ? `the setup does not name ${carried.join(', ')}, which the trust requires now${flags.length > 0 ? `: pass ${flags.join(' and ')} with the current value` : ''}` : undefined
  const notes = [...plan.notes.filter((note) => !note.startsWith(WEAKER_TRUST)), ...losses.map((loss) => `${WEAKER_TRUST} (refused without ${ALLOW_WEAKER_TRUST_FLAG}): ${loss}.`), ...notices.map((notice) => `${TRUST_CHANGE} ${notice}.`)]
  return { losses, notices, hint, plan: { ...plan, notes, trustLosses: losses } }
}

/** Prefixes of the plan notes about the trust (plan.ts words the ones it finds by shape the same way). */
const WEAKER_TRUST = 'WEAKER TRUST'
const TRUST_CHANGE = 'Trust change:'

/** Everything that makes the plan's trust weaker than the one AWS holds, or locks a principal out; empty when none. */
export async function trustLossesOf(plan: ApplyPlan, observation: ApplyObservation, desiredTrust?: PolicyDocument): Promise<string[]> {
  return (await trustFindingsOf(plan, observation, desiredTrust)).losses
}
