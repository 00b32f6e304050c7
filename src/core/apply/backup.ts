/**
 * Backups (issue 4): before any write, `apply` saves what AWS held for every resource it may touch,
 * so `init --restore <file>` can put it back. The format is versioned JSON, validated on read (a
 * hand-edited or truncated file is an input error naming the file, not a crash mid-restore).
 */
import { jsonStructureProblem } from '../strict-json.js'
import { z } from 'zod'
import type { PolicyDocument } from '../evaluate.js'
import { invalidInput } from '../errors.js'
import { sortKeysDeep } from './canonical.js'
import { desiredRoleTags, managedPolicyArn } from './plan.js'
import type { ApplyDesired, ApplyObservation, PermissionsMode } from './desired-observed.js'

export const BACKUP_KIND = 'bedrock-xacct-backup'
export const BACKUP_FORMAT_VERSION = 1

export interface BackupFile {
  kind: typeof BACKUP_KIND
  formatVersion: typeof BACKUP_FORMAT_VERSION
  /** ISO time the backup was taken (just before the writes). */
  createdAt: string
  setup: string
  permissionsMode: PermissionsMode
  target: {
    accountId: string
    roleName: string
    /** False when apply created the role (restore cannot delete roles; it says so). */
    roleExisted: boolean
    trustPolicy?: PolicyDocument | undefined
    maxSessionDurationSeconds?: number | undefined
    /** Every tag of the role as found; the tool's own tag keys it did not have are null (a write may add them). */
    tags?: Record<string, string | null> | undefined
    /** The inline permissions policy; document null when it did not exist. */
    inlinePolicy: { name: string; document: PolicyDocument | null }
    /** The role's other inline policies, when a teardown deletes them too (the tool's, under an earlier version's name). */
    otherInlinePolicies?: { name: string; document: PolicyDocument }[] | undefined
    managedPolicy?:
      | {
          arn: string
          document: PolicyDocument | null
          attached: boolean
          /** Every version as found, default included: what a deleted version held (restore puts back the default). */
          versions?: { versionId: string; isDefault: boolean; document: PolicyDocument }[] | undefined
        }
      | undefined
    /** The role's description as found. */
    description?: string | undefined
  }
  source?:
    | {
        accountId: string
        principal: { kind: 'role' | 'user'; name: string; arn: string }
        policyName: string
        document: PolicyDocument | null
      }
    | undefined
}

const documentSchema = z.looseObject({ Statement: z.union([z.array(z.looseObject({})), z.looseObject({})]) })

const backupSchema = z.object({
  kind: z.literal(BACKUP_KIND),
  formatVersion: z.literal(BACKUP_FORMAT_VERSION),
  createdAt: z.string(),
  setup: z.string(),
  permissionsMode: z.enum(['inline', 'managed']),
  target: z.object({
    accountId: z.string().regex(/^\d{12}$/),
    roleName: z.string().min(1),
    roleExisted: z.boolean(),
    trustPolicy: documentSchema.optional(),
    maxSessionDurationSeconds: z.number().int().optional(),
    tags: z.record(z.string(), z.string().nullable()).optional(),
    inlinePolicy: z.object({ name: z.string().min(1), document: documentSchema.nullable() }),
    otherInlinePolicies: z.array(z.object({ name: z.string().min(1), document: documentSchema })).optional(),
    managedPolicy: z
      .object({
        arn: z.string(),
        document: documentSchema.nullable(),
        attached: z.boolean(),
        versions: z.array(z.object({ versionId: z.string(), isDefault: z.boolean(), document: documentSchema })).optional()
      })
      .optional(),
    description: z.string().optional()
  }),
  source: z
    .object({
      accountId: z.string().regex(/^\d{12}$/),
      principal: z.object({ kind: z.enum(['role', 'user']), name: z.string().min(1), arn: z.string() }),
      policyName: z.string().min(1),
      document: documentSchema.nullable()
    })
    .optional()
})

/** Which resources a backup covers: derived from a setup (apply) or from an earlier backup (restore). */
export interface BackupSubject {
  setupName: string
  permissionsMode: PermissionsMode
  targetAccountId: string
  roleName: string
  permissionsPolicyName: string
  /** Managed mode: the managed policy's ARN. */
  managedPolicyArn?: string | undefined
  /** Keys of the role tags the tool sets. */
  tagKeys: string[]
  /** The caller in A, when its inline policy is in scope. */
  source?: { accountId: string; policyName: string } | undefined
}

export function backupSubjectOfSetup(desired: ApplyDesired): BackupSubject {
  const { setup } = desired
  return {
    setupName: setup.name,
    permissionsMode: desired.permissionsMode,
    targetAccountId: setup.targetAccountId,
    roleName: setup.roleName,
    permissionsPolicyName: setup.permissionsPolicyName,
    managedPolicyArn: desired.permissionsMode === 'managed' ? managedPolicyArn(setup) : undefined,
    tagKeys: Object.keys(desiredRoleTags(setup)),
    source: { accountId: setup.sourceAccountId, policyName: setup.sourcePolicyName }
  }
}

export function backupSubjectOfBackup(backup: BackupFile): BackupSubject {
  return {
    setupName: backup.setup,
    permissionsMode: backup.permissionsMode,
    targetAccountId: backup.target.accountId,
    roleName: backup.target.roleName,
    permissionsPolicyName: backup.target.inlinePolicy.name,
    managedPolicyArn: backup.target.managedPolicy?.arn,
    tagKeys: Object.keys(backup.target.tags ?? {}),
    source: backup.source && { accountId: backup.source.accountId, policyName: backup.source.policyName }
  }
}

