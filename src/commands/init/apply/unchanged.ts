/**
 * Optimistic concurrency for apply and restore (issue 17): right before each write, what it
 * replaces is read again and compared with what the plan was made from. Someone else's edit made
 * meanwhile (after the plan, after the confirmation prompt, between two writes) stops the run with
 * exit 3 instead of being silently overwritten. Creations need no check: IAM refuses to create what
 * exists (EntityAlreadyExists), and attaching is additive.
 */
import { sameDocument } from '../../../core/apply/canonical.js'
import type { ReadLast } from '../../../core/apply/backup.js'
import type { ApplyObservation } from '../../../core/apply/desired-observed.js'
import type { Operation } from '../../../core/apply/operations.js'
import { XacctError } from '../../../core/errors.js'
import type { IamPort } from '../../../core/ports/aws.js'

/** What changed since the plan: in words, and what was read (for the backup). */
interface Change {
  what: string
  readLast: ReadLast
}

/** What changed since the plan; undefined when what the write replaces is as planned. */
async function changeSincePlan(operation: Operation, iam: IamPort, observed: ApplyObservation): Promise<Change | undefined> {
  const role = observed.target.role
  switch (operation.kind) {
    case 'updateAssumeRolePolicy': {
      const now = await iam.getRole(operation.roleName)
      return sameDocument(now?.trustPolicy, role?.trustPolicy) ? undefined : { what: `the trust policy of role ${operation.roleName}`, readLast: { resource: 'trust-policy', document: now?.trustPolicy } }
    }
    case 'updateMaxSessionDuration': {
      const now = await iam.getRole(operation.roleName)
      return now?.maxSessionDurationSeconds === role?.maxSessionDurationSeconds ? undefined : { what: `the MaxSessionDuration of role ${operation.roleName}`, readLast: { resource: 'max-session-duration', seconds: now?.maxSessionDurationSeconds } }
    }
    case 'tagRole': {
      const now = (await iam.getRole(operation.roleName))?.tags ?? {}
      const before = role?.tags ?? {}
      const changed = Object.keys(operation.tags).filter((key) => now[key] !== before[key])
      return changed.length === 0 ? undefined : { what: `the tags ${changed.join(', ')} of role ${operation.roleName}`, readLast: { resource: 'tags', tags: now } }
    }
    case 'putRolePolicy':
    case 'deleteRolePolicy': {
      // A teardown read every inline policy: compare with the one of this name, not the setup's.
      const target = observed.target.inlinePolicies === undefined ? observed.target.inlinePermissions : observed.target.inlinePolicies[operation.policyName]
      const planned = operation.side === 'target' ? target : observed.source?.inlinePolicy
      const now = await iam.getRolePolicy(operation.roleName, operation.policyName)
      return sameDocument(now, planned) ? undefined : { what: `the inline policy ${operation.policyName} of role ${operation.roleName}`, readLast: { resource: 'inline-policy', side: operation.side, document: now } }
    }
    case 'putUserPolicy':
    case 'deleteUserPolicy': {
      const now = await iam.getUserPolicy(operation.userName, operation.policyName)
      return sameDocument(now, observed.source?.inlinePolicy) ? undefined : { what: `the inline policy ${operation.policyName} of user ${operation.userName}`, readLast: { resource: 'inline-policy', side: 'source', document: now } }
    }
    case 'createPolicyVersion':
    case 'deletePolicyVersion':
    case 'deletePolicy': {
      const planned = observed.target.managedPolicy?.info.defaultVersionId
      const now = (await iam.getPolicy(operation.policyArn))?.defaultVersionId
      if (now === planned) return undefined
      const document = now === undefined ? undefined : await iam.getPolicyVersion(operation.policyArn, now)
      return { what: `the default version of ${operation.policyArn}`, readLast: { resource: 'managed-policy', versionId: now, document } }
    }
    case 'deleteRole': {
      // The trust may have gained someone's statement since the plan judged the role ours to delete.
      const now = await iam.getRole(operation.roleName)
      return sameDocument(now?.trustPolicy, role?.trustPolicy) ? undefined : { what: `the trust policy of role ${operation.roleName}`, readLast: { resource: 'trust-policy', document: now?.trustPolicy } }
    }
    case 'createRole':
    case 'createPolicy':
    case 'attachRolePolicy':
    case 'detachRolePolicy':
      return undefined
  }
}

/** Someone else's edit found right before a write (exit 3); carries what was read, for the backup. */
export class ChangedSincePlanError extends XacctError {
  constructor(
    readonly what: string,
    readonly readLast: ReadLast
  ) {
    super('awsError', `${what.replace(/^./, (c) => c.toUpperCase())} changed since the plan was made: someone else is editing it, so nothing more was written.`, {
      hint: 'run the same command again to see a plan of what AWS holds now (their edit is kept; review it before applying).'
    })
  }
}

/** Throw an environment error (exit 3) when what `operation` would replace changed since the plan. */
export async function ensureUnchangedSincePlan(operation: Operation, iam: IamPort, observed: ApplyObservation): Promise<void> {
  const changed = await changeSincePlan(operation, iam, observed)
  if (changed !== undefined) throw new ChangedSincePlanError(changed.what, changed.readLast)
}
