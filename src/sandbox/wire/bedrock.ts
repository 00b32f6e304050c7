/**
 * Bedrock's REST-JSON codec. Runtime and control plane sign with the same name (`bedrock`), so they
 * share this handler and are told apart by path:
 * - runtime: `POST /model/{modelId}/{converse|converse-stream|invoke|invoke-with-response-stream}`;
 *   Converse bodies are decoded as JSON, InvokeModel bodies passed on as the blob the API takes;
 *   answers rendered as JSON or event streams (bedrock-responses.ts);
 * - control plane (botocore bedrock 2023-04-20): `GET /inference-profiles/{inferenceProfileIdentifier}`
 *   and `GET /foundation-model-availability/{modelId}`, answered as JSON.
 */
import type { Engine } from '../engine/index.js'
import type { BedrockControlOperation } from '../engine/bedrock/control.js'
import type { BedrockInput, BedrockOperation, BedrockOutput } from '../engine/bedrock/index.js'
import { SandboxAwsError, UndecodableBody } from '../engine/types.js'
import { converseResponse, converseStreamResponse, invokeResponse, invokeStreamResponse } from './bedrock-responses.js'
import type { SandboxResponse, ServiceHandler } from './types.js'

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

/** Control-plane routes: path prefix → operation (GET only). */
const CONTROL_ROUTES: readonly [prefix: string, operation: BedrockControlOperation][] = [
  ['/inference-profiles/', 'GetInferenceProfile'],
  ['/foundation-model-availability/', 'GetFoundationModelAvailability']
]

/** `GET /inference-profiles/{id}` or `/foundation-model-availability/{modelId}`; the id may contain `/` (ARNs), as the path arrives decoded. */
export function controlRouteOf(method: string, path: string): { operation: BedrockControlOperation; id: string } | undefined {
  if (method !== 'GET') return undefined
  for (const [prefix, operation] of CONTROL_ROUTES) {
    if (path.startsWith(prefix) && path.length > prefix.length) return { operation, id: path.slice(prefix.length) }
  }
  return undefined
}

function decodeJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'))
  } catch {
    return new UndecodableBody()
  }
}

function render(requestId: string, output: BedrockOutput): SandboxResponse {
  const { answer, modelId, dialect = 'text' } = output
  if (output.nativeBody !== undefined) return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(output.nativeBody) }
  switch (output.operation) {
    case 'Converse':
      return converseResponse(requestId, answer)
    case 'ConverseStream':
      return converseStreamResponse(requestId, answer)
    case 'InvokeModel':
      return invokeResponse(requestId, modelId, dialect, answer)
    case 'InvokeModelWithResponseStream':
      return invokeStreamResponse(requestId, modelId, dialect, answer)
  }
}

/** The Bedrock Runtime codec over the engine's Bedrock operation. */
export function bedrockHandler(engine: Pick<Engine, 'bedrock' | 'bedrockControl'>): ServiceHandler {
  return async (request) => {
    const control = controlRouteOf(request.method, request.path)
    if (control !== undefined) {
      const output = await engine.bedrockControl(request, control.operation, control.id)
      return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(output) }
    }
    const route = routeOf(request.method, request.path)
    if (route === undefined) {
      throw new SandboxAwsError('UnknownOperationException', `The sandbox's Bedrock Runtime has no operation at ${request.method} ${request.path}.`, 404)
    }
    const { operation, modelId } = route
    const input: BedrockInput = operation === 'Converse' || operation === 'ConverseStream' ? { operation, modelId, request: decodeJson(request.body) } : { operation, modelId, body: request.body }
    return render(request.requestId, await engine.bedrock(request, input))
  }
}
