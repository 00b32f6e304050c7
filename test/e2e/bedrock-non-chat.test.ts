/**
 * Embedding and image models over the sandbox's wire, read by the real Bedrock Runtime SDK client:
 * Converse is refused with Bedrock's ValidationException ("This action doesn't support the model
 * that you provided. Try again with a supported text or chat model."; docs/aws-facts.md
 * bedrock.converse.no-embeddings, bedrock.converse.non-chat-message) and InvokeModel answers in the
 * provider's native shape. Account B = 222222222222 (user admin, AdministratorAccess), with the
 * models below enabled in us-east-1 on top of the default world.
 */
import { ConverseCommand, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultWorld } from '../../src/sandbox/worlds/default-world.js'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js'

const NON_CHAT = ['amazon.titan-embed-text-v2:0', 'cohere.embed-english-v3', 'amazon.nova-canvas-v1:0', 'amazon.titan-image-generator-v2:0', 'stability.stable-image-core-v1:1']

let sandbox: TestSandbox
beforeAll(async () => {
  const world = defaultWorld()
  const b = world.accounts.find((a) => a.id === '222222222222')!
  b.models = { ...b.models, 'us-east-1': [...(b.models['us-east-1'] ?? []), ...NON_CHAT] }
  sandbox = await startTestSandbox({ world })
})
afterAll(() => sandbox.stop())

const client = () => sandbox.bedrock(sandbox.principals.targetAdmin, { maxAttempts: 1 })
const invoke = async (modelId: string, body: unknown) => {
  const output = await client().send(new InvokeModelCommand({ modelId, contentType: 'application/json', accept: 'application/json', body: JSON.stringify(body) }))
  return JSON.parse(new TextDecoder().decode(output.body)) as Record<string, unknown>
}

describe('embedding and image models', () => {
  it.each(NON_CHAT)('Converse on %s is a ValidationException in AWS words', async (modelId) => {
    const error = await client()
      .send(new ConverseCommand({ modelId, messages: [{ role: 'user', content: [{ text: 'OK' }] }] }))
      .catch((e: unknown) => e as { name: string; message: string })
    expect(error).toMatchObject({ name: 'ValidationException', message: "This action doesn't support the model that you provided. Try again with a supported text or chat model." })
  })

  it('Titan Embeddings answers InvokeModel with an embedding', async () => {
    const body = await invoke('amazon.titan-embed-text-v2:0', { inputText: 'OK', dimensions: 256 })
    expect((body.embedding as number[]).length).toBe(256)
    expect(body.inputTextTokenCount).toBeGreaterThan(0)
  })

  it('Cohere Embed answers with one embedding per text', async () => {
    const body = await invoke('cohere.embed-english-v3', { texts: ['a', 'b'], input_type: 'search_document' })
    expect(body.embeddings).toHaveLength(2)
  })

  it('Nova Canvas answers TEXT_IMAGE with an image', async () => {
    const body = await invoke('amazon.nova-canvas-v1:0', { taskType: 'TEXT_IMAGE', textToImageParams: { text: 'a square' }, imageGenerationConfig: { numberOfImages: 1 } })
    expect(body.images).toHaveLength(1)
  })

  it('a text model still answers Converse', async () => {
    const output = await client().send(new ConverseCommand({ modelId: 'amazon.nova-lite-v1:0', messages: [{ role: 'user', content: [{ text: 'OK' }] }] }))
    expect(output.output?.message?.content?.[0]?.text).toMatch(/sandbox/)
  })
})
