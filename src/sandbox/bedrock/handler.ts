/**
 * Bedrock Runtime in the sandbox (REST-JSON): Converse, ConverseStream, InvokeModel and
 * InvokeModelWithResponseStream under `POST /model/{modelId}/…`.
 */
import { SandboxAwsError } from '../contract.js'
import type { ServiceHandler } from '../contract.js'

export const bedrockHandler: ServiceHandler = async (request) => {
  throw new SandboxAwsError('UnknownOperationException', `No Bedrock operation at ${request.method} ${request.path}`, 404)
}
