/**
 * Stable Sids of the statements bedrock-xacct writes. `apply` merges by Sid: it replaces only these
 * statements in an existing policy and leaves everything else alone, so renaming one is a breaking
 * change for users who already applied a setup.
 */
export const STATEMENT_IDS = {
  trust: 'BedrockXacctTrust',
  invoke: 'BedrockXacctInvoke',
  marketplace: 'BedrockXacctMarketplace',
  cloudTrail: 'BedrockXacctCloudTrailLookup',
  assume: 'BedrockXacctAssumeRole'
} as const satisfies Record<string, string>

/** The policy language version every generated document uses (the only one with policy variables). */
export const POLICY_VERSION = '2012-10-17'
