/**
 * A tolerant view of a policy document for the lint rules: string-or-list fields become lists,
 * condition blocks become flat (operator, key, values) entries, and statements get their 1-based
 * index (as IAM's console and our evaluator's Denial report them).
 */
import { invalidInput } from '../errors.js'

export interface ConditionEntry {
  /** Operator as written, e.g. `ForAnyValue:StringLikeIfExists`. */
  operator: string
  /** Operator without set prefix and `IfExists`, e.g. `StringLike`. */
  baseOperator: string
  /** Key in lower case (IAM condition keys are case-insensitive). */
  key: string
  /** Key as written, for messages. */
  keyAsWritten: string
  values: string[]
}

export interface StatementView {
  /** 1-based position in the policy. */
  index: number
  sid?: string | undefined
  effect: string
  hasPrincipal: boolean
  /** Principal values per type (`AWS`, `Service`, `Federated`, `CanonicalUser`); `*` as `{ '*': ['*'] }`. */
  principals: Record<string, string[]>
  hasNotPrincipal: boolean
  actions: string[]
  notActions: string[]
  resources: string[]
  notResources: string[]
  conditions: ConditionEntry[]
}

export interface PolicyView {
  version: string | undefined
  statements: StatementView[]
}

/**
 * Any JSON value as text. `String()` throws on an object whose `toString` is not a function (a
 * policy file may hold `{"toString": null}`), so objects are shown as JSON.
 */
function text(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)
}

function list(value: unknown): string[] {
  if (value === undefined || value === null) return []
  return (Array.isArray(value) ? value : [value]).map(text)
}

function principalsOf(value: unknown): Record<string, string[]> {
  if (value === undefined) return {}
  if (typeof value === 'string') return { '*': [value] }
  if (typeof value !== 'object' || value === null) return {}
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([type, v]) => [type, list(v)]))
}

function conditionsOf(value: unknown): ConditionEntry[] {
  if (typeof value !== 'object' || value === null) return []
  const entries: ConditionEntry[] = []
  for (const [operator, block] of Object.entries(value as Record<string, unknown>)) {
    if (typeof block !== 'object' || block === null) continue
    const baseOperator = operator.replace(/^for(any|all)values:/i, '').replace(/ifexists$/i, '')
    for (const [key, values] of Object.entries(block as Record<string, unknown>)) {
      entries.push({ operator, baseOperator, key: key.toLowerCase(), keyAsWritten: key, values: list(values) })
    }
  }
  return entries
}

/** What a policy must look like, for the "not a policy" input errors (also used by the lint command). */
export const POLICY_EXPECTED = 'an IAM policy document: a JSON object with a "Statement" (an object or a list of objects)'

/**
 * Accept a parsed document, its JSON text, or the URL-encoded text IAM's GetRole returns
 * (DESIGN §7). Anything that is not a policy is an input error (exit 2), not a lint finding:
 * findings describe policies, and "this is not a policy" is a usage problem.
 */
export function viewPolicy(document: unknown): PolicyView {
  let parsed = document
  if (typeof parsed === 'string') {
    const text = parsed
    try {
      // URL-encoded, as IAM's GetRole returns it; a bad %-sequence is "not a policy", not a crash.
      parsed = JSON.parse(/^\s*%7B/i.test(text) ? decodeURIComponent(text) : text)
    } catch {
      throw invalidInput('policy', document, POLICY_EXPECTED)
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !('Statement' in parsed)) {
    throw invalidInput('policy', document, POLICY_EXPECTED)
  }
  const raw = parsed as { Version?: unknown; Statement: unknown }
  const statements = Array.isArray(raw.Statement) ? raw.Statement : [raw.Statement]
  if (statements.length === 0 || statements.some((s) => typeof s !== 'object' || s === null || Array.isArray(s))) {
    throw invalidInput('policy', document, POLICY_EXPECTED)
  }
  return {
    version: typeof raw.Version === 'string' ? raw.Version : undefined,
    statements: (statements as Record<string, unknown>[]).map((s, i) => ({
      index: i + 1,
      sid: typeof s.Sid === 'string' ? s.Sid : undefined,
      effect: text(s.Effect ?? ''),
      hasPrincipal: s.Principal !== undefined,
      principals: principalsOf(s.Principal),
      hasNotPrincipal: s.NotPrincipal !== undefined,
      actions: list(s.Action),
      notActions: list(s.NotAction),
      resources: list(s.Resource),
      notResources: list(s.NotResource),
      conditions: conditionsOf(s.Condition)
    }))
  }
}

/** IAM wildcard match: `*` any run, `?` one character. */
export function wildcardMatch(pattern: string, text: string, ignoreCase = false): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(text)
}

/** Whether any of the statement's actions (IAM wildcards, case-insensitive) covers `action`. */
export function allowsAction(statement: StatementView, action: string): boolean {
  return statement.actions.some((a) => wildcardMatch(a, action, true))
}

export function hasConditionKey(statement: StatementView, key: string): boolean {
  return statement.conditions.some((c) => c.key === key.toLowerCase())
}

/**
 * Whether one policy resource covers an ARN, segment by segment (a `*` in the region does not
 * swallow the account): a bare `*` covers everything.
 */
export function resourceCovers(pattern: string, arn: string): boolean {
  if (pattern === '*') return true
  const p = pattern.split(':')
  const a = arn.split(':')
  if (p.length < 6 || a.length < 6) return wildcardMatch(pattern, arn)
  for (let i = 0; i < 5; i++) if (!wildcardMatch(p[i]!, a[i]!)) return false
  return wildcardMatch(p.slice(5).join(':'), a.slice(5).join(':'))
}
