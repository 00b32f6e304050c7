/**
 * Bedrock Runtime in the sandbox, end to end through the real SDK clients only, pointed at the
 * sandbox by AWS_ENDPOINT_URL. Fixtures (default world): A = 111111111111 with user `app-caller`
 * (the caller) and `admin`; B = 222222222222 with `admin`, models enabled in the four US regions.
 * The access role comes from the world (see worldWithAccessRole); the caller assumes it with
 * STS and calls Bedrock with the role's credentials.
 */
import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand, InvokeModelCommand, InvokeModelWithResponseStreamCommand } from '@aws-sdk/client-bedrock-runtime'
import { IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WorldFile } from '../../src/sandbox/world-types.js'
import { defaultWorld, startSandbox } from '../../src/sandbox/index.js'
import { pointSdkAt } from '../helpers/sandbox.js'
import type { RunningSandbox } from '../../src/sandbox/index.js'

const A = '111111111111'
const B = '222222222222'
const REGION = 'us-east-1'
const ROLE = 'BedrockAccess'
const EXTERNAL_ID = 'e2e-external-id-0001'
const HAIKU = 'anthropic.claude-3-5-haiku-20241022-v1:0'
const SONNET4 = 'anthropic.claude-sonnet-4-20250514-v1:0'
const NOVA_LITE = 'amazon.nova-lite-v1:0'
const PROFILE = `us.${SONNET4}`
const US = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2']

const fm = (region: string, id: string) => `arn:aws:bedrock:${region}::foundation-model/${id}`
const profileArn = `arn:aws:bedrock:${REGION}:${B}:inference-profile/${PROFILE}`
const ACTIONS = ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream']

let sandbox: RunningSandbox
let savedEnv: NodeJS.ProcessEnv
let bedrock: BedrockRuntimeClient
let sessionArn: string

type Keys = { accessKeyId: string; secretAccessKey: string; sessionToken?: string }

/** Permissions policy of the access role; `profileRegions` are the destination regions it grants for the profile. */
function permissions(profileRegions: string[]) {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Haiku', Effect: 'Allow', Action: ACTIONS, Resource: [fm(REGION, HAIKU), fm(REGION, 'amazon.nova-pro-v1:0'), fm(REGION, SONNET4), fm(REGION, 'acme.unknown-v1:0')] },
      { Sid: 'Profile', Effect: 'Allow', Action: ACTIONS, Resource: [profileArn, ...profileRegions.map((r) => fm(r, SONNET4))] }
    ]
  })
}

/**
 * The default world plus what `init --apply` would create: the access role in B (trusting A's
 * `app-caller` with an ExternalId; granting three of the four US destination regions of the
 * profile) and the caller's source policy in A. IAM set-up over the wire is covered by the
 * CloudTrail e2e test; here the world file does it, and one test changes the role with PutRolePolicy.
 */
function worldWithAccessRole(): WorldFile {
  const world = defaultWorld()
  const [accountA, accountB] = world.accounts
  accountB!.roles.push({
    name: ROLE,
    trustPolicy: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/app-caller` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': EXTERNAL_ID } } }]
    },
    inlinePolicies: [{ name: 'bedrock', document: JSON.parse(permissions(US.filter((r) => r !== 'us-west-1'))) }]
  })
  const caller = accountA!.users.find((u) => u.name === 'app-caller')!
  caller.inlinePolicies = [{ name: 'assume-bedrock-access', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${B}:role/${ROLE}` }] } }]
  return world
}

function bedrockClient(credentials: Keys | ReturnType<typeof fromTemporaryCredentials>) {
  return new BedrockRuntimeClient({ region: REGION, credentials, authSchemePreference: ['sigv4'], maxAttempts: 1 })
}

