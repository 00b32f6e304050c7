/**
 * MemoryAws is the sandbox's engine behind the core ports: trust evaluation with the ExternalId,
 * STS's duration rules, IAM's version limit, scripted failures, CloudTrail paging; and, being the
 * engine, what the old hand-written fake lacked: failed calls in CloudTrail, the test clock as
 * aws:CurrentTime, SCPs, permissions boundaries and session policies.
 * Fixtures: A = 111111111111 (source, user `caller`), B = 222222222222 (target, role `BedrockAccessRole`).
 */
import { describe, expect, it } from 'vitest'
import { isAwsCallError, type AwsCallError } from '../../src/core/ports/aws-error.js'
import type { PolicyDocument } from '../../src/core/evaluate.js'
import { ACCOUNT_A, ACCOUNT_B, MemoryAws } from './memory-aws.js'

const ROLE_ARN = `arn:aws:iam::${ACCOUNT_B}:role/BedrockAccessRole`
const CALLER_ARN = `arn:aws:iam::${ACCOUNT_A}:user/caller`
const EXTERNAL_ID = 'ext-1234-abcd'
const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0'
const ALL_TIME = { startTime: new Date(0), endTime: new Date('2030-01-01T00:00:00Z'), maxPages: 5 }

const trust: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_A}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': EXTERNAL_ID } } }]
}
const allowAssume: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ROLE_ARN }] }
const allowModel: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: `arn:aws:bedrock:us-east-1::foundation-model/${MODEL}` }]
}
const allowNothing: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }

function world(now = () => new Date('2026-01-01T00:00:00Z')): MemoryAws {
  const aws = new MemoryAws({ now })
  aws.addUser(ACCOUNT_A, 'caller', { policies: { assume: allowAssume }, profile: 'source' })
  aws.addRole(ACCOUNT_B, { name: 'BedrockAccessRole', trustPolicy: trust, inlinePolicies: { bedrock: allowModel } })
  aws.setProfile('admin-a', `arn:aws:iam::${ACCOUNT_A}:root`)
  aws.setProfile('admin-b', `arn:aws:iam::${ACCOUNT_B}:root`)
  aws.enableModels(ACCOUNT_B, '*', [MODEL, 'amazon.nova-pro-v1:0'])
  return aws
}

async function failure(promise: Promise<unknown>): Promise<AwsCallError> {
  try {
    await promise
  } catch (error) {
    if (isAwsCallError(error)) return error
    throw error
  }
  throw new Error('expected an AwsCallError')
}

async function assumeAndConverse(aws: MemoryAws) {
  const assumed = await aws.fromChain({ profile: 'source' }, 'us-east-1').sts.assumeRole({ roleArn: ROLE_ARN, roleSessionName: 'test-session', externalId: EXTERNAL_ID })
  return aws.fromCredentials(assumed.credentials, 'us-east-1').bedrock().converse({ modelId: MODEL, prompt: 'hi', maxTokens: 50, temperature: 0 })
}

