/**
 * CloudTrail in the sandbox, end to end through the real SDK clients only (AWS_ENDPOINT_URL).
 * Fixtures (default world): A = 111111111111 — `app-caller` (the caller, 203.0.113.10) and
 * `admin`; B = 222222222222 — `admin`. Set-up over the wire as users do it: B's admin creates the
 * access role with IAM, A's admin grants the caller sts:AssumeRole, the caller assumes the role.
 */
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime'
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail'
import type { LookupEventsCommandInput } from '@aws-sdk/client-cloudtrail'
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox } from '../../src/sandbox/index.js'
import { pointSdkAt } from '../helpers/sandbox.js'
import type { RunningSandbox } from '../../src/sandbox/index.js'

const A = '111111111111'
const B = '222222222222'
const REGION = 'us-east-1'
const ROLE = 'BedrockAccess'
const ROLE_ARN = `arn:aws:iam::${B}:role/${ROLE}`
const HAIKU = 'anthropic.claude-3-5-haiku-20241022-v1:0'

let sandbox: RunningSandbox
let savedEnv: NodeJS.ProcessEnv

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** LookupEvents allows 2 requests/s per account and region; pacing at this interval keeps under it. */
const LOOKUP_INTERVAL_MS = 520

type Keys = { accessKeyId: string; secretAccessKey: string; sessionToken?: string }

function trailClient(credentials: Keys, maxAttempts = 1) {
  return new CloudTrailClient({ region: REGION, credentials, maxAttempts })
}

/** Pace, then look up once: never more than 2 lookups in any second. */
async function lookup(credentials: Keys, input: LookupEventsCommandInput) {
  await sleep(LOOKUP_INTERVAL_MS)
  return trailClient(credentials).send(new LookupEventsCommand(input))
}

const byName = (name: string): LookupEventsCommandInput => ({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: name }] })
const bySession = (session: string): LookupEventsCommandInput => ({ LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: session }] })

async function assumeRole(session: string) {
  const sts = new STSClient({ region: REGION, credentials: sandbox.principals.sourceCaller })
  const result = await sts.send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: session }))
  const c = result.Credentials!
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! }
}

async function converse(session: string, times: number) {
  const client = new BedrockRuntimeClient({ region: REGION, credentials: await assumeRole(session), authSchemePreference: ['sigv4'], maxAttempts: 1 })
  for (let i = 0; i < times; i++) {
    await client.send(new ConverseCommand({ modelId: HAIKU, messages: [{ role: 'user', content: [{ text: `call ${i}` }] }] }))
  }
}

beforeAll(async () => {
  savedEnv = { ...process.env }
  sandbox = await startSandbox()
  pointSdkAt(sandbox.endpoint)
  const { sourceAdmin, sourceCaller, targetAdmin } = sandbox.principals
  const iamB = new IAMClient({ region: REGION, credentials: targetAdmin })
  await iamB.send(
    new CreateRoleCommand({
      RoleName: ROLE,
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: sourceCaller.arn }, Action: 'sts:AssumeRole' }] })
    })
  )
  await iamB.send(
    new PutRolePolicyCommand({
      RoleName: ROLE,
      PolicyName: 'bedrock',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: `arn:aws:bedrock:${REGION}::foundation-model/${HAIKU}` }] })
    })
  )
  await new IAMClient({ region: REGION, credentials: sourceAdmin }).send(
    new PutUserPolicyCommand({
      UserName: 'app-caller',
      PolicyName: 'assume-bedrock-access',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ROLE_ARN }] })
    })
  )
})

afterAll(async () => {
  process.env = savedEnv
  await sandbox?.stop()
})

describe('what CloudTrail shows', () => {
  it('AssumeRole in both accounts, joined by sharedEventID, and the Converse in B', async () => {
    await converse('first', 1)
    const inA = (await lookup(sandbox.principals.sourceAdmin, byName('AssumeRole'))).Events ?? []
    const inB = (await lookup(sandbox.principals.targetAdmin, byName('AssumeRole'))).Events ?? []
    expect(inA).toHaveLength(1)
    expect(inB).toHaveLength(1)
    const callerSide = JSON.parse(inA[0]!.CloudTrailEvent!)
    const roleSide = JSON.parse(inB[0]!.CloudTrailEvent!)
    expect(inA[0]).toMatchObject({ EventSource: 'sts.amazonaws.com', Username: 'app-caller', AccessKeyId: sandbox.principals.sourceCaller.accessKeyId })
    expect(callerSide).toMatchObject({
      userIdentity: { type: 'IAMUser', arn: sandbox.principals.sourceCaller.arn, accountId: A },
      requestParameters: { roleArn: ROLE_ARN, roleSessionName: 'first' },
      sourceIPAddress: '203.0.113.10',
      recipientAccountId: A
    })
    expect(roleSide).toMatchObject({ userIdentity: { type: 'AWSAccount', accountId: A }, recipientAccountId: B, sourceIPAddress: '203.0.113.10' })
    expect(roleSide.sharedEventID).toBeDefined()
    expect(roleSide.sharedEventID).toBe(callerSide.sharedEventID)

    const bedrockInB = (await lookup(sandbox.principals.targetAdmin, { LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'bedrock.amazonaws.com' }] })).Events ?? []
    expect(bedrockInB.map((e) => [e.EventName, e.Username])).toEqual([['Converse', 'first']])
    expect(bedrockInB[0]!.EventTime).toBeInstanceOf(Date)
    expect(JSON.parse(bedrockInB[0]!.CloudTrailEvent!)).toMatchObject({
      eventSource: 'bedrock.amazonaws.com',
      requestParameters: { modelId: HAIKU },
      userIdentity: { type: 'AssumedRole', arn: `arn:aws:sts::${B}:assumed-role/${ROLE}/first`, sessionContext: { sessionIssuer: { arn: ROLE_ARN } } },
      recipientAccountId: B
    })
    expect((await lookup(sandbox.principals.sourceAdmin, { LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'bedrock.amazonaws.com' }] })).Events).toEqual([])
  })

  it('a denied call with its errorCode and errorMessage', async () => {
    const client = new BedrockRuntimeClient({ region: REGION, credentials: await assumeRole('denied'), authSchemePreference: ['sigv4'], maxAttempts: 1 })
    await expect(client.send(new ConverseCommand({ modelId: 'amazon.nova-lite-v1:0', messages: [{ role: 'user', content: [{ text: 'x' }] }] }))).rejects.toThrow(/is not authorized to perform: bedrock:InvokeModel/)
    const [event] = (await lookup(sandbox.principals.targetAdmin, bySession('denied'))).Events ?? []
    expect(JSON.parse(event!.CloudTrailEvent!)).toMatchObject({ eventName: 'Converse', errorCode: 'AccessDeniedException', errorMessage: expect.stringContaining('amazon.nova-lite-v1:0') })
  })
})

