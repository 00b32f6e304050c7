/**
 * The source policy is shared: one caller in A may assume several access roles (one per target
 * account or use case), and the naming convention gives each of those setups the same source
 * policy name and the same Sid. Replacing the tool's statement would then take away the caller's
 * access to the other roles — a clobber. So the source policy only ever widens (issue 17):
 * - a statement of the same Sid that differs only in Action and Resource gets the union of both
 *   (another role stays, and so does an action such as sts:TagSession someone added);
 * - one that differs in anything else (a Condition, an Effect, NotAction…) is someone's deliberate
 *   edit: it stays exactly as it is, and the setup's statement is added beside it under the next
 *   free Sid (`BedrockXacctAssumeRole2`, …), unless a statement already grants the same;
 * - every other statement the tool once wrote (Sid `BedrockXacct…`) stays: dropping one would take
 *   a role away from the caller. Statements the tool does not own are kept by mergePolicy.
 */
import type { PolicyDocument, PolicyStatement } from '../evaluate.js'
import { sameStatement, semanticForm } from './canonical.js'
import { OWNED_SID_PREFIX } from './merge.js'
import { statementsOf } from '../policy-document.js'

function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) return []
  return Array.isArray(value) ? value : [value]
}

/** Same statement except for its Action and Resource lists (so only those may be merged). */
function sameButActionAndResource(a: PolicyStatement, b: PolicyStatement): boolean {
  const strip = ({ Resource: _resource, Action: _action, Sid: _sid, ...rest }: PolicyStatement) => JSON.stringify(semanticForm(rest))
  return a.Resource !== undefined && b.Resource !== undefined && a.Action !== undefined && b.Action !== undefined && strip(a) === strip(b)
}

/** Old entries first, then the new ones; one value stays a string, as IAM writes it. */
function union(old: string[], wanted: string[]): string | string[] {
  const merged = [...old, ...wanted.filter((value) => !old.includes(value))]
  return merged.length === 1 ? (merged[0] as string) : merged
}

/** The statement equal to `statement` but for its Sid, among `statements`. */
function sameExceptSid(statements: readonly PolicyStatement[], statement: PolicyStatement): PolicyStatement | undefined {
  return statements.find((candidate) => sameStatement({ ...candidate, Sid: statement.Sid }, statement))
}

function nextFreeSid(sid: string, taken: ReadonlySet<string>): string {
  let n = 2
  while (taken.has(`${sid}${n}`)) n++
  return `${sid}${n}`
}

/**
 * The document to write as the tool's part of the source policy: the desired statements widened
 * by what the existing policy already grants, plus every statement the tool wrote before.
 */
export function widenSourcePolicy(existing: PolicyDocument | undefined, desired: PolicyDocument): { document: PolicyDocument; keptResources: string[] } {
  const existingStatements = statementsOf(existing)
  const before = new Map(existingStatements.filter((s) => s.Sid).map((s) => [s.Sid as string, s]))
  const taken = new Set(before.keys())
  const keptResources: string[] = []
  const statements: PolicyStatement[] = []
  for (const statement of statementsOf(desired)) {
    const previous = statement.Sid ? before.get(statement.Sid) : undefined
    if (!previous) {
      statements.push(statement)
      continue
    }
    if (sameButActionAndResource(previous, statement)) {
      const oldResources = asList(previous.Resource)
      keptResources.push(...oldResources.filter((resource) => !asList(statement.Resource).includes(resource)))
      statements.push({ ...statement, Action: union(asList(previous.Action), asList(statement.Action)), Resource: union(oldResources, asList(statement.Resource)) })
      continue
    }
    // Someone's own version of the statement: keep it verbatim, and grant the setup's role beside it.
    statements.push(previous)
    const granted = sameExceptSid(existingStatements, statement)
    if (granted) statements.push(granted)
    else statements.push({ ...statement, Sid: nextFreeSid(statement.Sid as string, taken) })
  }
  const placed = new Set(statements.map((s) => s.Sid))
  const earlier = existingStatements.filter((s) => s.Sid?.startsWith(OWNED_SID_PREFIX) && !placed.has(s.Sid))
  return { document: { ...desired, Statement: [...statements, ...earlier] }, keptResources }
}
