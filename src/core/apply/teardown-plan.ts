/**
 * The teardown plan (issue 19, `init --destroy`; pure): delete what apply created for a setup — the
 * caller's grant in A, the role's permissions (inline, or the managed policy: detached, its old
 * versions and itself deleted), then the role — and nothing it does not own.
 *
 * Ownership is read from the documents: the tool's statements carry a `BedrockXacct…` Sid
 * (merge.ts). A role is deleted only when it holds nothing else: every trust statement, every
 * inline policy statement and every attached policy is the tool's. Anything else (a colleague's
 * trust statement, another inline or attached policy) refuses the whole teardown with exit 2,
 * naming what was found — the user removes it or deletes the role by hand.
 *
 * In A the source policy may be shared by several setups (one caller, several roles): only this
 * role's ARN leaves the tool's statements; a statement left without resources is dropped, and the
 * policy is deleted only when nothing at all is left in it.
 */
import { roleArn as formatRoleArn } from '../arn.js'
import { awsCallersOf, namedCallersOf } from '../setup/caller.js'
import type { PolicyDocument, PolicyStatement } from '../evaluate.js'
import { XacctError } from '../errors.js'
import { statementsOf } from '../policy-document.js'
import { sortKeysDeep } from './canonical.js'
import type { ApplyDesired, ApplyObservation, ObservedManagedPolicy } from './desired-observed.js'
import { diffPolicy } from './diff.js'
import { OWNED_SID_PREFIX } from './merge.js'
import type { Operation } from './operations.js'
import { managedPolicyArn } from './plan.js'
import { planOperations, type ApplyPlan, type PlannedChange } from './plan-types.js'

/** What the role holds besides the setup's observation: every inline policy's name and document. */
export interface RoleContents {
  /** Every inline policy of the role, by name (ListRolePolicies + GetRolePolicy). */
  inlinePolicies: Record<string, PolicyDocument>
}

const owned = (statement: PolicyStatement) => statement.Sid?.startsWith(OWNED_SID_PREFIX) === true

function label(statement: PolicyStatement, index: number): string {
  return statement.Sid ? `Sid ${statement.Sid}` : `statement #${index + 1} (no Sid)`
}

/**
 * What in the role bedrock-xacct did not write, in words; empty when the role is exactly the tool's
 * (then it may be deleted). `ownManagedArn` is the setup's managed policy, the one attachment it owns.
 */
export function foreignContentOfRole(observation: ApplyObservation, contents: RoleContents, ownManagedArn: string): string[] {
  const role = observation.target.role
  if (!role) return []
  const found: string[] = []
  statementsOf(role.trustPolicy).forEach((statement, i) => {
    if (!owned(statement)) found.push(`trust policy ${label(statement, i)}`)
  })
  for (const [name, document] of Object.entries(contents.inlinePolicies)) {
    const foreign = statementsOf(document).flatMap((statement, i) => (owned(statement) ? [] : [label(statement, i)]))
    if (foreign.length > 0) found.push(`inline policy ${name} (${foreign.join(', ')})`)
  }
  for (const arn of observation.target.attachedPolicyArns) if (arn !== ownManagedArn) found.push(`attached policy ${arn}`)
  return found
}

/** The refusal: the role holds things the tool did not write (exit 2, nothing changed). */
export function foreignRoleError(roleName: string, accountId: string, found: readonly string[]): XacctError {
  return new XacctError('usage', `Role ${roleName} in account ${accountId} holds what bedrock-xacct did not write: ${found.join('; ')}. Nothing was changed.`, {
    hint: 'remove those yourself (or delete the role by hand), then run the same command again; init --destroy deletes only a role that is entirely its own.'
  })
}

/** `Resource` without `arn`; undefined when nothing is left. */
function withoutResource(resource: PolicyStatement['Resource'], arn: string): string | string[] | undefined {
  const list = (Array.isArray(resource) ? resource : resource === undefined ? [] : [resource]).filter((r) => r !== arn)
  if (list.length === 0) return undefined
  return list.length === 1 ? list[0] : list
}

