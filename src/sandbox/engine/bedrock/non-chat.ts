/**
 * Embedding and image models in the sandbox: Converse refuses them with Bedrock's wording, and
 * InvokeModel answers in the provider's native shape, deterministically (docs/aws-facts.md
 * bedrock.converse.no-embeddings, bedrock.converse.non-chat-message).
 * - Titan Embeddings: `{ inputText }` → `{ embedding: number[], inputTextTokenCount }` (1024 floats, or `dimensions`);
 * - Cohere Embed: `{ texts, input_type }` → `{ id, texts, embeddings: number[][], response_type: 'embeddings_floats' }`;
 * - Titan Image Generator, Nova Canvas: `{ taskType: 'TEXT_IMAGE', textToImageParams: { text } }` → `{ images: [base64 PNG] }`;
 * - Stability: `{ prompt }` → `{ seeds, finish_reasons, images: [base64 PNG] }`.
 */
import { createHash } from 'node:crypto'
import type { ModelOutput } from '../../../core/models.js'
import { SandboxAwsError } from '../types.js'
import { estimateTokens } from './answer.js'
import { MALFORMED_MESSAGE, parseJsonObject } from './prompt.js'

/** What Bedrock answers Converse for a model that is not a text or chat model (seen in public reports; see the facts file). */
export const NON_CHAT_MODEL_MESSAGE = "This action doesn't support the model that you provided. Try again with a supported text or chat model."

/** Titan Text Embeddings V2's default vector size. */
const DEFAULT_DIMENSIONS = 1024
/** A 1×1 PNG: the smallest image a client can decode. */
const TINY_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='

function malformed(): SandboxAwsError {
  return new SandboxAwsError('ValidationException', MALFORMED_MESSAGE, 400)
}

/** A deterministic unit-length vector for `text`. */
function vector(modelId: string, text: string, dimensions: number): number[] {
  const values: number[] = []
  let seed = createHash('sha256').update(`${modelId}\n${text}`).digest()
  while (values.length < dimensions) {
    for (let i = 0; i + 1 < seed.length && values.length < dimensions; i += 2) values.push(seed.readUInt16BE(i) / 32768 - 1)
    seed = createHash('sha256').update(seed).digest()
  }
  const norm = Math.sqrt(values.reduce((sum, v) => sum + v * v, 0)) || 1
  return values.map((v) => Math.round((v / norm) * 1e6) / 1e6)
}

/** The native InvokeModel answer of a non-chat model, or Bedrock's "malformed" refusal for a body it cannot take. */
export function nonChatInvokeBody(modelId: string, output: Exclude<ModelOutput, 'text'>, body: Buffer): Record<string, unknown> {
  const input = parseJsonObject(body)
  if (output === 'image') {
    const text = (input.textToImageParams as { text?: unknown } | undefined)?.text ?? input.prompt
    if (typeof text !== 'string' || text === '') throw malformed()
    return modelId.startsWith('stability.') ? { seeds: [0], finish_reasons: [null], images: [TINY_PNG] } : { images: [TINY_PNG] }
  }
  if (modelId.startsWith('cohere.')) {
    const texts = input.texts
    if (!Array.isArray(texts) || texts.length === 0 || !texts.every((t) => typeof t === 'string')) throw malformed()
    return { id: createHash('sha256').update(texts.join('\n')).digest('hex').slice(0, 32), texts, embeddings: texts.map((t) => vector(modelId, t, DEFAULT_DIMENSIONS)), response_type: 'embeddings_floats' }
  }
  if (typeof input.inputText !== 'string' || input.inputText === '') throw malformed()
  const dimensions = typeof input.dimensions === 'number' && [256, 512, 1024].includes(input.dimensions) ? input.dimensions : DEFAULT_DIMENSIONS
  return { embedding: vector(modelId, input.inputText, dimensions), inputTextTokenCount: Math.max(1, estimateTokens(input.inputText)) }
}
