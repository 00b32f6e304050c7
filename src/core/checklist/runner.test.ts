/**
 * The runner's contract: guide order in the output, dependency order in execution, independent
 * checks concurrent, skip propagation with the reason, timing from the injected clock, and a
 * thrown error is a failure (kind error), never a pass.
 */
import { describe, expect, it } from 'vitest'
import { AwsCallError } from '../ports/aws-error.js'
import { runChecklist } from './runner.js'
import type { CheckDefinition, CheckResult, ChecklistEvent } from './types.js'
import { manualClock } from '../../../test/helpers/checklist-fixture.js'

function check(id: string, dependsOn: string[], run: () => Promise<CheckResult>): CheckDefinition<unknown> {
  return { id, title: id, dependsOn, run }
}

const pass = async (): Promise<CheckResult> => ({ status: 'pass', evidence: [] })

describe('runChecklist', () => {
  it('runs dependents after their dependencies and independent checks concurrently', async () => {
    const log: string[] = []
    let releaseA!: () => void
    const gateA = new Promise<void>((resolve) => (releaseA = resolve))
    const checks = [
      check('a', [], async () => {
        log.push('a:start')
        await gateA
        log.push('a:end')
        return { status: 'pass', evidence: [] }
      }),
      check('b', [], async () => {
        log.push('b:start')
        releaseA()
        return { status: 'pass', evidence: [] }
      }),
      check('c', ['a'], async () => {
        log.push('c:start')
        return { status: 'pass', evidence: [] }
      })
    ]
    const outcomes = await runChecklist(checks, {}, { clock: manualClock() })
    expect(outcomes.map((o) => o.id)).toEqual(['a', 'b', 'c'])
    expect(log.indexOf('b:start')).toBeLessThan(log.indexOf('a:end'))
    expect(log.indexOf('c:start')).toBeGreaterThan(log.indexOf('a:end'))
  })

  it.each(['fail', 'skip'] as const)('skips dependents (transitively) of a check that did %s, naming it', async (status) => {
    const outcomes = await runChecklist([check('a', [], async () => ({ status, evidence: [], hint: 'x' })), check('b', ['a'], pass), check('c', ['b'], pass)], {}, { clock: manualClock() })
    expect(outcomes.map((o) => o.status)).toEqual([status, 'skip', 'skip'])
    expect(outcomes[1]!.evidence).toEqual([expect.stringContaining('depends on a')])
    expect(outcomes[2]!.evidence).toEqual([expect.stringContaining('depends on b')])
  })

  it.each(['warn', 'pending'] as const)('runs dependents of a check that is %s', async (status) => {
    const outcomes = await runChecklist([check('a', [], async () => ({ status, evidence: [], hint: 'x' })), check('b', ['a'], pass)], {}, { clock: manualClock() })
    expect(outcomes[1]!.status).toBe('pass')
  })

  it('turns a thrown AwsCallError into a fail of kind error, never a pass', async () => {
    const error = new AwsCallError({ service: 'bedrock', operation: 'Converse', kind: 'unavailable', awsCode: 'ServiceUnavailableException', awsMessage: 'down', statusCode: 503 })
    const outcomes = await runChecklist([check('a', [], async () => Promise.reject(error))], {}, { clock: manualClock() })
    expect(outcomes[0]).toMatchObject({ status: 'fail', kind: 'error' })
    expect(outcomes[0]!.hint).toBeTruthy()
  })

  it('measures durations with the injected clock and emits start/finish events', async () => {
    const clock = manualClock()
    const events: ChecklistEvent[] = []
    const outcomes = await runChecklist(
      [
        check('slow', [], async () => {
          await clock.sleep(1500)
          return { status: 'pass', evidence: [] }
        })
      ],
      {},
      { clock, onEvent: (e) => events.push(e) }
    )
    expect(outcomes[0]!.durationMs).toBe(1500)
    expect(events.map((e) => e.type)).toEqual(['start', 'finish'])
  })

  it('rejects unknown dependencies and cycles', async () => {
    await expect(runChecklist([check('a', ['zz'], pass)], {}, { clock: manualClock() })).rejects.toThrow(/unknown check zz/)
    await expect(runChecklist([check('a', ['b'], pass), check('b', ['a'], pass)], {}, { clock: manualClock() })).rejects.toThrow(/cycle/)
  })
  it('`after` orders without skipping: the check waits for a failed check, then still runs', async () => {
    const log: string[] = []
    const checks = [
      check('trail', [], async () => {
        log.push('trail')
        return { status: 'fail', evidence: ['not found'] }
      }),
      check('probes', [], async () => {
        log.push('probes')
        return { status: 'pass', evidence: [] }
      })
    ]
    const outcomes = await runChecklist(checks, {}, { clock: manualClock(), after: { probes: ['trail'] } })
    expect(log).toEqual(['trail', 'probes'])
    expect(outcomes.map((o) => o.status)).toEqual(['fail', 'pass'])
    await expect(runChecklist(checks, {}, { clock: manualClock(), after: { probes: ['nope'] } })).rejects.toThrow('unknown check nope')
    await expect(runChecklist([check('a', ['b'], pass), check('b', [], pass)], {}, { clock: manualClock(), after: { b: ['a'] } })).rejects.toThrow('cycle')
  })
})
