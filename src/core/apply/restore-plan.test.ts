import { describe, expect, it } from 'vitest'
import type { RoleInfo } from '../ports/aws.js'
import type { BackupFile } from './backup.js'
import { planOperations } from './plan-types.js'
import { planRestore } from './restore-plan.js'
import type { ApplyObservation } from './desired-observed.js'

// Fixture accounts: A = 111111111111 (source, user app-caller), B = 222222222222 (target).
const ROLE_ARN = 'arn:aws:iam::222222222222:role/R'
const trust = (sid: string) => ({ Version: '2012-10-17', Statement: [{ Sid: sid, Effect: 'Allow' as const, Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] })
const role = (overrides: Partial<RoleInfo> = {}): RoleInfo => ({ arn: ROLE_ARN, name: 'R', path: '/', roleId: 'AROA1', trustPolicy: trust('Now'), maxSessionDurationSeconds: 3600, tags: { 'managed-by': 'bedrock-xacct' }, ...overrides })

function backup(overrides: Partial<BackupFile['target']> = {}, source?: BackupFile['source']): BackupFile {
  return {
    kind: 'bedrock-xacct-backup',
    formatVersion: 1,
    createdAt: '2026-11-23T08:00:00.000Z',
    setup: 's',
    permissionsMode: 'inline',
    target: { accountId: '222222222222', roleName: 'R', roleExisted: true, trustPolicy: trust('Before'), maxSessionDurationSeconds: 3600, tags: { 'managed-by': null }, inlinePolicy: { name: 'P', document: null }, ...overrides },
    source
  }
}

describe('planRestore', () => {
  it('puts the trust policy back exactly, removes the tag apply added, deletes the inline policy apply added', () => {
    const observation: ApplyObservation = { target: { role: role(), inlinePermissions: trust('Perm'), attachedPolicyArns: [] } }
    const plan = planRestore(backup(), observation, ROLE_ARN)
    expect(planOperations(plan)).toEqual([
      { kind: 'updateAssumeRolePolicy', side: 'target', roleName: 'R', document: trust('Before') },
      { kind: 'untagRole', side: 'target', roleName: 'R', tagKeys: ['managed-by'] },
      { kind: 'deleteRolePolicy', side: 'target', roleName: 'R', policyName: 'P' }
    ])
  })

  it('puts the tags back exactly as the backup holds them: changed values set back, added keys removed, in one plan line; others left alone', () => {
    const now = { 'managed-by': 'bedrock-xacct', 'use-case': 'chat', team: 'ml', 'added-later': 'x' }
    const observation: ApplyObservation = { target: { role: role({ trustPolicy: trust('Before'), tags: now }), attachedPolicyArns: [] } }
    const plan = planRestore(backup({ tags: { 'managed-by': null, 'use-case': 'batch', team: 'ml' } }), observation, ROLE_ARN)
    expect(planOperations(plan)).toEqual([
      { kind: 'tagRole', side: 'target', roleName: 'R', tags: { 'use-case': 'batch' } },
      { kind: 'untagRole', side: 'target', roleName: 'R', tagKeys: ['managed-by'] }
    ])
    const tags = plan.changes.filter((c) => c.resource === 'tags')
    expect(tags).toHaveLength(1)
    expect(tags[0]).toMatchObject({ action: 'update', before: { 'managed-by': 'bedrock-xacct', 'use-case': 'chat' }, after: { 'use-case': 'batch' } })
    expect(tags[0]!.summary).toMatch(/set use-case back; remove managed-by \(added by the apply\)/)
  })

  it('removes more than 50 added tags in calls of at most 50 keys (UntagRole TagKeys max 50)', () => {
    const added = Array.from({ length: 51 }, (_, i) => `k${String(i).padStart(2, '0')}`)
    const observation: ApplyObservation = { target: { role: role({ trustPolicy: trust('Before'), tags: Object.fromEntries(added.map((key) => [key, 'v'])) }), attachedPolicyArns: [] } }
    const plan = planRestore(backup({ tags: Object.fromEntries(added.map((key) => [key, null])) }), observation, ROLE_ARN)
    expect(planOperations(plan).map((o) => (o.kind === 'untagRole' ? o.tagKeys.length : o.kind))).toEqual([50, 1])
  })

  it('does nothing when AWS already holds the backup', () => {
    const observation: ApplyObservation = { target: { role: role({ trustPolicy: trust('Before'), tags: {} }), attachedPolicyArns: [] } }
    expect(planRestore(backup(), observation, ROLE_ARN).hasChanges).toBe(false)
  })

  it('never deletes a role apply created: a manual step instead', () => {
    const plan = planRestore(backup({ roleExisted: false, trustPolicy: undefined, tags: undefined }), { target: { role: role(), attachedPolicyArns: [] } }, ROLE_ARN)
    expect(plan.changes[0]).toMatchObject({ resource: 'role', action: 'manual' })
    expect(plan.hasChanges).toBe(false)
  })

  it('restores a managed policy as a new default version, rotating at 5 versions', () => {
    const arn = 'arn:aws:iam::222222222222:policy/P'
    const versions = [1, 2, 3, 4, 5].map((n) => ({ versionId: `v${n}`, isDefault: n === 5, createDate: new Date(Date.UTC(2026, 0, n)) }))
    const observation: ApplyObservation = {
      target: { role: role({ trustPolicy: trust('Before'), tags: {} }), attachedPolicyArns: [arn], managedPolicy: { info: { arn, name: 'P', defaultVersionId: 'v5' }, defaultDocument: trust('New'), versions } }
    }
    const plan = planRestore(backup({ managedPolicy: { arn, document: trust('Old'), attached: true } }), observation, ROLE_ARN)
    expect(planOperations(plan).map((o) => o.kind)).toEqual(['deletePolicyVersion', 'createPolicyVersion'])
    expect(planOperations(plan)[0]).toMatchObject({ versionId: 'v1' })
  })

  it('restores the caller’s source policy with A’s credentials, or says to pass --source-profile', () => {
    const source = { accountId: '111111111111', principal: { kind: 'role' as const, name: 'app', arn: 'arn:aws:iam::111111111111:role/app' }, policyName: 'S', document: trust('OldSource') }
    const target = { role: role({ trustPolicy: trust('Before'), tags: {} }), attachedPolicyArns: [] }
    const withCreds = planRestore(backup({}, source), { target, source: { principal: source.principal, inlinePolicy: trust('NewSource') } }, ROLE_ARN)
    expect(planOperations(withCreds)).toEqual([{ kind: 'putRolePolicy', side: 'source', roleName: 'app', policyName: 'S', document: trust('OldSource') }])
    const without = planRestore(backup({}, source), { target }, ROLE_ARN)
    expect(without.changes.at(-1)).toMatchObject({ resource: 'source-policy', action: 'manual' })
  })
})
