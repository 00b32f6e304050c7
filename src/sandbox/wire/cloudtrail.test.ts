/**
 * CloudTrail store: record shape, LookupEvents filters, paging, time range, validation, throttle
 * and delivery delay, with an injected clock. Fixtures: A = 111111111111 (caller user `app-caller`),
 * B = 222222222222 (the role `BedrockAccess` and its sessions).
 */
import { describe, expect, it } from 'vitest'
import { createTrailStore } from '../engine/cloudtrail/index.js'
import { SandboxAwsError } from '../engine/types.js'
import type { Caller, EngineEnv as SandboxEnv, TrailEventInput } from '../engine/types.js'
import { cloudTrailHandler } from './cloudtrail.js'
import type { SandboxRequest } from './types.js'

const A = '111111111111'
const B = '222222222222'
const T0 = Date.parse('2026-11-23T07:00:00Z')

const user: Caller = {
  accountId: A,
  arn: `arn:aws:iam::${A}:user/app-caller`,
  type: 'IAMUser',
  accessKeyId: 'AKIASANDBOXACALLER01',
  principalId: 'AIDATESTTESTTESTTEST1',
  isRoleSession: false,
  sourceIp: '203.0.113.10',
  identityPolicies: []
}

const session: Caller = {
  accountId: B,
  arn: `arn:aws:sts::${B}:assumed-role/BedrockAccess/verify`,
  type: 'AssumedRole',
  accessKeyId: 'ASIATESTTESTTEST0001',
  principalId: 'AROATESTTESTTESTTEST1:verify',
  sessionIssuerArn: `arn:aws:iam::${B}:role/BedrockAccess`,
  isRoleSession: true,
  sourceIp: '203.0.113.10',
  identityPolicies: []
}

function clock(start = T0) {
  let now = start
  return { now: () => new Date(now), advance: (ms: number) => (now += ms), set: (ms: number) => (now = ms) }
}

