/**
 * The plan `init --apply` shows before changing anything (issue 4): one entry per resource, each
 * create / update / unchanged (or manual: a step only A's admin can take), with a statement-level
 * diff for policy documents and the write calls that would make it so.
 */
import type { PolicyDocument } from '../evaluate.js'
import type { PolicyDiff } from './diff.js'
import type { Operation } from './operations.js'
import type { PermissionsMode } from './desired-observed.js'

export type ChangeAction = 'create' | 'update' | 'unchanged' | 'manual'

export type ResourceKind = 'role' | 'trust-policy' | 'max-session-duration' | 'tags' | 'permissions-policy' | 'managed-policy' | 'managed-policy-version' | 'attachment' | 'source-policy'

export interface PlannedChange {
  resource: ResourceKind
  action: ChangeAction
  /** The account the resource lives in. */
  accountId: string
  /** What the entry is about, e.g. `role BedrockAccess`, `inline policy P on user app-caller`. */
  subject: string
  /** One line: what happens, or why nothing does. */
  summary: string
  /** Policy documents: statement-level diff of what AWS holds against what will be written. */
  diff?: PolicyDiff | undefined
  /** Scalar properties (max session duration, tags): the value now and the value after. */
  before?: unknown
  after?: unknown
  /** For `manual`: what A's admin must do instead, and the document to use. */
  instructions?: string[] | undefined
  document?: PolicyDocument | undefined
  /**
   * Policy rewrites of an existing document: what the new one allows that the one AWS holds does
   * not, one line per action with its resources (permissions-widening.ts). Shown, not refused.
   */
  newlyAllowed?: string[] | undefined
  /** The write calls, in order; empty for unchanged and manual entries (and parts of a CreateRole). */
  operations: Operation[]
}

export interface ApplyPlan {
  kind: 'apply' | 'restore' | 'destroy'
  setupName: string
  targetAccountId: string
  sourceAccountId: string
  roleName: string
  roleArn: string
  permissionsMode: PermissionsMode
  changes: PlannedChange[]
  /** Things the user should know that are not changes (e.g. a role path differing from the setup). */
  notes: string[]
  /** True when at least one write call is planned. */
  hasChanges: boolean
  /**
   * What the rewritten trust statement would lose (ExternalId or SourceIp condition, a principal):
   * apply refuses such a plan unless --allow-weaker-trust (trust-safety.ts). Absent or empty: none.
   */
  trustLosses?: string[] | undefined
}

/** Every write call of a plan, in order. */
export function planOperations(plan: ApplyPlan): Operation[] {
  return plan.changes.flatMap((change) => change.operations)
}
