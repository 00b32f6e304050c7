/**
 * Eventual consistency (issue 4): IAM changes take seconds to reach STS. After applying, when the
 * caller's own credentials are at hand, retry AssumeRole (bounded, with backoff) until it works,
 * so "done" means usable; otherwise say it may take a few seconds.
 */
import { isAwsCallError } from '../../../core/ports/aws-error.js'
import type { AssumeRoleInput, StsPort } from '../../../core/ports/aws.js'
import type { RawStream } from '../../../ui/io.js'

/** IAM's documented propagation is "usually seconds"; 30 s covers it without stalling CI. */
export const PROPAGATION_DEADLINE_MS = 30_000
/** First retry after half a second, doubling up to 4 s: quick when fast, few calls when slow. */
export const PROPAGATION_INITIAL_DELAY_MS = 500
export const PROPAGATION_MAX_DELAY_MS = 4_000
/** A second bound, in case the clock does not move (a frozen test clock must not spin forever). */
export const PROPAGATION_MAX_ATTEMPTS = 15
/** The session name the check uses, so CloudTrail shows who made it. */
export const PROPAGATION_SESSION_NAME = 'bedrock-xacct-apply-check'

export interface PropagationResult {
  status: 'ready' | 'timeout' | 'failed'
  attempts: number
  elapsedMs: number
  /** The last AWS error message when not ready. */
  lastError?: string | undefined
}

/** What the wait shows while it runs (a spinner on a terminal, plain lines elsewhere). */
export interface Progress {
  start(text: string): void
  update(text: string): void
  succeed(text: string): void
  warn(text: string): void
}

export interface WaitOptions {
  now: () => number
  sleep: (ms: number) => Promise<void>
  progress: Progress
  deadlineMs?: number
}

/**
 * Retry AssumeRole until it succeeds or the deadline passes. Only denials are retried (that is
 * what propagation delay looks like); a credentials or validation error ends the wait at once.
 */
export async function waitForAssumeRole(sts: StsPort, input: AssumeRoleInput, options: WaitOptions): Promise<PropagationResult> {
  const started = options.now()
  const deadline = started + (options.deadlineMs ?? PROPAGATION_DEADLINE_MS)
  let delay = PROPAGATION_INITIAL_DELAY_MS
  let attempts = 0
  options.progress.start(`Waiting for IAM to propagate: AssumeRole ${input.roleArn} as the caller…`)
  for (;;) {
    attempts += 1
    try {
      await sts.assumeRole(input)
      const elapsedMs = options.now() - started
      options.progress.succeed(`The caller can assume ${input.roleArn} (after ${(elapsedMs / 1000).toFixed(1)} s).`)
      return { status: 'ready', attempts, elapsedMs }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      const retryable = isAwsCallError(error) && (error.failure.kind === 'access-denied' || error.failure.kind === 'throttled' || error.failure.kind === 'unavailable')
      const elapsedMs = options.now() - started
      if (!retryable) {
        options.progress.warn(`AssumeRole as the caller failed: ${message}`)
        return { status: 'failed', attempts, elapsedMs, lastError: message }
      }
      if (options.now() + delay > deadline || attempts >= PROPAGATION_MAX_ATTEMPTS) {
        options.progress.warn(`AssumeRole as the caller is still denied after ${Math.round(elapsedMs / 1000)} s; IAM may need a little longer. Run bedrock-xacct verify in a minute.`)
        return { status: 'timeout', attempts, elapsedMs, lastError: message }
      }
      options.progress.update(`Waiting for IAM to propagate (attempt ${attempts + 1})…`)
      await options.sleep(delay)
      delay = Math.min(delay * 2, PROPAGATION_MAX_DELAY_MS)
    }
  }
}

/** Plain progress lines through a writer (stderr), for non-terminals and tests. */
export function lineProgress(write: (text: string) => void): Progress {
  return { start: write, update: () => undefined, succeed: write, warn: write }
}

/**
 * A nanospinner drawing on the Io port's raw stderr (terminal only: the caller decides). The
 * stream is wrapped because nanospinner only needs `write` and `columns` of it.
 */
export async function spinnerProgress(stderr: RawStream): Promise<Progress> {
  const { createSpinner } = await import('nanospinner')
  const stream = {
    write: (text: string) => {
      stderr.write(text)
      return true
    },
    get columns() {
      return stderr.columns
    }
  } as unknown as NodeJS.WriteStream
  const spinner = createSpinner('', { stream })
  return {
    start: (text) => void spinner.start({ text }),
    update: (text) => void spinner.update({ text }),
    succeed: (text) => void spinner.success({ text }),
    warn: (text) => void spinner.warn({ text })
  }
}
