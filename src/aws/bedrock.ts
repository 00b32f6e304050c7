/**
 * BedrockPort over the SDK's Bedrock Runtime client (HTTP/2). The client is built with
 * `authSchemePreference: ['sigv4']` by the factory, so AWS_BEARER_TOKEN_BEDROCK never replaces the
 * role being tested. Loaded lazily by the factory on first use.
 */
import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  type BedrockRuntimeClientConfig,
  type ConverseRequest
} from '@aws-sdk/client-bedrock-runtime'
import type { BedrockPort, ConverseInput, ConverseOutput } from './ports.js'
import { callAws, malformed, type ServiceContext } from './call.js'

function request(input: ConverseInput): ConverseRequest {
  return {
    modelId: input.modelId,
    system: input.system === undefined ? undefined : [{ text: input.system }],
    messages: [{ role: 'user', content: [{ text: input.prompt }] }],
    inferenceConfig: { maxTokens: input.maxTokens, temperature: input.temperature }
  }
}

interface Usage {
  inputTokens?: number | undefined
  outputTokens?: number | undefined
  totalTokens?: number | undefined
}

function usageOf(usage: Usage | undefined): ConverseOutput['usage'] {
  const inputTokens = usage?.inputTokens ?? 0
  const outputTokens = usage?.outputTokens ?? 0
  return { inputTokens, outputTokens, totalTokens: usage?.totalTokens ?? inputTokens + outputTokens }
}

/** Node's codes for an HTTP/2 stream or session torn down under a request (a reset, as ECONNRESET is over HTTP/1.1). */
const HTTP2_RESET_CODES = new Set(['ERR_HTTP2_STREAM_ERROR', 'ERR_HTTP2_SESSION_ERROR', 'ERR_HTTP2_GOAWAY_SESSION', 'ERR_HTTP2_STREAM_CANCEL'])

/**
 * The SDK's retry treats ECONNRESET as transient but not Node's HTTP/2 stream errors, and Bedrock
 * Runtime speaks HTTP/2: without this, one reset stream fails verify where a reset HTTP/1.1
 * connection would be retried. Marking the error retryable hands it to the same bounded standard
 * retry (attempt count, backoff) as every other transient failure.
 */
function retryHttp2Resets(client: BedrockRuntimeClient): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args)
      } catch (error) {
        const code = (error as { code?: unknown } | null)?.code
        if (typeof code === 'string' && HTTP2_RESET_CODES.has(code)) Object.assign(error as object, { $retryable: { throttling: false } })
        throw error
      }
    },
    { step: 'deserialize', name: 'bedrockXacctRetryHttp2Resets', priority: 'low' }
  )
}

export function createBedrockPort(config: BedrockRuntimeClientConfig, context: ServiceContext): BedrockPort {
  const client = new BedrockRuntimeClient(config)
  retryHttp2Resets(client)
  return {
    async converse(input) {
      const output = await callAws(context, 'Converse', (abortSignal) => client.send(new ConverseCommand(request(input)), { abortSignal }))
      const content = output.output?.message?.content
      if (!content || !output.stopReason) throw malformed(context, 'Converse', 'the response has no message', output.$metadata.requestId)
      return {
        text: content.map((block) => block.text ?? '').join(''),
        stopReason: output.stopReason,
        usage: usageOf(output.usage),
        latencyMs: output.metrics?.latencyMs ?? 0
      }
    },
    async converseStream(input) {
      // The stream is read inside the call, so the deadline and error mapping cover it too
      // (stream errors such as throttlingException arrive as events, thrown by the iterator).
      const result = await callAws(context, 'ConverseStream', async (abortSignal) => {
        const output = await client.send(new ConverseStreamCommand(request(input)), { abortSignal })
        const parts: string[] = []
        let stopReason: string | undefined
        let metadata: { usage?: Usage | undefined; metrics?: { latencyMs?: number | undefined } | undefined } | undefined
        for await (const event of output.stream ?? []) {
          if (event.contentBlockDelta?.delta?.text !== undefined) parts.push(event.contentBlockDelta.delta.text)
          if (event.messageStop) stopReason = event.messageStop.stopReason
          if (event.metadata) metadata = event.metadata
        }
        return { text: parts.join(''), stopReason, metadata, requestId: output.$metadata.requestId }
      })
      if (!result.stopReason || !result.metadata) {
        throw malformed(context, 'ConverseStream', 'the stream ended without messageStop/metadata', result.requestId)
      }
      return { text: result.text, stopReason: result.stopReason, usage: usageOf(result.metadata.usage), latencyMs: result.metadata.metrics?.latencyMs ?? 0 }
    }
  }
}
