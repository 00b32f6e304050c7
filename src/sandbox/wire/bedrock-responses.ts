/**
 * What each Bedrock Runtime operation answers, from an Answer: the Converse JSON, the Converse
 * event stream, and provider-shaped InvokeModel bodies (plain and streamed as `chunk` events).
 */
import { randomBytes } from 'node:crypto'
import type { Answer } from '../engine/bedrock/answer.js'
import { streamChunks } from '../engine/bedrock/answer.js'
import type { InvokeDialect } from '../engine/bedrock/prompt.js'
import { EVENT_STREAM_CONTENT_TYPE, eventStream } from './event-stream.js'
import type { StreamEvent } from './event-stream.js'
import type { SandboxResponse } from './types.js'

function usage(answer: Answer) {
  return { inputTokens: answer.inputTokens, outputTokens: answer.outputTokens, totalTokens: answer.inputTokens + answer.outputTokens }
}

function json(requestId: string, body: unknown, extra: Record<string, string> = {}): SandboxResponse {
  return { status: 200, headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId, ...extra }, body: JSON.stringify(body) }
}

function stream(requestId: string, events: StreamEvent[]): SandboxResponse {
  return {
    status: 200,
    headers: { 'content-type': EVENT_STREAM_CONTENT_TYPE, 'x-amzn-requestid': requestId, 'x-amzn-bedrock-content-type': 'application/json' },
    body: eventStream(events)
  }
}

export function converseResponse(requestId: string, answer: Answer): SandboxResponse {
  return json(requestId, {
    output: { message: { role: 'assistant', content: [{ text: answer.text }] } },
    stopReason: answer.stopReason,
    usage: usage(answer),
    metrics: { latencyMs: answer.latencyMs }
  })
}

export function converseStreamResponse(requestId: string, answer: Answer): SandboxResponse {
  const events: StreamEvent[] = [{ type: 'messageStart', payload: { role: 'assistant' } }]
  for (const text of streamChunks(answer.text)) events.push({ type: 'contentBlockDelta', payload: { contentBlockIndex: 0, delta: { text } } })
  events.push({ type: 'contentBlockStop', payload: { contentBlockIndex: 0 } })
  events.push({ type: 'messageStop', payload: { stopReason: answer.stopReason } })
  events.push({ type: 'metadata', payload: { usage: usage(answer), metrics: { latencyMs: answer.latencyMs } } })
  return stream(requestId, events)
}

/** Anthropic's message ids on Bedrock look like `msg_bdrk_01…`. */
function anthropicMessageId(): string {
  return 'msg_bdrk_01' + randomBytes(12).toString('base64url').slice(0, 22)
}

/** The non-streamed InvokeModel body in the model's native shape (exported for the tests' MemoryAws, which renders what the wire would). */
export function invokeBody(modelId: string, dialect: InvokeDialect, answer: Answer): unknown {
  if (dialect === 'anthropic') {
    return {
      id: anthropicMessageId(),
      type: 'message',
      role: 'assistant',
      model: modelId.replace(/^anthropic\./, '').replace(/-v\d+:\d+$/, ''),
      content: [{ type: 'text', text: answer.text }],
      stop_reason: answer.stopReason,
      stop_sequence: null,
      usage: { input_tokens: answer.inputTokens, output_tokens: answer.outputTokens }
    }
  }
  if (dialect === 'nova') {
    return { output: { message: { role: 'assistant', content: [{ text: answer.text }] } }, stopReason: answer.stopReason, usage: usage(answer) }
  }
  return {
    generation: answer.text,
    prompt_token_count: answer.inputTokens,
    generation_token_count: answer.outputTokens,
    stop_reason: answer.stopReason === 'end_turn' ? 'stop' : 'length'
  }
}

export function invokeResponse(requestId: string, modelId: string, dialect: InvokeDialect, answer: Answer): SandboxResponse {
  return json(requestId, invokeBody(modelId, dialect, answer), {
    'x-amzn-bedrock-input-token-count': String(answer.inputTokens),
    'x-amzn-bedrock-output-token-count': String(answer.outputTokens),
    'x-amzn-bedrock-invocation-latency': String(answer.latencyMs)
  })
}

/** The provider-native stream payloads InvokeModelWithResponseStream wraps in `chunk` events. */
function nativeStreamPayloads(modelId: string, dialect: InvokeDialect, answer: Answer): unknown[] {
  const chunks = streamChunks(answer.text)
  const metrics = {
    inputTokenCount: answer.inputTokens,
    outputTokenCount: answer.outputTokens,
    invocationLatency: answer.latencyMs,
    firstByteLatency: Math.round(answer.latencyMs / 2)
  }
  if (dialect === 'anthropic') {
    const message = invokeBody(modelId, dialect, { ...answer, text: '' }) as Record<string, unknown>
    return [
      { type: 'message_start', message: { ...message, content: [], stop_reason: null, usage: { input_tokens: answer.inputTokens, output_tokens: 1 } } },
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      ...chunks.map((text) => ({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } })),
      { type: 'content_block_stop', index: 0 },
      { type: 'message_delta', delta: { stop_reason: answer.stopReason, stop_sequence: null }, usage: { output_tokens: answer.outputTokens } },
      { type: 'message_stop', 'amazon-bedrock-invocationMetrics': metrics }
    ]
  }
  if (dialect === 'nova') {
    return [
      { messageStart: { role: 'assistant' } },
      ...chunks.map((text) => ({ contentBlockDelta: { delta: { text }, contentBlockIndex: 0 } })),
      { contentBlockStop: { contentBlockIndex: 0 } },
      { messageStop: { stopReason: answer.stopReason } },
      { metadata: { usage: usage(answer) }, 'amazon-bedrock-invocationMetrics': metrics }
    ]
  }
  return chunks.map((text, i) => ({
    generation: text,
    ...(i === chunks.length - 1 ? { stop_reason: answer.stopReason === 'end_turn' ? 'stop' : 'length', 'amazon-bedrock-invocationMetrics': metrics } : { stop_reason: null })
  }))
}

export function invokeStreamResponse(requestId: string, modelId: string, dialect: InvokeDialect, answer: Answer): SandboxResponse {
  const events = nativeStreamPayloads(modelId, dialect, answer).map((payload) => ({
    type: 'chunk',
    payload: { bytes: Buffer.from(JSON.stringify(payload)).toString('base64') }
  }))
  return stream(requestId, events)
}