/** The source policy without this role: undefined when nothing is left (delete it), the same document when the role was not in it. */
export function sourceWithoutRole(existing: PolicyDocument, roleArn: string): { document: PolicyDocument | undefined; changed: boolean } {
  let changed = false
  const statements = statementsOf(existing).flatMap((statement) => {
    if (!owned(statement)) return [statement]
    const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource]
    if (!resources.includes(roleArn)) return [statement]
    changed = true
    const rest = withoutResource(statement.Resource, roleArn)
    return rest === undefined ? [] : [{ ...statement, Resource: rest }]
  })
  return { document: statements.length === 0 ? undefined : { ...existing, Statement: statements }, changed }
}

function sourceChange(desired: ApplyDesired, observation: ApplyObservation, roleArn: string): PlannedChange | undefined {
  const { setup } = desired
  const account = setup.sourceAccountId
  const subjectOf = (what: string) => `source policy ${setup.sourcePolicyName} ${what}`
  if (setup.thirdPartyCaller === true) {
    return {
      resource: 'source-policy',
      accountId: account,
      subject: `source policy in account ${account}`,
      action: 'manual',
      summary: 'not ours: account A belongs to a third party',
      instructions: [`Tell the owner of account ${account} that ${roleArn} is gone; they may remove it from their policy.`],
      operations: []
    }
  }
  if (awsCallersOf(setup.callers).length === 0) return undefined
  // The first role or user caller's policy is the one apply wrote (as apply picks it).
  const caller = namedCallersOf(setup.callers)[0]
  if (!caller) {
    return {
      resource: 'source-policy',
      accountId: account,
      subject: `source policy in account ${account}`,
      action: 'manual',
      summary: 'manual: apply never wrote it (any principal of A whose own policy allows it)',
      instructions: [`Remove sts:AssumeRole on ${roleArn} from the policies of the callers in ${account} (e.g. ${setup.sourcePolicyName}).`],
      operations: []
    }
  }
  const subject = subjectOf(`on ${caller.kind} ${caller.arn}`)
  const source = observation.source
  if (!source) {
    return {
      resource: 'source-policy',
      accountId: account,
      subject,
      action: 'manual',
      summary: 'not removed: no credentials for the source account',
      instructions: [`Rerun with --source-profile <profile of account ${account}>, or remove ${roleArn} from inline policy ${setup.sourcePolicyName} of ${caller.arn}.`],
      operations: []
    }
  }
  const existing = source.inlinePolicy
  if (!existing) return { resource: 'source-policy', accountId: account, subject, action: 'unchanged', summary: 'does not exist', operations: [] }
  const { document, changed } = sourceWithoutRole(existing, roleArn)
  if (!changed) return { resource: 'source-policy', accountId: account, subject, action: 'unchanged', summary: `does not grant ${roleArn}; left alone`, operations: [] }
  const { principal } = source
  const policyName = setup.sourcePolicyName
  if (document === undefined) {
    const operation: Operation = principal.kind === 'role' ? { kind: 'deleteRolePolicy', side: 'source', roleName: principal.name, policyName } : { kind: 'deleteUserPolicy', side: 'source', userName: principal.name, policyName }
    return { resource: 'source-policy', accountId: account, subject, action: 'update', summary: 'delete (it granted only this role)', diff: diffPolicy(existing, undefined), operations: [operation] }
  }
  const operation: Operation = principal.kind === 'role' ? { kind: 'putRolePolicy', side: 'source', roleName: principal.name, policyName, document } : { kind: 'putUserPolicy', side: 'source', userName: principal.name, policyName, document }
  return { resource: 'source-policy', accountId: account, subject, action: 'update', summary: 'remove this role; keep what else it grants', diff: diffPolicy(existing, document), operations: [operation] }
}

/** Delete a managed policy the tool owns: its non-default versions first (IAM requires it), then the policy. */
function managedPolicyChange(arn: string, accountId: string, policy: ObservedManagedPolicy): PlannedChange {
  const foreign = Object.values(policy.versionDocuments ?? { [policy.info.defaultVersionId]: policy.defaultDocument }).some((document) => statementsOf(document).some((s) => !owned(s)))
  if (foreign) {
    return {
      resource: 'managed-policy',
      accountId,
      subject: `managed policy ${arn}`,
      action: 'manual',
      summary: 'kept: it holds statements bedrock-xacct did not write',
      instructions: [`Delete ${arn} yourself if it is no longer wanted.`],
      operations: []
    }
  }
  const operations: Operation[] = [
    ...policy.versions.filter((version) => !version.isDefault).map((version): Operation => ({ kind: 'deletePolicyVersion', side: 'target', policyArn: arn, versionId: version.versionId })),
    { kind: 'deletePolicy', side: 'target', policyArn: arn }
  ]
  return { resource: 'managed-policy', accountId, subject: `managed policy ${arn}`, action: 'update', summary: 'delete (with its older versions)', diff: diffPolicy(policy.defaultDocument, undefined), operations }
}