/** What AWS held (the observation) for a subject's resources, as a backup file's content. */
export function buildBackup(subject: BackupSubject, observation: ApplyObservation, now: Date): BackupFile {
  const role = observation.target.role
  const doc = (document: PolicyDocument | undefined): PolicyDocument | null => (document ? (sortKeysDeep(document) as PolicyDocument) : null)
  const backup: BackupFile = {
    kind: BACKUP_KIND,
    formatVersion: BACKUP_FORMAT_VERSION,
    createdAt: now.toISOString(),
    setup: subject.setupName,
    permissionsMode: subject.permissionsMode,
    target: {
      accountId: subject.targetAccountId,
      roleName: subject.roleName,
      roleExisted: role !== undefined,
      inlinePolicy: { name: subject.permissionsPolicyName, document: doc(observation.target.inlinePermissions) }
    }
  }
  const others = Object.entries(observation.target.inlinePolicies ?? {}).filter(([name]) => name !== subject.permissionsPolicyName)
  if (others.length > 0) backup.target.otherInlinePolicies = others.map(([name, document]) => ({ name, document: doc(document)! }))
  if (role) {
    backup.target.trustPolicy = doc(role.trustPolicy) ?? undefined
    backup.target.maxSessionDurationSeconds = role.maxSessionDurationSeconds
    if (role.description !== undefined) backup.target.description = role.description
    // All of them: restore puts back any tag changed since, not only the tool's (issue 17).
    backup.target.tags = { ...Object.fromEntries(subject.tagKeys.map((key) => [key, null])), ...role.tags }
  }
  if (subject.managedPolicyArn) {
    const arn = subject.managedPolicyArn
    const managed = observation.target.managedPolicy
    backup.target.managedPolicy = { arn, document: doc(managed?.defaultDocument), attached: observation.target.attachedPolicyArns.includes(arn) }
    const versions = (managed?.versions ?? []).flatMap((version) => {
      const document = doc(managed?.versionDocuments?.[version.versionId])
      return document ? [{ versionId: version.versionId, isDefault: version.isDefault, document }] : []
    })
    if (versions.length > 0) backup.target.managedPolicy.versions = versions
  }
  const source = observation.source
  if (source && subject.source) {
    backup.source = { accountId: subject.source.accountId, principal: source.principal, policyName: subject.source.policyName, document: doc(source.inlinePolicy) }
  }
  return backup
}

/**
 * What a write found in place of what the plan had read: someone else's edit, made after the plan
 * (issue 17). The run stops without overwriting it, and the backup is updated to hold it, so that
 * `--restore` brings back their edit rather than the older copy the plan saw.
 */
export type ReadLast =
  | { resource: 'trust-policy'; document: PolicyDocument | undefined }
  | { resource: 'max-session-duration'; seconds: number | undefined }
  | { resource: 'tags'; tags: Record<string, string> }
  | { resource: 'inline-policy'; side: 'target' | 'source'; document: PolicyDocument | undefined }
  | { resource: 'managed-policy'; versionId: string | undefined; document: PolicyDocument | undefined }

/** The backup with one resource replaced by what was read last (see ReadLast); the rest as before. */
export function withReadLast(backup: BackupFile, readLast: ReadLast): BackupFile {
  const doc = (document: PolicyDocument | undefined): PolicyDocument | null => (document ? (sortKeysDeep(document) as PolicyDocument) : null)
  const target = { ...backup.target }
  const next: BackupFile = { ...backup, target }
  switch (readLast.resource) {
    case 'trust-policy':
      target.trustPolicy = doc(readLast.document) ?? undefined
      break
    case 'max-session-duration':
      target.maxSessionDurationSeconds = readLast.seconds
      break
    case 'tags':
      // Keys the tool sets that are still absent stay null: restore must know they were not there.
      target.tags = { ...Object.fromEntries(Object.keys(target.tags ?? {}).map((key) => [key, null])), ...readLast.tags }
      break
    case 'inline-policy':
      if (readLast.side === 'source' && backup.source) next.source = { ...backup.source, document: doc(readLast.document) }
      else if (readLast.side === 'target') target.inlinePolicy = { ...target.inlinePolicy, document: doc(readLast.document) }
      break
    case 'managed-policy': {
      const managed = target.managedPolicy
      if (!managed) break
      const document = doc(readLast.document)
      const versions = (managed.versions ?? []).map((version) => ({ ...version, isDefault: version.versionId === readLast.versionId }))
      if (document && readLast.versionId && !versions.some((version) => version.versionId === readLast.versionId)) versions.unshift({ versionId: readLast.versionId, isDefault: true, document })
      target.managedPolicy = { ...managed, document, ...(versions.length > 0 ? { versions } : {}) }
      break
    }
  }
  return next
}

/** `2026-11-23T07-05-09-123Z`: sortable, and valid in file names on every OS (no colons). */
export function backupTimestamp(now: Date): string {
  return now.toISOString().replace(/[:.]/g, '-')
}

/** Relative path of a backup, under the working directory. */
export function backupRelativePath(now: Date, roleName: string): string {
  return `.bedrock-xacct/backups/${backupTimestamp(now)}-${roleName}.json`
}

/** Parse and validate a backup file's text; `file` names it in errors (exit 2). */
export function parseBackup(file: string, text: string): BackupFile {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    throw invalidInput('--restore', file, 'a backup file written by init --apply (this file is not JSON)')
  }
  const structure = jsonStructureProblem(text)
  if (structure !== undefined) throw invalidInput('--restore', file, `a backup file written by init --apply (${structure})`)
  const parsed = backupSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue ? `${issue.path.join('.') || '(top level)'}: ${issue.message}` : 'unknown problem'
    throw invalidInput('--restore', file, `a backup file written by init --apply (${where})`)
  }
  return parsed.data as BackupFile
}