describe('LookupEvents', () => {
  it('pages 120 events 50 at a time, newest first', async () => {
    await converse('pager', 120)
    const sizes: number[] = []
    const prompts: string[] = []
    let NextToken: string | undefined
    do {
      const page = await lookup(sandbox.principals.targetAdmin, { ...bySession('pager'), NextToken })
      sizes.push(page.Events?.length ?? 0)
      for (const e of page.Events ?? []) prompts.push(JSON.parse(e.CloudTrailEvent!).eventID)
      NextToken = page.NextToken
    } while (NextToken)
    expect(sizes).toEqual([50, 50, 20])
    expect(new Set(prompts).size).toBe(120)
    const records = sandbox.trail.events(B, REGION).filter((r) => r.userIdentity.arn === `arn:aws:sts::${B}:assumed-role/${ROLE}/pager`)
    expect(prompts).toEqual(records.map((r) => r.eventID).reverse())
  })

  it.each([
    ['MaxResults over 50', { MaxResults: 51 }, 'InvalidMaxResultsException'],
    ['two lookup attributes', { LookupAttributes: [...byName('Converse').LookupAttributes!, ...bySession('x').LookupAttributes!] }, 'InvalidLookupAttributesException'],
    ['a start after the end', { StartTime: new Date(Date.now()), EndTime: new Date(Date.now() - 3600_000) }, 'InvalidTimeRangeException'],
    ['a forged NextToken', { NextToken: 'not-a-token' }, 'InvalidNextTokenException']
  ])('rejects %s', async (_label, input, name) => {
    await expect(lookup(sandbox.principals.targetAdmin, input as LookupEventsCommandInput)).rejects.toMatchObject({ name })
  })

  it('keeps to StartTime and EndTime', async () => {
    const before = new Date(Date.now() - 3600_000)
    expect((await lookup(sandbox.principals.targetAdmin, { ...bySession('first'), StartTime: before, EndTime: new Date(Date.now() - 1800_000) })).Events).toEqual([])
    expect((await lookup(sandbox.principals.targetAdmin, { ...bySession('first'), StartTime: before, EndTime: new Date() })).Events).toHaveLength(1)
  })

  it('needs cloudtrail:LookupEvents', async () => {
    const session = await assumeRole('no-trail')
    await expect(lookup(session, {})).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining(`User: arn:aws:sts::${B}:assumed-role/${ROLE}/no-trail is not authorized to perform: cloudtrail:LookupEvents`)
    })
  })

  it('throttles above 2 requests/s per account and region; the SDK retries it', async () => {
    await sleep(1100)
    sandbox.trail.lookupLog.length = 0
    const impatient = trailClient(sandbox.principals.targetAdmin, 1)
    const outcomes = await Promise.allSettled([1, 2, 3, 4].map(() => impatient.send(new LookupEventsCommand({ MaxResults: 1 }))))
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(2)
    for (const o of outcomes.filter((o) => o.status === 'rejected')) expect((o as PromiseRejectedResult).reason).toMatchObject({ name: 'ThrottlingException', message: 'Rate exceeded' })

    // Account A has its own budget, untouched by B's burst.
    await trailClient(sandbox.principals.sourceAdmin, 1).send(new LookupEventsCommand({ MaxResults: 1 }))

    await sleep(1100)
    const patient = trailClient(sandbox.principals.targetAdmin, 10)
    for (let i = 0; i < 5; i++) await patient.send(new LookupEventsCommand({ MaxResults: 1 }))
    const log = sandbox.trail.lookupLog.filter((l) => l.accountId === B)
    expect(log.some((l) => l.throttled)).toBe(true)
    const accepted = log.filter((l) => !l.throttled).map((l) => l.at.getTime())
    expect(accepted).toHaveLength(7)
    for (let i = 2; i < accepted.length; i++) expect(accepted[i]! - accepted[i - 2]!).toBeGreaterThanOrEqual(1000)
  })

  it('shows events only after the delivery delay', async () => {
    sandbox.setCloudTrailDelay(60_000)
    await converse('late', 1)
    expect((await lookup(sandbox.principals.targetAdmin, bySession('late'))).Events).toEqual([])
    sandbox.setCloudTrailDelay(0)
    expect((await lookup(sandbox.principals.targetAdmin, bySession('late'))).Events).toHaveLength(1)
  })
})
