/**
 * `init --apply` over the in-memory AWS (test/helpers/apply-world.ts): what it writes, counted in
 * calls (issue 4's safety properties): creation, a second apply that writes nothing, trust
 * statements kept, weaker trust refused, managed policy versions, wrong-account credentials, a
 * denied write, and the wait for the caller. Accounts: A = 111111111111 (source; user app-caller
 * is the caller, user admin is profile `a-admin`), B = 222222222222 (target; profile `b-admin`).
 */
import { describe, expect, it } from 'vitest'
import { CALLER_ARN, applyTestContext, callerSetup as setupOf } from '../../../../test/helpers/apply-world.js'
import { ACCOUNT_A, ACCOUNT_B } from '../../../../test/helpers/memory-aws.js'
import { FIXTURE_EXTERNAL_ID } from '../../../../test/helpers/setup-fixture.js'
import type { PolicyDocument, PolicyStatement } from '../../../core/evaluate.js'
import { isXacctError } from '../../../core/errors.js'
import { statementsOf } from '../../../core/policy-document.js'
import type { ApplyOptions } from './index.js'

const ROLE = 'BedrockAccessRole'
const ctx = applyTestContext('apply-writes-')
const { apply, writes, stdout, stderr, backups } = ctx
const depsOf = ctx.deps

