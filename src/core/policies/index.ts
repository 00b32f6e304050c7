/**
 * The three documents `init` generates for one setup (DESIGN §4): the access role's trust policy,
 * its Bedrock permissions policy, and the caller's source policy in A. Pure and deterministic: the
 * same setup always gives byte-identical documents, so `apply` can diff and merge them by Sid.
 */
import { roleArn as formatRoleArn } from '../arn.js'
import { invalidInput } from '../errors.js'
import type { PolicyDocument } from '../evaluate.js'
import type { Setup } from '../setup/model.js'
import { buildPermissionsPolicy, invokeResourcesOf, modelGrants, type ModelGrant } from './permissions.js'
import type { DestinationsReport } from '../profile-destinations.js'
import { assertPolicySizes } from './size.js'
import { buildSourcePolicy } from './source.js'
import { buildTrustPolicy, sessionActionsOf } from './trust.js'

export { STATEMENT_IDS, POLICY_VERSION } from './statement-ids.js'
export { modelGrant, modelGrants, invokeResourcesOf, INVOKE_ACTION, STREAM_ACTION, type ModelGrant, type GrantLocation } from './permissions.js'
export { policySize, TRUST_POLICY_MAX_CHARS, ROLE_INLINE_POLICY_MAX_CHARS, MANAGED_POLICY_MAX_CHARS } from './size.js'

export interface SetupDocuments {
  /** For the access role in B (its AssumeRolePolicyDocument). */
  trustPolicy: PolicyDocument
  /** The access role's Bedrock policy. */
  permissionsPolicy: PolicyDocument
  /** `sts:AssumeRole` on exactly the role ARN, for the caller in A. */
  sourcePolicy: PolicyDocument
  roleArn: string
  /** Every resource ARN the role may invoke (profile ARNs and every destination-region model ARN). */
  invokeResources: string[]
  /** What each model was granted as (entry and routed ARNs), so checks test exactly what was built. */
  grants?: ModelGrant[] | undefined
  /** Where the profiles' destinations came from (live or the static table), when they were looked up. */
  destinations?: DestinationsReport | undefined
}

/**
 * Shapes the Setup type allows but no valid document can come from. Setup resolution rejects them
 * first with flag-specific messages; this guard keeps a hand-built Setup from producing a policy
 * that trusts nobody (empty Principal) or everybody (web identity without a `sub` condition).
 */
function assertBuildable(setup: Setup): void {
  if (setup.models.length === 0) throw invalidInput('models', '', 'at least one model id or inference profile id')
  if (setup.callers.length === 0) throw invalidInput('caller', '', 'at least one caller (root, a role or user ARN, service:NAME or oidc:HOST)')
  if (setup.callers.filter((caller) => caller.kind === 'oidc').length > 1) throw invalidInput('caller', 'oidc', 'at most one OIDC provider per setup')
  for (const caller of setup.callers) {
    if (caller.kind === 'service' && caller.services.length === 0) {
      throw invalidInput('caller', 'service:', 'at least one service principal, e.g. sagemaker.amazonaws.com')
    }
    if (caller.kind === 'oidc' && caller.subjects.length === 0) {
      throw invalidInput('oidc subjects', '', `at least one sub pattern for ${caller.providerHost} (without one, every token it issues could assume the role)`)
    }
  }
}

/**
 * Build every document of a setup. Throws `invalidInput` (exit 2) for an unparseable model id or a
 * document over its IAM size quota, naming the count.
 */
export function buildDocuments(setup: Setup, destinations?: DestinationsReport): SetupDocuments {
  assertBuildable(setup)
  const roleArn = formatRoleArn(setup.partition, setup.targetAccountId, setup.roleName, setup.rolePath)
  const grants = modelGrants(setup, destinations?.live)
  const invokeResources = invokeResourcesOf(grants)
  const trustPolicy = buildTrustPolicy(setup)
  const permissionsPolicy = buildPermissionsPolicy(setup, invokeResources)
  assertPolicySizes(trustPolicy, permissionsPolicy, setup.models.length)
  return { trustPolicy, permissionsPolicy, sourcePolicy: buildSourcePolicy(roleArn, sessionActionsOf(setup)), roleArn, invokeResources, grants, ...(destinations ? { destinations } : {}) }
}
