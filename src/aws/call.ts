/**
 * The one way an adapter calls the SDK: an overall deadline (so a hung endpoint never hangs the
 * CLI, even on HTTP/2 where the handler has no connection timeout) and every failure mapped to an
 * AwsCallError with its hint.
 */
import type { AwsCallError } from '../core/aws-error.js'
import { malformedResponse, toAwsCallError, type CredentialOrigin } from './errors.js'

/** What an adapter knows about the clients it calls through. */
export interface ServiceContext {
  /** Our service name: `sts`, `iam`, `bedrock`, `cloudtrail`. */
  service: string
  credentials: CredentialOrigin
  /** Secrets in use, scrubbed from error messages. */
  secrets: readonly string[]
  /** The explicit endpoint override, if any (for hints). */
  endpoint?: string | undefined
  /** Whole-call deadline, retries included. */
  deadlineMs: number
}

/** Run one SDK operation under the deadline; throw AwsCallError on any failure. */
export async function callAws<T>(context: ServiceContext, operation: string, run: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
  const abortSignal = AbortSignal.timeout(context.deadlineMs)
  try {
    return await run(abortSignal)
  } catch (error) {
    const thrown = abortSignal.aborted
      ? { name: 'TimeoutError', message: `no complete answer within ${Math.round(context.deadlineMs / 1000)} s` }
      : error
    throw toAwsCallError(thrown, { ...context, operation })
  }
}

/** The error for a 200 that lacked what the operation must return. */
export function malformed(context: ServiceContext, operation: string, what: string, requestId?: string): AwsCallError {
  return malformedResponse({ ...context, operation }, what, requestId)
}