beforeAll(async () => {
  savedEnv = { ...process.env }
  sandbox = await startSandbox({ world: worldWithAccessRole() })
  pointSdkAt(sandbox.endpoint)
  const { sourceCaller } = sandbox.principals
  const sts = new STSClient({ region: REGION, credentials: sourceCaller })
  const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${B}:role/${ROLE}`, RoleSessionName: 'e2e', ExternalId: EXTERNAL_ID }))
  sessionArn = assumed.AssumedRoleUser!.Arn!
  const c = assumed.Credentials!
  bedrock = bedrockClient({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! })
})

afterAll(async () => {
  process.env = savedEnv
  await sandbox?.stop()
})

const say = (text: string, maxTokens = 200) => ({ messages: [{ role: 'user' as const, content: [{ text }] }], inferenceConfig: { maxTokens, temperature: 0.2 } })

async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } }
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode }
  }
  throw new Error('expected the call to fail')
}

describe('Converse through the assumed role', () => {
  it('answers for a model the role allows', async () => {
    const answer = await bedrock.send(new ConverseCommand({ modelId: HAIKU, ...say('ping from e2e') }))
    expect(answer.output?.message?.content?.[0]?.text).toBe('Hello from Claude 3.5 Haiku in us-east-1 (sandbox). You said: ping from e2e')
    expect(answer.stopReason).toBe('end_turn')
    expect(answer.usage?.totalTokens).toBe((answer.usage?.inputTokens ?? 0) + (answer.usage?.outputTokens ?? 0))
    expect(answer.metrics?.latencyMs).toBeGreaterThanOrEqual(200)
  })

  it('denies a model the role does not allow, in AWS words', async () => {
    expect(await failure(bedrock.send(new ConverseCommand({ modelId: NOVA_LITE, ...say('hi') })))).toEqual({
      name: 'AccessDeniedException',
      status: 403,
      message: `User: ${sessionArn} is not authorized to perform: bedrock:InvokeModel on resource: ${fm(REGION, NOVA_LITE)} because no identity-based policy allows the bedrock:InvokeModel action`
    })
  })

  it.each([
    ['an unknown model', 'acme.unknown-v1:0', 'ValidationException', 400, 'The provided model identifier is invalid.'],
    ['a model without model access', 'amazon.nova-pro-v1:0', 'AccessDeniedException', 403, "You don't have access to the model with the specified model ID."],
    ['a profile-only model by its plain id', SONNET4, 'ValidationException', 400, `Invocation of model ID ${SONNET4} with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.`]
  ])('refuses %s', async (_label, modelId, name, status, message) => {
    expect(await failure(bedrock.send(new ConverseCommand({ modelId, ...say('hi') })))).toEqual({ name, status, message })
  })

  it('rejects an invalid inference configuration', async () => {
    const result = await failure(bedrock.send(new ConverseCommand({ modelId: HAIKU, ...say('hi'), inferenceConfig: { maxTokens: 10, temperature: 3 } })))
    expect(result.name).toBe('ValidationException')
    expect(result.message).toContain("'inferenceConfig.temperature'")
  })
})

describe('inference profiles', () => {
  it('need the foundation-model ARN in every destination region, then route across them', async () => {
    const call = () => bedrock.send(new ConverseCommand({ modelId: PROFILE, ...say('via profile') }))
    // The role grants three of the four US destination regions: denied at once, naming the missing one.
    expect((await failure(call())).message).toBe(`User: ${sessionArn} is not authorized to perform: bedrock:InvokeModel on resource: ${fm('us-west-1', SONNET4)} because no identity-based policy allows the bedrock:InvokeModel action`)
    const iamB = new IAMClient({ region: REGION, credentials: sandbox.principals.targetAdmin })
    await iamB.send(new PutRolePolicyCommand({ RoleName: ROLE, PolicyName: 'bedrock', PolicyDocument: permissions(US) }))
    const served = new Set<string>()
    for (let i = 0; i < 4; i++) {
      const text = (await call()).output?.message?.content?.[0]?.text ?? ''
      served.add(/ in ([a-z0-9-]+) \(sandbox\)/.exec(text)?.[1] ?? text)
    }
    expect(served).toEqual(new Set(US))
  })

  it('also work through the ARN of the profile', async () => {
    const answer = await bedrock.send(new ConverseCommand({ modelId: profileArn, ...say('by arn') }))
    expect(answer.output?.message?.content?.[0]?.text).toContain('You said: by arn')
  })
})

describe('streams and InvokeModel through the SDK', () => {
  it('ConverseStream streams the same answer as Converse', async () => {
    const plain = await bedrock.send(new ConverseCommand({ modelId: HAIKU, ...say('stream me please, several words long') }))
    const streamed = await bedrock.send(new ConverseStreamCommand({ modelId: HAIKU, ...say('stream me please, several words long') }))
    const kinds: string[] = []
    let text = ''
    let usage: unknown
    for await (const event of streamed.stream!) {
      kinds.push(Object.keys(event).find((k) => (event as unknown as Record<string, unknown>)[k] !== undefined)!)
      text += event.contentBlockDelta?.delta?.text ?? ''
      if (event.metadata) usage = event.metadata.usage
    }
    expect(kinds[0]).toBe('messageStart')
    expect(kinds.filter((k) => k === 'contentBlockDelta').length).toBeGreaterThan(1)
    expect(kinds.slice(-3)).toEqual(['contentBlockStop', 'messageStop', 'metadata'])
    expect(text).toBe(plain.output?.message?.content?.[0]?.text)
    expect(usage).toEqual(plain.usage)
  })

  it('InvokeModel answers an Anthropic body in Anthropic shape', async () => {
    const body = { anthropic_version: 'bedrock-2023-05-31', max_tokens: 100, messages: [{ role: 'user', content: 'invoke me' }] }
    const response = await bedrock.send(new InvokeModelCommand({ modelId: HAIKU, contentType: 'application/json', accept: 'application/json', body: JSON.stringify(body) }))
    const answer = JSON.parse(new TextDecoder().decode(response.body))
    expect(answer).toMatchObject({ type: 'message', role: 'assistant', stop_reason: 'end_turn' })
    expect(answer.content[0].text).toContain('You said: invoke me')
  })

  it('InvokeModelWithResponseStream streams Anthropic chunks', async () => {
    const body = { anthropic_version: 'bedrock-2023-05-31', max_tokens: 100, messages: [{ role: 'user', content: 'stream invoke' }] }
    const response = await bedrock.send(new InvokeModelWithResponseStreamCommand({ modelId: HAIKU, contentType: 'application/json', body: JSON.stringify(body) }))
    let text = ''
    for await (const event of response.body!) {
      const chunk = JSON.parse(new TextDecoder().decode(event.chunk?.bytes))
      if (chunk.type === 'content_block_delta') text += chunk.delta.text
    }
    expect(text).toBe('Hello from Claude 3.5 Haiku in us-east-1 (sandbox). You said: stream invoke')
  })

  it('works with fromTemporaryCredentials, as the tool assumes roles', async () => {
    const credentials = fromTemporaryCredentials({
      masterCredentials: sandbox.principals.sourceCaller,
      params: { RoleArn: `arn:aws:iam::${B}:role/${ROLE}`, RoleSessionName: 'e2e-provider', ExternalId: EXTERNAL_ID },
      clientConfig: { region: REGION }
    })
    const answer = await bedrockClient(credentials).send(new ConverseCommand({ modelId: HAIKU, ...say('provider') }))
    expect(answer.output?.message?.content?.[0]?.text).toContain('You said: provider')
  })

  it('records every call in B, success or error, under the session', () => {
    const records = sandbox.trail.events(B, REGION).filter((r) => r.eventSource === 'bedrock.amazonaws.com')
    expect(records.some((r) => r.eventName === 'Converse' && !r.errorCode)).toBe(true)
    expect(records.some((r) => r.eventName === 'ConverseStream')).toBe(true)
    expect(records.some((r) => r.eventName === 'InvokeModelWithResponseStream')).toBe(true)
    const denied = records.find((r) => (r.requestParameters as { modelId?: string } | null)?.modelId === NOVA_LITE)
    expect(denied).toMatchObject({ errorCode: 'AccessDeniedException', userIdentity: { type: 'AssumedRole', arn: sessionArn }, sourceIPAddress: '203.0.113.10' })
    expect(sandbox.trail.events(A, REGION).filter((r) => r.eventSource === 'bedrock.amazonaws.com')).toEqual([])
  })
})
