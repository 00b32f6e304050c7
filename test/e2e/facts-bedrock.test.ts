/**
 * docs/aws-facts.md §9–§10 (Bedrock models and inference profiles), pinned by fact id. Expected
 * values come from the sources quoted in each row (model cards, public error reports, the NZ
 * blog, the inference-profiles page); the tool's model table and the sandbox (through the real
 * @aws-sdk/client-bedrock-runtime, as the admin of B = 222222222222) must agree with them.
 */
import { ConverseCommand, ConverseStreamCommand, InvokeModelCommand, InvokeModelWithResponseStreamCommand, type BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { knownModel, parseModelRef } from '../../src/core/models.js'
import { modelGrants } from '../../src/core/policies/permissions.js'
import { DEFAULT_WIZARD_MODEL } from '../../src/core/setup/fields.js'
import { SandboxAwsError } from '../../src/sandbox/engine/types.js'
import { renderError } from '../../src/sandbox/wire/errors.js'
import { botocoreModel } from '../helpers/botocore.js'
import { fixtureSetup } from '../helpers/setup-fixture.js'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js'

let sandbox: TestSandbox
let bedrock: BedrockRuntimeClient

beforeAll(async () => {
  sandbox = await startTestSandbox()
  bedrock = sandbox.bedrock(sandbox.principals.targetAdmin, { maxAttempts: 1 })
})

afterAll(async () => {
  await sandbox.stop()
})

const say = { messages: [{ role: 'user' as const, content: [{ text: 'hello' }] }], inferenceConfig: { maxTokens: 50 } }
const anthropicBody = JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 50, messages: [{ role: 'user', content: 'hello' }] })

