/**
 * Statement-level diff of two policy documents, for the plan (issue 4): which statements are
 * added, removed, changed (and which keys: Principal, Condition, …) or unchanged. Statements are
 * matched by Sid; statements without one are matched by content, and named by their position.
 */
import type { PolicyDocument, PolicyStatement } from '../evaluate.js'
import { changedKeys, sameStatement } from './canonical.js'
import { statementsOf } from '../policy-document.js'
import { OWNED_SID_PREFIX } from './merge.js'

export type StatementChange = 'added' | 'removed' | 'changed' | 'unchanged'

export interface StatementDiff {
  /** The Sid, or `statement N` (1-based position) for statements without one. */
  id: string
  change: StatementChange
  /** Whether the tool wrote this statement (its Sid is one of the tool's). */
  owned: boolean
  /** For `changed`: the top-level keys that differ, sorted (e.g. `['Condition', 'Principal']`). */
  changedKeys: string[]
  before?: PolicyStatement | undefined
  after?: PolicyStatement | undefined
}

export interface PolicyDiff {
  /** False when the documents mean the same (every statement unchanged). */
  changed: boolean
  /** True when there was no document before (everything is `added`). */
  created: boolean
  statements: StatementDiff[]
}

function owned(statement: PolicyStatement): boolean {
  return statement.Sid?.startsWith(OWNED_SID_PREFIX) ?? false
}

/** Diff two documents statement by statement, in the order of `after`, removed statements last. */
export function diffPolicy(before: PolicyDocument | undefined, after: PolicyDocument | undefined): PolicyDiff {
  const beforeStatements = statementsOf(before)
  const afterStatements = statementsOf(after)
  const beforeBySid = new Map<string, PolicyStatement>()
  for (const statement of beforeStatements) {
    if (statement.Sid && !beforeBySid.has(statement.Sid)) beforeBySid.set(statement.Sid, statement)
  }
  const unnamedBefore = beforeStatements.map((statement, index) => ({ statement, index })).filter(({ statement }) => !statement.Sid)
  const usedBefore = new Set<PolicyStatement>()
  const statements: StatementDiff[] = []

  afterStatements.forEach((statement, index) => {
    let previous: PolicyStatement | undefined
    if (statement.Sid) previous = beforeBySid.get(statement.Sid)
    else previous = unnamedBefore.find((candidate) => !usedBefore.has(candidate.statement) && sameStatement(candidate.statement, statement))?.statement
    const id = statement.Sid ?? `statement ${index + 1}`
    if (!previous || usedBefore.has(previous)) {
      statements.push({ id, change: 'added', owned: owned(statement), changedKeys: [], after: statement })
      return
    }
    usedBefore.add(previous)
    const keys = changedKeys(previous, statement)
    statements.push({ id, change: keys.length === 0 ? 'unchanged' : 'changed', owned: owned(statement), changedKeys: keys, before: previous, after: statement })
  })
  beforeStatements.forEach((statement, index) => {
    if (usedBefore.has(statement)) return
    statements.push({ id: statement.Sid ?? `statement ${index + 1}`, change: 'removed', owned: owned(statement), changedKeys: [], before: statement })
  })

  return { changed: statements.some((s) => s.change !== 'unchanged'), created: before === undefined, statements }
}

export type LineOp = ' ' | '-' | '+'

/** A minimal line diff (longest common subsequence); policy statements are a few dozen lines. */
export function lineDiff(before: readonly string[], after: readonly string[]): { op: LineOp; line: string }[] {
  const rows = before.length
  const cols = after.length
  const lcs: number[][] = Array.from({ length: rows + 1 }, () => new Array<number>(cols + 1).fill(0))
  for (let i = rows - 1; i >= 0; i -= 1) {
    const row = lcs[i] as number[]
    const below = lcs[i + 1] as number[]
    for (let j = cols - 1; j >= 0; j -= 1) {
      row[j] = before[i] === after[j] ? (below[j + 1] as number) + 1 : Math.max(below[j] as number, row[j + 1] as number)
    }
  }
  const out: { op: LineOp; line: string }[] = []
  let i = 0
  let j = 0
  while (i < rows && j < cols) {
    if (before[i] === after[j]) {
      out.push({ op: ' ', line: before[i] as string })
      i += 1
      j += 1
    } else if ((lcs[i + 1]?.[j] ?? 0) >= (lcs[i]?.[j + 1] ?? 0)) {
      out.push({ op: '-', line: before[i] as string })
      i += 1
    } else {
      out.push({ op: '+', line: after[j] as string })
      j += 1
    }
  }
  for (; i < rows; i += 1) out.push({ op: '-', line: before[i] as string })
  for (; j < cols; j += 1) out.push({ op: '+', line: after[j] as string })
  return out
}
