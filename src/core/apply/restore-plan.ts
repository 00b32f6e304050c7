/**
 * The restore plan (pure): what to write so that AWS holds again what a backup recorded. Documents
 * are put back exactly as they were (no merge: the backup *is* the user's document). A role the
 * apply created is deleted when it holds only what the tool wrote (teardown-plan.ts, issue 19);
 * what else cannot be undone safely (a role someone added to) becomes a manual step that says
 * what to do. Tags go back exactly as the backup holds them (tagsChange).
 */
import { UNTAG_ROLE_MAX_KEYS } from '../aws-limits.js'
import type { PolicyDocument } from '../evaluate.js'
import { sameDocument } from './canonical.js'
import { diffPolicy } from './diff.js'
import type { Operation } from './operations.js'
import { planOperations, type ApplyPlan, type PlannedChange } from './plan-types.js'
import type { BackupFile } from './backup.js'
import { versionToDelete } from './plan.js'
import type { ApplyObservation } from './desired-observed.js'
import { foreignContentOfRole, roleRemovalChanges, type RoleContents } from './teardown-plan.js'

function restoreDocument(
  base: Pick<PlannedChange, 'resource' | 'accountId' | 'subject'>,
  current: PolicyDocument | undefined,
  previous: PolicyDocument | null,
  put: (document: PolicyDocument) => Operation[],
  remove: Operation[] | string
): PlannedChange {
  if (previous === null) {
    if (!current) return { ...base, action: 'unchanged', summary: 'did not exist before, does not exist now', operations: [] }
    if (typeof remove === 'string') {
      return { ...base, action: 'manual', summary: 'did not exist before the apply', instructions: [remove], diff: diffPolicy(current, undefined), operations: [] }
    }
    return { ...base, action: 'update', summary: 'delete (did not exist before the apply)', diff: diffPolicy(current, undefined), operations: remove }
  }
  if (current && sameDocument(current, previous)) return { ...base, action: 'unchanged', summary: 'already as in the backup', operations: [] }
  return { ...base, action: current ? 'update' : 'create', summary: 'put back the document from the backup', diff: diffPolicy(current, previous), operations: put(previous) }
}

/** Keys in calls of at most UNTAG_ROLE_MAX_KEYS (UntagRole's limit). */
function batches(keys: readonly string[]): string[][] {
  const out: string[][] = []
  for (let i = 0; i < keys.length; i += UNTAG_ROLE_MAX_KEYS) out.push(keys.slice(i, i + UNTAG_ROLE_MAX_KEYS))
  return out
}

/**
 * The role's tags put back exactly as the backup holds them: a value the apply changed is set back
 * (TagRole), a key the backup records as absent (null: the apply added it) is removed (UntagRole).
 * A key the backup does not mention at all was added after it, by someone else: left alone.
 */
function tagsChange(roleName: string, account: string, now: Record<string, string>, backedUp: Record<string, string | null>): PlannedChange | undefined {
  const retag = Object.fromEntries(Object.entries(backedUp).filter((entry): entry is [string, string] => entry[1] !== null && now[entry[0]] !== entry[1]))
  const untag = Object.keys(backedUp)
    .filter((key) => backedUp[key] === null && key in now)
    .sort()
  if (Object.keys(retag).length === 0 && untag.length === 0) return undefined
  const changed = [...Object.keys(retag), ...untag].filter((key) => key in now)
  const words = [...(Object.keys(retag).length > 0 ? [`set ${Object.keys(retag).sort().join(', ')} back`] : []), ...(untag.length > 0 ? [`remove ${untag.join(', ')} (added by the apply)`] : [])]
  return {
    resource: 'tags',
    accountId: account,
    subject: `tags of role ${roleName}`,
    action: 'update',
    summary: words.join('; '),
    before: Object.fromEntries(changed.sort().map((key) => [key, now[key]])),
    after: retag,
    operations: [
      ...(Object.keys(retag).length > 0 ? [{ kind: 'tagRole' as const, side: 'target' as const, roleName, tags: retag }] : []),
      ...batches(untag).map((tagKeys) => ({ kind: 'untagRole' as const, side: 'target' as const, roleName, tagKeys }))
    ]
  }
}