describe('Bedrock models (docs/aws-facts.md §9)', () => {
  it('bedrock.on-demand.per-model-region: Claude 3.5 Sonnet v2 and 3.7 Sonnet are called through a profile, and the sandbox refuses them on demand in us-east-1', async () => {
    // LibreChat#4570, cline#689: "Invocation of model ID anthropic.claude-3-5-sonnet-20241022-v2:0 with on-demand throughput isn’t supported." (us-east-1); Flowise#4253 (3.7 Sonnet).
    for (const id of ['anthropic.claude-3-5-sonnet-20241022-v2:0', 'anthropic.claude-3-7-sonnet-20250219-v1:0']) {
      expect(knownModel(id)?.onDemand, id).toBe(false)
    }
    await expect(bedrock.send(new ConverseCommand({ modelId: 'anthropic.claude-3-5-sonnet-20241022-v2:0', ...say }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(/^Invocation of model ID anthropic\.claude-3-5-sonnet-20241022-v2:0 with on-demand throughput isn.t supported\./)
    })
  })

  it('bedrock.lifecycle.claude-3: the model table knows the three Legacy models and their end-of-life dates; the wizard does not offer them', () => {
    // Model cards: Claude 3 Haiku "モデル終了日: 2026 年 9 月 10 日"; Claude 3.5 Haiku "Date d'expiration du modèle : 19 juin 2026"; 3.5 Sonnet v2 Legacy (llmeter#35).
    expect(knownModel('anthropic.claude-3-haiku-20240307-v1:0')?.lifecycle).toEqual({ status: 'legacy', endOfLife: '2026-09-10' })
    expect(knownModel('anthropic.claude-3-5-haiku-20241022-v1:0')?.lifecycle).toEqual({ status: 'legacy', endOfLife: '2026-06-19' })
    expect(knownModel('anthropic.claude-3-5-sonnet-20241022-v2:0')?.lifecycle).toEqual({ status: 'legacy' })
    const ref = parseModelRef(DEFAULT_WIZARD_MODEL)
    const modelId = ref && 'modelId' in ref ? ref.modelId : DEFAULT_WIZARD_MODEL
    expect(knownModel(modelId), DEFAULT_WIZARD_MODEL).toBeDefined()
    expect(knownModel(modelId)?.lifecycle).toBeUndefined()
  })
})

describe('Bedrock wire and model ids (docs/aws-facts.md §7, §9)', () => {
  it('err.bedrock.error-header: an error carries x-amzn-ErrorType "<Code>:http://internal.amazon.com/coral/com.amazon.bedrock/" and a {"message"} body', () => {
    // aws-samples/amazon-bedrock-client-for-mac#11: "x-amzn-ErrorType: ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/"
    const response = renderError('bedrock', new SandboxAwsError('ValidationException', 'bad', 400), 'req-1')
    expect(response.headers['x-amzn-errortype']).toBe('ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/')
    expect(JSON.parse(String(response.body))).toEqual({ message: 'bad' })
  })

  it('bedrock.model-id.forms: every id or ARN form the tool parses matches botocore ConversationalModelId', () => {
    const runtime = botocoreModel('bedrock-runtime')
    const forms = [
      'anthropic.claude-sonnet-4-5-20250929-v1:0',
      'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0',
      'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      'global.anthropic.claude-haiku-4-5-20251001-v1:0',
      'arn:aws:bedrock:us-east-1:222222222222:inference-profile/us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      'arn:aws:bedrock:eu-north-1:222222222222:application-inference-profile/yj8cdgc1r9gz'
    ]
    for (const form of forms) {
      expect(parseModelRef(form), form).toBeDefined()
      expect(runtime.regex('ConversationalModelId').test(form), form).toBe(true)
    }
  })
})

describe('inference profiles (docs/aws-facts.md §10)', () => {
  it('profile.api-coverage: a profile id works with InvokeModel, InvokeModelWithResponseStream, Converse and ConverseStream', async () => {
    const modelId = 'us.anthropic.claude-sonnet-4-20250514-v1:0'
    expect((await bedrock.send(new ConverseCommand({ modelId, ...say }))).output?.message?.content?.[0]?.text).toContain('You said: hello')
    const stream = await bedrock.send(new ConverseStreamCommand({ modelId, ...say }))
    let streamed = ''
    for await (const event of stream.stream!) streamed += event.contentBlockDelta?.delta?.text ?? ''
    expect(streamed).toContain('You said: hello')
    const invoked = await bedrock.send(new InvokeModelCommand({ modelId, contentType: 'application/json', body: anthropicBody }))
    expect(JSON.parse(new TextDecoder().decode(invoked.body)).content[0].text).toContain('You said: hello')
    const chunks = await bedrock.send(new InvokeModelWithResponseStreamCommand({ modelId, contentType: 'application/json', body: anthropicBody }))
    let text = ''
    for await (const event of chunks.body!) {
      const chunk = JSON.parse(new TextDecoder().decode(event.chunk?.bytes))
      if (chunk.type === 'content_block_delta') text += chunk.delta.text
    }
    expect(text).toContain('You said: hello')
  })

  it('profile.opt-in-destinations: the role is granted opt-in destination regions too (requests are routed there whether or not the account opted in)', () => {
    // Opt-in regions (not enabled by default): eu-south-2 (Spain), eu-central-2 (Zurich), ap-southeast-4 (Melbourne).
    const arns = modelGrants(fixtureSetup({ models: ['eu.anthropic.claude-sonnet-4-5-20250929-v1:0'], region: 'eu-west-1' })).flatMap((grant) => grant.routedModelArns)
    for (const region of ['eu-south-2', 'eu-central-2']) expect(arns).toContain(`arn:aws:bedrock:${region}::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0`)
  })
})

describe('CloudTrail and Bedrock API keys (docs/aws-facts.md §12)', () => {
  it('trail.bearer-token.not-logged: a bearer token never reaches the trail (the sandbox refuses bearer auth; the tool signs with SigV4)', async () => {
    await bedrock.send(new ConverseCommand({ modelId: 'amazon.nova-lite-v1:0', ...say }))
    const token = 'bedrock-api-key-ABSKfactsnotlogged'
    const response = await fetch(`${sandbox.endpoint}/model/amazon.nova-lite-v1:0/converse`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(say) })
    expect(response.status).toBeGreaterThanOrEqual(400)
    const events = JSON.stringify(sandbox.trail.events('222222222222', 'us-east-1'))
    expect(events).toContain('"eventSource":"bedrock.amazonaws.com"')
    expect(events).not.toContain(token)
    expect(events).not.toMatch(/authorization|AWS4-HMAC-SHA256/i)
  })
})
