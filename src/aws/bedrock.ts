/**
 * BedrockPort over the SDK's Bedrock Runtime client (HTTP/2). The client is built with
 * `authSchemePreference: ['sigv4']` by the factory, so AWS_BEARER_TOKEN_BEDROCK never replaces the
 * role being tested. Loaded lazily by the factory on first use.
 */
import { NodeHttp2Handler } from '@smithy/node-http-handler'
import { boundResponses } from './bounded-body.js'
import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand, InvokeModelCommand, type BedrockRuntimeClientConfig, type ConverseRequest } from '@aws-sdk/client-bedrock-runtime'
import type { BedrockPort, ConverseInput, ConverseOutput } from '../core/ports/aws.js'
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

/** Per-request limits of the shared HTTP/2 handler (see sharedHttp2Handler). */
export interface Http2Limits {
  /** Per-attempt limit on a stream's idle time; also how long an idle session is kept. */
  requestTimeoutMs: number
}

/**
 * Streams per HTTP/2 session before the handler opens another: AWS does not document Bedrock
 * Runtime's SETTINGS_MAX_CONCURRENT_STREAMS; staying well under the common 100 means a busy run
 * never waits on the server's limit.
 */
export const BEDROCK_STREAMS_PER_SESSION = 32

const sharedHandlers = new Map<number, NodeHttp2Handler>()

/**
 * One HTTP/2 connection pool per process, shared by every Bedrock Runtime client. verify builds a
 * client per assumed role, and a handler per client would open a connection per role (on AWS, a
 * TLS handshake each) for a single Converse: 100 setups, 100 connections. Requests are signed
 * before they reach the handler, so clients with different credentials can share it, and their
 * streams multiplex over one session per endpoint. Idle sessions do not keep the process alive
 * (the handler unrefs them).
 */
function sharedHttp2Handler(limits: Http2Limits): NodeHttp2Handler {
  let handler = sharedHandlers.get(limits.requestTimeoutMs)
  if (!handler) {
    handler = boundResponses(new NodeHttp2Handler({ requestTimeout: limits.requestTimeoutMs, sessionTimeout: limits.requestTimeoutMs, maxConcurrentStreams: BEDROCK_STREAMS_PER_SESSION }))
    sharedHandlers.set(limits.requestTimeoutMs, handler)
  }
  return handler
}

export function createBedrockPort(config: Omit<BedrockRuntimeClientConfig, 'requestHandler'>, context: ServiceContext, limits: Http2Limits): BedrockPort {
  const client = new BedrockRuntimeClient({ ...config, requestHandler: sharedHttp2Handler(limits) })
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
    async invokeModel(input) {
      const output = await callAws(context, 'InvokeModel', (abortSignal) =>
        client.send(new InvokeModelCommand({ modelId: input.modelId, contentType: 'application/json', accept: 'application/json', body: JSON.stringify(input.body) }), { abortSignal })
      )
      try {
        return { body: JSON.parse(new TextDecoder().decode(output.body)) as unknown }
      } catch {
        throw malformed(context, 'InvokeModel', 'the response body is not JSON', output.$metadata.requestId)
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
        // $metadata: the call's record takes its attempts and request id from it.
        return { text: parts.join(''), stopReason, metadata, requestId: output.$metadata.requestId, $metadata: output.$metadata }
      })
      if (!result.stopReason || !result.metadata) {
        throw malformed(context, 'ConverseStream', 'the stream ended without messageStop/metadata', result.requestId)
      }
      return { text: result.text, stopReason: result.stopReason, usage: usageOf(result.metadata.usage), latencyMs: result.metadata.metrics?.latencyMs ?? 0 }
    }
  }
}
