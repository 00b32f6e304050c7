/**
 * A failed AWS call, as data the rest of the tool can reason about without importing the SDK:
 * which service and operation, AWS's error code and message, and whether it is the caller's
 * fault (denied, invalid) or the environment's (unreachable, throttled past retries, 5xx).
 */
import { XacctError, type ErrorCode } from '../errors.js'

export type AwsFailureKind =
  /** AccessDenied / AccessDeniedException / UnauthorizedOperation: a policy said no. */
  | 'access-denied'
  /** ValidationError / ValidationException / MalformedPolicyDocument: the request was wrong. */
  | 'invalid-request'
  /** NoSuchEntity / ResourceNotFoundException. */
  | 'not-found'
  /** InvalidClientTokenId / ExpiredToken / SignatureDoesNotMatch / no credentials found. */
  | 'credentials'
  /** Throttling that survived the SDK's retries. */
  | 'throttled'
  /** 5xx, connection refused/reset, timeouts, malformed responses: AWS is unreachable or broken. */
  | 'unavailable'
  | 'other'

export interface AwsCallFailure {
  service: string
  operation: string
  kind: AwsFailureKind
  /** AWS's error code, e.g. `AccessDenied`, `ValidationError`; undefined for network failures. */
  awsCode?: string | undefined
  /** AWS's message, verbatim (feed it to `explain`). */
  awsMessage: string
  statusCode?: number | undefined
  requestId?: string | undefined
}

const CODE_FOR_KIND: Record<AwsFailureKind, ErrorCode> = {
  'access-denied': 'accessDenied',
  'invalid-request': 'awsError',
  'not-found': 'awsError',
  credentials: 'noCredentials',
  throttled: 'awsUnreachable',
  unavailable: 'awsUnreachable',
  other: 'awsError'
}

export class AwsCallError extends XacctError {
  readonly failure: AwsCallFailure

  constructor(failure: AwsCallFailure, options: { hint?: string; cause?: unknown } = {}) {
    const code = failure.awsCode ? `${failure.awsCode}: ` : ''
    super(CODE_FOR_KIND[failure.kind], `${failure.service} ${failure.operation} failed: ${code}${failure.awsMessage}`, options)
    this.name = 'AwsCallError'
    this.failure = failure
  }
}

export function isAwsCallError(error: unknown): error is AwsCallError {
  return error instanceof AwsCallError
}
