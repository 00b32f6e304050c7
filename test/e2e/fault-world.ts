/**
 * A sandbox world with one correct cross-account setup already in place (no SDK set-up calls, so
 * several of these sandboxes can run in one test process): the access role `FaultsRole` in B with
 * the setup's trust and inline permissions policy plus one attached customer-managed policy (so
 * verify also reads GetPolicy/GetPolicyVersion), and the source policy on app-caller in A (with
 * iam:SimulatePrincipalPolicy on itself, so source-can-assume really asks IAM).
 *
 * Accounts (src/sandbox/worlds/default-world.ts): A = 111111111111 (user app-caller, the caller),
 * B = 222222222222 (user admin: the `target` profile of cliEnv).
 */
import { buildDocuments } from '../../src/core/policies/index.js'
import type { Setup } from '../../src/core/setup/model.js'
import { defaultWorld } from '../../src/sandbox/index.js'
import type { WorldFile } from '../../src/sandbox/world-types.js'
import { ACCOUNT_A, ACCOUNT_B } from '../helpers/sandbox.js'
import { e2eSetup } from './verify-world.js'

export const FAULTS_ROLE = 'FaultsRole'
/** Attached to the role only so that verify's GetPolicy/GetPolicyVersion calls happen. */
export const EXTRA_POLICY_NAME = 'FaultsExtraRead'

export function faultSetup(): Setup {
  return e2eSetup(FAULTS_ROLE)
}

export function faultWorld(setup: Setup = faultSetup()): WorldFile {
  const docs = buildDocuments(setup)
  const world = defaultWorld()
  const a = world.accounts.find((account) => account.id === ACCOUNT_A)!
  const b = world.accounts.find((account) => account.id === ACCOUNT_B)!
  a.users.find((user) => user.name === 'app-caller')!.inlinePolicies = [
    { name: setup.sourcePolicyName, document: docs.sourcePolicy },
    // So source-can-assume asks IAM (SimulatePrincipalPolicy) instead of inferring from AssumeRole.
    { name: 'SimulateSelf', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:SimulatePrincipalPolicy', Resource: `arn:aws:iam::${ACCOUNT_A}:user/app-caller` }] } }
  ]
  b.policies = [...(b.policies ?? []), { name: EXTRA_POLICY_NAME, document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'cloudtrail:LookupEvents', Resource: '*' }] } }]
  b.roles.push({
    name: setup.roleName,
    trustPolicy: docs.trustPolicy,
    inlinePolicies: [{ name: setup.permissionsPolicyName, document: docs.permissionsPolicy }],
    attachedPolicies: [`arn:aws:iam::${ACCOUNT_B}:policy/${EXTRA_POLICY_NAME}`],
    maxSessionDurationSeconds: setup.maxSessionDurationSeconds
  })
  return world
}
