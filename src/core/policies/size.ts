/**
 * IAM size quotas, counted as AWS counts them: the policy's characters without whitespace
 * (IAM and STS quotas, "IAM object quotas").
 */
import { invalidInput } from '../errors.js'
import type { PolicyDocument } from '../evaluate.js'

/** Default quota of a role trust policy; can be raised to 4,096 through Service Quotas. */
export const TRUST_POLICY_MAX_CHARS = 2_048
/** Aggregate size of all inline policies of one role. */
export const ROLE_INLINE_POLICY_MAX_CHARS = 10_240
/** Size of one managed policy (a role can have 10 attached by default). */
export const MANAGED_POLICY_MAX_CHARS = 6_144

/** The size IAM measures: minified JSON, whitespace outside strings excluded. */
export function policySize(document: PolicyDocument): number {
  return JSON.stringify(document).length
}

/** Throw an input error naming the count when a generated document exceeds its quota. */
export function assertPolicySizes(trustPolicy: PolicyDocument, permissionsPolicy: PolicyDocument, modelCount: number): void {
  const trust = policySize(trustPolicy)
  if (trust > TRUST_POLICY_MAX_CHARS) {
    throw invalidInput(
      'trust policy',
      `${trust} characters`,
      `at most ${TRUST_POLICY_MAX_CHARS} characters (the default IAM quota for a role trust policy)`,
      'Trust fewer principals, OIDC subjects or CIDRs, or raise "Role trust policy length" to 4,096 in Service Quotas.'
    )
  }
  const permissions = policySize(permissionsPolicy)
  if (permissions > ROLE_INLINE_POLICY_MAX_CHARS) {
    throw invalidInput(
      'models',
      `${modelCount} models`,
      `a permissions policy of at most ${ROLE_INLINE_POLICY_MAX_CHARS} characters (the IAM quota for a role's inline policies); these models need ${permissions}`,
      `Choose fewer models or profiles, or split them over several managed policies (${MANAGED_POLICY_MAX_CHARS} characters each, 10 per role).`
    )
  }
}
