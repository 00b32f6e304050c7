/** confirmWrite: each kind of write is read back; the old state after the pauses is exit 3 (issue 17). */
import { describe, expect, it } from 'vitest'
import type { Operation } from '../../../core/apply/operations.js'
import type { PolicyDocument } from '../../../core/evaluate.js'
import { isXacctError } from '../../../core/errors.js'
import type { IamPort, RoleInfo } from '../../../core/ports/aws.js'
import { READ_BACK_PAUSES_MS, confirmWrite } from './confirm.js'

const B = '222222222222'
const doc = (sid: string): PolicyDocument => ({ Version: '2012-10-17', Statement: [{ Sid: sid, Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] })
const role = (over: Partial<RoleInfo>): RoleInfo => ({ arn: `arn:aws:iam::${B}:role/R`, name: 'R', path: '/', roleId: 'AROAEXAMPLE', trustPolicy: doc('Old'), maxSessionDurationSeconds: 3600, tags: {}, ...over })

/** Each operation, with what a read shows once it is stored and before. */
const CASES: { operation: Operation; stored: Partial<IamPort>; old: Partial<IamPort> }[] = [
  {
    operation: { kind: 'createRole', side: 'target', input: { roleName: 'R', path: '/', trustPolicy: doc('New'), maxSessionDurationSeconds: 3600, tags: {} } },
    stored: { getRole: async () => role({ trustPolicy: doc('New') }) },
    old: { getRole: async () => undefined }
  },
  {
    operation: { kind: 'updateAssumeRolePolicy', side: 'target', roleName: 'R', document: doc('New') },
    stored: { getRole: async () => role({ trustPolicy: { Version: '2012-10-17', Statement: { Sid: 'New', Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: ['*'] } } }) },
    old: { getRole: async () => role({}) }
  },
  {
    operation: { kind: 'updateMaxSessionDuration', side: 'target', roleName: 'R', maxSessionDurationSeconds: 7200 },
    stored: { getRole: async () => role({ maxSessionDurationSeconds: 7200 }) },
    old: { getRole: async () => role({}) }
  },
  {
    operation: { kind: 'tagRole', side: 'target', roleName: 'R', tags: { 'managed-by': 'bedrock-xacct' } },
    stored: { getRole: async () => role({ tags: { 'managed-by': 'bedrock-xacct', other: 'kept' } }) },
    old: { getRole: async () => role({ tags: { other: 'kept' } }) }
  },
  {
    operation: { kind: 'untagRole', side: 'target', roleName: 'R', tagKeys: ['managed-by', 'use-case'] },
    stored: { getRole: async () => role({ tags: { other: 'kept' } }) },
    old: { getRole: async () => role({ tags: { 'use-case': 'chat', other: 'kept' } }) }
  },
  {
    operation: { kind: 'putRolePolicy', side: 'target', roleName: 'R', policyName: 'P', document: doc('New') },
    stored: { getRolePolicy: async () => doc('New') },
    old: { getRolePolicy: async () => doc('Old') }
  },
  {
    operation: { kind: 'deleteRolePolicy', side: 'target', roleName: 'R', policyName: 'P' },
    stored: { getRolePolicy: async () => undefined },
    old: { getRolePolicy: async () => doc('Old') }
  },
  {
    operation: { kind: 'putUserPolicy', side: 'source', userName: 'U', policyName: 'P', document: doc('New') },
    stored: { getUserPolicy: async () => doc('New') },
    old: { getUserPolicy: async () => undefined }
  },
  {
    operation: { kind: 'deletePolicyVersion', side: 'target', policyArn: `arn:aws:iam::${B}:policy/P`, versionId: 'v1' },
    stored: { listPolicyVersions: async () => [{ versionId: 'v2', isDefault: true, createDate: new Date(0) }] },
    old: { listPolicyVersions: async () => [{ versionId: 'v1', isDefault: false, createDate: new Date(0) }] }
  },
  {
    operation: { kind: 'attachRolePolicy', side: 'target', roleName: 'R', policyArn: `arn:aws:iam::${B}:policy/P` },
    stored: { listAttachedRolePolicies: async () => [{ arn: `arn:aws:iam::${B}:policy/P`, name: 'P' }] },
    old: { listAttachedRolePolicies: async () => [] }
  }
]

const noWait = async () => undefined

describe('confirmWrite', () => {
  it.each(CASES.map((c) => [c.operation.kind, c] as const))('%s: confirmed when the read shows it', async (_kind, c) => {
    await expect(confirmWrite(c.operation, c.stored as IamPort, noWait)).resolves.toBeUndefined()
  })

  it.each(CASES.map((c) => [c.operation.kind, c] as const))('%s: the old state after every pause is an environment error (exit 3)', async (_kind, c) => {
    const pauses: number[] = []
    const error = await confirmWrite(c.operation, c.old as IamPort, async (ms) => void pauses.push(ms)).catch((e: unknown) => e)
    expect(isXacctError(error) && error.exitCode).toBe(3)
    expect((error as Error).message).toMatch(/does not show it/)
    expect(pauses).toEqual([...READ_BACK_PAUSES_MS])
  })

  it('IAM showing the write late (eventual consistency) is confirmed after a pause', async () => {
    let reads = 0
    const iam = { getRolePolicy: async () => (++reads < 3 ? doc('Old') : doc('New')) } as Partial<IamPort> as IamPort
    await confirmWrite({ kind: 'putRolePolicy', side: 'target', roleName: 'R', policyName: 'P', document: doc('New') }, iam, noWait)
    expect(reads).toBe(3)
  })
})
