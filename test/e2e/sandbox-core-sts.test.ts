/**
 * The sandbox's STS through the real SDK: AssumeRole allowed and denied by each trust condition,
 * duration limits, role chaining, validation, web identity, and the CloudTrail pair.
 * Accounts: A = 111111111111 (caller app-caller, IP 203.0.113.10), B = 222222222222 (roles).
 */
import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PolicyDocument } from '../../src/core/evaluate.js'
import { ACCOUNT_A, ACCOUNT_B, GITHUB_OIDC_HOST, GITHUB_OIDC_SIGNING_SECRET, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js'

const ROLE = `arn:aws:iam::${ACCOUNT_B}:role/BedrockAccessRole`
const CALLER = `arn:aws:iam::${ACCOUNT_A}:user/app-caller`
const trustFromA = (Condition?: Record<string, Record<string, string | string[]>>): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_A}:root` }, Action: 'sts:AssumeRole', ...(Condition ? { Condition } : {}) }]
})
const denied = (role: string, who = CALLER) => `User: ${who} is not authorized to perform: sts:AssumeRole on resource: ${role}`

let sandbox: TestSandbox
let caller: STSClient

beforeAll(async () => {
  sandbox = await startTestSandbox()
  const now = new Date()
  const put = (name: string, trustPolicy: PolicyDocument, extra: object = {}) => sandbox.state.putRole(ACCOUNT_B, { name, trustPolicy, ...extra }, now)
  put('BedrockAccessRole', trustFromA({ StringEquals: { 'sts:ExternalId': 'ext-123' }, IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }), { maxSessionDurationSeconds: 7200 })
  put('OtherNetworkRole', trustFromA({ IpAddress: { 'aws:SourceIp': '198.51.100.0/24' } }))
  put('DurationConditionRole', trustFromA({ NumericLessThanEquals: { 'sts:DurationSeconds': '3600' } }))
  put('UnlistedRole', trustFromA())
  put('ChainFirstRole', trustFromA(), { inlinePolicies: [{ name: 'chain', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] } }] })
  put('ChainSecondRole', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_B}:role/ChainFirstRole` }, Action: 'sts:AssumeRole' }] }, { maxSessionDurationSeconds: 43200 })
  put('GitHubRole', {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: `arn:aws:iam::${ACCOUNT_B}:oidc-provider/${GITHUB_OIDC_HOST}` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: 'sts.amazonaws.com' }, StringLike: { [`${GITHUB_OIDC_HOST}:sub`]: 'repo:acme/gateway:*' } }
      }
    ]
  })
  const roles = ['BedrockAccessRole', 'OtherNetworkRole', 'DurationConditionRole', 'ChainFirstRole'].map((r) => `arn:aws:iam::${ACCOUNT_B}:role/${r}`)
  sandbox.state.putUserPolicy(ACCOUNT_A, 'app-caller', 'source', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roles }] })
  caller = sandbox.sts(sandbox.principals.sourceCaller)
})

afterAll(async () => {
  await sandbox.stop()
})