function req(caller: Caller, body: unknown = {}, target = 'CloudTrail_20131101.LookupEvents', region = 'us-east-1'): SandboxRequest {
  return {
    service: 'cloudtrail',
    region,
    method: 'POST',
    path: '/',
    query: new URLSearchParams(),
    headers: { 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.1' },
    body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
    caller,
    requestId: `req-${Math.random()}`,
    receivedAt: new Date(T0),
    userAgent: 'aws-cli/2 test'
  }
}

function env(allowed = true): SandboxEnv {
  return {
    authorize: async (request, authz) => ({
      allowed,
      message: `User: ${request.caller.arn} is not authorized to perform: ${authz.action} because no identity-based policy allows the ${authz.action} action`
    }),
    trail: { record: () => {} },
    now: () => new Date(T0),
    enabledModels: () => []
  }
}

function event(caller: Caller, eventName: string, extra: Partial<TrailEventInput> = {}): TrailEventInput {
  return { request: req(caller), eventSource: 'bedrock.amazonaws.com', eventName, readOnly: false, requestParameters: { modelId: 'm' }, ...extra }
}

type Store = ReturnType<typeof createTrailStore>

/** The wire codec over the store's LookupEvents, acting through `env`. */
const serve = (store: Store, request: SandboxRequest, env: SandboxEnv) => cloudTrailHandler({ lookupEvents: (r, input) => store.lookupEvents(r, env, input) })(request)

async function lookup(store: Store, caller: Caller, body: unknown, region = 'us-east-1') {
  const response = await serve(store, req(caller, body, undefined, region), env())
  return JSON.parse(String(response.body)) as { Events: ({ EventName: string; CloudTrailEvent: string } & Record<string, unknown>)[]; NextToken?: string }
}

async function lookupError(store: Store, body: unknown, caller: Caller = session, allowed = true) {
  const error = await serve(store, req(caller, body), env(allowed)).then(
    () => undefined,
    (e: unknown) => e as SandboxAwsError
  )
  expect(error).toBeInstanceOf(SandboxAwsError)
  return { code: error!.code, message: error!.message }
}

describe('record', () => {
  it('writes a user call as AWS does', () => {
    const store = createTrailStore({ now: () => new Date(T0 + 123), delayMs: 0 })
    store.record(event(user, 'AssumeRole', { eventSource: 'sts.amazonaws.com', readOnly: true, sharedEventID: 'shared-1', resources: [{ ARN: `arn:aws:iam::${B}:role/BedrockAccess`, accountId: B, type: 'AWS::IAM::Role' }] }))
    const [record] = store.events(A, 'us-east-1')
    expect(record).toEqual({
      eventVersion: '1.08',
      userIdentity: { type: 'IAMUser', principalId: user.principalId, arn: user.arn, accountId: A, accessKeyId: user.accessKeyId, userName: 'app-caller' },
      eventTime: '2026-11-23T07:00:00Z',
      eventSource: 'sts.amazonaws.com',
      eventName: 'AssumeRole',
      awsRegion: 'us-east-1',
      sourceIPAddress: '203.0.113.10',
      userAgent: 'aws-cli/2 test',
      requestParameters: { modelId: 'm' },
      responseElements: null,
      requestID: expect.any(String),
      eventID: expect.stringMatching(/^[0-9a-f-]{36}$/),
      readOnly: true,
      resources: [{ ARN: `arn:aws:iam::${B}:role/BedrockAccess`, accountId: B, type: 'AWS::IAM::Role' }],
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: A,
      sharedEventID: 'shared-1',
      eventCategory: 'Management'
    })
  })

  it('writes a role session with its session issuer', () => {
    const store = createTrailStore({ now: () => new Date(T0), delayMs: 0 })
    store.record(event(session, 'Converse', { errorCode: 'AccessDeniedException', errorMessage: 'no' }))
    const [record] = store.events(B, 'us-east-1')
    expect(record?.userIdentity).toEqual({
      type: 'AssumedRole',
      principalId: session.principalId,
      arn: session.arn,
      accountId: B,
      accessKeyId: session.accessKeyId,
      sessionContext: {
        sessionIssuer: { type: 'Role', principalId: 'AROATESTTESTTESTTEST1', arn: session.sessionIssuerArn, accountId: B, userName: 'BedrockAccess' },
        attributes: { creationDate: '2026-11-23T07:00:00Z', mfaAuthenticated: 'false' }
      }
    })
    expect(Object.keys(record!).slice(8, 11)).toEqual(['errorCode', 'errorMessage', 'requestParameters'])
  })

  it('files an event in another account and region with an overridden identity', () => {
    const store = createTrailStore({ now: () => new Date(T0), delayMs: 0 })
    const identity = { type: 'AWSAccount', principalId: user.principalId, accountId: A }
    store.record(event(user, 'AssumeRole', { accountId: B, region: 'us-west-2', userIdentity: identity }))
    expect(store.events(A, 'us-east-1')).toEqual([])
    expect(store.events(B, 'us-west-2')[0]).toMatchObject({ userIdentity: identity, recipientAccountId: B, awsRegion: 'us-west-2' })
  })
})

describe('LookupEvents', () => {
  it('pages 120 events newest first, 50 per page, without repeats', async () => {
    const time = clock()
    const store = createTrailStore({ now: time.now, delayMs: 0 })
    for (let i = 0; i < 120; i++) {
      store.record(event(session, `Op${i}`))
      if (i % 3 === 0) time.advance(400)
    }
    const names: string[] = []
    let token: string | undefined
    const sizes: number[] = []
    do {
      time.advance(1000) // stay under the throttle
      const page = await lookup(store, session, token ? { NextToken: token } : {})
      sizes.push(page.Events.length)
      names.push(...page.Events.map((e) => e.EventName))
      token = page.NextToken
    } while (token)
    expect(sizes).toEqual([50, 50, 20])
    expect(names).toEqual(Array.from({ length: 120 }, (_, i) => `Op${119 - i}`))
  })

  it('returns the summary fields and the record as a JSON string', async () => {
    const store = createTrailStore({ now: () => new Date(T0 + 900), delayMs: 0 })
    store.record(event(session, 'Converse', { resources: [{ ARN: 'arn:aws:bedrock:us-east-1::foundation-model/m', accountId: B, type: 'AWS::Bedrock::Model' }] }))
    const [summary] = (await lookup(store, session, {})).Events
    expect(summary).toEqual({
      EventId: expect.any(String),
      EventName: 'Converse',
      ReadOnly: 'false',
      AccessKeyId: session.accessKeyId,
      EventTime: T0 / 1000,
      EventSource: 'bedrock.amazonaws.com',
      Username: 'verify',
      Resources: [{ ResourceType: 'AWS::Bedrock::Model', ResourceName: 'arn:aws:bedrock:us-east-1::foundation-model/m' }],
      CloudTrailEvent: expect.any(String)
    })
    expect(JSON.parse(summary!.CloudTrailEvent)).toEqual(store.events(B, 'us-east-1')[0])
  })

  it("leaves out AccessKeyId and Username for the role account's side of a cross-account AssumeRole", async () => {
    const store = createTrailStore({ now: () => new Date(T0), delayMs: 0 })
    store.record(event(user, 'AssumeRole', { accountId: B, userIdentity: { type: 'AWSAccount', principalId: user.principalId, accountId: A } }))
    const [summary] = (await lookup(store, session, {})).Events
    expect(summary).not.toHaveProperty('AccessKeyId')
    expect(summary).not.toHaveProperty('Username')
    expect(JSON.parse(summary!.CloudTrailEvent).userIdentity).toEqual({ type: 'AWSAccount', principalId: user.principalId, accountId: A })
  })

  describe('filters by each attribute', () => {
    const time = clock()
    const store = createTrailStore({ now: time.now, delayMs: 0 })
    const roleArn = `arn:aws:iam::${B}:role/BedrockAccess`
    store.record(event(session, 'Converse'))
    store.record(event(session, 'GetRole', { eventSource: 'iam.amazonaws.com', readOnly: true, resources: [{ ARN: roleArn, accountId: B, type: 'AWS::IAM::Role' }] }))
    store.record(event({ ...session, accessKeyId: 'ASIAOTHEROTHEROTHER1', arn: `arn:aws:sts::${B}:assumed-role/BedrockAccess/other` }, 'InvokeModel'))
    const eventId = store.events(B, 'us-east-1')[0]!.eventID

    it.each([
      ['EventId', eventId, ['Converse']],
      ['EventName', 'InvokeModel', ['InvokeModel']],
      ['ReadOnly', 'true', ['GetRole']],
      ['ReadOnly', 'false', ['InvokeModel', 'Converse']],
      ['Username', 'other', ['InvokeModel']],
      ['ResourceType', 'AWS::IAM::Role', ['GetRole']],
      ['ResourceName', roleArn, ['GetRole']],
      ['ResourceName', 'BedrockAccess', ['GetRole']],
      ['EventSource', 'bedrock.amazonaws.com', ['InvokeModel', 'Converse']],
      ['AccessKeyId', session.accessKeyId, ['GetRole', 'Converse']],
      ['EventName', 'Nothing', []]
    ])('%s = %s', async (key, value, expected) => {
      time.advance(1000)
      const page = await lookup(store, session, { LookupAttributes: [{ AttributeKey: key, AttributeValue: value }] })
      expect(page.Events.map((e) => e.EventName)).toEqual(expected)
    })
  })

  it('keeps to the time range, to the second, and to the caller account and region', async () => {
    const time = clock()
    const store = createTrailStore({ now: time.now, delayMs: 0 })
    store.record(event(session, 'First'))
    time.advance(60_000)
    store.record(event(session, 'Second'))
    store.record(event(user, 'OtherAccount'))
    time.advance(60_000)
    const names = async (body: unknown, region?: string) => {
      time.advance(1000)
      return (await lookup(store, session, body, region)).Events.map((e) => e.EventName)
    }
    expect(await names({ StartTime: T0 / 1000 + 30, EndTime: T0 / 1000 + 90 })).toEqual(['Second'])
    expect(await names({ EndTime: T0 / 1000 + 0.5 })).toEqual(['First'])
    expect(await names({ StartTime: T0 / 1000 + 60.7 })).toEqual(['Second'])
    expect(await names({}, 'us-west-2')).toEqual([])
  })

  it.each([
    [
      'two attributes',
      {
        LookupAttributes: [
          { AttributeKey: 'EventName', AttributeValue: 'a' },
          { AttributeKey: 'EventId', AttributeValue: 'b' }
        ]
      },
      'InvalidLookupAttributesException'
    ],
    ['an unknown attribute key', { LookupAttributes: [{ AttributeKey: 'Region', AttributeValue: 'a' }] }, 'InvalidLookupAttributesException'],
    ['an empty attribute value', { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: '' }] }, 'InvalidLookupAttributesException'],
    ['a null attribute (found by the never-crash property)', { LookupAttributes: [null] }, 'SerializationException'],
    ['MaxResults 51', { MaxResults: 51 }, 'InvalidMaxResultsException'],
    ['MaxResults 0', { MaxResults: 0 }, 'InvalidMaxResultsException'],
    ['StartTime after EndTime', { StartTime: T0 / 1000 + 10, EndTime: T0 / 1000 }, 'InvalidTimeRangeException'],
    ['a garbage NextToken', { NextToken: 'garbage' }, 'InvalidNextTokenException'],
    ['malformed JSON', '{"MaxResults":', 'SerializationException'],
    ['a non-time StartTime', { StartTime: 'yesterday' }, 'SerializationException']
  ])('rejects %s', async (_label, body, code) => {
    const store = createTrailStore({ now: () => new Date(T0), delayMs: 0 })
    expect((await lookupError(store, body)).code).toBe(code)
  })

  it('rejects a NextToken replayed with another query', async () => {
    const time = clock()
    const store = createTrailStore({ now: time.now, delayMs: 0 })
    for (let i = 0; i < 3; i++) store.record(event(session, 'Converse'))
    const { NextToken } = await lookup(store, session, { MaxResults: 2 })
    expect(NextToken).toBeDefined()
    time.advance(1000)
    expect((await lookupError(store, { MaxResults: 2, NextToken, LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'Converse' }] })).code).toBe('InvalidNextTokenException')
    time.advance(1000)
    expect((await lookup(store, session, { MaxResults: 2, NextToken })).Events).toHaveLength(1)
  })

  it('needs cloudtrail:LookupEvents', async () => {
    const store = createTrailStore({ now: () => new Date(T0), delayMs: 0 })
    expect(await lookupError(store, {}, session, false)).toEqual({
      code: 'AccessDeniedException',
      message: `User: ${session.arn} is not authorized to perform: cloudtrail:LookupEvents because no identity-based policy allows the cloudtrail:LookupEvents action`
    })
  })

  it('answers only LookupEvents', async () => {
    const store = createTrailStore({ now: () => new Date(T0), delayMs: 0 })
    const error = await serve(store, req(session, {}, 'CloudTrail_20131101.CreateTrail'), env()).catch((e: unknown) => e as SandboxAwsError)
    expect((error as SandboxAwsError).code).toBe('UnknownOperationException')
  })
})