describe('MemoryAws STS', () => {
  it('assumes the role with the right ExternalId and reports the session identity', async () => {
    const aws = world()
    const source = aws.fromChain({ profile: 'source' }, 'us-east-1')
    expect(await source.sts.getCallerIdentity()).toMatchObject({ account: ACCOUNT_A, arn: CALLER_ARN })
    const assumed = await source.sts.assumeRole({ roleArn: ROLE_ARN, roleSessionName: 's1', externalId: EXTERNAL_ID })
    expect(assumed.assumedRoleArn).toBe(`arn:aws:sts::${ACCOUNT_B}:assumed-role/BedrockAccessRole/s1`)
    const target = aws.fromCredentials(assumed.credentials, 'us-east-1')
    expect((await target.sts.getCallerIdentity()).account).toBe(ACCOUNT_B)
  })

  it.each([
    ['without an ExternalId', undefined],
    ['with a wrong ExternalId', 'wrong-id']
  ])('denies AssumeRole %s, with no reason (cross-account, as AWS)', async (_name, externalId) => {
    const source = world().fromChain({ profile: 'source' }, 'us-east-1')
    const error = await failure(source.sts.assumeRole({ roleArn: ROLE_ARN, roleSessionName: 'test-session', externalId }))
    expect(error.failure).toMatchObject({ kind: 'access-denied', awsCode: 'AccessDenied' })
    expect(error.failure.awsMessage).toBe(`User: ${CALLER_ARN} is not authorized to perform: sts:AssumeRole on resource: ${ROLE_ARN}`)
  })

  it("denies when the caller's own policy lacks sts:AssumeRole", async () => {
    const aws = world()
    aws.setUserPolicies(ACCOUNT_A, 'caller', {})
    const error = await failure(aws.fromChain({ profile: 'source' }, 'us-east-1').sts.assumeRole({ roleArn: ROLE_ARN, roleSessionName: 'test-session', externalId: EXTERNAL_ID }))
    expect(error.failure.kind).toBe('access-denied')
  })

  it.each([
    [7_200, 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.'],
    [899, "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"]
  ])('rejects DurationSeconds %i as STS words it', async (durationSeconds, message) => {
    const source = world().fromChain({ profile: 'source' }, 'us-east-1')
    const error = await failure(source.sts.assumeRole({ roleArn: ROLE_ARN, roleSessionName: 'test-session', externalId: EXTERNAL_ID, durationSeconds }))
    expect(error.failure).toMatchObject({ kind: 'invalid-request', awsCode: 'ValidationError', awsMessage: message })
  })

  it('fails with a credentials error for an unknown profile, and for expired sessions', async () => {
    let now = new Date('2026-01-01T00:00:00Z')
    const aws = world(() => now)
    expect((await failure(aws.fromChain({ profile: 'nope' }, 'us-east-1').sts.getCallerIdentity())).failure.kind).toBe('credentials')
    const assumed = await aws.fromChain({ profile: 'source' }, 'us-east-1').sts.assumeRole({ roleArn: ROLE_ARN, roleSessionName: 'test-session', externalId: EXTERNAL_ID })
    now = new Date(now.getTime() + 3_601_000)
    const error = await failure(aws.fromCredentials(assumed.credentials, 'us-east-1').sts.getCallerIdentity())
    expect(error.failure).toMatchObject({ kind: 'credentials', awsCode: 'ExpiredToken' })
  })
})

describe('MemoryAws IAM', () => {
  it('logs write calls so an idempotent apply can be asserted', async () => {
    const aws = world()
    const iam = aws.fromChain({ profile: 'admin-b' }, 'us-east-1').iam
    expect((await iam.getRole('BedrockAccessRole'))?.trustPolicy).toEqual(trust)
    expect(await iam.getRole('Missing')).toBeUndefined()
    expect(aws.writeCalls()).toHaveLength(0)
    await iam.putRolePolicy('BedrockAccessRole', 'bedrock', allowModel)
    expect(aws.writeCalls().map((c) => c.operation)).toEqual(['PutRolePolicy'])
  })

  it('keeps at most five policy versions and refuses to delete the default', async () => {
    const aws = world()
    const iam = aws.fromChain({ profile: 'admin-b' }, 'us-east-1').iam
    const policy = await iam.createPolicy({ policyName: 'P', path: '/', document: allowModel, tags: {} })
    for (let i = 0; i < 4; i++) await iam.createPolicyVersion(policy.arn, allowModel, true)
    expect((await failure(iam.createPolicyVersion(policy.arn, allowModel, true))).failure).toMatchObject({ awsCode: 'LimitExceeded', kind: 'invalid-request' })
    expect((await failure(iam.deletePolicyVersion(policy.arn, 'v5'))).failure.awsCode).toBe('DeleteConflict')
    await iam.deletePolicyVersion(policy.arn, 'v1')
    expect((await iam.createPolicyVersion(policy.arn, allowModel, false)).versionId).toBe('v6')
  })

  it('fails scripted calls once, then lets them through', async () => {
    const aws = world()
    const iam = aws.fromChain({ profile: 'admin-b' }, 'us-east-1').iam
    aws.failNext('PutRolePolicy', 'access-denied')
    const error = await failure(iam.putRolePolicy('BedrockAccessRole', 'x', allowModel))
    expect(error.failure.awsMessage).toContain('iam:PutRolePolicy')
    await iam.putRolePolicy('BedrockAccessRole', 'x', allowModel)
    expect(aws.callsTo('PutRolePolicy').map((c) => c.error?.failure.kind)).toEqual(['access-denied', undefined])
  })

  it('simulates the principal policy with the evaluator', async () => {
    const iam = world().fromChain({ profile: 'admin-a' }, 'us-east-1').iam
    const results = await iam.simulatePrincipalPolicy({ policySourceArn: CALLER_ARN, actionNames: ['sts:AssumeRole', 'iam:CreateRole'], resourceArns: [ROLE_ARN] })
    expect(results.map((r) => r.decision)).toEqual(['allowed', 'implicitDeny'])
  })
})

describe('MemoryAws Bedrock and CloudTrail', () => {
  it('answers Converse for an allowed model and records every call in the trail', async () => {
    const aws = world()
    const source = aws.fromChain({ profile: 'source' }, 'us-east-1')
    const assumed = await source.sts.assumeRole({ roleArn: ROLE_ARN, roleSessionName: 'test-session', externalId: EXTERNAL_ID })
    const target = aws.fromCredentials(assumed.credentials, 'us-east-1')
    const answer = await target.bedrock().converse({ modelId: MODEL, prompt: 'hi', maxTokens: 50, temperature: 0 })
    expect(answer.text).toMatch(/^Hello from Claude 3 Haiku in us-east-1 \(sandbox\)/)
    const other = await failure(target.bedrock().converse({ modelId: 'amazon.nova-pro-v1:0', prompt: 'hi', maxTokens: 50, temperature: 0 }))
    expect(other.failure.kind).toBe('access-denied')
    const events = await aws.fromChain({ profile: 'admin-b' }, 'us-east-1').cloudTrail().lookupEvents(ALL_TIME)
    expect(events.events.map((e) => e.eventName).sort()).toEqual(['AssumeRole', 'Converse', 'Converse'])
    const assumeEvent = events.events.find((e) => e.eventName === 'AssumeRole')!
    expect(assumeEvent.record['userIdentity']).toMatchObject({ type: 'AWSAccount', accountId: ACCOUNT_A })
  })

  it('pages LookupEvents by 50, says when it stopped early, and honours the delivery delay', async () => {
    let now = new Date('2026-01-01T00:00:00Z')
    const aws = new MemoryAws({ now: () => now, trailDelayMs: 60_000 })
    aws.setProfile('admin-b', `arn:aws:iam::${ACCOUNT_B}:root`)
    for (let i = 0; i < 120; i++) aws.addTrailEvent(ACCOUNT_B, 'us-east-1', { eventName: 'Converse' })
    now = new Date(now.getTime() + 61_000)
    aws.addTrailEvent(ACCOUNT_B, 'us-east-1', { eventName: 'Converse' })
    const trail = aws.fromChain({ profile: 'admin-b' }, 'us-east-1').cloudTrail()
    const range = { startTime: new Date(0), endTime: now }
    expect(await trail.lookupEvents({ ...range, maxPages: 2 })).toMatchObject({ truncated: true, pages: 2 })
    const all = await trail.lookupEvents({ ...range, maxPages: 10 })
    expect([all.events.length, all.truncated, all.pages]).toEqual([120, false, 3])
    expect(aws.callsTo('LookupEvents')).toHaveLength(5)
  })
})

describe('MemoryAws is the engine: what the hand-written fake did not do', () => {
  it('records failed calls in CloudTrail, in both accounts for a cross-account AssumeRole', async () => {
    const aws = world()
    await failure(aws.fromChain({ profile: 'source' }, 'us-east-1').sts.assumeRole({ roleArn: ROLE_ARN, roleSessionName: 'test-session' }))
    for (const profile of ['admin-a', 'admin-b']) {
      const { events } = await aws.fromChain({ profile }, 'us-east-1').cloudTrail().lookupEvents(ALL_TIME)
      expect(events.map((e) => [e.eventName, e.record['errorCode']])).toEqual([['AssumeRole', 'AccessDenied']])
    }
  })

  it("evaluates aws:CurrentTime at the test clock's time, not the wall clock's", async () => {
    let now = new Date('2026-01-01T00:00:00Z')
    const aws = world(() => now)
    const until2027 = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ROLE_ARN, Condition: { DateLessThan: { 'aws:CurrentTime': '2027-01-01T00:00:00Z' } } }] }
    aws.setUserPolicies(ACCOUNT_A, 'caller', { assume: until2027 as PolicyDocument })
    const assume = () => aws.fromChain({ profile: 'source' }, 'us-east-1').sts.assumeRole({ roleArn: ROLE_ARN, roleSessionName: 'test-session', externalId: EXTERNAL_ID })
    expect((await assume()).assumedRoleArn).toContain('BedrockAccessRole')
    now = new Date('2028-01-01T00:00:00Z')
    expect((await failure(assume())).failure.kind).toBe('access-denied')
  })

  it("honours an SCP of the role's account", async () => {
    const aws = world()
    expect((await assumeAndConverse(aws)).text).toContain('(sandbox)')
    aws.addScp(ACCOUNT_B, 'NoBedrock', { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'bedrock:*', Resource: '*' }] })
    const error = await failure(assumeAndConverse(aws))
    expect(error.failure.awsMessage).toMatch(/with an explicit deny in a service control policy/)
  })

  it("honours the role's permissions boundary", async () => {
    const aws = world()
    const boundary = aws.addManagedPolicy(ACCOUNT_B, { name: 'Boundary', documents: [allowNothing] })
    aws.addRole(ACCOUNT_B, { name: 'BedrockAccessRole', trustPolicy: trust, inlinePolicies: { bedrock: allowModel }, permissionsBoundaryArn: boundary.arn })
    const error = await failure(assumeAndConverse(aws))
    expect(error.failure.awsMessage).toMatch(/because no permissions boundary allows the bedrock:InvokeModel action/)
  })

  it('honours the session policy of the credentials used', async () => {
    const aws = world()
    // A session minted with a session policy (the port's AssumeRole takes none), as another tool would.
    const caller = aws.fromChain({ profile: 'source' }, 'us-east-1')
    await caller.sts.getCallerIdentity()
    const request = { caller: callerOfSource(aws), region: 'us-east-1', requestId: 'r', receivedAt: aws.now(), userAgent: 'test' }
    const output = await aws.engine.sts(request, 'AssumeRole', { RoleArn: ROLE_ARN, RoleSessionName: 'test-session', ExternalId: EXTERNAL_ID, Policy: JSON.stringify(allowNothing) })
    const credentials = output.Credentials as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: Date }
    const target = aws.fromCredentials({ accessKeyId: credentials.AccessKeyId, secretAccessKey: credentials.SecretAccessKey, sessionToken: credentials.SessionToken, expiration: credentials.Expiration }, 'us-east-1')
    const error = await failure(target.bedrock().converse({ modelId: MODEL, prompt: 'hi', maxTokens: 50, temperature: 0 }))
    expect(error.failure.awsMessage).toMatch(/because no session policy allows the bedrock:InvokeModel action/)
  })
})

function callerOfSource(aws: MemoryAws) {
  const user = aws.store.getUser(ACCOUNT_A, 'caller')!
  return { accountId: ACCOUNT_A, arn: user.arn, type: 'IAMUser' as const, accessKeyId: 'AKIA-source', principalId: user.userId, isRoleSession: false, sourceIp: '203.0.113.10', identityPolicies: aws.store.identityPolicies(user) }
}
