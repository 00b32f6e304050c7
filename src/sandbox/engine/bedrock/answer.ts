/**
 * The sandbox's model: a deterministic answer naming the model and region, with token counts and
 * latency shaped like Bedrock's, so callers can assert on text, `usage` and `metrics`.
 */
import { createHash } from 'node:crypto'
import { knownModel } from '../../../core/models.js'
import type { Prompt } from './prompt.js'

export interface Answer {
  text: string
  stopReason: 'end_turn' | 'max_tokens'
  inputTokens: number
  outputTokens: number
  /** What Bedrock reports as `metrics.latencyMs`; the sandbox does not actually wait this long. */
  latencyMs: number
}

/** Roughly how many tokens an English word costs (Anthropic and Amazon tokenizers average ~1.3). */
const TOKENS_PER_WORD = 1.3
/** Default output budget when the request sets none (Bedrock's defaults vary by model; 512 is typical). */
const DEFAULT_MAX_TOKENS = 512
/** Latency reported: a realistic 200–599 ms, fixed per model and prompt. */
const LATENCY_BASE_MS = 200
const LATENCY_SPREAD_MS = 400

function words(text: string): string[] {
  return text.split(/\s+/).filter((w) => w !== '')
}

export function estimateTokens(text: string): number {
  return Math.ceil(words(text).length * TOKENS_PER_WORD)
}

export function answerPrompt(modelId: string, region: string, prompt: Prompt): Answer {
  const lastUser = [...prompt.messages].reverse().find((m) => m.role === 'user')?.text ?? ''
  const name = knownModel(modelId)?.name ?? modelId
  const full = words(`Hello from ${name} in ${region} (sandbox). You said: ${lastUser}`)
  const budget = prompt.maxTokens ?? DEFAULT_MAX_TOKENS
  const fits = Math.max(1, Math.floor(budget / TOKENS_PER_WORD))
  const kept = full.slice(0, fits)
  const text = kept.join(' ')
  const allInput = [prompt.system, ...prompt.messages.map((m) => m.text)].join(' ')
  const digest = createHash('sha256').update(`${modelId}\n${allInput}`).digest()
  return {
    text,
    stopReason: kept.length < full.length ? 'max_tokens' : 'end_turn',
    inputTokens: Math.max(1, estimateTokens(allInput)),
    outputTokens: Math.min(budget, Math.max(1, estimateTokens(text))),
    latencyMs: LATENCY_BASE_MS + (digest.readUInt16BE(0) % LATENCY_SPREAD_MS)
  }
}

/** The answer cut into pieces of a few words each, as a stream delivers it (joined they give `text`). */
export function streamChunks(text: string, wordsPerChunk = 3): string[] {
  const all = words(text)
  const chunks: string[] = []
  for (let i = 0; i < all.length; i += wordsPerChunk) {
    chunks.push((i === 0 ? '' : ' ') + all.slice(i, i + wordsPerChunk).join(' '))
  }
  return chunks
}
