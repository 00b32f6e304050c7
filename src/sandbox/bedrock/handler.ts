/**
 * Bedrock Runtime in the sandbox (REST-JSON): Converse, ConverseStream, InvokeModel and
 * InvokeModelWithResponseStream under `POST /model/{modelId}/…`. Every call, answered or refused,
 * is recorded in the caller's CloudTrail in the request's region, as AWS logs Bedrock runtime
 * calls (management events, `requestParameters.modelId` as called, `additionalEventData.inferenceRegion`
 * when a profile served the call elsewhere). Errors are thrown as SandboxAwsError; the server renders
 * them with `x-amzn-errortype`.
 */
import { SandboxAwsError } from '../contract.js'
import type { SandboxRequest, SandboxEnv, SandboxResponse, ServiceHandler } from '../contract.js'
import { answerPrompt } from './answer.js'
import { dialectOf, parseConverseBody, parseInvokeBody } from './prompt.js'
import { resolveModel } from './resolve.js'
import type { BedrockOperation, ResolvedModel } from './resolve.js'
import { converseResponse, converseStreamResponse, invokeResponse, invokeStreamResponse } from './responses.js'

const OPERATIONS: Record<string, BedrockOperation> = {
  converse: 'Converse',
  'converse-stream': 'ConverseStream',
  invoke: 'InvokeModel',
  'invoke-with-response-stream': 'InvokeModelWithResponseStream'
}

/** `/model/{modelId}/{operation}`; the id may itself contain `/` (ARNs), as the path arrives decoded. */
export function routeOf(method: string, path: string): { operation: BedrockOperation; modelId: string } | undefined {
  if (method !== 'POST' || !path.startsWith('/model/')) return undefined
  const rest = path.slice('/model/'.length)
  const slash = rest.lastIndexOf('/')
  if (slash <= 0) return undefined
  const operation = OPERATIONS[rest.slice(slash + 1)]
  let modelId = rest.slice(0, slash)
  // Tolerate a still-encoded id (`%3A`, `%2F`) should a client or proxy double-encode it.
  if (modelId.includes('%')) {
    try {
      modelId = decodeURIComponent(modelId)
    } catch {
      // keep it as it came; resolution will call it invalid
    }
  }
  return operation === undefined ? undefined : { operation, modelId }
}

async function answer(request: SandboxRequest, operation: BedrockOperation, resolved: ResolvedModel): Promise<SandboxResponse> {
  const { modelId, inferenceRegion } = resolved
  if (operation === 'Converse' || operation === 'ConverseStream') {
    const result = answerPrompt(modelId, inferenceRegion, parseConverseBody(request.body))
    return operation === 'Converse' ? converseResponse(request.requestId, result) : converseStreamResponse(request.requestId, result)
  }
  const dialect = dialectOf(modelId)
  const result = answerPrompt(modelId, inferenceRegion, parseInvokeBody(request.body, dialect))
  return operation === 'InvokeModel'
    ? invokeResponse(request.requestId, modelId, dialect, result)
    : invokeStreamResponse(request.requestId, modelId, dialect, result)
}

export const bedrockHandler: ServiceHandler = async (request: SandboxRequest, env: SandboxEnv) => {
  const route = routeOf(request.method, request.path)
  if (route === undefined) {
    throw new SandboxAwsError('UnknownOperationException', `The sandbox's Bedrock Runtime has no operation at ${request.method} ${request.path}.`, 404)
  }
  const { operation, modelId } = route
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
    const response = await answer(request, operation, resolved)
    trail({})
    return response
  } catch (error) {
    const awsError =
      error instanceof SandboxAwsError ? error : new SandboxAwsError('InternalServerException', 'The server encountered an internal error while processing the request.', 500)
    trail({ errorCode: awsError.code, errorMessage: awsError.message })
    throw awsError
  }
}
