/**
 * Runs a list of checks as a dependency graph: every check whose dependencies have finished starts
 * at once (independent checks run concurrently), a check whose dependency failed or was skipped is
 * skipped with the reason, and each check is timed. A check that throws is a `fail` of kind
 * `error`, never a pass (no false pass on an unexpected exception).
 */
import type { CheckDefinition, CheckOutcome, CheckResult, ChecklistEvent, Clock } from './types.js'
import { failureFromError } from './failures.js'

export interface RunChecklistOptions {
  clock: Pick<Clock, 'now'>
  onEvent?: ((event: ChecklistEvent) => void) | undefined
  /**
   * Ordering only: check id → ids that must finish first, whatever their status (unlike
   * `dependsOn`, a failed one does not skip the check).
   */
  after?: Readonly<Record<string, readonly string[]>> | undefined
}

/** Statuses of a dependency that make its dependents pointless. */
const BLOCKING = new Set(['fail', 'skip'])

/**
 * Run every check; resolves with the outcomes in the definitions' order (the guide's order), not
 * completion order. Unknown or cyclic dependencies are programming errors and throw.
 */
export async function runChecklist<Context>(checks: readonly CheckDefinition<Context>[], context: Context, options: RunChecklistOptions): Promise<CheckOutcome[]> {
  const ids = new Set(checks.map((c) => c.id))
  const after = (id: string) => options.after?.[id] ?? []
  for (const check of checks) {
    for (const dep of [...check.dependsOn, ...after(check.id)]) {
      if (!ids.has(dep)) throw new Error(`check ${check.id} depends on unknown check ${dep}`)
    }
  }
  assertAcyclic(checks.map((c) => ({ id: c.id, dependsOn: [...c.dependsOn, ...after(c.id)] })))
  const running = new Map<string, Promise<CheckOutcome>>()
  const start = (check: CheckDefinition<Context>): Promise<CheckOutcome> => {
    const existing = running.get(check.id)
    if (existing) return existing
    const promise = (async () => {
      const byId = (id: string) => start(checks.find((c) => c.id === id)!)
      const [deps] = await Promise.all([Promise.all(check.dependsOn.map(byId)), Promise.all(after(check.id).map(byId))])
      options.onEvent?.({ type: 'start', id: check.id, title: check.title })
      const began = options.clock.now()
      const blocked = deps.find((d) => BLOCKING.has(d.status))
      let result: CheckResult
      if (blocked) {
        result = {
          status: 'skip',
          evidence: [`skipped: depends on ${blocked.id}, which ${blocked.status === 'fail' ? 'failed' : 'was skipped'}`],
          hint: `Fix ${blocked.id} first.`
        }
      } else {
        try {
          result = await check.run(context)
        } catch (error) {
          result = failureFromError(error)
        }
      }
      const outcome: CheckOutcome = { id: check.id, title: check.title, ...normalize(result), durationMs: Math.max(0, Math.round(options.clock.now() - began)) }
      options.onEvent?.({ type: 'finish', outcome })
      return outcome
    })()
    running.set(check.id, promise)
    return promise
  }
  return Promise.all(checks.map(start))
}

function normalize(result: CheckResult): CheckResult {
  const normalized: CheckResult = { status: result.status, evidence: result.evidence }
  if (result.status !== 'pass' && result.hint) normalized.hint = result.hint
  if (result.status === 'fail') normalized.kind = result.kind ?? 'check'
  return normalized
}

function assertAcyclic(checks: readonly { id: string; dependsOn: readonly string[] }[]): void {
  const byId = new Map(checks.map((c) => [c.id, c]))
  const state = new Map<string, 'visiting' | 'done'>()
  const visit = (id: string, path: string[]): void => {
    if (state.get(id) === 'done') return
    if (state.get(id) === 'visiting') throw new Error(`checks form a cycle: ${[...path, id].join(' → ')}`)
    state.set(id, 'visiting')
    for (const dep of byId.get(id)?.dependsOn ?? []) visit(dep, [...path, id])
    state.set(id, 'done')
  }
  for (const check of checks) visit(check.id, [])
}
