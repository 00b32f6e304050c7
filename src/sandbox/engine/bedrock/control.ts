/**
 * Bedrock's control plane in the engine: the reads the tool makes (GetInferenceProfile,
 * GetFoundationModelAvailability), answered from the same data the runtime routes with, so the
 * sandbox's GetInferenceProfile and its Converse agree on where a profile routes.
 *
 * - GetInferenceProfile (`bedrock:GetInferenceProfile` on the profile ARN; svcref:bedrock): a
 *   system-defined profile `<geo>.<model>` exists in the source regions of its geography (every
 *   region for `global.`), for a model the world knows; `models[].modelArn` lists the foundation
 *   model in each destination region (docs/aws-facts.md profile.get.models, profile.geo.iam). For a
 *   global profile it lists the source region's model: botocore's `FoundationModelArn` pattern has
 *   no region-less form. Application profiles are not part of the world format, so none exists.
 * - GetFoundationModelAvailability (`bedrock:GetFoundationModelAvailability`, no resource type):
 *   a model the account has enabled in the region is AUTHORIZED with its agreement and entitlement
 *   AVAILABLE; a known model not enabled is NOT_AUTHORIZED with the agreement NOT_AVAILABLE
 *   (docs/aws-facts.md bedrock.control-plane.availability).
 *
 * Every call is recorded in the caller's CloudTrail as a read-only management event.
 */
import { KNOWN_MODELS, PROFILE_GEOGRAPHIES, destinationRegions, foundationModelArn, inferenceProfileArn, parseModelRef } from '../../../core/models.js'
import { SandboxAwsError } from '../types.js'
import type { ApiOutput, EngineEnv, RequestContext } from '../types.js'

export type BedrockControlOperation = 'GetInferenceProfile' | 'GetFoundationModelAvailability'

/** Sandbox wording: AWS's exact text for a missing profile was not found (docs/aws-facts.md profile.get.models). */
export function profileNotFoundMessage(identifier: string): string {
  return `The inference profile ${identifier} doesn't exist.`
}

/** botocore bedrock `BedrockModelId` pattern (GetFoundationModelAvailability's `modelId`). */
const BEDROCK_MODEL_ID = /^[a-z0-9-]{1,63}[.]{1}[a-z0-9-]{1,63}([a-z0-9-]{1,63}[.]){0,2}[a-z0-9-]{1,63}([:][a-z0-9-]{1,63}){0,2}(\/[a-z0-9]{12}|)$/

async function authorize(request: RequestContext, env: EngineEnv, action: string, resource: string): Promise<void> {
  const result = await env.authorize(request, { action, resource, resourceAccount: request.caller.accountId })
  if (!result.allowed) throw new SandboxAwsError('AccessDeniedException', result.message, 403)
}

/** As the runtime decides it (resolve.ts): a model the tool knows, or one the world enables for the account here. */
function isKnown(env: EngineEnv, request: RequestContext, modelId: string): boolean {
  return KNOWN_MODELS.some((m) => m.modelId === modelId) || env.enabledModels(request.caller.accountId, request.region).includes(modelId)
}

async function getInferenceProfile(request: RequestContext, env: EngineEnv, identifier: string): Promise<ApiOutput> {
  const { region } = request
  const accountId = request.caller.accountId
  const ref = parseModelRef(identifier)
  if (ref === undefined)
    throw new SandboxAwsError(
      'ValidationException',
      `1 validation error detected: Value '${identifier}' at 'inferenceProfileIdentifier' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:aws(|-us-gov|-cn|-iso|-iso-b):bedrock:(|[0-9a-z-]{0,20}):(|[0-9]{12}):(inference-profile|application-inference-profile)/)?[a-zA-Z0-9-:.]+`,
      400
    )
  if (ref.kind === 'application-profile') {
    await authorize(request, env, 'bedrock:GetInferenceProfile', ref.arn)
    throw new SandboxAwsError('ResourceNotFoundException', profileNotFoundMessage(identifier), 404)
  }
  if (ref.kind === 'foundation-model') {
    // A plain model id is no profile: Bedrock looks it up as one and finds none.
    await authorize(request, env, 'bedrock:GetInferenceProfile', inferenceProfileArn('aws', region, accountId, ref.id))
    throw new SandboxAwsError('ResourceNotFoundException', profileNotFoundMessage(identifier), 404)
  }
  const arn = inferenceProfileArn('aws', region, accountId, ref.id)
  await authorize(request, env, 'bedrock:GetInferenceProfile', arn)
  const offeredHere = ref.geography === 'global' || (PROFILE_GEOGRAPHIES[ref.geography] as readonly string[]).includes(region)
  if (!offeredHere || !isKnown(env, request, ref.modelId)) throw new SandboxAwsError('ResourceNotFoundException', profileNotFoundMessage(identifier), 404)
  const name = KNOWN_MODELS.find((m) => m.modelId === ref.modelId)?.name ?? ref.modelId
  return {
    inferenceProfileName: `${ref.geography.toUpperCase()} ${name}`.replace(/[^0-9a-zA-Z _-]/g, ' ').slice(0, 64),
    inferenceProfileArn: arn,
    inferenceProfileId: ref.id,
    status: 'ACTIVE',
    type: 'SYSTEM_DEFINED',
    models: destinationRegions(ref.geography, region).map((destination) => ({ modelArn: foundationModelArn('aws', destination, ref.modelId) }))
  }
}

async function getFoundationModelAvailability(request: RequestContext, env: EngineEnv, modelId: string): Promise<ApiOutput> {
  if (!BEDROCK_MODEL_ID.test(modelId))
    throw new SandboxAwsError('ValidationException', `1 validation error detected: Value '${modelId}' at 'modelId' failed to satisfy constraint: Member must satisfy regular expression pattern: ${BEDROCK_MODEL_ID.source.slice(1, -1)}`, 400)
  await authorize(request, env, 'bedrock:GetFoundationModelAvailability', '*')
  const accountId = request.caller.accountId
  if (!isKnown(env, request, modelId)) throw new SandboxAwsError('ResourceNotFoundException', `The model ${modelId} doesn't exist.`, 404)
  const enabled = env.enabledModels(accountId, request.region).includes(modelId)
  return {
    modelId,
    agreementAvailability: { status: enabled ? 'AVAILABLE' : 'NOT_AVAILABLE' },
    authorizationStatus: enabled ? 'AUTHORIZED' : 'NOT_AUTHORIZED',
    entitlementAvailability: enabled ? 'AVAILABLE' : 'NOT_AVAILABLE',
    regionAvailability: 'AVAILABLE'
  }
}

/** One control-plane call; throws SandboxAwsError as Bedrock would answer, and records it in CloudTrail either way. */
export async function runBedrockControl(request: RequestContext, env: EngineEnv, operation: BedrockControlOperation, id: string): Promise<ApiOutput> {
  const requestParameters = operation === 'GetInferenceProfile' ? { inferenceProfileIdentifier: id } : { modelId: id }
  const trail = (extra: { errorCode?: string; errorMessage?: string }) => env.trail.record({ request, eventSource: 'bedrock.amazonaws.com', eventName: operation, readOnly: true, requestParameters, responseElements: null, ...extra })
  try {
    const output = operation === 'GetInferenceProfile' ? await getInferenceProfile(request, env, id) : await getFoundationModelAvailability(request, env, id)
    trail({})
    return output
  } catch (error) {
    const awsError = error instanceof SandboxAwsError ? error : new SandboxAwsError('InternalServerException', 'The server encountered an internal error while processing the request.', 500)
    trail({ errorCode: awsError.code, errorMessage: awsError.message })
    throw awsError
  }
}
