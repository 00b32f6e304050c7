/**
 * The one way an adapter calls the SDK: an overall deadline (so a hung endpoint never hangs the
 * CLI, even on HTTP/2 where the handler has no connection timeout) and every failure mapped to an
 * AwsCallError with its hint.
 */
import type { AwsCallError, AwsFailureKind } from '../core/ports/aws-error.js'
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
  region?: string | undefined
  /** Told about every call once it ends (for `--debug` traces and timings); never sees inputs or credentials. */
  onCall?: ((record: AwsCallRecord) => void) | undefined
}

/** One finished SDK call, as the factory's observer sees it. */
export interface AwsCallRecord {
  service: string
  operation: string
  region: string | undefined
  durationMs: number
  /** SDK attempts, retries included, when the SDK reported them. */
  attempts: number | undefined
  outcome: 'ok' | AwsFailureKind
  /** AWS's request id (`x-amzn-requestid`), from the SDK's `$metadata`, on success and on failure: what AWS support asks for. */
  requestId?: string | undefined
}

/** The SDK's response metadata, on an output or on a service error. */
interface SdkMetadata {
  $metadata?: { attempts?: unknown; requestId?: unknown }
}

function attemptsOf(value: unknown): number | undefined {
  const attempts = (value as SdkMetadata | undefined)?.$metadata?.attempts
  return typeof attempts === 'number' ? attempts : undefined
}

function requestIdOf(value: unknown): string | undefined {
  const requestId = (value as SdkMetadata | undefined)?.$metadata?.requestId
  return typeof requestId === 'string' && requestId !== '' ? requestId : undefined
}

/**
 * Run one SDK operation under the deadline; throw AwsCallError on any failure. `run` should return
 * the SDK's output (or something carrying its `$metadata`) so the call's record has its attempts and
 * request id; check the output's contents after this returns.
 */
export async function callAws<T>(context: ServiceContext, operation: string, run: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
  const abortSignal = AbortSignal.timeout(context.deadlineMs)
  const started = Date.now()
  const report = (outcome: AwsCallRecord['outcome'], source: unknown, requestId: string | undefined) => {
    try {
      context.onCall?.({ service: context.service, operation, region: context.region, durationMs: Date.now() - started, attempts: attemptsOf(source), outcome, requestId })
    } catch {
      // An observer must never turn a call into a failure.
    }
  }
  try {
    const result = await run(abortSignal)
    report('ok', result, requestIdOf(result))
    return result
  } catch (error) {
    const thrown = abortSignal.aborted ? { name: 'TimeoutError', message: `no complete answer within ${Math.round(context.deadlineMs / 1000)} s` } : error
    const mapped = toAwsCallError(thrown, { ...context, operation })
    report(mapped.failure.kind, error, mapped.failure.requestId ?? requestIdOf(error))
    throw mapped
  }
}

/** The error for a 200 that lacked what the operation must return. */
export function malformed(context: ServiceContext, operation: string, what: string, requestId?: string): AwsCallError {
  return malformedResponse({ ...context, operation }, what, requestId)
}
