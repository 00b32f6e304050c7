/**
 * Counting outcomes and the exit-code rule, in one place (documented in the README and `verify --help`).
 * Only `pass` is a pass: a skipped or pending check proved nothing (issue 16).
 * - 1 when any check failed on the setup's merits (kind `check`);
 * - 1 when a setup's role was shown to exist by nobody: neither role-exists nor assume-role passed,
 *   and neither failed (both skipped, warned or pending — e.g. a service caller and no reader in B);
 * - 1 with `--strict` when any check warned, was skipped or is pending;
 * - else 3 when any check failed for environmental reasons (kind `error`: credentials, throttling,
 *   5xx, network) — we could not prove the setup, which is not the setup's fault;
 * - else 0 (warnings, pending CloudTrail events and skips allowed).
 */
import type { CheckOutcome, CheckStatus } from './types.js'

export interface ChecklistCounts {
  pass: number
  fail: number
  error: number
  warn: number
  skip: number
  pending: number
  /** Setups whose role nobody showed to exist (see the module comment); 0 or 1 per setup. */
  unproven: number
  total: number
}

/** The checks that can show the role exists: reading it in B, or assuming it. */
const ROLE_PROOFS = ['role-exists', 'assume-role'] as const

export function countOutcomes(outcomes: readonly CheckOutcome[]): ChecklistCounts {
  const counts: ChecklistCounts = { pass: 0, fail: 0, error: 0, warn: 0, skip: 0, pending: 0, unproven: 0, total: outcomes.length }
  for (const o of outcomes) {
    if (o.status === 'fail' && o.kind === 'error') counts.error++
    else counts[o.status satisfies CheckStatus]++
  }
  const proofs = outcomes.filter((o) => (ROLE_PROOFS as readonly string[]).includes(o.id))
  if (proofs.length > 0 && proofs.every((o) => o.status !== 'pass' && o.status !== 'fail')) counts.unproven = 1
  return counts
}

export function addCounts(a: ChecklistCounts, b: ChecklistCounts): ChecklistCounts {
  return {
    pass: a.pass + b.pass,
    fail: a.fail + b.fail,
    error: a.error + b.error,
    warn: a.warn + b.warn,
    skip: a.skip + b.skip,
    pending: a.pending + b.pending,
    unproven: a.unproven + b.unproven,
    total: a.total + b.total
  }
}

export const EMPTY_COUNTS: ChecklistCounts = { pass: 0, fail: 0, error: 0, warn: 0, skip: 0, pending: 0, unproven: 0, total: 0 }

/** The exit code for the counts (see the module comment). */
export function exitCodeFor(counts: ChecklistCounts, strict: boolean): 0 | 1 | 3 {
  if (counts.fail > 0 || counts.unproven > 0) return 1
  if (strict && (counts.warn > 0 || counts.skip > 0 || counts.pending > 0)) return 1
  if (counts.error > 0) return 3
  return 0
}
