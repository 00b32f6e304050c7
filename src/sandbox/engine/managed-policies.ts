/**
 * The AWS-managed policies the sandbox ships (`arn:aws:iam::aws:policy/…`). ReadOnlyAccess is a
 * small stand-in for the real (very long) policy, covering the services the sandbox serves.
 */
import type { PolicyDocument } from '../../core/evaluate.js'

export const AWS_MANAGED_POLICIES: Record<string, PolicyDocument> = {
  AdministratorAccess: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  ReadOnlyAccess: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['iam:Get*', 'iam:List*', 'iam:Simulate*', 'sts:GetCallerIdentity', 'cloudtrail:LookupEvents', 'cloudtrail:Get*', 'cloudtrail:Describe*', 'bedrock:Get*', 'bedrock:List*'],
        Resource: '*'
      }
    ]
  }
}
