/**
 * What `apply` wants and what it found, as plain data (the executor reads AWS, the planner only
 * compares). Types only.
 */
import type { PolicyDocument } from '../evaluate.js'
import type { Setup } from '../setup/model.js'
import type { ManagedPolicyInfo, PolicyVersionInfo, RoleInfo } from '../ports/aws.js'

export type PermissionsMode = 'inline' | 'managed'

/** The documents and choices to apply for one setup. */
export interface ApplyDesired {
  setup: Setup
  trustPolicy: PolicyDocument
  permissionsPolicy: PolicyDocument
  /** Undefined when the caller needs no identity policy in A (e.g. OIDC web identity). */
  sourcePolicy?: PolicyDocument | undefined
  permissionsMode: PermissionsMode
}

/** A customer-managed policy as found: its default version's document and every version. */
export interface ObservedManagedPolicy {
  info: ManagedPolicyInfo
  defaultDocument: PolicyDocument
  versions: PolicyVersionInfo[]
  /** Every version's document, by version id (the backup holds them all: apply may delete one). */
  versionDocuments?: Record<string, PolicyDocument> | undefined
}

/** Account B as found, for the access role. */
export interface TargetObservation {
  /** Undefined when the role does not exist yet. */
  role?: RoleInfo | undefined
  /** The role's inline policy named `setup.permissionsPolicyName`, when it exists. */
  inlinePermissions?: PolicyDocument | undefined
  /**
   * Every inline policy of the role by name, when the plan read them all: a teardown (or a restore
   * that deletes a role apply created) deletes each, under whatever name it has (an earlier version's).
   */
  inlinePolicies?: Record<string, PolicyDocument> | undefined
  /** ARNs of managed policies attached to the role (empty when the role does not exist). */
  attachedPolicyArns: string[]
  /** Managed mode only: the policy named by the convention, when it exists. */
  managedPolicy?: ObservedManagedPolicy | undefined
}

/** The caller in A, when it is a role or user and credentials for A were given. */
export interface SourceObservation {
  principal: { kind: 'role' | 'user'; name: string; arn: string }
  /** The caller's inline policy named `setup.sourcePolicyName`, when it exists. */
  inlinePolicy?: PolicyDocument | undefined
}

export interface ApplyObservation {
  target: TargetObservation
  /** Undefined when not observed (no `--source-profile`, or a caller kind with no identity policy to write). */
  source?: SourceObservation | undefined
}
