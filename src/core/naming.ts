/** Resource names for a setup: the enterprise naming convention, or simple defaults. */

export interface ConventionInput {
  orgPrefix?: string
  layer?: string
  useCase?: string
  provider?: string
}

export interface ConventionNames {
  roleName: string
  permissionsPolicyName: string
  trustPolicyName: string
  sourcePolicyName: string
}

export function conventionNames(_input: ConventionInput): ConventionNames {
  return {
    roleName: 'BedrockAccessRole',
    permissionsPolicyName: 'BedrockAccessRole-InvokePolicy',
    trustPolicyName: 'BedrockAccessRole-TrustPolicy',
    sourcePolicyName: 'AssumeBedrockAccessRole'
  }
}
