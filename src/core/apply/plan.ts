/**
 * The planner (pure): compares what the setup wants with what AWS holds and decides every write,
 * merging policy documents instead of replacing them (merge.ts). Nothing here talks to AWS.
 */
import type { PolicyDocument } from '../evaluate.js'
import { roleArn as formatRoleArn } from '../arn.js'
import { namedCallersOf } from '../setup/caller.js'
import type { CallerPrincipal, Setup } from '../setup/model.js'
import { sortKeysDeep } from './canonical.js'
import { statementsOf } from '../policy-document.js'
import { diffPolicy } from './diff.js'
import { mergePolicy } from './merge.js'
import { widenSourcePolicy } from './source-merge.js'
import { ALLOW_WEAKER_TRUST_FLAG, compareTrustPolicies } from './trust-safety.js'
import type { Operation } from './operations.js'
import { planOperations, type ApplyPlan, type PlannedChange } from './plan-types.js'
import type { ApplyDesired, ApplyObservation, ObservedManagedPolicy, TargetObservation } from './desired-observed.js'
import { IAM_TAG } from '../aws-limits.js'

/** Tag marking resources the tool created or manages (AWS tag keys are case-sensitive). */
export const MANAGED_BY_TAG = { key: 'managed-by', value: 'bedrock-xacct' } as const
/** Tag holding the setup's use case, so a role's purpose is visible in the console. */
export const USE_CASE_TAG_KEY = 'use-case'

/**
 * IAM keeps at most five versions of a managed policy; a sixth CreatePolicyVersion fails with
 * LimitExceeded, so the planner deletes the oldest non-default version first.
 */
export const MAX_MANAGED_POLICY_VERSIONS = 5

