/**
 * Bedrock Runtime handler, driven with hand-built requests and a small fake SandboxEnv whose
 * authorization is an allow-list of (action, resource) pairs. Caller: a role session in account
 * B = 222222222222 (the target account of every fixture).
 */
import { EventStreamCodec } from '@smithy/eventstream-codec'
import { fromUtf8, toUtf8 } from '@smithy/util-utf8'
import { describe, expect, it } from 'vitest'
import { invokeBedrock } from '../engine/bedrock/index.js'
import { runBedrockControl } from '../engine/bedrock/control.js'
import { INVALID_MODEL_MESSAGE, MODEL_ACCESS_MESSAGE, onDemandUnsupportedMessage } from '../engine/bedrock/resolve.js'
import { createTrailStore } from '../engine/cloudtrail/index.js'
import { SandboxAwsError } from '../engine/types.js'
import type { AuthorizationRequest, Caller, EngineEnv as SandboxEnv } from '../engine/types.js'
import { bedrockHandler as codec, routeOf } from './bedrock.js'
import type { SandboxRequest, SandboxResponse } from './types.js'

/** The wire codec over the engine's Bedrock operation, acting through `env`. */
const bedrockHandler = (request: SandboxRequest, env: SandboxEnv) => codec({ bedrock: (r, input) => invokeBedrock(r, env, input), bedrockControl: (r, operation, id) => runBedrockControl(r, env, operation, id) })(request)

const B = '222222222222'
const HAIKU = 'anthropic.claude-3-5-haiku-20241022-v1:0'
const SONNET4 = 'anthropic.claude-sonnet-4-20250514-v1:0'
const NOVA_LITE = 'amazon.nova-lite-v1:0'
const NOVA_PRO = 'amazon.nova-pro-v1:0'
const US = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2']
const ENABLED = [HAIKU, SONNET4, NOVA_LITE, NOVA_PRO.replace('pro', 'micro')]

