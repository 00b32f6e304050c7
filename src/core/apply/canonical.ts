/**
 * Canonical form of IAM policy documents, for comparing what AWS holds with what the tool wants
 * and for rendering diffs. IAM treats `"s3:Get"` and `["s3:Get"]` alike, ignores the order of
 * actions, resources and condition values, and compares condition values as strings; comparing
 * raw JSON would report changes that are not changes and break idempotence (issue 4).
 */
import type { PolicyDocument, PolicyStatement } from '../evaluate.js'
import { statementsOf } from '../policy-document.js'

/** The policy language version IAM documents use when none is given. */
export const POLICY_VERSION = '2012-10-17'

/**
 * Deep copy with object keys sorted, for stable JSON (diffs, snapshots, backups). Array order is
 * kept: this is for display, where the user's order matters.
 */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep)
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeysDeep(v)]))
  }
  return value
}

/** Pretty JSON with sorted keys (2-space indent), as diffs and backups show documents. */
export function stableJson(value: unknown): string {
  return JSON.stringify(sortKeysDeep(value), null, 2)
}

/**
 * The semantic form used for equality: sorted keys; a scalar and a one-element list are the same;
 * lists of scalars are sorted and de-duplicated; scalars compared as strings (IAM's own reading of
 * `true` vs `"true"` in conditions).
 */
export function semanticForm(value: unknown): unknown {
  if (Array.isArray(value)) {
    if (value.every((item) => item === null || typeof item !== 'object')) {
      return [...new Set(value.map((item) => String(item)))].sort()
    }
    return value.map(semanticForm)
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return Object.fromEntries(entries.map(([k, v]) => [k, semanticForm(v)]))
  }
  if (value === null || value === undefined) return value
  return [String(value)]
}

/** Whether two statements mean the same to IAM (see semanticForm). */
export function sameStatement(a: PolicyStatement, b: PolicyStatement): boolean {
  return JSON.stringify(semanticForm(a)) === JSON.stringify(semanticForm(b))
}

/** Whether two documents hold the same statements in the same order, with the same Version/Id. */
export function sameDocument(a: PolicyDocument | undefined, b: PolicyDocument | undefined): boolean {
  if (!a || !b) return a === b
  const as = statementsOf(a)
  const bs = statementsOf(b)
  if (as.length !== bs.length) return false
  if ((a.Version ?? POLICY_VERSION) !== (b.Version ?? POLICY_VERSION) || a.Id !== b.Id) return false
  return as.every((statement, index) => sameStatement(statement, bs[index] as PolicyStatement))
}

/**
 * The top-level keys of two statements that differ (e.g. `['Condition', 'Principal']`), sorted;
 * empty when the statements are the same.
 */
export function changedKeys(before: PolicyStatement, after: PolicyStatement): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)])
  const record = (s: PolicyStatement) => s as unknown as Record<string, unknown>
  return [...keys].filter((key) => JSON.stringify(semanticForm(record(before)[key])) !== JSON.stringify(semanticForm(record(after)[key]))).sort()
}
