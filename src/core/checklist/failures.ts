/**
 * Turning a failed AWS call into a check result. The rule (issue 5, asserted for every check id by
 * the no-false-pass tests): an AWS call that failed for environmental reasons — no or expired
 * credentials, throttling or a 5xx that survived the SDK's retries, a network failure — makes the
 * check `fail` with kind `error`; the command then exits 3 when no check failed on the setup's own
 * merits (summary.ts). Never `pass`, never `skip` (a skip could hide it).
 */
import { isAwsCallError, type AwsCallError, type AwsFailureKind } from '../ports/aws-error.js'
import { isXacctError } from '../errors.js'
import type { CheckResult } from './types.js'

/** Failure kinds that say nothing about the setup, only about the environment. */
const ENVIRONMENTAL: ReadonlySet<AwsFailureKind> = new Set(['credentials', 'throttled', 'unavailable', 'other'])

export function isEnvironmental(error: unknown): boolean {
  return isAwsCallError(error) ? ENVIRONMENTAL.has(error.failure.kind) : !isXacctError(error) || error.exitCode === 3
}

export function isAccessDenied(error: unknown): error is AwsCallError {
  return isAwsCallError(error) && error.failure.kind === 'access-denied'
}

/** One-line description of an AWS failure, without request ids or anything secret. */
export function describeAwsError(error: unknown): string {
  if (isAwsCallError(error)) {
    const f = error.failure
    const status = f.statusCode ? ` (HTTP ${f.statusCode})` : ''
    return `${f.service} ${f.operation}: ${f.awsCode ?? f.kind}${status}: ${firstLine(f.awsMessage)}`
  }
  return error instanceof Error ? firstLine(error.message) : String(error)
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? ''
  return line.length > 300 ? `${line.slice(0, 300)}…` : line
}

/** Hint for an environmental failure, by kind. */
function environmentalHint(error: unknown): string {
  const kind = isAwsCallError(error) ? error.failure.kind : 'other'
  switch (kind) {
    case 'credentials':
      return 'No valid credentials: set --profile (or AWS_PROFILE / AWS_ACCESS_KEY_ID…) for the caller in the source account, then run verify again.'
    case 'throttled':
      return 'AWS throttled the call past the SDK retries; run verify again later (this is not a pass).'
    case 'unavailable':
      return 'AWS was unreachable or answered with a server error; check the network / AWS_ENDPOINT_URL and run verify again (this is not a pass).'
    default:
      return 'An unexpected error stopped the check; run again with --debug for details.'
  }
}

/** The result of a check whose work threw `error`; `hint` overrides the default hint for non-environmental failures. */
export function failureFromError(error: unknown, hint?: string): CheckResult {
  const environmental = isEnvironmental(error)
  return {
    status: 'fail',
    kind: environmental ? 'error' : 'check',
    evidence: [describeAwsError(error)],
    hint: environmental ? environmentalHint(error) : (hint ?? environmentalHint(error))
  }
}