/**
 * Deleting a role the tool owns entirely (the caller checked `foreignContentOfRole`): its inline
 * policies, the detachment of its managed policy, that policy (when it holds only the tool's
 * statements), then the role — the order IAM requires (DeleteConflict otherwise).
 */
export function roleRemovalChanges(roleName: string, account: string, observation: ApplyObservation, contents: RoleContents, managedArn: string | undefined, deleteManaged = true): PlannedChange[] {
  const role = observation.target.role
  const changes: PlannedChange[] = []
  if (role) {
    for (const [name, document] of Object.entries(contents.inlinePolicies).sort(([a], [b]) => a.localeCompare(b))) {
      changes.push({
        resource: 'permissions-policy',
        accountId: account,
        subject: `inline policy ${name} on role ${roleName}`,
        action: 'update',
        summary: 'delete',
        diff: diffPolicy(document, undefined),
        operations: [{ kind: 'deleteRolePolicy', side: 'target', roleName, policyName: name }]
      })
    }
    if (managedArn !== undefined && observation.target.attachedPolicyArns.includes(managedArn)) {
      changes.push({
        resource: 'attachment',
        accountId: account,
        subject: `${managedArn} attached to role ${roleName}`,
        action: 'update',
        summary: 'detach',
        operations: [{ kind: 'detachRolePolicy', side: 'target', roleName, policyArn: managedArn }]
      })
    }
  }
  const managed = observation.target.managedPolicy
  if (managed && managedArn !== undefined && deleteManaged) changes.push(managedPolicyChange(managedArn, account, managed))
  changes.push(
    role
      ? {
          resource: 'role',
          accountId: account,
          subject: `role ${roleName}`,
          action: 'update',
          summary: `delete role ${role.arn}`,
          diff: diffPolicy(sortKeysDeep(role.trustPolicy) as PolicyDocument, undefined),
          operations: [{ kind: 'deleteRole', side: 'target', roleName }]
        }
      : { resource: 'role', accountId: account, subject: `role ${roleName}`, action: 'unchanged', summary: 'does not exist', operations: [] }
  )
  return changes
}

/**
 * Plan the teardown of a setup over what AWS holds. Throws `foreignRoleError` (exit 2) when the
 * role holds anything the tool did not write. Run twice, the second plan has no changes.
 */
export function planTeardown(desired: ApplyDesired, observation: ApplyObservation, contents: RoleContents): ApplyPlan {
  const { setup } = desired
  const account = setup.targetAccountId
  const roleName = setup.roleName
  const role = observation.target.role
  const managedArn = managedPolicyArn(setup)
  const roleArn = role?.arn ?? formatRoleArn(setup.partition, account, roleName, setup.rolePath)
  const found = foreignContentOfRole(observation, contents, managedArn)
  if (found.length > 0) throw foreignRoleError(roleName, account, found)

  const changes: PlannedChange[] = []
  const source = sourceChange(desired, observation, roleArn)
  if (source) changes.push(source)
  changes.push(...roleRemovalChanges(roleName, account, observation, contents, managedArn))
  const plan: ApplyPlan = {
    kind: 'destroy',
    setupName: setup.name,
    targetAccountId: account,
    sourceAccountId: setup.sourceAccountId,
    roleName,
    roleArn,
    permissionsMode: desired.permissionsMode,
    changes,
    notes: role?.permissionsBoundaryArn ? [`Role ${roleName} has the permissions boundary ${role.permissionsBoundaryArn}; the boundary policy itself is left alone.`] : [],
    hasChanges: false
  }
  plan.hasChanges = planOperations(plan).length > 0
  return plan
}