const caller: Caller = {
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

const fm = (region: string, id: string) => `arn:aws:bedrock:${region}::foundation-model/${id}`
const profile = (region: string, id: string) => `arn:aws:bedrock:${region}:${B}:inference-profile/${id}`

function fakeEnv(allowed: string[]) {
  const trail = createTrailStore({ now: () => new Date('2026-11-23T07:00:00Z'), delayMs: 0 })
  const asked: AuthorizationRequest[] = []
  const env: SandboxEnv = {
    async authorize(request, authz) {
      asked.push(authz)
      const ok = allowed.includes(`${authz.action} ${authz.resource}`) || allowed.includes(`* ${authz.resource}`)
      return {
        allowed: ok,
        message: ok ? '' : `User: ${request.caller.arn} is not authorized to perform: ${authz.action} on resource: ${authz.resource} because no identity-based policy allows the ${authz.action} action`
      }
    },
    trail,
    now: () => new Date('2026-11-23T07:00:00Z'),
    enabledModels: (accountId, region) => (accountId === B && US.includes(region) ? ENABLED : [])
  }
  return { env, trail, asked }
}

function request(path: string, body: unknown, region = 'us-east-1'): SandboxRequest {
  return {
    service: 'bedrock',
    region,
    method: 'POST',
    path,
    query: new URLSearchParams(),
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
    caller,
    requestId: '11111111-2222-3333-4444-555555555555',
    receivedAt: new Date('2026-11-23T07:00:00Z'),
    userAgent: 'aws-sdk-js/3 test'
  }
}

const hello = { messages: [{ role: 'user', content: [{ text: 'Say hello' }] }], inferenceConfig: { maxTokens: 100, temperature: 0.5 } }

async function call(allowed: string[], path: string, body: unknown = hello, region?: string) {
  const fake = fakeEnv(allowed)
  const outcome = await bedrockHandler(request(path, body, region), fake.env).then(
    (response) => ({ response, error: undefined }),
    (error: unknown) => ({ response: undefined, error: error as SandboxAwsError })
  )
  return { ...outcome, ...fake }
}

async function bodyBytes(response: SandboxResponse): Promise<Buffer> {
  if (typeof response.body === 'string' || Buffer.isBuffer(response.body)) return Buffer.from(response.body)
  const parts: Uint8Array[] = []
  for await (const part of response.body) parts.push(part)
  return Buffer.concat(parts)
}

/**
 * A parsed JSON answer, read field by field by the assertions (Converse, Anthropic and Nova shapes differ);
 * the assertions are the type check here.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
type WireJson = any

async function jsonBody(response: SandboxResponse | undefined): Promise<Record<string, WireJson>> {
  return JSON.parse((await bodyBytes(response!)).toString('utf8'))
}

/** Split an event-stream body into (event type, parsed payload) with the codec the SDK uses. */
async function decodeStream(response: SandboxResponse): Promise<{ type: string; payload: WireJson }[]> {
  const codec = new EventStreamCodec(toUtf8, fromUtf8)
  let rest = await bodyBytes(response)
  const events: { type: string; payload: WireJson }[] = []
  while (rest.length > 0) {
    const length = rest.readUInt32BE(0)
    const message = codec.decode(rest.subarray(0, length))
    events.push({ type: String(message.headers[':event-type']?.value), payload: JSON.parse(toUtf8(message.body)) })
    expect(message.headers[':message-type']?.value).toBe('event')
    expect(message.headers[':content-type']?.value).toBe('application/json')
    rest = rest.subarray(length)
  }
  return events
}

const invoke = (id: string) => `bedrock:InvokeModel ${fm('us-east-1', id)}`

describe('routeOf', () => {
  it.each([
    ['/model/anthropic.claude-3-5-haiku-20241022-v1:0/converse', 'Converse', HAIKU],
    ['/model/us.anthropic.claude-sonnet-4-20250514-v1:0/converse-stream', 'ConverseStream', `us.${SONNET4}`],
    [`/model/${profile('us-east-1', `us.${SONNET4}`)}/invoke`, 'InvokeModel', profile('us-east-1', `us.${SONNET4}`)],
    ['/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/invoke-with-response-stream', 'InvokeModelWithResponseStream', HAIKU]
  ])('%s → %s', (path, operation, modelId) => {
    expect(routeOf('POST', path)).toEqual({ operation, modelId })
  })

  it.each([
    ['GET', '/model/x.y/converse'],
    ['POST', '/model/x.y/chat'],
    ['POST', '/foundation-models'],
    ['POST', '/model/converse']
  ])('%s %s is no operation', (method, path) => expect(routeOf(method, path)).toBeUndefined())
})

describe('Converse', () => {
  it('answers deterministically with realistic usage and metrics', async () => {
    const first = await call([invoke(HAIKU)], `/model/${HAIKU}/converse`)
    const second = await call([invoke(HAIKU)], `/model/${HAIKU}/converse`)
    const answer = await jsonBody(first.response)
    expect(first.response?.status).toBe(200)
    expect(answer.output.message.role).toBe('assistant')
    expect(answer.output.message.content[0].text).toBe('Hello from Claude 3.5 Haiku in us-east-1 (sandbox). You said: Say hello')
    expect(answer.stopReason).toBe('end_turn')
    expect(answer.usage.inputTokens).toBe(3) // 2 words × 1.3, rounded up
    expect(answer.usage.totalTokens).toBe(answer.usage.inputTokens + answer.usage.outputTokens)
    expect(answer.metrics.latencyMs).toBeGreaterThanOrEqual(200)
    expect(answer.metrics.latencyMs).toBeLessThan(600)
    expect(await jsonBody(second.response)).toEqual(answer)
  })

  it('stops at maxTokens with stopReason max_tokens', async () => {
    const { response } = await call([invoke(HAIKU)], `/model/${HAIKU}/converse`, { ...hello, inferenceConfig: { maxTokens: 5 } })
    const answer = await jsonBody(response)
    expect(answer.stopReason).toBe('max_tokens')
    expect(answer.usage.outputTokens).toBeLessThanOrEqual(5)
    expect(answer.output.message.content[0].text).toBe('Hello from Claude')
  })

  it.each([
    ['malformed JSON', '{"messages": [', 'Malformed input request, please reformat your input and try again.'],
    ['a JSON array', '[]', 'Malformed input request, please reformat your input and try again.'],
    ['no messages', {}, 'A conversation must start with a user message. Try again with a conversation that starts with a user message.'],
    ['assistant first', { messages: [{ role: 'assistant', content: [{ text: 'hi' }] }] }, 'A conversation must start with a user message. Try again with a conversation that starts with a user message.'],
    [
      'two user turns',
      {
        messages: [
          { role: 'user', content: [{ text: 'a' }] },
          { role: 'user', content: [{ text: 'b' }] }
        ]
      },
      'A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.'
    ],
    ['a bad role', { messages: [{ role: 'system', content: [{ text: 'a' }] }] }, "1 validation error detected: Value 'system' at 'messages.1.member.role' failed to satisfy constraint: Member must satisfy enum value set: [user, assistant]"],
    ['empty content', { messages: [{ role: 'user', content: [] }] }, 'The content field in the Message object at messages.0 is empty. Add a ContentBlock object to the content field and try again.'],
    ['maxTokens 0', { ...hello, inferenceConfig: { maxTokens: 0 } }, "1 validation error detected: Value '0' at 'inferenceConfig.maxTokens' failed to satisfy constraint: Member must have value greater than or equal to 1"],
    ['temperature 1.5', { ...hello, inferenceConfig: { temperature: 1.5 } }, "1 validation error detected: Value '1.5' at 'inferenceConfig.temperature' failed to satisfy constraint: Member must have value less than or equal to 1"],
    ['temperature -1', { ...hello, inferenceConfig: { temperature: -1 } }, "1 validation error detected: Value '-1' at 'inferenceConfig.temperature' failed to satisfy constraint: Member must have value greater than or equal to 0"]
  ])('rejects %s with a ValidationException', async (_label, body, message) => {
    const { error, trail } = await call([invoke(HAIKU)], `/model/${HAIKU}/converse`, body)
    expect(error).toBeInstanceOf(SandboxAwsError)
    expect({ code: error?.code, status: error?.status, message: error?.message }).toEqual({ code: 'ValidationException', status: 400, message })
    expect(trail.events(B, 'us-east-1')[0]).toMatchObject({ eventName: 'Converse', errorCode: 'ValidationException', errorMessage: message })
  })
})

describe('model resolution and authorization', () => {
  const denied = (action: string, resource: string) => `User: ${caller.arn} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`

  it.each([
    ['allowed model', HAIKU, [invoke(HAIKU)], 200, undefined, undefined],
    ['model the policy does not list', NOVA_LITE, [invoke(HAIKU)], 403, 'AccessDeniedException', denied('bedrock:InvokeModel', fm('us-east-1', NOVA_LITE))],
    ['unknown model id', 'acme.unknown-model-v1:0', [invoke('acme.unknown-model-v1:0')], 400, 'ValidationException', INVALID_MODEL_MESSAGE],
    ['malformed model id', 'Not A Model', [], 400, 'ValidationException', INVALID_MODEL_MESSAGE],
    ['application profile unknown to the world', `arn:aws:bedrock:us-east-1:${B}:application-inference-profile/abc123`, [], 400, 'ValidationException', INVALID_MODEL_MESSAGE],
    ['model access not granted', NOVA_PRO, [invoke(NOVA_PRO)], 403, 'AccessDeniedException', MODEL_ACCESS_MESSAGE],
    ['profile-only model by plain id', SONNET4, [invoke(SONNET4)], 400, 'ValidationException', onDemandUnsupportedMessage(SONNET4)],
    ['foundation-model ARN', fm('us-east-1', HAIKU), [invoke(HAIKU)], 200, undefined, undefined]
  ])('%s', async (_label, modelId, allowed, status, code, message) => {
    const { response, error } = await call(allowed, `/model/${modelId}/converse`)
    if (code === undefined) {
      expect(response?.status).toBe(status)
    } else {
      expect({ code: error?.code, status: error?.status, message: error?.message }).toEqual({ code, status, message })
    }
  })

  it('a model not enabled in the region is the model-access denial', async () => {
    const { error } = await call([`bedrock:InvokeModel ${fm('eu-west-1', HAIKU)}`], `/model/${HAIKU}/converse`, hello, 'eu-west-1')
    expect(error?.message).toBe(MODEL_ACCESS_MESSAGE)
  })

  it('ConverseStream and InvokeModelWithResponseStream need bedrock:InvokeModelWithResponseStream', async () => {
    for (const op of ['converse-stream', 'invoke-with-response-stream']) {
      const { error, asked } = await call([invoke(HAIKU)], `/model/${HAIKU}/${op}`, { ...hello, max_tokens: 50 })
      expect(asked.map((a) => a.action)).toEqual(['bedrock:InvokeModelWithResponseStream'])
      expect(error?.message).toBe(denied('bedrock:InvokeModelWithResponseStream', fm('us-east-1', HAIKU)))
    }
  })

  const usProfile = `us.${SONNET4}`
  const usProfileArn = profile('us-east-1', usProfile)
  const profileGrants = [`bedrock:InvokeModel ${usProfileArn}`, ...US.map((r) => `bedrock:InvokeModel ${fm(r, SONNET4)}`)]

  it('a profile id authorizes the profile and every destination region, with bedrock:InferenceProfileArn and the destination as aws:RequestedRegion', async () => {
    const { response, asked } = await call(profileGrants, `/model/${usProfile}/converse`)
    expect(response?.status).toBe(200)
    expect(asked).toEqual([
      { action: 'bedrock:InvokeModel', resource: usProfileArn, resourceAccount: B },
      ...US.map((r) => ({ action: 'bedrock:InvokeModel', resource: fm(r, SONNET4), resourceAccount: B, context: { 'bedrock:InferenceProfileArn': usProfileArn, 'aws:RequestedRegion': r } }))
    ])
  })

  it.each(US)('a profile policy missing the %s ARN is denied on the first call, naming it', async (missing) => {
    const { error } = await call(
      profileGrants.filter((g) => !g.endsWith(fm(missing, SONNET4))),
      `/model/${usProfile}/converse`
    )
    expect(error?.message).toBe(denied('bedrock:InvokeModel', fm(missing, SONNET4)))
  })

  it('a profile without the profile ARN is denied on it', async () => {
    const { error } = await call(profileGrants.slice(1), `/model/${usProfile}/converse`)
    expect(error?.message).toBe(denied('bedrock:InvokeModel', usProfileArn))
  })

  it('profile calls rotate through the destination regions and say so in CloudTrail', async () => {
    const fake = fakeEnv(profileGrants)
    const regions: string[] = []
    for (let i = 0; i < 8; i++) {
      const response = await bedrockHandler(request(`/model/${usProfile}/converse`, hello), fake.env)
      const text: string = (await jsonBody(response)).output.message.content[0].text
      regions.push(/ in ([a-z0-9-]+) \(sandbox\)/.exec(text)![1]!)
    }
    expect(new Set(regions)).toEqual(new Set(US))
    const records = fake.trail.events(B, 'us-east-1')
    expect(records).toHaveLength(8)
    for (const [i, record] of records.entries()) {
      expect(record.requestParameters).toEqual({ modelId: usProfile })
      if (regions[i] === 'us-east-1') expect(record.additionalEventData).toBeUndefined()
      else expect(record.additionalEventData).toEqual({ inferenceRegion: regions[i] })
    }
  })

  it('a global profile also needs the region-less foundation-model ARN', async () => {
    const id = `global.${SONNET4}`
    const grants = [`bedrock:InvokeModel ${profile('us-east-1', id)}`, `bedrock:InvokeModel ${fm('us-east-1', SONNET4)}`]
    expect((await call(grants, `/model/${id}/converse`)).error?.message).toBe(denied('bedrock:InvokeModel', `arn:aws:bedrock:::foundation-model/${SONNET4}`))
    const allowed = await call([...grants, `bedrock:InvokeModel arn:aws:bedrock:::foundation-model/${SONNET4}`], `/model/${id}/converse`)
    expect(allowed.response?.status).toBe(200)
    expect(allowed.asked.at(-1)?.context).toEqual({ 'bedrock:InferenceProfileArn': profile('us-east-1', id), 'aws:RequestedRegion': 'unspecified' })
  })

  it('a geographic profile is not offered outside its geography', async () => {
    const { error } = await call(['* *'], `/model/eu.${SONNET4}/converse`)
    expect(error?.message).toBe(INVALID_MODEL_MESSAGE)
  })
})

describe('streams and InvokeModel', () => {
  it('ConverseStream sends the Converse answer as events', async () => {
    const grants = [`bedrock:InvokeModelWithResponseStream ${fm('us-east-1', HAIKU)}`, invoke(HAIKU)]
    const streamed = await call(grants, `/model/${HAIKU}/converse-stream`)
    const plain = await jsonBody((await call(grants, `/model/${HAIKU}/converse`)).response)
    expect(streamed.response?.headers['content-type']).toBe('application/vnd.amazon.eventstream')
    const events = await decodeStream(streamed.response!)
    const types = events.map((e) => e.type)
    expect(types[0]).toBe('messageStart')
    expect(types.filter((t) => t === 'contentBlockDelta').length).toBeGreaterThan(1)
    expect(types.slice(-3)).toEqual(['contentBlockStop', 'messageStop', 'metadata'])
    const text = events
      .filter((e) => e.type === 'contentBlockDelta')
      .map((e) => e.payload.delta.text)
      .join('')
    expect(text).toBe(plain.output.message.content[0].text)
    expect(events.at(-1)?.payload).toEqual({ usage: plain.usage, metrics: plain.metrics })
    expect(streamed.trail.events(B, 'us-east-1')[0]?.eventName).toBe('ConverseStream')
  })

  it('InvokeModel answers an Anthropic messages body in Anthropic shape', async () => {
    const body = { anthropic_version: 'bedrock-2023-05-31', max_tokens: 100, system: 'Be brief', messages: [{ role: 'user', content: 'Say hello' }] }
    const { response } = await call([invoke(HAIKU)], `/model/${HAIKU}/invoke`, body)
    const answer = await jsonBody(response)
    expect(answer).toMatchObject({ type: 'message', role: 'assistant', stop_reason: 'end_turn', content: [{ type: 'text' }] })
    expect(answer.content[0].text).toContain('You said: Say hello')
    expect(response?.headers['x-amzn-bedrock-input-token-count']).toBe(String(answer.usage.input_tokens))
  })

  it('InvokeModel rejects an Anthropic body without max_tokens', async () => {
    const { error } = await call([invoke(HAIKU)], `/model/${HAIKU}/invoke`, { messages: [{ role: 'user', content: 'hi' }] })
    expect(error?.message).toBe('Malformed input request: #: required key [max_tokens] not found, please reformat your input and try again.')
  })

  it('InvokeModel answers a Nova body in Nova shape', async () => {
    const { response } = await call([invoke(NOVA_LITE)], `/model/${NOVA_LITE}/invoke`, hello)
    const answer = await jsonBody(response)
    expect(answer.output.message.content[0].text).toContain('Nova Lite')
    expect(answer.usage.totalTokens).toBe(answer.usage.inputTokens + answer.usage.outputTokens)
  })

  it('InvokeModelWithResponseStream wraps Anthropic stream events in chunks', async () => {
    const body = { anthropic_version: 'bedrock-2023-05-31', max_tokens: 100, messages: [{ role: 'user', content: [{ type: 'text', text: 'Say hello' }] }] }
    const { response } = await call([`bedrock:InvokeModelWithResponseStream ${fm('us-east-1', HAIKU)}`], `/model/${HAIKU}/invoke-with-response-stream`, body)
    const chunks = (await decodeStream(response!)).map((e) => {
      expect(e.type).toBe('chunk')
      return JSON.parse(Buffer.from(e.payload.bytes, 'base64').toString('utf8'))
    })
    expect(chunks[0].type).toBe('message_start')
    expect(chunks.at(-1).type).toBe('message_stop')
    const text = chunks
      .filter((c) => c.type === 'content_block_delta')
      .map((c) => c.delta.text)
      .join('')
    expect(text).toBe('Hello from Claude 3.5 Haiku in us-east-1 (sandbox). You said: Say hello')
  })
})

describe('CloudTrail records', () => {
  it('records a successful call as AWS does', async () => {
    const { trail } = await call([invoke(HAIKU)], `/model/${HAIKU}/converse`)
    const [record, ...others] = trail.events(B, 'us-east-1')
    expect(others).toEqual([])
    expect(record).toMatchObject({
      eventSource: 'bedrock.amazonaws.com',
      eventName: 'Converse',
      awsRegion: 'us-east-1',
      sourceIPAddress: '203.0.113.10',
      requestParameters: { modelId: HAIKU },
      responseElements: null,
      readOnly: false,
      requestID: '11111111-2222-3333-4444-555555555555',
      recipientAccountId: B,
      userIdentity: { type: 'AssumedRole', arn: caller.arn }
    })
    expect(record).not.toHaveProperty('errorCode')
  })

  it('records a denied call with errorCode and errorMessage', async () => {
    const { trail, error } = await call([], `/model/${HAIKU}/converse`)
    expect(trail.events(B, 'us-east-1')[0]).toMatchObject({ errorCode: 'AccessDeniedException', errorMessage: error?.message })
  })

  it('does not record an unknown operation', async () => {
    const { trail, error } = await call([], '/foundation-models')
    expect(error?.code).toBe('UnknownOperationException')
    expect(trail.events(B, 'us-east-1')).toEqual([])
  })
})