/** What IAM_TAG.pattern does not allow in a tag value (a comma, for one). */
const TAG_VALUE_FORBIDDEN = /[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu

/** The tags the tool sets on the role (other tags are left alone). */
export function desiredRoleTags(setup: Setup): Record<string, string> {
  const tags: Record<string, string> = { [MANAGED_BY_TAG.key]: MANAGED_BY_TAG.value }
  if (setup.useCase) tags[USE_CASE_TAG_KEY] = setup.useCase.replace(TAG_VALUE_FORBIDDEN, '_').slice(0, IAM_TAG.valueMax)
  return tags
}

/** The role's description on creation (IAM allows printable ASCII and Latin-1 only: no em dash). */
export function roleDescription(setup: Setup): string {
  const purpose = setup.useCase ? ` for ${setup.useCase}` : ''
  return `Amazon Bedrock access${purpose} from account ${setup.sourceAccountId} - managed by bedrock-xacct`.slice(0, 1000)
}

export function managedPolicyArn(setup: Setup): string {
  return `arn:${setup.partition}:iam::${setup.targetAccountId}:policy/${setup.permissionsPolicyName}`
}

function policyChange(base: Omit<PlannedChange, 'action' | 'summary' | 'diff' | 'operations'>, existing: PolicyDocument | undefined, desired: PolicyDocument, write: (document: PolicyDocument) => Operation[], what: string): PlannedChange {
  const merged = mergePolicy(existing, desired)
  const diff = diffPolicy(existing, merged.document)
  if (!existing) return { ...base, action: 'create', summary: `create ${what}`, diff, operations: write(merged.document) }
  if (merged.unchanged) return { ...base, action: 'unchanged', summary: `${what} already up to date`, diff, operations: [] }
  const parts = [
    merged.replaced.length > 0 ? `replace ${merged.replaced.join(', ')}` : '',
    merged.added.length > 0 ? `add ${merged.added.join(', ')}` : '',
    merged.removed.length > 0 ? `remove ${merged.removed.join(', ')}` : '',
    merged.kept > 0 ? `keep ${merged.kept} other statement${merged.kept === 1 ? '' : 's'}` : ''
  ].filter(Boolean)
  return { ...base, action: 'update', summary: `update ${what}: ${parts.join('; ')}`, diff, operations: write(merged.document) }
}

function roleChanges(desired: ApplyDesired, target: TargetObservation, notes: string[]): PlannedChange[] {
  const { setup } = desired
  const account = setup.targetAccountId
  const roleName = setup.roleName
  const tags = desiredRoleTags(setup)
  const role = target.role
  if (!role) {
    const trust = mergePolicy(undefined, desired.trustPolicy).document
    const included = 'set by CreateRole'
    return [
      {
        resource: 'role',
        accountId: account,
        subject: `role ${roleName}`,
        action: 'create',
        summary: `create role ${setup.rolePath}${roleName}`,
        operations: [
          {
            kind: 'createRole',
            side: 'target',
            input: { roleName, path: setup.rolePath, trustPolicy: trust, maxSessionDurationSeconds: setup.maxSessionDurationSeconds, description: roleDescription(setup), tags }
          }
        ]
      },
      { resource: 'trust-policy', accountId: account, subject: `trust policy of role ${roleName}`, action: 'create', summary: `trust policy ${included}`, diff: diffPolicy(undefined, trust), operations: [] },
      { resource: 'max-session-duration', accountId: account, subject: `MaxSessionDuration of role ${roleName}`, action: 'create', summary: `${setup.maxSessionDurationSeconds} s, ${included}`, after: setup.maxSessionDurationSeconds, operations: [] },
      { resource: 'tags', accountId: account, subject: `tags of role ${roleName}`, action: 'create', summary: `tags ${included}`, after: tags, operations: [] }
    ]
  }

  if (role.path !== setup.rolePath) {
    notes.push(`Role ${roleName} exists with path ${role.path}, not ${setup.rolePath}: its ARN is ${role.arn}. The path is left alone; use that ARN in the caller's configuration.`)
  }
  if (role.permissionsBoundaryArn) {
    notes.push(`Role ${roleName} has the permissions boundary ${role.permissionsBoundaryArn}; it is left alone, and it must allow the Bedrock actions too.`)
  }
  const changes: PlannedChange[] = [{ resource: 'role', accountId: account, subject: `role ${roleName}`, action: 'unchanged', summary: `role exists (${role.arn}); description, path and boundary left alone`, operations: [] }]
  changes.push(
    policyChange(
      { resource: 'trust-policy', accountId: account, subject: `trust policy of role ${roleName}` },
      role.trustPolicy,
      desired.trustPolicy,
      (document) => [{ kind: 'updateAssumeRolePolicy', side: 'target', roleName, document }],
      'trust policy'
    )
  )
  const duration = setup.maxSessionDurationSeconds
  changes.push(
    role.maxSessionDurationSeconds === duration
      ? { resource: 'max-session-duration', accountId: account, subject: `MaxSessionDuration of role ${roleName}`, action: 'unchanged', summary: `${duration} s`, before: duration, after: duration, operations: [] }
      : {
          resource: 'max-session-duration',
          accountId: account,
          subject: `MaxSessionDuration of role ${roleName}`,
          action: 'update',
          summary: `${role.maxSessionDurationSeconds} s → ${duration} s`,
          before: role.maxSessionDurationSeconds,
          after: duration,
          operations: [{ kind: 'updateMaxSessionDuration', side: 'target', roleName, maxSessionDurationSeconds: duration }]
        }
  )
  const differing = Object.fromEntries(Object.entries(tags).filter(([key, value]) => role.tags[key] !== value))
  const before = Object.fromEntries(
    Object.keys(tags)
      .filter((key) => key in role.tags)
      .map((key) => [key, role.tags[key]])
  )
  const otherTags = Object.keys(role.tags).filter((key) => !(key in tags)).length
  const others = otherTags > 0 ? `; ${otherTags} other tag${otherTags === 1 ? '' : 's'} left alone` : ''
  changes.push(
    Object.keys(differing).length === 0
      ? { resource: 'tags', accountId: account, subject: `tags of role ${roleName}`, action: 'unchanged', summary: `tags already set${others}`, before, after: tags, operations: [] }
      : {
          resource: 'tags',
          accountId: account,
          subject: `tags of role ${roleName}`,
          action: 'update',
          summary: `set ${Object.keys(differing).sort().join(', ')}${others}`,
          before,
          after: tags,
          operations: [{ kind: 'tagRole', side: 'target', roleName, tags: differing }]
        }
  )
  return changes
}

/** `v12` → 12: IAM numbers versions in creation order and never reuses a number. */
function versionNumber(versionId: string): number {
  const match = /^v(\d+)$/.exec(versionId)
  return match ? Number(match[1]) : Number.MAX_SAFE_INTEGER
}

/**
 * Oldest non-default version first: the one IAM users expect to lose (issue 4). CreateDate has
 * one-second resolution on the wire and ListPolicyVersions lists newest first, so versions made in
 * the same second are ordered by their number.
 */
export function versionToDelete(policy: ObservedManagedPolicy): string | undefined {
  if (policy.versions.length < MAX_MANAGED_POLICY_VERSIONS) return undefined
  const candidates = policy.versions.filter((version) => !version.isDefault).sort((a, b) => a.createDate.getTime() - b.createDate.getTime() || versionNumber(a.versionId) - versionNumber(b.versionId))
  return candidates[0]?.versionId
}

function permissionsChanges(desired: ApplyDesired, target: TargetObservation, notes: string[]): PlannedChange[] {
  const { setup } = desired
  const account = setup.targetAccountId
  const roleName = setup.roleName
  const policyName = setup.permissionsPolicyName
  if (desired.permissionsMode === 'inline') {
    return [
      policyChange(
        { resource: 'permissions-policy', accountId: account, subject: `inline policy ${policyName} on role ${roleName}` },
        target.inlinePermissions,
        desired.permissionsPolicy,
        (document) => [{ kind: 'putRolePolicy', side: 'target', roleName, policyName, document }],
        'permissions policy'
      )
    ]
  }

  const arn = managedPolicyArn(setup)
  if (target.inlinePermissions) {
    notes.push(`Role ${roleName} also has an inline policy ${policyName} (an earlier inline apply?); it is left alone. Delete it if the managed policy replaces it.`)
  }
  const changes: PlannedChange[] = []
  const existing = target.managedPolicy
  if (!existing) {
    const document = mergePolicy(undefined, desired.permissionsPolicy).document
    changes.push({
      resource: 'managed-policy',
      accountId: account,
      subject: `managed policy ${arn}`,
      action: 'create',
      summary: 'create customer-managed policy',
      diff: diffPolicy(undefined, document),
      operations: [{ kind: 'createPolicy', side: 'target', input: { policyName, path: '/', document, description: `Amazon Bedrock access for role ${roleName} - managed by bedrock-xacct`, tags: { [MANAGED_BY_TAG.key]: MANAGED_BY_TAG.value } } }]
    })
  } else {
    const change = policyChange(
      { resource: 'managed-policy', accountId: account, subject: `managed policy ${arn}` },
      existing.defaultDocument,
      desired.permissionsPolicy,
      (document) => [{ kind: 'createPolicyVersion', side: 'target', policyArn: arn, document }],
      `default version ${existing.info.defaultVersionId}`
    )
    const obsolete = change.action === 'update' ? versionToDelete(existing) : undefined
    if (obsolete) {
      changes.push({
        resource: 'managed-policy-version',
        accountId: account,
        subject: `version ${obsolete} of ${arn}`,
        action: 'update',
        summary: `delete version ${obsolete} (oldest non-default) to stay within IAM's limit of ${MAX_MANAGED_POLICY_VERSIONS} versions`,
        operations: [{ kind: 'deletePolicyVersion', side: 'target', policyArn: arn, versionId: obsolete }]
      })
    }
    changes.push(change)
  }
  const attached = target.attachedPolicyArns.includes(arn)
  changes.push(
    attached
      ? { resource: 'attachment', accountId: account, subject: `${policyName} attached to role ${roleName}`, action: 'unchanged', summary: 'already attached', operations: [] }
      : {
          resource: 'attachment',
          accountId: account,
          subject: `${policyName} attached to role ${roleName}`,
          action: 'create',
          summary: 'attach the managed policy to the role',
          operations: [{ kind: 'attachRolePolicy', side: 'target', roleName, policyArn: arn }]
        }
  )
  return changes
}

/**
 * One source-side change per caller (issue 16). The first role or user caller's policy is written
 * when credentials for A were given (the observation is of that principal); every other role or
 * user caller gets a manual step with the exact document and where it goes — never silently
 * nothing. Account root, services and web identity get their manual notes as before.
 */
function sourceChanges(desired: ApplyDesired, observation: ApplyObservation): PlannedChange[] {
  const { setup } = desired
  const document = desired.sourcePolicy
  if (!document || statementsOf(document).length === 0) return []
  const first = namedCallersOf(setup.callers)[0]
  return setup.callers.flatMap((caller) => {
    const change = sourceChange(desired, document, caller, observation, first === undefined || caller === first)
    return change ? [change] : []
  })
}

function sourceChange(desired: ApplyDesired, document: PolicyDocument, caller: CallerPrincipal, observation: ApplyObservation, writable: boolean): PlannedChange | undefined {
  const { setup } = desired
  const account = setup.sourceAccountId
  const policyName = setup.sourcePolicyName
  const manual = (subject: string, summary: string, instructions: string[]): PlannedChange => ({
    resource: 'source-policy',
    accountId: account,
    subject,
    action: 'manual',
    summary,
    instructions,
    document: sortKeysDeep(document) as PolicyDocument,
    operations: []
  })
  if (setup.thirdPartyCaller === true) {
    return manual(`source policy in account ${account}`, 'not ours: account A belongs to a third party, so apply writes nothing there', [
      `Send VENDOR-HANDOFF.md (init --out writes it) to the owner of account ${account}: their own policy must allow sts:AssumeRole on ${formatRoleArn(setup.partition, setup.targetAccountId, setup.roleName, setup.rolePath)}.`
    ])
  }
  if (caller.kind === 'role' || caller.kind === 'user') {
    const subject = `inline policy ${policyName} on ${caller.kind} ${caller.arn}`
    if (!writable) {
      return manual(subject, 'not applied: this run writes the source policy of the first role or user caller only', [
        `Ask A's admin to put this document as inline policy ${policyName} on ${caller.arn}, or rerun init --apply with this caller first (--caller ${caller.arn}) and --source-profile <profile of account ${account}>.`
      ])
    }
    const source = observation.source
    if (!source) {
      return manual(subject, 'not applied: no credentials for the source account', [`Rerun with --source-profile <profile of account ${account}> to apply it, or ask A's admin to put this document as inline policy ${policyName} on ${caller.arn}.`])
    }
    const { principal } = source
    const write = (doc: PolicyDocument): Operation[] =>
      principal.kind === 'role' ? [{ kind: 'putRolePolicy', side: 'source', roleName: principal.name, policyName, document: doc }] : [{ kind: 'putUserPolicy', side: 'source', userName: principal.name, policyName, document: doc }]
    const widened = widenSourcePolicy(source.inlinePolicy, document)
    const change = policyChange({ resource: 'source-policy', accountId: account, subject }, source.inlinePolicy, widened.document, write, 'source policy')
    if (widened.keptResources.length > 0) {
      change.summary += ` (keeps access to ${widened.keptResources.length} other role${widened.keptResources.length === 1 ? '' : 's'} already listed)`
    }
    return change
  }
  if (caller.kind === 'account') {
    return manual(`source policy in account ${account}`, 'manual: the trust admits any principal of the source account whose own policy allows it', [
      `An admin of account ${account} must attach this policy (inline or managed, e.g. named ${policyName}) to each role or user in ${account} that should assume ${formatRoleArn(setup.partition, setup.targetAccountId, setup.roleName, setup.rolePath)}.`
    ])
  }
  if (caller.kind === 'service') {
    return manual(`source policy in account ${account}`, `manual: the caller is an AWS service (${caller.services.join(', ')})`, [
      `An admin of account ${account} must allow sts:AssumeRole with this policy on the execution role the service runs as (e.g. the SageMaker or Lambda execution role).`
    ])
  }
  return manual(`source policy in account ${account}`, 'manual: web identity callers need no identity policy in the source account', [
    `The OIDC workload assumes the role with AssumeRoleWithWebIdentity; only the trust policy in ${setup.targetAccountId} decides. Nothing to do in ${account} unless the workload chains through a role there.`
  ])
}

/** Plan an apply: every resource's change, in the order the executor will make them. */
export function planApply(desired: ApplyDesired, observation: ApplyObservation): ApplyPlan {
  const { setup } = desired
  const notes: string[] = []
  const changes = [...roleChanges(desired, observation.target, notes), ...permissionsChanges(desired, observation.target, notes)]
  changes.push(...sourceChanges(desired, observation))
  const existingTrust = observation.target.role?.trustPolicy
  const safety = existingTrust ? compareTrustPolicies(existingTrust, mergePolicy(existingTrust, desired.trustPolicy).document) : { losses: [], notices: [] }
  for (const loss of safety.losses) notes.push(`WEAKER TRUST (refused without ${ALLOW_WEAKER_TRUST_FLAG}): ${loss}.`)
  for (const notice of safety.notices) notes.push(`Trust change: ${notice}.`)
  const plan: ApplyPlan = {
    kind: 'apply',
    setupName: setup.name,
    targetAccountId: setup.targetAccountId,
    sourceAccountId: setup.sourceAccountId,
    roleName: setup.roleName,
    roleArn: observation.target.role?.arn ?? formatRoleArn(setup.partition, setup.targetAccountId, setup.roleName, setup.rolePath),
    permissionsMode: desired.permissionsMode,
    changes,
    notes,
    hasChanges: false,
    trustLosses: safety.losses
  }
  plan.hasChanges = planOperations(plan).length > 0
  return plan
}
