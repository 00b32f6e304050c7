/**
 * The exit-code rule (issue 16, "nothing unproven is green"): only `pass` passes; `--strict` fails
 * on any warning, skip or pending; a role nobody showed to exist is not a pass, strict or not.
 */
import { describe, expect, it } from 'vitest'
import { countOutcomes, exitCodeFor } from './summary.js'
import { VERIFY_CHECK_IDS } from './checks/index.js'
import type { CheckOutcome, CheckStatus } from './types.js'

/** Every check passing except the ones given. */
function outcomes(statuses: Record<string, CheckStatus | 'error'> = {}): CheckOutcome[] {
  return VERIFY_CHECK_IDS.map((id) => {
    const status = statuses[id] ?? 'pass'
    return status === 'error' ? { id, title: id, status: 'fail', kind: 'error', evidence: [], durationMs: 0 } : { id, title: id, status, evidence: [], durationMs: 0 }
  })
}

describe('exitCodeFor', () => {
  it.each<[string, Record<string, CheckStatus | 'error'>, boolean, number]>([
    ['all pass', {}, false, 0],
    ['all pass, strict', {}, true, 0],
    ['a skip is allowed without --strict', { 'cloudtrail-invoke': 'skip' }, false, 0],
    ['a skip fails --strict', { 'cloudtrail-invoke': 'skip' }, true, 1],
    ['a pending fails --strict', { 'cloudtrail-assume-role': 'pending' }, true, 1],
    ['a warning fails --strict', { 'session-duration': 'warn' }, true, 1],
    ['a failure', { converse: 'fail' }, false, 1],
    ['an environmental failure alone: 3', { converse: 'error' }, false, 3],
    ['role-exists skipped and assume-role skipped: nobody showed the role exists', { 'role-exists': 'skip', 'assume-role': 'skip' }, false, 1],
    ['role-exists skipped but the live AssumeRole passed', { 'role-exists': 'skip' }, false, 0],
    ['role-exists passed, assume-role skipped (a service caller, role read in B)', { 'assume-role': 'skip' }, false, 0],
    ['both unproven by the environment: 3, not 1', { 'role-exists': 'error', 'assume-role': 'error' }, false, 3]
  ])('%s → %i', (_label, statuses, strict, code) => {
    expect(exitCodeFor(countOutcomes(outcomes(statuses)), strict)).toBe(code)
  })
})
