/**
 * The real AWS adapters (src/aws/factory.ts and the ports) over HTTP against the sandbox, with the
 * endpoint found the way users' tools find LocalStack or moto: AWS_ENDPOINT_URL in the
 * environment, no endpoint option given to the factory.
 *
 * Fixtures (default world, src/sandbox/worlds/default-world.ts): A = 111111111111 — user
 * `app-caller` (203.0.113.10), granted sts:AssumeRole below; B = 222222222222 — user `admin`, and
 * the role `BedrockAccessRole` put below (trusts A with ExternalId `ext-e2e-123`, allows Haiku and
 * cloudtrail:LookupEvents).
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SignJWT } from 'jose'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { isAwsCallError, type AwsCallError } from '../../src/core/ports/aws-error.js'
import type { PolicyDocument } from '../../src/core/evaluate.js'
import { createAwsFactory } from '../../src/aws/factory.js'
import type { AwsClients, AwsFactory, TemporaryCredentials } from '../../src/core/ports/aws.js'
import { ACCOUNT_A, ACCOUNT_B, GITHUB_OIDC_HOST, GITHUB_OIDC_SIGNING_SECRET, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js'

const REGION = 'us-east-1'
const ROLE_NAME = 'BedrockAccessRole'
const ROLE_ARN = `arn:aws:iam::${ACCOUNT_B}:role/${ROLE_NAME}`
const EXTERNAL_ID = 'ext-e2e-123'
const HAIKU = 'anthropic.claude-3-5-haiku-20241022-v1:0'

const TRUST: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'TrustA', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_A}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': EXTERNAL_ID } } }]
}
const PERMISSIONS: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Invoke', Effect: 'Allow', Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'], Resource: `arn:aws:bedrock:${REGION}::foundation-model/${HAIKU}` },
    { Sid: 'Trail', Effect: 'Allow', Action: 'cloudtrail:LookupEvents', Resource: '*' }
  ]
}

let sandbox: TestSandbox
let factory: AwsFactory

async function failureOf(promise: Promise<unknown>): Promise<AwsCallError> {
  try {
    await promise
  } catch (error) {
    if (isAwsCallError(error)) return error
    throw error
  }
  throw new Error('expected an AwsCallError')
}

function caller(): AwsClients {
  return factory.fromChain({ static: sandbox.principals.sourceCaller }, REGION)
}
function targetAdmin(): AwsClients {
  return factory.fromChain({ static: sandbox.principals.targetAdmin, accountId: ACCOUNT_B }, REGION)
}
async function assume(session: string): Promise<TemporaryCredentials> {
  return (await caller().sts.assumeRole({ roleArn: ROLE_ARN, roleSessionName: session, externalId: EXTERNAL_ID })).credentials
}

beforeAll(async () => {
  sandbox = await startTestSandbox()
  sandbox.state.putRole(ACCOUNT_B, { name: ROLE_NAME, trustPolicy: TRUST, inlinePolicies: [{ name: 'bedrock', document: PERMISSIONS }], maxSessionDurationSeconds: 7200 }, new Date())
  sandbox.state.putUserPolicy(ACCOUNT_A, 'app-caller', 'source', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ROLE_ARN }] })
  // No endpointUrl: the SDK must find the sandbox through AWS_ENDPOINT_URL, set by startTestSandbox.
  factory = createAwsFactory({ maxAttempts: 3 })
})

afterAll(async () => {
  await sandbox.stop()
})

afterEach(() => {
  sandbox.setFaults([])
})

describe('identity and AssumeRole', () => {
  it('reads the caller identity through AWS_ENDPOINT_URL, with static keys and with the env-key chain', async () => {
    expect(process.env.AWS_ENDPOINT_URL).toBe(sandbox.endpoint)
    expect(await caller().sts.getCallerIdentity()).toMatchObject({ account: ACCOUNT_A, arn: `arn:aws:iam::${ACCOUNT_A}:user/app-caller` })
    process.env.AWS_ACCESS_KEY_ID = sandbox.principals.targetAdmin.accessKeyId
    process.env.AWS_SECRET_ACCESS_KEY = sandbox.principals.targetAdmin.secretAccessKey
    try {
      const viaChain = await createAwsFactory().fromChain({}, REGION).sts.getCallerIdentity()
      expect(viaChain.arn).toBe(`arn:aws:iam::${ACCOUNT_B}:user/admin`)
    } finally {
      delete process.env.AWS_ACCESS_KEY_ID
      delete process.env.AWS_SECRET_ACCESS_KEY
    }
  })

  it('assumes the role with the ExternalId; without it, an access-denied error with a trust hint', async () => {
    const assumed = await caller().sts.assumeRole({ roleArn: ROLE_ARN, roleSessionName: 'e2e-ok', externalId: EXTERNAL_ID, durationSeconds: 900 })
    expect(assumed.assumedRoleArn).toBe(`arn:aws:sts::${ACCOUNT_B}:assumed-role/${ROLE_NAME}/e2e-ok`)
    expect(assumed.credentials.accessKeyId).toMatch(/^ASIA/)
    expect(assumed.credentials.expiration.getTime()).toBeGreaterThan(Date.now())
    const role = factory.fromCredentials(assumed.credentials, REGION, { accountId: ACCOUNT_B })
    expect((await role.sts.getCallerIdentity()).arn).toBe(assumed.assumedRoleArn)

    const denied = await failureOf(caller().sts.assumeRole({ roleArn: ROLE_ARN, roleSessionName: 'e2e-no-ext' }))
    expect(denied.failure).toMatchObject({ kind: 'access-denied', awsCode: 'AccessDenied', statusCode: 403 })
    expect(denied.failure.awsMessage).toBe(`User: arn:aws:iam::${ACCOUNT_A}:user/app-caller is not authorized to perform: sts:AssumeRole on resource: ${ROLE_ARN}`)
    expect(denied.hint).toMatch(/trust policy/)
    expect(denied.exitCode).toBe(3)
  })

  it('maps DurationSeconds over the maximum to invalid-request with STS wording', async () => {
    const error = await failureOf(caller().sts.assumeRole({ roleArn: ROLE_ARN, roleSessionName: 'e2e-long', externalId: EXTERNAL_ID, durationSeconds: 43_200 }))
    expect(error.failure).toMatchObject({ kind: 'invalid-request', awsCode: 'ValidationError' })
    expect(error.failure.awsMessage).toContain('MaxSessionDuration')
  })

  it('takes CI OIDC credentials from AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN through the default chain', async () => {
    const ciRole = `arn:aws:iam::${ACCOUNT_B}:role/GitHubCiRole`
    const trust: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::${ACCOUNT_B}:oidc-provider/${GITHUB_OIDC_HOST}` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: 'sts.amazonaws.com' }, StringLike: { [`${GITHUB_OIDC_HOST}:sub`]: 'repo:acme/gateway:*' } }
        }
      ]
    }
    sandbox.state.putRole(ACCOUNT_B, { name: 'GitHubCiRole', trustPolicy: trust }, new Date())
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(`https://${GITHUB_OIDC_HOST}`)
      .setSubject('repo:acme/gateway:ref:refs/heads/main')
      .setAudience('sts.amazonaws.com')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(GITHUB_OIDC_SIGNING_SECRET))
    const tokenFile = join(mkdtempSync(join(tmpdir(), 'xacct-oidc-')), 'token')
    writeFileSync(tokenFile, token, { mode: 0o600 })
    process.env.AWS_WEB_IDENTITY_TOKEN_FILE = tokenFile
    process.env.AWS_ROLE_ARN = ciRole
    process.env.AWS_ROLE_SESSION_NAME = 'ci-run'
    try {
      const identity = await createAwsFactory().fromChain({}, REGION).sts.getCallerIdentity()
      expect(identity.arn).toBe(`arn:aws:sts::${ACCOUNT_B}:assumed-role/GitHubCiRole/ci-run`)
    } finally {
      delete process.env.AWS_WEB_IDENTITY_TOKEN_FILE
      delete process.env.AWS_ROLE_ARN
      delete process.env.AWS_ROLE_SESSION_NAME
    }
  })

  it('resolves an assume-role profile (source_profile, role_arn, external_id) through the sandbox', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xacct-profile-'))
    const keys = sandbox.principals.sourceCaller
    writeFileSync(join(dir, 'credentials'), `[base]\naws_access_key_id = ${keys.accessKeyId}\naws_secret_access_key = ${keys.secretAccessKey}\n`, { mode: 0o600 })
    writeFileSync(join(dir, 'config'), `[profile xacct]\nrole_arn = ${ROLE_ARN}\nsource_profile = base\nexternal_id = ${EXTERNAL_ID}\nrole_session_name = profile-session\nregion = ${REGION}\n`)
    const saved = { config: process.env.AWS_CONFIG_FILE, credentials: process.env.AWS_SHARED_CREDENTIALS_FILE }
    process.env.AWS_CONFIG_FILE = join(dir, 'config')
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials')
    try {
      const identity = await createAwsFactory().fromChain({ profile: 'xacct' }, REGION).sts.getCallerIdentity()
      expect(identity.arn).toBe(`arn:aws:sts::${ACCOUNT_B}:assumed-role/${ROLE_NAME}/profile-session`)
    } finally {
      process.env.AWS_CONFIG_FILE = saved.config
      process.env.AWS_SHARED_CREDENTIALS_FILE = saved.credentials
    }
  })

  it('reports unknown keys and unknown profiles as credentials errors (exit 3), naming what to fix', async () => {
    const unknown = await failureOf(factory.fromChain({ static: { accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: 'nope-nope-nope-nope' } }, REGION).sts.getCallerIdentity())
    expect(unknown.failure).toMatchObject({ kind: 'credentials', awsCode: 'InvalidClientTokenId' })
    const profile = await failureOf(factory.fromChain({ profile: 'no-such-profile' }, REGION).sts.getCallerIdentity())
    expect(profile.failure.kind).toBe('credentials')
    expect(profile.hint).toContain('no-such-profile')
    expect(profile.exitCode).toBe(3)
  })
})

describe('IAM', () => {
  it('decodes the URL-encoded trust policy and inline policy, and answers undefined for a missing role', async () => {
    const iam = targetAdmin().iam
    const role = await iam.getRole(ROLE_NAME)
    expect(role).toMatchObject({ arn: ROLE_ARN, name: ROLE_NAME, maxSessionDurationSeconds: 7200 })
    expect(role?.trustPolicy).toEqual(TRUST)
    expect(await iam.listRolePolicies(ROLE_NAME)).toEqual(['bedrock'])
    expect(await iam.getRolePolicy(ROLE_NAME, 'bedrock')).toEqual(PERMISSIONS)
    expect(await iam.getRolePolicy(ROLE_NAME, 'missing')).toBeUndefined()
    expect(await iam.getRole('NoSuchRole')).toBeUndefined()
  })

  it('simulates the principal policy with typed context entries (aws:SourceIp as ip)', async () => {
    const adminA = factory.fromChain({ static: sandbox.principals.sourceAdmin }, REGION).iam
    const simulate = (ip: string) =>
      adminA.simulatePrincipalPolicy({
        policySourceArn: `arn:aws:iam::${ACCOUNT_A}:user/app-caller`,
        actionNames: ['sts:AssumeRole', 'iam:GetUser'],
        resourceArns: [ROLE_ARN],
        context: { 'aws:SourceIp': [ip] }
      })
    expect((await simulate('203.0.113.10')).map((r) => [r.action, r.decision])).toEqual([
      ['sts:AssumeRole', 'allowed'],
      ['iam:GetUser', 'implicitDeny']
    ])
  })

  it('writes a role and reads back exactly what it wrote', async () => {
    const iam = targetAdmin().iam
    const created = await iam.createRole({ roleName: 'E2eWritten', path: '/', trustPolicy: TRUST, maxSessionDurationSeconds: 3600, description: 'e2e', tags: { 'managed-by': 'bedrock-xacct' } })
    expect(created.trustPolicy).toEqual(TRUST)
    await iam.putRolePolicy('E2eWritten', 'p', PERMISSIONS)
    expect(await iam.getRolePolicy('E2eWritten', 'p')).toEqual(PERMISSIONS)
    expect((await iam.getRole('E2eWritten'))?.tags).toEqual({ 'managed-by': 'bedrock-xacct' })
  })
})

describe('Bedrock through the assumed role (fromCredentials)', () => {
  it('answers Converse and ConverseStream with text, usage and latency', async () => {
    const bedrock = factory.fromCredentials(await assume('e2e-converse'), REGION, { accountId: ACCOUNT_B }).bedrock()
    const input = { modelId: HAIKU, system: 'Answer briefly.', prompt: 'Say hello.', maxTokens: 64, temperature: 0 }
    const answer = await bedrock.converse(input)
    expect(answer.text.length).toBeGreaterThan(0)
    expect(answer.usage.totalTokens).toBe(answer.usage.inputTokens + answer.usage.outputTokens)
    expect(answer.latencyMs).toBeGreaterThan(0)
    const streamed = await bedrock.converseStream(input)
    expect(streamed.text.length).toBeGreaterThan(0)
    expect(streamed.usage.outputTokens).toBeGreaterThan(0)
  })

  it('signs with SigV4 even when AWS_BEARER_TOKEN_BEDROCK is set', async () => {
    process.env.AWS_BEARER_TOKEN_BEDROCK = 'bearer-token-that-must-not-be-used'
    try {
      const bedrock = createAwsFactory()
        .fromCredentials(await assume('e2e-bearer'), REGION)
        .bedrock()
      expect((await bedrock.converse({ modelId: HAIKU, prompt: 'hi', maxTokens: 16, temperature: 0 })).text.length).toBeGreaterThan(0)
    } finally {
      delete process.env.AWS_BEARER_TOKEN_BEDROCK
    }
  })

  it('denies a model outside the permissions policy, with the action in the hint', async () => {
    const bedrock = factory.fromCredentials(await assume('e2e-denied'), REGION).bedrock()
    const error = await failureOf(bedrock.converse({ modelId: 'amazon.nova-lite-v1:0', prompt: 'hi', maxTokens: 16, temperature: 0 }))
    expect(error.failure).toMatchObject({ kind: 'access-denied', awsCode: 'AccessDeniedException' })
    expect(error.hint).toContain('bedrock:InvokeModel')
  })
})

describe('CloudTrail', () => {
  it('pages LookupEvents, says when it stopped early, and parses each CloudTrailEvent', async () => {
    const role = factory.fromCredentials(await assume('e2e-trail'), REGION, { accountId: ACCOUNT_B })
    for (let i = 0; i < 55; i++) await role.bedrock().converse({ modelId: HAIKU, prompt: `call ${i}`, maxTokens: 8, temperature: 0 })
    const trail = targetAdmin().cloudTrail()
    const window = { startTime: new Date(Date.now() - 600_000), endTime: new Date(Date.now() + 60_000), attribute: { key: 'EventName' as const, value: 'Converse' } }
    const first = await trail.lookupEvents({ ...window, maxPages: 1 })
    expect(first).toMatchObject({ truncated: true, pages: 1 })
    expect(first.events).toHaveLength(50)
    const all = await trail.lookupEvents({ ...window, maxPages: 10 })
    expect(all.truncated).toBe(false)
    expect(all.events.length).toBeGreaterThanOrEqual(55)
    const event = all.events[0]!
    expect(event.eventSource).toBe('bedrock.amazonaws.com')
    expect(event.record['requestParameters']).toMatchObject({ modelId: HAIKU })
    expect(event.record['userAgent']).toMatch(/bedrock-xacct\/\d+\.\d+\.\d+/)

    // `until`: paging stops at the first page where it holds (a fresh factory: nothing seen yet).
    const fresh = createAwsFactory({ maxAttempts: 3 }).fromChain({ static: sandbox.principals.targetAdmin, accountId: ACCOUNT_B }, REGION).cloudTrail()
    const newest = all.events[0]!.eventId
    const stopped = await fresh.lookupEvents({ ...window, maxPages: 10, until: (events) => events.some((e) => e.eventId === newest) })
    expect(stopped).toMatchObject({ truncated: true, pages: 1 })
  })

  it('never sends more than 2 LookupEvents per second for one account and region, across ports (account given or looked up)', async () => {
    const roleCredentials = await assume('e2e-rate')
    sandbox.calls.length = 0
    const window = { startTime: new Date(Date.now() - 60_000), endTime: new Date(), maxPages: 1 }
    const accountNotGiven = createAwsFactory().fromChain({ static: sandbox.principals.targetAdmin }, REGION)
    const ports = [accountNotGiven.cloudTrail(), factory.fromCredentials(roleCredentials, REGION, { accountId: ACCOUNT_B }).cloudTrail()]
    await Promise.all(Array.from({ length: 6 }, (_, i) => ports[i % 2]!.lookupEvents(window)))
    const times = sandbox.calls.filter((c) => c.operation === 'LookupEvents' && c.accountId === ACCOUNT_B).map((c) => c.at.getTime())
    expect(times).toHaveLength(6)
    for (let i = 2; i < times.length; i++) expect(times[i]! - times[i - 2]!).toBeGreaterThanOrEqual(1_000)
    expect(sandbox.calls.some((c) => c.errorCode === 'ThrottlingException')).toBe(false)
  })

  it('prepare(cloudtrail) finds the limiter account at once; the lookups then ask for it no more', async () => {
    sandbox.calls.length = 0
    const reader = createAwsFactory().fromChain({ static: sandbox.principals.targetAdmin }, REGION)
    reader.prepare?.(['cloudtrail'])
    await expect.poll(() => sandbox.calls.filter((c) => c.operation === 'GetCallerIdentity').length).toBe(1)
    const window = { startTime: new Date(Date.now() - 60_000), endTime: new Date(), maxPages: 1 }
    await reader.cloudTrail().lookupEvents(window)
    await reader.cloudTrail().lookupEvents(window)
    expect(sandbox.calls.map((c) => c.operation)).toEqual(['GetCallerIdentity', 'LookupEvents', 'LookupEvents'])
    // With the account given there is nothing to find: no request at all.
    sandbox.calls.length = 0
    targetAdmin().prepare?.(['cloudtrail', 'bedrock'])
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(sandbox.calls).toEqual([])
  })

  it('retries a throttled LookupEvents with backoff instead of failing', async () => {
    sandbox.setFaults([{ service: 'cloudtrail', operation: 'LookupEvents', kind: 'throttle', count: 2 }])
    const result = await targetAdmin()
      .cloudTrail()
      .lookupEvents({ startTime: new Date(Date.now() - 60_000), endTime: new Date(), maxPages: 1 })
    expect(result.pages).toBe(1)
  })

  it('turns AccessDenied on LookupEvents into a hint naming cloudtrail:LookupEvents', async () => {
    const error = await failureOf(
      caller()
        .cloudTrail()
        .lookupEvents({ startTime: new Date(Date.now() - 60_000), endTime: new Date(), maxPages: 1 })
    )
    expect(error.failure.kind).toBe('access-denied')
    expect(error.hint).toContain('cloudtrail:LookupEvents')
  })
})

describe('faults become the right AwsCallError, never a success', () => {
  it.each([
    ['an empty 200 to AssumeRole', { service: 'sts', operation: 'AssumeRole', kind: 'empty' }, 'unavailable', /malformed response/],
    ['garbage XML to AssumeRole', { service: 'sts', operation: 'AssumeRole', kind: 'malformed' }, 'unavailable', /malformed response/],
    ['throttling that outlasts the retries', { service: 'sts', operation: 'AssumeRole', kind: 'throttle' }, 'throttled', /Rate exceeded/],
    ['500 on every attempt', { service: 'sts', operation: 'AssumeRole', kind: 'error500' }, 'unavailable', /./],
    ['connection reset', { service: 'sts', operation: 'AssumeRole', kind: 'reset' }, 'unavailable', /./]
  ] as const)('%s → %s', async (_name, rule, kind, message) => {
    sandbox.setFaults([rule])
    const error = await failureOf(caller().sts.assumeRole({ roleArn: ROLE_ARN, roleSessionName: 'e2e-fault', externalId: EXTERNAL_ID }))
    expect(error.failure.kind).toBe(kind)
    expect(error.failure.awsMessage).toMatch(message)
    expect(error.exitCode).toBe(3)
  })

  it.each([
    ['Converse: empty 200 → unavailable', 'Converse', 'empty', 'unavailable'],
    ['Converse: garbage JSON → unavailable', 'Converse', 'malformed', 'unavailable'],
    ['Converse: 503 on every attempt → unavailable', 'Converse', 'error503', 'unavailable'],
    ['Converse: throttled on every attempt → throttled', 'Converse', 'throttle', 'throttled'],
    ['ConverseStream: connection reset → unavailable', 'ConverseStream', 'reset', 'unavailable'],
    ['ConverseStream: 500 on every attempt → unavailable', 'ConverseStream', 'error500', 'unavailable']
  ] as const)('Bedrock %s', async (_name, operation, faultKind, kind) => {
    const bedrock = factory.fromCredentials(await assume(`e2e-fault-${faultKind}`), REGION).bedrock()
    sandbox.setFaults([{ service: 'bedrock', operation, kind: faultKind }])
    const input = { modelId: HAIKU, prompt: 'hi', maxTokens: 16, temperature: 0 }
    const error = await failureOf(operation === 'Converse' ? bedrock.converse(input) : bedrock.converseStream(input))
    expect(error.failure.kind).toBe(kind)
  })

  it.each([
    ['an empty 200', 'empty'],
    ['garbage JSON', 'malformed']
  ] as const)('CloudTrail LookupEvents: %s is an error, not "no events"', async (_name, faultKind) => {
    sandbox.setFaults([{ service: 'cloudtrail', operation: 'LookupEvents', kind: faultKind }])
    const error = await failureOf(
      targetAdmin()
        .cloudTrail()
        .lookupEvents({ startTime: new Date(Date.now() - 60_000), endTime: new Date(), maxPages: 1 })
    )
    expect(error.failure.kind).toBe('unavailable')
  })

  it('makes exactly the bounded number of attempts (option, else AWS_MAX_ATTEMPTS)', async () => {
    sandbox.setFaults([{ service: 'sts', operation: 'GetCallerIdentity', kind: 'error500' }])
    const attempts = async (make: () => AwsFactory) => {
      sandbox.calls.length = 0
      await failureOf(make().fromChain({ static: sandbox.principals.sourceCaller }, REGION).sts.getCallerIdentity())
      return sandbox.calls.filter((c) => c.operation === 'GetCallerIdentity').length
    }
    expect(await attempts(() => createAwsFactory({ maxAttempts: 2 }))).toBe(2)
    process.env.AWS_MAX_ATTEMPTS = '1'
    try {
      expect(await attempts(() => createAwsFactory())).toBe(1)
    } finally {
      delete process.env.AWS_MAX_ATTEMPTS
    }
  })

  it('rides out one 500 with the SDK retry', async () => {
    sandbox.setFaults([{ service: 'sts', operation: 'AssumeRole', kind: 'error500', count: 1 }])
    expect((await caller().sts.assumeRole({ roleArn: ROLE_ARN, roleSessionName: 'e2e-retry', externalId: EXTERNAL_ID })).assumedRoleArn).toContain('e2e-retry')
  })

  it('gives up on a hung endpoint within the configured timeout', async () => {
    sandbox.setFaults([{ service: 'sts', operation: 'GetCallerIdentity', kind: 'latency', latencyMs: 3_000 }])
    const quick = createAwsFactory({ maxAttempts: 1, requestTimeoutMs: 300 })
    const started = Date.now()
    const error = await failureOf(quick.fromChain({ static: sandbox.principals.sourceCaller }, REGION).sts.getCallerIdentity())
    expect(error.failure.kind).toBe('unavailable')
    expect(Date.now() - started).toBeLessThan(2_500)
  })

  it('gives up on a hung Bedrock stream (HTTP/2) within the configured timeout', async () => {
    const credentials = await assume('e2e-hung')
    sandbox.setFaults([{ service: 'bedrock', operation: 'Converse', kind: 'latency', latencyMs: 3_000 }])
    const quick = createAwsFactory({ maxAttempts: 1, requestTimeoutMs: 300 })
    const started = Date.now()
    const error = await failureOf(quick.fromCredentials(credentials, REGION).bedrock().converse({ modelId: HAIKU, prompt: 'hi', maxTokens: 8, temperature: 0 }))
    expect(error.failure.kind).toBe('unavailable')
    expect(Date.now() - started).toBeLessThan(2_500)
  })

  it('honours AWS_ENDPOINT_URL_STS over AWS_ENDPOINT_URL, and an explicit endpointUrl over both', async () => {
    const saved = process.env.AWS_ENDPOINT_URL
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:9'
    process.env.AWS_ENDPOINT_URL_STS = sandbox.endpoint
    try {
      const perService = createAwsFactory({ maxAttempts: 1 }).fromChain({ static: sandbox.principals.sourceCaller }, REGION)
      expect((await perService.sts.getCallerIdentity()).account).toBe(ACCOUNT_A)
      const unreachable = await failureOf(perService.iam.getRole(ROLE_NAME))
      expect(unreachable.failure.kind).toBe('unavailable')
      delete process.env.AWS_ENDPOINT_URL_STS
      const explicit = createAwsFactory({ maxAttempts: 1, endpointUrl: sandbox.endpoint }).fromChain({ static: sandbox.principals.targetAdmin }, REGION)
      expect((await explicit.iam.getRole(ROLE_NAME))?.arn).toBe(ROLE_ARN)
    } finally {
      process.env.AWS_ENDPOINT_URL = saved
      delete process.env.AWS_ENDPOINT_URL_STS
    }
  })
})
