/** Lint finding types, shared by the rules and the CLI's renderers. */
import type { LintRuleId } from './rule-catalog.js'
import type { PolicyView, StatementView } from './statements.js'

export type LintSeverity = 'error' | 'warning'

export interface LintFinding {
  /** Stable rule id, e.g. `duration-seconds-condition`. */
  rule: LintRuleId
  severity: LintSeverity
  /** The statement concerned: 1-based index and Sid. Absent for whole-document findings. */
  statement?: { index: number; sid?: string }
  message: string
  /** A concrete change that resolves the finding. */
  fix: string
}

export type PolicyKind = 'trust' | 'permissions' | 'identity'

export interface LintContext {
  kind: PolicyKind
  /** Model ids / profile ids / application profile ARNs the policy is meant to serve. */
  models: string[]
  policy: PolicyView
}

/** A rule looks at one statement at a time; whole-document rules get the context only. */
export type StatementRule = (statement: StatementView, context: LintContext) => LintFinding[]
export type DocumentRule = (context: LintContext) => LintFinding[]

/** Where a finding points: index always, Sid when the statement has one. */
export function at(statement: StatementView): { index: number; sid?: string } {
  return statement.sid === undefined ? { index: statement.index } : { index: statement.index, sid: statement.sid }
}
