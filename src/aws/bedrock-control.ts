/**
 * BedrockControlPort over the SDK's Bedrock control-plane client (`@aws-sdk/client-bedrock`,
 * REST-JSON over HTTP/1.1, signed as `bedrock`): GetInferenceProfile and
 * GetFoundationModelAvailability, the two reads that replace tables with what AWS says for the
 * account (docs/aws-facts.md profile.get.models, bedrock.control-plane.availability). Loaded lazily
 * by the factory on first use.
 */
import { BedrockClient, GetFoundationModelAvailabilityCommand, GetInferenceProfileCommand, type BedrockClientConfig, type GetFoundationModelAvailabilityResponse, type GetInferenceProfileResponse } from '@aws-sdk/client-bedrock'
import type { ResponseMetadata } from '@smithy/types'
import { isAwsCallError } from '../core/ports/aws-error.js'
import type { BedrockControlPort, InferenceProfileInfo, ModelAvailability } from '../core/ports/aws.js'
import { callAws, malformed, type ServiceContext } from './call.js'

interface WithMetadata<T> {
  $metadata: ResponseMetadata
  value: T
}

/** GetInferenceProfile's output in the port's terms; undefined when a member the API requires is missing. */
export function inferenceProfileOf(output: Partial<GetInferenceProfileResponse>): InferenceProfileInfo | undefined {
  const modelArns = (output.models ?? []).flatMap((m) => (m.modelArn ? [m.modelArn] : []))
  if (!output.inferenceProfileArn || !output.inferenceProfileId || !output.type || modelArns.length === 0) return undefined
  return { id: output.inferenceProfileId, arn: output.inferenceProfileArn, type: output.type, status: output.status ?? '', modelArns }
}

/** GetFoundationModelAvailability's output in the port's terms; undefined when a member the API requires is missing. */
export function modelAvailabilityOf(output: Partial<GetFoundationModelAvailabilityResponse>, modelId: string): ModelAvailability | undefined {
  const { agreementAvailability, authorizationStatus, entitlementAvailability, regionAvailability } = output
  if (!agreementAvailability?.status || !authorizationStatus || !entitlementAvailability || !regionAvailability) return undefined
  return {
    modelId: output.modelId ?? modelId,
    agreement: { status: agreementAvailability.status, errorMessage: agreementAvailability.errorMessage },
    authorizationStatus,
    entitlementAvailability,
    regionAvailability
  }
}

export function createBedrockControlPort(config: BedrockClientConfig, context: ServiceContext): BedrockControlPort {
  const client = new BedrockClient(config)
  return {
    async getInferenceProfile(identifier) {
      try {
        const answer = await callAws(context, 'GetInferenceProfile', async (abortSignal): Promise<WithMetadata<InferenceProfileInfo>> => {
          const output = await client.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: identifier }), { abortSignal })
          const value = inferenceProfileOf(output)
          if (!value) throw malformed(context, 'GetInferenceProfile', 'the response lacks inferenceProfileArn/inferenceProfileId/type/models', output.$metadata.requestId)
          return { $metadata: output.$metadata, value }
        })
        return answer.value
      } catch (error) {
        // No such profile is an answer (the caller falls back), not a failure.
        if (isAwsCallError(error) && error.failure.kind === 'not-found') return undefined
        throw error
      }
    },
    async getFoundationModelAvailability(modelId) {
      const answer = await callAws(context, 'GetFoundationModelAvailability', async (abortSignal): Promise<WithMetadata<ModelAvailability>> => {
        const output = await client.send(new GetFoundationModelAvailabilityCommand({ modelId }), { abortSignal })
        const value = modelAvailabilityOf(output, modelId)
        if (!value) throw malformed(context, 'GetFoundationModelAvailability', 'the response lacks agreementAvailability/authorizationStatus/entitlementAvailability/regionAvailability', output.$metadata.requestId)
        return { $metadata: output.$metadata, value }
      })
      return answer.value
    }
  }
}
