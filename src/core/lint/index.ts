/** Policy linter: known-bad patterns in trust and permissions policies, each with a fix. */

export type LintSeverity = 'error' | 'warning'

export interface LintFinding {
  rule: string
  severity: LintSeverity
  statement?: { index: number; sid?: string }
  message: string
  fix: string
}

export type PolicyKind = 'trust' | 'permissions' | 'identity'

export function lintPolicy(_document: unknown, _options: { kind?: PolicyKind; models?: string[] } = {}): LintFinding[] {
  return []
}
