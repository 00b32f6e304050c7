/**
 * The write calls a plan may make, as data: the planner decides them, the executor performs them
 * one by one (so a dry run is just not executing, and a partial failure can say exactly which
 * calls were made and which were not).
 */
import type { PolicyDocument } from '../evaluate.js'
import type { CreatePolicyInput, CreateRoleInput } from '../ports/aws.js'

/** Which credentials perform a call: B's (the access role) or A's (the caller's source policy). */
export type Side = 'target' | 'source'

export type Operation =
  | { kind: 'createRole'; side: 'target'; input: CreateRoleInput }
  | { kind: 'updateAssumeRolePolicy'; side: 'target'; roleName: string; document: PolicyDocument }
  | { kind: 'updateMaxSessionDuration'; side: 'target'; roleName: string; maxSessionDurationSeconds: number }
  | { kind: 'tagRole'; side: 'target'; roleName: string; tags: Record<string, string> }
  // Restore: the tags the apply added (absent in the backup).
  | { kind: 'untagRole'; side: 'target'; roleName: string; tagKeys: string[] }
  | { kind: 'putRolePolicy'; side: Side; roleName: string; policyName: string; document: PolicyDocument }
  | { kind: 'deleteRolePolicy'; side: Side; roleName: string; policyName: string }
  | { kind: 'putUserPolicy'; side: 'source'; userName: string; policyName: string; document: PolicyDocument }
  | { kind: 'createPolicy'; side: 'target'; input: CreatePolicyInput }
  | { kind: 'deletePolicyVersion'; side: 'target'; policyArn: string; versionId: string }
  | { kind: 'createPolicyVersion'; side: 'target'; policyArn: string; document: PolicyDocument }
  | { kind: 'attachRolePolicy'; side: 'target'; roleName: string; policyArn: string }
  // Teardown (init --destroy) and the restore of a role apply created:
  | { kind: 'deleteUserPolicy'; side: 'source'; userName: string; policyName: string }
  | { kind: 'detachRolePolicy'; side: 'target'; roleName: string; policyArn: string }
  | { kind: 'deletePolicy'; side: 'target'; policyArn: string }
  | { kind: 'deleteRole'; side: 'target'; roleName: string }

/** The AWS API name and target of an operation, for progress lines and reports (no documents: they may hold secrets). */
export function describeOperation(operation: Operation): string {
  switch (operation.kind) {
    case 'createRole':
      return `CreateRole ${operation.input.roleName}`
    case 'updateAssumeRolePolicy':
      return `UpdateAssumeRolePolicy on role ${operation.roleName}`
    case 'updateMaxSessionDuration':
      return `UpdateRole ${operation.roleName} (MaxSessionDuration ${operation.maxSessionDurationSeconds})`
    case 'tagRole':
      return `TagRole ${operation.roleName} (${Object.keys(operation.tags).sort().join(', ')})`
    case 'untagRole':
      return `UntagRole ${operation.roleName} (${[...operation.tagKeys].sort().join(', ')})`
    case 'putRolePolicy':
      return `PutRolePolicy ${operation.policyName} on role ${operation.roleName}`
    case 'deleteRolePolicy':
      return `DeleteRolePolicy ${operation.policyName} on role ${operation.roleName}`
    case 'putUserPolicy':
      return `PutUserPolicy ${operation.policyName} on user ${operation.userName}`
    case 'createPolicy':
      return `CreatePolicy ${operation.input.policyName}`
    case 'deletePolicyVersion':
      return `DeletePolicyVersion ${operation.versionId} of ${operation.policyArn}`
    case 'createPolicyVersion':
      return `CreatePolicyVersion of ${operation.policyArn} (set as default)`
    case 'attachRolePolicy':
      return `AttachRolePolicy ${operation.policyArn} to role ${operation.roleName}`
    case 'deleteUserPolicy':
      return `DeleteUserPolicy ${operation.policyName} on user ${operation.userName}`
    case 'detachRolePolicy':
      return `DetachRolePolicy ${operation.policyArn} from role ${operation.roleName}`
    case 'deletePolicy':
      return `DeletePolicy ${operation.policyArn}`
    case 'deleteRole':
      return `DeleteRole ${operation.roleName}`
  }
}