/** Plan a restore of `backup` over what AWS holds now. */
export function planRestore(backup: BackupFile, observation: ApplyObservation, roleArn: string, contents?: RoleContents): ApplyPlan {
  const { target } = backup
  const account = target.accountId
  const roleName = target.roleName
  const role = observation.target.role
  const changes: PlannedChange[] = []
  const notes: string[] = [`Backup taken ${backup.createdAt} for setup "${backup.setup}".`]

  const removable = !target.roleExisted && role !== undefined && contents !== undefined ? foreignContentOfRole(observation, contents, target.managedPolicy?.arn ?? '') : undefined
  if (removable !== undefined && removable.length === 0) {
    // The apply this backup precedes created the role, and it holds only what the tool wrote: delete it (issue 19).
    // The managed policy goes too only when that apply created it; one that existed before is only detached.
    changes.push(...roleRemovalChanges(roleName, account, observation, contents!, target.managedPolicy?.arn, target.managedPolicy?.document === null))
  } else if (!target.roleExisted) {
    changes.push(
      role
        ? {
            resource: 'role',
            accountId: account,
            subject: `role ${roleName}`,
            action: 'manual',
            summary: 'created by the apply this backup precedes',
            instructions: [
              removable && removable.length > 0
                ? `Restore deletes only a role holding nothing but what bedrock-xacct wrote; role ${roleName} also holds ${removable.join('; ')}. Delete it by hand if it is not wanted.`
                : `If role ${roleName} is not wanted, delete it (and its policies) in account ${account}.`
            ],
            operations: []
          }
        : { resource: 'role', accountId: account, subject: `role ${roleName}`, action: 'unchanged', summary: 'did not exist before, does not exist now', operations: [] }
    )
  } else if (!role) {
    changes.push({
      resource: 'role',
      accountId: account,
      subject: `role ${roleName}`,
      action: 'manual',
      summary: 'existed before but is gone now',
      instructions: [`Role ${roleName} no longer exists in ${account}; recreate it by hand, or run init --apply again.`],
      operations: []
    })
  } else {
    changes.push({ resource: 'role', accountId: account, subject: `role ${roleName}`, action: 'unchanged', summary: 'exists', operations: [] })
    if (target.trustPolicy) {
      changes.push(
        restoreDocument({ resource: 'trust-policy', accountId: account, subject: `trust policy of role ${roleName}` }, role.trustPolicy, target.trustPolicy, (document) => [{ kind: 'updateAssumeRolePolicy', side: 'target', roleName, document }], [])
      )
    }
    const previousDuration = target.maxSessionDurationSeconds
    if (previousDuration !== undefined) {
      changes.push(
        role.maxSessionDurationSeconds === previousDuration
          ? { resource: 'max-session-duration', accountId: account, subject: `MaxSessionDuration of role ${roleName}`, action: 'unchanged', summary: `${previousDuration} s`, operations: [] }
          : {
              resource: 'max-session-duration',
              accountId: account,
              subject: `MaxSessionDuration of role ${roleName}`,
              action: 'update',
              summary: `${role.maxSessionDurationSeconds} s → ${previousDuration} s`,
              before: role.maxSessionDurationSeconds,
              after: previousDuration,
              operations: [{ kind: 'updateMaxSessionDuration', side: 'target', roleName, maxSessionDurationSeconds: previousDuration }]
            }
      )
    }
    const tags = tagsChange(roleName, account, role.tags, target.tags ?? {})
    if (tags) changes.push(tags)
    changes.push(
      restoreDocument(
        { resource: 'permissions-policy', accountId: account, subject: `inline policy ${target.inlinePolicy.name} on role ${roleName}` },
        observation.target.inlinePermissions,
        target.inlinePolicy.document,
        (document) => [{ kind: 'putRolePolicy', side: 'target', roleName, policyName: target.inlinePolicy.name, document }],
        [{ kind: 'deleteRolePolicy', side: 'target', roleName, policyName: target.inlinePolicy.name }]
      )
    )
  }

  const managed = target.managedPolicy
  if (managed && !(removable !== undefined && removable.length === 0)) {
    const current = observation.target.managedPolicy
    const subject = `managed policy ${managed.arn}`
    if (managed.document === null) {
      if (current)
        changes.push({
          resource: 'managed-policy',
          accountId: account,
          subject,
          action: 'manual',
          summary: 'created by the apply',
          instructions: [`Restore does not delete managed policies; detach and delete ${managed.arn} if unwanted.`],
          operations: []
        })
    } else if (!current) {
      changes.push({
        resource: 'managed-policy',
        accountId: account,
        subject,
        action: 'manual',
        summary: 'existed before but is gone now',
        instructions: [`Recreate ${managed.arn} by hand from the backup's document.`],
        document: managed.document,
        operations: []
      })
    } else if (sameDocument(current.defaultDocument, managed.document)) {
      changes.push({ resource: 'managed-policy', accountId: account, subject, action: 'unchanged', summary: 'default version already as in the backup', operations: [] })
    } else {
      const obsolete = versionToDelete(current)
      const operations: Operation[] = []
      if (obsolete) operations.push({ kind: 'deletePolicyVersion', side: 'target', policyArn: managed.arn, versionId: obsolete })
      operations.push({ kind: 'createPolicyVersion', side: 'target', policyArn: managed.arn, document: managed.document })
      changes.push({
        resource: 'managed-policy',
        accountId: account,
        subject,
        action: 'update',
        summary: `new default version with the backup's document${obsolete ? ` (deleting ${obsolete} first: IAM keeps 5)` : ''}`,
        diff: diffPolicy(current.defaultDocument, managed.document),
        operations
      })
    }
    if (!managed.attached && observation.target.attachedPolicyArns.includes(managed.arn)) {
      changes.push({
        resource: 'attachment',
        accountId: account,
        subject: `${managed.arn} attached to role ${roleName}`,
        action: 'manual',
        summary: 'attached by the apply',
        instructions: [`Restore does not detach policies; detach ${managed.arn} from ${roleName} if unwanted.`],
        operations: []
      })
    }
  }

  const source = backup.source
  if (source) {
    const subject = `inline policy ${source.policyName} on ${source.principal.kind} ${source.principal.arn}`
    if (!observation.source) {
      changes.push({
        resource: 'source-policy',
        accountId: source.accountId,
        subject,
        action: 'manual',
        summary: 'not restored: no credentials for the source account',
        instructions: [`Rerun with --source-profile <profile of account ${source.accountId}> to restore it.`],
        operations: []
      })
    } else {
      const { principal } = source
      changes.push(
        restoreDocument(
          { resource: 'source-policy', accountId: source.accountId, subject },
          observation.source.inlinePolicy,
          source.document,
          (document) =>
            principal.kind === 'role'
              ? [{ kind: 'putRolePolicy', side: 'source', roleName: principal.name, policyName: source.policyName, document }]
              : [{ kind: 'putUserPolicy', side: 'source', userName: principal.name, policyName: source.policyName, document }],
          principal.kind === 'role' ? [{ kind: 'deleteRolePolicy', side: 'source', roleName: principal.name, policyName: source.policyName }] : [{ kind: 'deleteUserPolicy', side: 'source', userName: principal.name, policyName: source.policyName }]
        )
      )
    }
  }

  const plan: ApplyPlan = {
    kind: 'restore',
    setupName: backup.setup,
    targetAccountId: account,
    sourceAccountId: source?.accountId ?? '(not in backup)',
    roleName,
    roleArn,
    permissionsMode: backup.permissionsMode,
    changes,
    notes,
    hasChanges: false
  }
  plan.hasChanges = planOperations(plan).length > 0
  return plan
}
