/**
 * Reading IAM policy documents as IAM does: `Statement` may be one object or a list. The one
 * helper for it (the sandbox, verify, apply and the tests used to carry a copy each).
 */
import type { PolicyDocument, PolicyStatement } from './evaluate.js'

/** The statements of a document as a list; none for an absent document or one without `Statement`. */
export function statementsOf(document: PolicyDocument | undefined): PolicyStatement[] {
  if (!document) return []
  const statement = document.Statement as PolicyStatement | PolicyStatement[] | undefined
  if (statement === undefined) return []
  return Array.isArray(statement) ? statement : [statement]
}

/** One condition of a statement: its operator, its key (as written), and its values as strings. */
export interface ConditionEntry {
  operator: string
  key: string
  values: string[]
}

/** Every condition of a statement, one entry per operator and key (a single value becomes a list). */
export function conditionEntriesOf(statement: PolicyStatement | undefined): ConditionEntry[] {
  return Object.entries(statement?.Condition ?? {}).flatMap(([operator, entries]) => Object.entries(entries).map(([key, value]) => ({ operator, key, values: (Array.isArray(value) ? value : [value]).map(String) })))
}

/** The principal types a statement names (`AWS`, `Service`, `Federated`; `*` for a bare star). */
export function principalTypesOf(statement: PolicyStatement): string[] {
  const principal = statement.Principal
  if (principal === '*') return ['*']
  return principal && typeof principal === 'object' ? Object.keys(principal) : []
}
