/**
 * The checklist's vocabulary (DESIGN §2 "check"): a check has a stable id (API: CI and tests key on
 * it), a title, the ids it depends on, and a `run` that returns a status with evidence and, when it
 * does not pass, a one-line hint. The runner (runner.ts) orders, times and reports them.
 */

/** `pending`: CloudTrail has not shown the event before the deadline — not proven, but not failed either. */
export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip' | 'pending'

/**
 * Why a check failed: `check` = the setup is wrong (exit 1); `error` = the environment stopped us
 * from knowing (no credentials, AWS unreachable, throttled past retries, 5xx: exit 3 when nothing
 * else failed). Either way it is never a pass.
 */
export type FailureKind = 'check' | 'error'

export type Evidence = string[] | Record<string, unknown>

export interface CheckResult {
  status: CheckStatus
  evidence: Evidence
  /** One line: what to change, where, and the command that does it. Set on every non-pass. */
  hint?: string | undefined
  /** Only with status `fail`. Default `check`. */
  kind?: FailureKind | undefined
}

export interface CheckDefinition<Context> {
  /** Stable, kebab-case; part of the public API (JSON, JUnit, tests). */
  id: string
  title: string
  /** Ids that must finish first; a failed or skipped dependency skips this check with a reason. */
  dependsOn: readonly string[]
  run(context: Context): Promise<CheckResult>
}

/** One check's result as reported: the result plus identity and timing. */
export interface CheckOutcome extends CheckResult {
  id: string
  title: string
  durationMs: number
}

/** Events the runner emits, in order, so a reporter can draw the checklist live. */
export type ChecklistEvent = { type: 'start'; id: string; title: string } | { type: 'finish'; outcome: CheckOutcome }

/** Injectable time, so tests run the CloudTrail polling without waiting. */
export interface Clock {
  now(): number
  sleep(ms: number): Promise<void>
}
