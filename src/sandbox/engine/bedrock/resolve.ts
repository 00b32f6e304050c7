/**
 * Which model a Bedrock Runtime call reaches, and whether the caller may reach it: the model
 * reference as called (foundation-model id or ARN, system cross-region inference profile id or
 * ARN), IAM authorization of every ARN AWS checks, then Bedrock's own gates (unknown model, model
 * access not granted, on-demand throughput not supported) with AWS's wording.
 *
 * Inference profiles: AWS may route a profile call to any of its destination regions, so a policy
 * that misses one destination's foundation-model ARN fails only sometimes in AWS. The sandbox
 * authorizes EVERY destination-region ARN on every call and denies if any is missing, so that
 * misconfiguration fails reproducibly (on the first call of a verify run). The region that
 * "served" the call rotates through the destinations per profile, for `inferenceRegion`.
 */
import { KNOWN_MODELS, PROFILE_GEOGRAPHIES, destinationRegions, foundationModelArn, inferenceProfileArn, knownModel, parseModelRef } from '../../../core/models.js'
import { SandboxAwsError } from '../types.js'
import type { EngineEnv, RequestContext } from '../types.js'

export type BedrockOperation = 'Converse' | 'ConverseStream' | 'InvokeModel' | 'InvokeModelWithResponseStream'

export interface ResolvedModel {
  /** The foundation model that answers. */
  modelId: string
  /** The region whose capacity served the call (differs from the request's for profiles). */
  inferenceRegion: string
  /** Set when the call went through a system inference profile. */
  profileArn?: string
}

export const INVALID_MODEL_MESSAGE = 'The provided model identifier is invalid.'
export const MODEL_ACCESS_MESSAGE = "You don't have access to the model with the specified model ID."

export function onDemandUnsupportedMessage(modelId: string): string {
  return `Invocation of model ID ${modelId} with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.`
}

/** Per-profile call counters for choosing the serving region; module state, deterministic per process. */
const routingCounters = new Map<string, number>()

function nextDestination(key: string, destinations: readonly string[]): string {
  const count = routingCounters.get(key) ?? 0
  routingCounters.set(key, count + 1)
  return destinations[count % destinations.length]!
}

export function actionOf(operation: BedrockOperation): string {
  return operation === 'ConverseStream' || operation === 'InvokeModelWithResponseStream' ? 'bedrock:InvokeModelWithResponseStream' : 'bedrock:InvokeModel'
}

async function authorizeOrDeny(request: RequestContext, env: EngineEnv, action: string, resource: string, context?: Record<string, string>): Promise<void> {
  const result = await env.authorize(request, { action, resource, resourceAccount: request.caller.accountId, ...(context ? { context } : {}) })
  if (!result.allowed) throw new SandboxAwsError('AccessDeniedException', result.message, 403)
}

/** Resolve `calledId` for `operation`, authorizing as AWS does; throws SandboxAwsError when AWS would refuse. */
export async function resolveModel(request: RequestContext, env: EngineEnv, calledId: string, operation: BedrockOperation): Promise<ResolvedModel> {
  const ref = parseModelRef(calledId)
  // Application inference profiles are not part of the world format, so none exists in the sandbox.
  if (ref === undefined || ref.kind === 'application-profile') throw new SandboxAwsError('ValidationException', INVALID_MODEL_MESSAGE, 400)
  const action = actionOf(operation)
  const { region } = request
  const accountId = request.caller.accountId
  const enabled = env.enabledModels(accountId, region)
  const isKnown = KNOWN_MODELS.some((m) => m.modelId === ref.modelId) || enabled.includes(ref.modelId)

  let resolved: ResolvedModel
  if (ref.kind === 'foundation-model') {
    await authorizeOrDeny(request, env, action, foundationModelArn('aws', region, ref.modelId))
    resolved = { modelId: ref.modelId, inferenceRegion: region }
  } else {
    // A geographic profile exists only in its own regions (us.* is not offered in eu-west-1).
    if (ref.geography !== 'global' && !(PROFILE_GEOGRAPHIES[ref.geography] as readonly string[]).includes(region)) {
      throw new SandboxAwsError('ValidationException', INVALID_MODEL_MESSAGE, 400)
    }
    const profileArn = inferenceProfileArn('aws', region, accountId, ref.id)
    await authorizeOrDeny(request, env, action, profileArn)
    const destinations = destinationRegions(ref.geography, region)
    // The routed request is authorized in its destination region: aws:RequestedRegion is that region,
    // which is why region-lock SCPs break cross-region inference (DESIGN §4).
    for (const destination of destinations) {
      const context = { 'bedrock:InferenceProfileArn': profileArn, 'aws:RequestedRegion': destination }
      await authorizeOrDeny(request, env, action, foundationModelArn('aws', destination, ref.modelId), context)
    }
    // Global profiles route anywhere; AWS checks the region-less foundation-model ARN for them, with
    // aws:RequestedRegion "unspecified" (what region-lock SCPs must except for global inference).
    if (ref.geography === 'global') {
      const context = { 'bedrock:InferenceProfileArn': profileArn, 'aws:RequestedRegion': 'unspecified' }
      await authorizeOrDeny(request, env, action, foundationModelArn('aws', '', ref.modelId), context)
    }
    resolved = { modelId: ref.modelId, inferenceRegion: nextDestination(`${accountId}/${profileArn}`, destinations), profileArn }
  }

  if (!isKnown) throw new SandboxAwsError('ValidationException', INVALID_MODEL_MESSAGE, 400)
  if (!enabled.includes(ref.modelId)) throw new SandboxAwsError('AccessDeniedException', MODEL_ACCESS_MESSAGE, 403)
  if (ref.kind === 'foundation-model' && knownModel(ref.modelId)?.onDemand === false) {
    throw new SandboxAwsError('ValidationException', onDemandUnsupportedMessage(ref.modelId), 400)
  }
  return resolved
}
