/**
 * Checks of the consumer's own configuration (issue 19: `verify --profile`, `verify
 * --litellm-config`) are reported like the checklist's, with stable ids; this builds one.
 */
import type { CheckOutcome, CheckResult } from '../checklist/types.js'

/** `kind` is set exactly on failures (`check` unless the result says `error`), as the runner reports it. */
export function outcome(id: string, title: string, result: CheckResult, durationMs = 0): CheckOutcome {
  const { kind, ...rest } = result
  return { id, title, ...rest, ...(result.status === 'fail' ? { kind: kind ?? 'check' } : {}), durationMs }
}

/** Run a live check, timing it with the injected clock. */
export async function timed(now: () => number, id: string, title: string, run: () => Promise<CheckResult>): Promise<CheckOutcome> {
  const started = now()
  const result = await run()
  return outcome(id, title, result, Math.round(now() - started))
}