describe('init --apply over the in-memory AWS', () => {
  it('creates everything from nothing, then waits until the caller can assume the role', async () => {
    expect(await apply()).toBe(0)
    expect(writes()).toEqual(['CreateRole', 'PutRolePolicy', 'PutUserPolicy'])
    const role = ctx.aws.accounts[ACCOUNT_B]!.roles[ROLE]!
    expect(role.tags).toEqual({ 'managed-by': 'bedrock-xacct', 'use-case': 'chat' })
    expect(role.maxSessionDurationSeconds).toBe(3600)
    expect(statementsOf(role.trustPolicy).map((s) => s.Sid)).toEqual(['BedrockXacctTrust'])
    expect(Object.keys(role.inlinePolicies)).toEqual(['BedrockAccessRole-InvokePolicy'])
    expect(Object.keys(ctx.aws.accounts[ACCOUNT_A]!.users['app-caller']!.inlinePolicies)).toEqual(['AssumeBedrockAccessRole'])
    // The propagation wait assumed the role as the caller (default credentials), with the ExternalId.
    const assumes = ctx.aws.callsTo('AssumeRole')
    expect(assumes.at(-1)?.error).toBeUndefined()
    expect(assumes.at(-1)?.callerArn).toBe(CALLER_ARN)
    expect(stdout()).toContain('Applied: 3 calls made.')
    expect(stdout() + stderr()).not.toContain(FIXTURE_EXTERNAL_ID)
  })

  it('makes zero write calls on a second apply and says so', async () => {
    await apply()
    const before = ctx.aws.writeCalls().length
    expect(await apply()).toBe(0)
    expect(ctx.aws.writeCalls().length).toBe(before)
    expect(stdout()).toContain('No changes')
    expect(await backups()).toHaveLength(1)
  })

  it('keeps unrelated trust statements and replaces only its own, in place', async () => {
    const ec2: PolicyStatement = { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }
    const partner: PolicyStatement = { Sid: 'PartnerAudit', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::333333333333:root' }, Action: 'sts:AssumeRole' }
    // Stale: no ExternalId condition yet (adding one loses nothing; a narrower principal would be refused, see below).
    const staleOurs: PolicyStatement = { Sid: 'BedrockXacctTrust', Effect: 'Allow', Principal: { AWS: CALLER_ARN }, Action: 'sts:AssumeRole' }
    ctx.aws.addRole(ACCOUNT_B, {
      name: ROLE,
      trustPolicy: { Version: '2012-10-17', Statement: [ec2, staleOurs, partner] },
      description: 'hand-made',
      tags: { team: 'ml' },
      inlinePolicies: { 'BedrockAccessRole-InvokePolicy': { Version: '2012-10-17', Statement: [{ Sid: 'Logs', Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: '*' }] } }
    })
    expect(await apply()).toBe(0)
    const role = ctx.aws.accounts[ACCOUNT_B]!.roles[ROLE]!
    const trust = statementsOf(role.trustPolicy)
    expect(trust).toHaveLength(3)
    expect(trust[0]).toEqual(ec2)
    expect(trust[1]).toMatchObject({ Sid: 'BedrockXacctTrust', Principal: { AWS: CALLER_ARN } })
    expect(trust[2]).toEqual(partner)
    expect(statementsOf(role.inlinePolicies['BedrockAccessRole-InvokePolicy']).map((s) => s.Sid)).toEqual(['Logs', 'BedrockXacctInvoke'])
    expect(role.description).toBe('hand-made')
    expect(role.tags).toEqual({ team: 'ml', 'managed-by': 'bedrock-xacct', 'use-case': 'chat' })
    expect(writes()).toEqual(['UpdateAssumeRolePolicy', 'TagRole', 'PutRolePolicy', 'PutUserPolicy'])
    expect(stdout()).toMatch(/~ BedrockXacctTrust changed \(Condition\)/)
  })

  it('refuses to narrow the trusted principal or drop the ExternalId unless --allow-weaker-trust (exit 2, nothing written)', async () => {
    const rootTrust = {
      Version: '2012-10-17',
      Statement: [{ Sid: 'BedrockXacctTrust', Effect: 'Allow' as const, Principal: { AWS: `arn:aws:iam::${ACCOUNT_A}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': FIXTURE_EXTERNAL_ID } } }]
    }
    ctx.aws.addRole(ACCOUNT_B, { name: ROLE, trustPolicy: rootTrust, tags: {} })
    const error = await apply(setupOf({ externalId: undefined })).catch((e: unknown) => e)
    expect(error).toMatchObject({ exitCode: 2, message: expect.stringMatching(/would newly be allowed sts:AssumeRole with no sts:ExternalId.*principal arn:aws:iam::111111111111:root would no longer be trusted/) })
    expect(error).toMatchObject({ hint: expect.stringMatching(/pass --external-id/) })
    expect(writes()).toEqual([])
    expect(ctx.aws.accounts[ACCOUNT_B]!.roles[ROLE]!.trustPolicy).toEqual(rootTrust)
    expect(stdout()).toMatch(/WEAKER TRUST/)
    expect(stdout()).not.toContain(FIXTURE_EXTERNAL_ID)
    expect(await apply(setupOf({ externalId: undefined }), { allowWeakerTrust: true })).toBe(0)
    expect(statementsOf(ctx.aws.accounts[ACCOUNT_B]!.roles[ROLE]!.trustPolicy)[0]).toEqual({ Sid: 'BedrockXacctTrust', Effect: 'Allow', Principal: { AWS: CALLER_ARN }, Action: 'sts:AssumeRole' })
  })

  it('the plan names what the permissions and source policies would newly allow, by meaning (issue 17)', async () => {
    const oldModel = 'arn:aws:bedrock:us-east-1::foundation-model/some.other-model-v1:0'
    ctx.aws.addRole(ACCOUNT_B, {
      name: ROLE,
      trustPolicy: { Version: '2012-10-17', Statement: [{ Sid: 'Ec2', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
      tags: {},
      inlinePolicies: { 'BedrockAccessRole-InvokePolicy': { Version: '2012-10-17', Statement: [{ Sid: 'Mine', Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: oldModel }] } }
    })
    ctx.aws.putUserPolicy(ACCOUNT_A, 'app-caller', 'AssumeBedrockAccessRole', { Version: '2012-10-17', Statement: [{ Sid: 'Other', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${ACCOUNT_B}:role/Other` }] })
    expect(await apply(setupOf(), { dryRun: true })).toBe(0)
    expect(stdout()).toMatch(/inline policy BedrockAccessRole-InvokePolicy on role BedrockAccessRole\n[\s\S]*?newly allows:\n {8}bedrock:InvokeModel on arn:aws:bedrock:/)
    expect(stdout()).not.toMatch(/newly allows:[^~]*some\.other-model/)
    expect(stdout()).toMatch(/newly allows:\n {8}sts:AssumeRole on arn:aws:iam::222222222222:role\/BedrockAccessRole\n/)
    await apply(setupOf(), { dryRun: true }, depsOf({ json: true }))
    const doc = JSON.parse(ctx.io.stdout[0]!) as { plan: { changes: { resource: string; newlyAllowed?: string[] }[] } }
    expect(doc.plan.changes.find((change) => change.resource === 'source-policy')?.newlyAllowed).toEqual([`sts:AssumeRole on arn:aws:iam::${ACCOUNT_B}:role/${ROLE}`])
    expect(doc.plan.changes.find((change) => change.resource === 'permissions-policy')?.newlyAllowed?.join('\n')).toMatch(/bedrock:InvokeModel on/)
  })

  it('rotates managed policy versions: deletes the oldest non-default before the sixth', async () => {
    const arn = `arn:aws:iam::${ACCOUNT_B}:policy/BedrockAccessRole-InvokePolicy`
    const old = (n: number): PolicyDocument => ({ Version: '2012-10-17', Statement: [{ Sid: 'BedrockXacctInvoke', Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: `arn:aws:bedrock:us-east-1::foundation-model/old-${n}` }] })
    const policy = ctx.aws.addManagedPolicy(ACCOUNT_B, { name: 'BedrockAccessRole-InvokePolicy', documents: [1, 2, 3, 4, 5].map(old) })
    // Make v1 the default, so the oldest NON-default (v2) is the one to go.
    ctx.aws.setDefaultPolicyVersion(policy.arn, 'v1')
    expect(await apply(setupOf(), { managedPolicy: true })).toBe(0)
    expect(writes()).toEqual(['CreateRole', 'DeletePolicyVersion', 'CreatePolicyVersion', 'AttachRolePolicy', 'PutUserPolicy'])
    expect(ctx.aws.callsTo('DeletePolicyVersion')[0]?.input).toMatchObject({ versionId: 'v2' })
    const versions = ctx.aws.accounts[ACCOUNT_B]!.policies[arn]!.versions
    expect(versions).toHaveLength(5)
    expect(versions.find((v) => v.isDefault)?.versionId).toBe('v6')
    expect(ctx.aws.accounts[ACCOUNT_B]!.roles[ROLE]!.attachedPolicyArns).toEqual([arn])
    const before = ctx.aws.writeCalls().length
    expect(await apply(setupOf(), { managedPolicy: true })).toBe(0)
    expect(ctx.aws.writeCalls().length).toBe(before)
  })

  it.each([
    ['target', { targetProfile: 'a-admin' }, '--target-profile'],
    ['source', { sourceProfile: 'b-admin' }, '--source-profile'],
    ['default chain (in A) for target', { targetProfile: undefined }, '--target-profile']
  ])('refuses %s credentials of the wrong account before any write (exit 2)', async (_label, options, field) => {
    const error = await apply(setupOf(), options as Partial<ApplyOptions>).catch((e: unknown) => e)
    expect(isXacctError(error) && error.code).toBe('wrongAccount')
    expect(isXacctError(error) && error.exitCode).toBe(2)
    expect(isXacctError(error) && error.field).toBe(field)
    expect(writes()).toEqual([])
  })

  it('stops at a denied write, reports done / not done (exit 3), and a rerun completes the rest', async () => {
    ctx.aws.failNext('PutRolePolicy', 'access-denied')
    expect(await apply()).toBe(3)
    expect(stdout()).toMatch(/Done:\n {2}✓ CreateRole BedrockAccessRole/)
    expect(stdout()).toMatch(/✗ PutRolePolicy BedrockAccessRole-InvokePolicy on role BedrockAccessRole: .*AccessDenied/)
    expect(stdout()).toMatch(/Not done:\n {2}· PutUserPolicy/)
    expect(stderr()).toMatch(/grant iam:PutRolePolicy/)
    expect(await apply()).toBe(0)
    expect(writes()).toEqual(['CreateRole', 'PutRolePolicy', 'PutRolePolicy', 'PutUserPolicy'])
    expect(ctx.aws.callsTo('CreateRole')).toHaveLength(1)
  })

  it('says what A’s admin must do for an account-root caller, and writes nothing in A', async () => {
    expect(await apply(setupOf({ caller: { kind: 'account' } }))).toBe(0)
    expect(ctx.aws.writeCalls().every((c) => c.accountId === ACCOUNT_B)).toBe(true)
    expect(stdout()).toMatch(/! manual +source policy in account 111111111111/)
  })

  it('tries AssumeRole once (no 30 s wait) when the source policy was left to A’s admin', async () => {
    expect(await apply(setupOf(), { sourceProfile: undefined })).toBe(0)
    expect(ctx.aws.callsTo('AssumeRole')).toHaveLength(1)
    expect(stderr()).toMatch(/source policy in A was not applied by this run/)
  })

  it('gives up waiting after the bound when AssumeRole stays denied, and says so', async () => {
    ctx.aws.failWhen((call) => (call.operation === 'AssumeRole' ? 'access-denied' : undefined))
    expect(await apply()).toBe(0)
    expect(stderr()).toMatch(/still denied after/)
    expect(ctx.aws.callsTo('AssumeRole').length).toBeLessThanOrEqual(15)
  })
})
