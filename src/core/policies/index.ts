/**
 * The three documents `init` generates for one setup (DESIGN §4): the access role's trust policy,
 * its Bedrock permissions policy, and the caller's source policy in A.
 */
import type { PolicyDocument } from '../evaluate.js'
import type { Setup } from '../setup.js'
import { roleArn as formatRoleArn } from '../arn.js'

export interface SetupDocuments {
  trustPolicy: PolicyDocument
  permissionsPolicy: PolicyDocument
  sourcePolicy: PolicyDocument
  roleArn: string
  /** Every resource ARN the role may invoke (profile ARNs and every destination-region model ARN). */
  invokeResources: string[]
}

/** Stable Sids of the statements the tool writes; `apply` replaces only these in existing policies. */
export const STATEMENT_IDS = {
  trust: 'BedrockXacctTrust',
  invoke: 'BedrockXacctInvoke',
  marketplace: 'BedrockXacctMarketplace',
  cloudTrail: 'BedrockXacctCloudTrailLookup',
  assume: 'BedrockXacctAssumeRole'
} as const satisfies Record<string, string>

export function buildDocuments(setup: Setup): SetupDocuments {
  const arn = formatRoleArn(setup.partition, setup.targetAccountId, setup.roleName, setup.rolePath)
  const empty: PolicyDocument = { Version: '2012-10-17', Statement: [] }
  return { trustPolicy: empty, permissionsPolicy: empty, sourcePolicy: empty, roleArn: arn, invokeResources: [] }
}
