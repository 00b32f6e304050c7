/**
 * Role reads through shareRoleReads answer as the per-role calls would, from two account listings
 * once enough roles are asked about together. Fixtures: B = 222222222222 with roles Role0…RoleN-1
 * (inline policy `invoke`, one shared managed policy), read by B's admin profile `admin-b`.
 */
import { describe, expect, it } from 'vitest'
import type { PolicyDocument } from '../core/evaluate.js'
import { ACCOUNT_B, MemoryAws } from '../../test/helpers/memory-aws.js'
import type { IamPort } from '../core/ports/aws.js'
import { BULK_READ_MIN_ROLES, shareRoleReads } from './shared-role-reads.js'

const trust = (i: number): PolicyDocument => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::111111111111:role/App${i}` }, Action: 'sts:AssumeRole' }] })
const invoke: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: '*' }] }
const shared: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'bedrock:Converse', Resource: '*' }] }

function world(roles: number): { aws: MemoryAws; iam: IamPort; plain: IamPort; policyArn: string } {
  // The wrapper under test is applied by hand, on the unshared port.
  const aws = new MemoryAws({ now: () => new Date('2026-01-01T00:00:00Z'), share: false })
  const policy = aws.addManagedPolicy(ACCOUNT_B, { name: 'SharedInvoke', documents: [shared] })
  for (let i = 0; i < roles; i++) {
    aws.addRole(ACCOUNT_B, {
      name: `Role${i}`,
      trustPolicy: trust(i),
      inlinePolicies: { invoke },
      attachedPolicyArns: [policy.arn],
      maxSessionDurationSeconds: 7_200,
      tags: { team: `t${i}` },
      ...(i === 0 ? { permissionsBoundaryArn: policy.arn, description: 'first' } : {})
    })
  }
  aws.setProfile('admin-b', `arn:aws:iam::${ACCOUNT_B}:root`)
  const plain = aws.fromChain({ profile: 'admin-b' }, 'us-east-1').iam
  return { aws, iam: shareRoleReads(plain), plain, policyArn: policy.arn }
}

/** Everything verify reads about a role, as one value. */
async function readRole(iam: IamPort, roleName: string) {
  const [role, inline, attached] = await Promise.all([iam.getRole(roleName), iam.listRolePolicies(roleName), iam.listAttachedRolePolicies(roleName)])
  const documents = await Promise.all(inline.map((name) => iam.getRolePolicy(roleName, name)))
  const managed = await Promise.all(attached.map(async (ref) => iam.getPolicyVersion(ref.arn, (await iam.getPolicy(ref.arn))!.defaultVersionId)))
  return { role, inline, documents, attached, managed, missingPolicy: await iam.getRolePolicy(roleName, 'nope') }
}

const operations = (aws: MemoryAws) => aws.calls.map((c) => c.operation)
const count = (aws: MemoryAws, operation: string) => aws.callsTo(operation).length

describe('shareRoleReads', () => {
  it(`${BULK_READ_MIN_ROLES}+ roles asked about together: two listings answer them all, exactly as the per-role calls would`, async () => {
    const roles = BULK_READ_MIN_ROLES + 5
    const { aws, iam, plain } = world(roles)
    const names = Array.from({ length: roles }, (_, i) => `Role${i}`)
    const shared = await Promise.all(names.map((name) => readRole(iam, name)))
    expect(
      operations(aws)
        .filter((op) => !op.startsWith('GetPolicy'))
        .sort()
    ).toEqual(['GetAccountAuthorizationDetails', 'ListRoles'])
    // Every role attaches the same managed policy: read once.
    expect([count(aws, 'GetPolicy'), count(aws, 'GetPolicyVersion')]).toEqual([1, 1])
    const alone = await Promise.all(names.map((name) => readRole(plain, name)))
    expect(shared).toEqual(alone)
    expect(shared[0]?.role).toMatchObject({ description: 'first', maxSessionDurationSeconds: 7_200, tags: { team: 't0' } })
    expect(shared[0]?.role?.permissionsBoundaryArn).toBeDefined()
  })

  it(`fewer than ${BULK_READ_MIN_ROLES} roles keep the per-role calls (one setup makes its own 4, no listing)`, async () => {
    const { aws, iam } = world(BULK_READ_MIN_ROLES + 5)
    await Promise.all(Array.from({ length: BULK_READ_MIN_ROLES - 1 }, (_, i) => readRole(iam, `Role${i}`)))
    expect(count(aws, 'ListRoles') + count(aws, 'GetAccountAuthorizationDetails')).toBe(0)
    expect(count(aws, 'GetRole')).toBe(BULK_READ_MIN_ROLES - 1)
  })

  it('roles asked about one by one count up: past the threshold, later roles come from the listings', async () => {
    const { aws, iam } = world(BULK_READ_MIN_ROLES + 5)
    for (let i = 0; i < BULK_READ_MIN_ROLES + 5; i++) await iam.getRole(`Role${i}`)
    expect(count(aws, 'GetRole')).toBe(BULK_READ_MIN_ROLES - 1)
    expect([count(aws, 'ListRoles'), count(aws, 'GetAccountAuthorizationDetails')]).toEqual([1, 1])
  })

  it('a role the listings do not show (just created, or missing) is read on its own', async () => {
    const { aws, iam } = world(BULK_READ_MIN_ROLES)
    const names = [...Array.from({ length: BULK_READ_MIN_ROLES }, (_, i) => `Role${i}`), 'Missing']
    const read = await Promise.all(names.map((name) => iam.getRole(name)))
    expect(read.at(-1)).toBeUndefined()
    expect(aws.callsTo('GetRole').map((c) => c.input)).toEqual([{ roleName: 'Missing' }])
  })

  it('a denied listing turns the sharing off: every role is read on its own, and no listing is tried again', async () => {
    const { aws, iam } = world(BULK_READ_MIN_ROLES * 2)
    aws.failNext('GetAccountAuthorizationDetails', 'access-denied')
    const first = await Promise.all(Array.from({ length: BULK_READ_MIN_ROLES }, (_, i) => iam.getRole(`Role${i}`)))
    const later = await Promise.all(Array.from({ length: BULK_READ_MIN_ROLES }, (_, i) => iam.getRole(`Role${BULK_READ_MIN_ROLES + i}`)))
    expect([...first, ...later].every((role) => role?.name.startsWith('Role'))).toBe(true)
    expect(count(aws, 'GetRole')).toBe(BULK_READ_MIN_ROLES * 2)
    expect(count(aws, 'GetAccountAuthorizationDetails')).toBe(1)
  })

  it('after a write, reads go to IAM again: nothing read before the write is served after it', async () => {
    const { aws, iam, policyArn } = world(BULK_READ_MIN_ROLES)
    await Promise.all(Array.from({ length: BULK_READ_MIN_ROLES }, (_, i) => readRole(iam, `Role${i}`)))
    const changed: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] }
    await iam.putRolePolicy('Role0', 'invoke', changed)
    await iam.createPolicyVersion(policyArn, changed, true)
    const after = await readRole(iam, 'Role0')
    expect(after.documents).toEqual([changed])
    expect(after.managed).toEqual([changed])
    expect(count(aws, 'GetRole')).toBe(1)
  })
})
