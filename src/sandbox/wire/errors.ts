/**
 * Rendering the engine's SandboxAwsError in each service's wire format: query-protocol XML for STS and IAM,
 * REST-JSON (`x-amzn-errortype` + `{"message"}`) for Bedrock Runtime, JSON 1.1
 * (`{"__type","message"}`) for CloudTrail. Authentication failures have different codes in the
 * JSON services (UnrecognizedClientException, …) than in the query services (InvalidClientTokenId, …).
 */
import { SandboxAwsError, type ServiceName } from '../engine/types.js'
import type { SandboxResponse } from './types.js'
import { IAM_NAMESPACE, STS_NAMESPACE, queryErrorResponse } from './xml.js'

export { authError } from '../engine/authenticate.js'

/** Query-protocol authentication codes and their JSON-protocol equivalents. */
const JSON_AUTH_CODES: Record<string, string> = {
  InvalidClientTokenId: 'UnrecognizedClientException',
  SignatureDoesNotMatch: 'InvalidSignatureException',
  ExpiredToken: 'ExpiredTokenException',
  MissingAuthenticationToken: 'MissingAuthenticationTokenException',
  AccessDenied: 'AccessDeniedException',
  Throttling: 'ThrottlingException'
}

/** An error code as the JSON protocols (Bedrock Runtime, CloudTrail) name it. */
export function jsonProtocolCode(code: string): string {
  return JSON_AUTH_CODES[code] ?? code
}

export function renderError(service: ServiceName, error: SandboxAwsError, requestId: string): SandboxResponse {
  const common = { 'x-amzn-requestid': requestId }
  if (service === 'sts' || service === 'iam') {
    const namespace = service === 'sts' ? STS_NAMESPACE : IAM_NAMESPACE
    return {
      status: error.status,
      headers: { ...common, 'content-type': 'text/xml' },
      body: queryErrorResponse(namespace, error.type, error.code, error.message, requestId)
    }
  }
  const code = JSON_AUTH_CODES[error.code] ?? error.code
  if (service === 'bedrock') {
    return {
      status: error.status,
      headers: { ...common, 'content-type': 'application/json', 'x-amzn-errortype': `${code}:http://internal.amazon.com/coral/com.amazon.bedrock/` },
      body: JSON.stringify({ message: error.message })
    }
  }
  return {
    status: error.status,
    headers: { ...common, 'content-type': 'application/x-amz-json-1.1' },
    body: JSON.stringify({ __type: code, message: error.message })
  }
}

/** Any thrown value as a SandboxAwsError: unexpected failures become InternalFailure (500), never a crash. */
export function asAwsError(error: unknown): SandboxAwsError {
  if (error instanceof SandboxAwsError) return error
  const message = error instanceof Error ? error.message : String(error)
  return new SandboxAwsError('InternalFailure', `The sandbox failed to process the request: ${message.split('\n')[0]}`, 500)
}
