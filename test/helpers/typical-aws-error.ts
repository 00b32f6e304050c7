/**
 * A typical AWS error of a kind, worded as the service would, for MemoryAws's scripted failures:
 * tests that only care about the kind need not spell a message.
 */
import { AwsCallError, type AwsFailureKind } from '../../src/core/ports/aws-error.js'
import type { MemoryService } from './memory-ports.js'

const SERVICE_PREFIX: Record<MemoryService, string> = { sts: 'sts', iam: 'iam', bedrock: 'bedrock', cloudtrail: 'cloudtrail' }

/**
 * A typical AWS error of a kind, worded as the service would: tests that only care about the
 * kind need not spell a message. `callerArn` goes into AccessDenied messages as AWS puts it there.
 */
export function typicalAwsError(service: MemoryService, operation: string, kind: AwsFailureKind, callerArn = 'arn:aws:iam::111111111111:user/caller'): AwsCallError {
  const action = `${SERVICE_PREFIX[service]}:${operation}`
  const json = service === 'bedrock' || service === 'cloudtrail'
  const shapes: Record<AwsFailureKind, { awsCode?: string; awsMessage: string; statusCode: number }> = {
    'access-denied': {
      awsCode: json ? 'AccessDeniedException' : 'AccessDenied',
      awsMessage: `User: ${callerArn} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`,
      statusCode: json ? 400 : 403
    },
    'invalid-request': { awsCode: json ? 'ValidationException' : 'ValidationError', awsMessage: `Invalid request for ${operation}.`, statusCode: 400 },
    'not-found': { awsCode: json ? 'ResourceNotFoundException' : 'NoSuchEntity', awsMessage: `The resource for ${operation} cannot be found.`, statusCode: 404 },
    credentials: { awsCode: 'InvalidClientTokenId', awsMessage: 'The security token included in the request is invalid.', statusCode: 403 },
    throttled: { awsCode: json ? 'ThrottlingException' : 'Throttling', awsMessage: 'Rate exceeded', statusCode: 400 },
    unavailable: { awsCode: 'InternalFailure', awsMessage: 'We encountered an internal error. Please try again.', statusCode: 500 },
    other: { awsCode: 'UnknownError', awsMessage: `${operation} failed.`, statusCode: 400 }
  }
  const shape = shapes[kind]
  return new AwsCallError({ service, operation, kind, ...shape, requestId: 'memory-request' })
}