describe('AssumeRole: who may, under which conditions', () => {
  it.each([
    ['right ExternalId', { RoleArn: ROLE, ExternalId: 'ext-123' }, undefined],
    ['missing ExternalId', { RoleArn: ROLE }, denied(ROLE)],
    ['wrong ExternalId', { RoleArn: ROLE, ExternalId: 'ext-999' }, denied(ROLE)],
    ['source IP outside the allow-list', { RoleArn: `arn:aws:iam::${ACCOUNT_B}:role/OtherNetworkRole` }, denied(`arn:aws:iam::${ACCOUNT_B}:role/OtherNetworkRole`)],
    ['caller without sts:AssumeRole on the role', { RoleArn: `arn:aws:iam::${ACCOUNT_B}:role/UnlistedRole` }, denied(`arn:aws:iam::${ACCOUNT_B}:role/UnlistedRole`)],
    ['sts:DurationSeconds in the trust policy never matches', { RoleArn: `arn:aws:iam::${ACCOUNT_B}:role/DurationConditionRole`, DurationSeconds: 900 }, denied(`arn:aws:iam::${ACCOUNT_B}:role/DurationConditionRole`)],
    ['role that does not exist', { RoleArn: `arn:aws:iam::${ACCOUNT_B}:role/Nope` }, denied(`arn:aws:iam::${ACCOUNT_B}:role/Nope`)]
  ])('%s', async (_label, params, message) => {
    const attempt = caller.send(new AssumeRoleCommand({ RoleSessionName: 'test', ...params }))
    if (message === undefined) {
      const result = await attempt
      expect(result.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/)
      expect(result.Credentials?.SecretAccessKey).toHaveLength(40)
      expect(result.Credentials?.SessionToken?.length).toBeGreaterThan(300)
      expect(result.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ACCOUNT_B}:assumed-role/BedrockAccessRole/test`)
      expect(result.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z2-7]{17}:test$/)
    } else {
      await expect(attempt).rejects.toMatchObject({ name: 'AccessDenied', message, $metadata: { httpStatusCode: 403 } })
    }
  })

  it('gives credentials that work, through fromTemporaryCredentials', async () => {
    const credentials = sandbox.assumeRoleCredentials(sandbox.principals.sourceCaller, { RoleArn: ROLE, ExternalId: 'ext-123', RoleSessionName: 'tool' })
    const identity = await sandbox.sts(credentials).send(new GetCallerIdentityCommand({}))
    expect(identity).toMatchObject({ Account: ACCOUNT_B, Arn: `arn:aws:sts::${ACCOUNT_B}:assumed-role/BedrockAccessRole/tool` })
    expect(identity.UserId).toMatch(/^AROA[A-Z2-7]{17}:tool$/)
  })

  it('GetCallerIdentity names a user', async () => {
    const identity = await caller.send(new GetCallerIdentityCommand({}))
    expect(identity).toMatchObject({ Account: ACCOUNT_A, Arn: CALLER })
    expect(identity.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/)
  })
})

describe('AssumeRole: validation as AWS words it', () => {
  const validation = (member: string, value: string, constraint: string) => `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`
  it.each([
    ['duration over the role maximum', { RoleArn: ROLE, ExternalId: 'ext-123', DurationSeconds: 7201 }, 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.'],
    ['duration under 900', { RoleArn: ROLE, ExternalId: 'ext-123', DurationSeconds: 899 }, validation('durationSeconds', '899', 'Member must have value greater than or equal to 900')],
    ['ExternalId with a space', { RoleArn: ROLE, ExternalId: 'ext 123' }, validation('externalId', 'ext 123', 'Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*')],
    ['ExternalId of one character', { RoleArn: ROLE, ExternalId: 'x' }, validation('externalId', 'x', 'Member must have length greater than or equal to 2')],
    ['session name with a space', { RoleArn: ROLE, ExternalId: 'ext-123', RoleSessionName: 'my session' }, validation('roleSessionName', 'my session', 'Member must satisfy regular expression pattern: [\\w+=,.@-]*')]
  ])('%s → ValidationError', async (_label, params, message) => {
    await expect(caller.send(new AssumeRoleCommand({ RoleSessionName: 'test', ...params }))).rejects.toMatchObject({ name: 'ValidationError', message })
  })

  it('accepts the role maximum exactly', async () => {
    const result = await caller.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'long', ExternalId: 'ext-123', DurationSeconds: 7200 }))
    const seconds = (result.Credentials!.Expiration!.getTime() - Date.now()) / 1000
    expect(seconds).toBeGreaterThan(7100)
    expect(seconds).toBeLessThanOrEqual(7201)
  })
})

describe('role chaining', () => {
  const first = () => sandbox.assumeRoleCredentials(sandbox.principals.sourceCaller, { RoleArn: `arn:aws:iam::${ACCOUNT_B}:role/ChainFirstRole`, RoleSessionName: 'hop1' })
  const second = `arn:aws:iam::${ACCOUNT_B}:role/ChainSecondRole`

  it('caps the second hop at one hour', async () => {
    await expect(sandbox.sts(first()).send(new AssumeRoleCommand({ RoleArn: second, RoleSessionName: 'hop2', DurationSeconds: 3601 }))).rejects.toMatchObject({
      name: 'ValidationError',
      message: 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.'
    })
  })

  it('allows one hour, and the session is the second role', async () => {
    const hop2 = sandbox.assumeRoleCredentials(first(), { RoleArn: second, RoleSessionName: 'hop2', DurationSeconds: 3600 })
    const identity = await sandbox.sts(hop2).send(new GetCallerIdentityCommand({}))
    expect(identity.Arn).toBe(`arn:aws:sts::${ACCOUNT_B}:assumed-role/ChainSecondRole/hop2`)
  })
})

describe('AssumeRoleWithWebIdentity (GitHub OIDC in B)', () => {
  const token = (claims: { sub: string; aud?: string }, secret = GITHUB_OIDC_SIGNING_SECRET) =>
    new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(`https://${GITHUB_OIDC_HOST}`)
      .setSubject(claims.sub)
      .setAudience(claims.aud ?? 'sts.amazonaws.com')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(secret))
  const anonymous = () => new STSClient({ region: 'us-east-1', credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' } })
  const assume = async (jwt: string) => anonymous().send(new AssumeRoleWithWebIdentityCommand({ RoleArn: `arn:aws:iam::${ACCOUNT_B}:role/GitHubRole`, RoleSessionName: 'ci', WebIdentityToken: jwt }))

  it('allows a token whose sub matches', async () => {
    const result = await assume(await token({ sub: 'repo:acme/gateway:ref:refs/heads/main' }))
    expect(result.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ACCOUNT_B}:assumed-role/GitHubRole/ci`)
    expect(result.SubjectFromWebIdentityToken).toBe('repo:acme/gateway:ref:refs/heads/main')
    expect(result.Credentials?.AccessKeyId).toMatch(/^ASIA/)
    const event = sandbox.trail.events(ACCOUNT_B, 'us-east-1').find((e) => e.eventName === 'AssumeRoleWithWebIdentity' && !e.errorCode)
    expect(event).toMatchObject({
      sourceIPAddress: '192.0.2.30',
      userIdentity: { type: 'WebIdentityUser', userName: 'repo:acme/gateway:ref:refs/heads/main', identityProvider: GITHUB_OIDC_HOST }
    })
  })

  it.each([
    ['another repository', { sub: 'repo:evil/fork:ref:refs/heads/main' }, GITHUB_OIDC_SIGNING_SECRET, 'AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity'],
    ['a wrong audience', { sub: 'repo:acme/gateway:x', aud: 'other' }, GITHUB_OIDC_SIGNING_SECRET, 'InvalidIdentityTokenException', 'Incorrect token audience'],
    ['a forged signature', { sub: 'repo:acme/gateway:x' }, 'not-the-secret-not-the-secret-not-the-secret', 'InvalidIdentityTokenException', /could not be validated/]
  ])('denies %s', async (_label, claims, secret, name, message) => {
    await expect(assume(await token(claims, secret))).rejects.toMatchObject({ name, message: expect.stringMatching(message) })
  })
})

describe('CloudTrail', () => {
  it('records a cross-account AssumeRole in both accounts, joined by sharedEventID', async () => {
    await caller.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'trail', ExternalId: 'ext-123' }))
    const find = (account: string) => sandbox.trail.events(account, 'us-east-1').filter((e) => e.eventName === 'AssumeRole' && (e.requestParameters as { roleSessionName?: string } | null)?.roleSessionName === 'trail')
    const [inA] = find(ACCOUNT_A)
    const [inB] = find(ACCOUNT_B)
    expect(inA?.sharedEventID).toBeDefined()
    expect(inB?.sharedEventID).toBe(inA?.sharedEventID)
    expect(inB?.userIdentity).toMatchObject({ type: 'AWSAccount', accountId: ACCOUNT_A })
    expect(inA?.userIdentity).toMatchObject({ type: 'IAMUser', arn: CALLER })
    expect(inA?.requestParameters).toEqual({ roleArn: ROLE, roleSessionName: 'trail', externalId: 'ext-123' })
    const text = JSON.stringify([inA, inB])
    for (const secret of sandbox.mintedSecrets()) expect(text).not.toContain(secret)
  })

  it('records denials with the error code', async () => {
    await caller.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'denied-trail' })).catch(() => undefined)
    const event = sandbox.trail.events(ACCOUNT_A, 'us-east-1').find((e) => (e.requestParameters as { roleSessionName?: string } | null)?.roleSessionName === 'denied-trail')
    expect(event).toMatchObject({ errorCode: 'AccessDenied', errorMessage: denied(ROLE) })
  })
})
