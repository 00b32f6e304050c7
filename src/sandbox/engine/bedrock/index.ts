/**
 * Bedrock Runtime in the engine: Converse, ConverseStream, InvokeModel and
 * InvokeModelWithResponseStream. Every call, answered or refused, is recorded in the caller's
 * CloudTrail in the request's region, as AWS logs Bedrock runtime calls (management events,
 * `requestParameters.modelId` as called, `additionalEventData.inferenceRegion` when a profile served
 * the call elsewhere). The answer is returned as data; the wire layer renders it (JSON or an event
 * stream, in the model's native shape for InvokeModel*).
 */
import type { EngineEnv, RequestContext } from '../types.js'
import { SandboxAwsError } from '../types.js'
import { answerPrompt, type Answer } from './answer.js'
import { dialectOf, parseConverseRequest, parseInvokeBody, type InvokeDialect } from './prompt.js'
import { resolveModel } from './resolve.js'
import { NON_CHAT_MODEL_MESSAGE, nonChatInvokeBody } from './non-chat.js'
import { modelOutput } from '../../../core/models.js'
import type { BedrockOperation, ResolvedModel } from './resolve.js'

export type { BedrockOperation } from './resolve.js'

/** A call as the API takes it: Converse's request structure, or InvokeModel's model-native body (a blob). */
export type BedrockInput = { operation: 'Converse' | 'ConverseStream'; modelId: string; request: unknown } | { operation: 'InvokeModel' | 'InvokeModelWithResponseStream'; modelId: string; body: Buffer }

export interface BedrockOutput {
  operation: BedrockOperation
  /** The foundation model that answered. */
  modelId: string
  /** InvokeModel*: the native body dialect the answer is shaped in. */
  dialect?: InvokeDialect | undefined
  answer: Answer
  /** The region whose capacity served the call. */
  inferenceRegion: string
  /** InvokeModel on an embedding or image model: its native answer, rendered as is. */
  nativeBody?: Record<string, unknown> | undefined
}

function answer(input: BedrockInput, resolved: ResolvedModel): BedrockOutput {
  const { modelId, inferenceRegion } = resolved
  const output = modelOutput(modelId)
  if (output !== 'text') {
    // Embedding and image models take InvokeModel only (docs/aws-facts.md bedrock.converse.no-embeddings).
    if ('request' in input) throw new SandboxAwsError('ValidationException', NON_CHAT_MODEL_MESSAGE, 400)
    // Sandbox wording: no public copy of AWS's refusal of a streamed embedding/image call was found.
    if (input.operation === 'InvokeModelWithResponseStream') throw new SandboxAwsError('ValidationException', 'The model is unsupported for streaming.', 400)
    const nativeBody = nonChatInvokeBody(modelId, output, input.body)
    return { operation: input.operation, modelId, answer: { text: '', stopReason: 'end_turn', inputTokens: 1, outputTokens: 0, latencyMs: 0 }, inferenceRegion, nativeBody }
  }
  if ('request' in input) {
    return { operation: input.operation, modelId, answer: answerPrompt(modelId, inferenceRegion, parseConverseRequest(input.request)), inferenceRegion }
  }
  const dialect = dialectOf(modelId)
  return { operation: input.operation, modelId, dialect, answer: answerPrompt(modelId, inferenceRegion, parseInvokeBody(input.body, dialect)), inferenceRegion }
}

/** Run one Bedrock Runtime call for `request`; throws SandboxAwsError as Bedrock would answer. */
export async function invokeBedrock(request: RequestContext, env: EngineEnv, input: BedrockInput): Promise<BedrockOutput> {
  const { operation, modelId } = input
  let resolved: ResolvedModel | undefined
  const trail = (extra: { errorCode?: string; errorMessage?: string }) => {
    const routed = resolved !== undefined && resolved.inferenceRegion !== request.region
    env.trail.record({
      request,
      eventSource: 'bedrock.amazonaws.com',
      eventName: operation,
      readOnly: false,
      requestParameters: { modelId },
      responseElements: null,
      ...(routed ? { additionalEventData: { inferenceRegion: resolved!.inferenceRegion } } : {}),
      ...extra
    })
  }
  try {
    resolved = await resolveModel(request, env, modelId, operation)
    const output = answer(input, resolved)
    trail({})
    return output
  } catch (error) {
    const awsError = error instanceof SandboxAwsError ? error : new SandboxAwsError('InternalServerException', 'The server encountered an internal error while processing the request.', 500)
    trail({ errorCode: awsError.code, errorMessage: awsError.message })
    throw awsError
  }
}