describe('throttle and delay', () => {
  it('throttles a third request within one second per account and region, and logs every request', async () => {
    const time = clock()
    const store = createTrailStore({ now: time.now, delayMs: 0 })
    await lookup(store, session, {})
    time.advance(100)
    await lookup(store, session, {})
    time.advance(100)
    expect(await lookupError(store, {})).toEqual({ code: 'ThrottlingException', message: 'Rate exceeded' })
    await lookup(store, user, {}) // another account has its own budget
    await lookup(store, session, {}, 'us-west-2') // and so has another region
    time.advance(801) // the first request has left the window
    await lookup(store, session, {})
    expect(store.lookupLog.map((l) => [l.accountId, l.region, l.at.getTime() - T0, l.throttled])).toEqual([
      [B, 'us-east-1', 0, false],
      [B, 'us-east-1', 100, false],
      [B, 'us-east-1', 200, true],
      [A, 'us-east-1', 200, false],
      [B, 'us-west-2', 200, false],
      [B, 'us-east-1', 1001, false]
    ])
  })

  it('shows an event only after the delivery delay, which can change at run time', async () => {
    const time = clock()
    const store = createTrailStore({ now: time.now, delayMs: 5000 })
    store.record(event(session, 'Converse'))
    time.advance(4999)
    expect((await lookup(store, session, {})).Events).toEqual([])
    time.advance(1)
    expect((await lookup(store, session, {})).Events).toHaveLength(1)
    store.setDelay(60_000)
    time.advance(1000)
    expect((await lookup(store, session, {})).Events).toEqual([])
    expect(store.events(B, 'us-east-1')).toHaveLength(1)
    store.setDelay(0)
    time.advance(1000)
    expect((await lookup(store, session, {})).Events).toHaveLength(1)
  })
})
