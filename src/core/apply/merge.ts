/**
 * Merge, never clobber (issue 4): the tool owns only the statements it wrote, recognised by their
 * stable Sid. An existing document keeps every other statement, in its place; the tool's
 * statements are replaced where they stand, new ones are appended, and tool statements the
 * setup no longer wants (e.g. marketplace turned off) are removed.
 */
import type { PolicyDocument, PolicyStatement } from '../evaluate.js'
import { POLICY_VERSION, sameStatement } from './canonical.js'
import { statementsOf } from '../policy-document.js'

/**
 * Every Sid the tool writes starts with this (STATEMENT_IDS in src/core/policies: BedrockXacctTrust,
 * BedrockXacctInvoke, …). A statement whose Sid has this prefix was written by the tool, even if
 * the current setup no longer produces it; anything else belongs to the user.
 */
export const OWNED_SID_PREFIX = 'BedrockXacct'

/** Whether the tool owns this statement (see OWNED_SID_PREFIX); statements without a Sid never are. */
export function isOwnedStatement(statement: PolicyStatement, desiredSids: ReadonlySet<string>): boolean {
  const sid = statement.Sid
  if (sid === undefined || sid === '') return false
  return desiredSids.has(sid) || sid.startsWith(OWNED_SID_PREFIX)
}

export interface MergeResult {
  /** The document to write. */
  document: PolicyDocument
  /** Sids of the tool's statements replaced in place with a different statement. */
  replaced: string[]
  /** Sids appended (not in the existing document). */
  added: string[]
  /** Sids of tool statements dropped because the setup no longer wants them. */
  removed: string[]
  /** How many statements that the tool does not own were kept. */
  kept: number
  /** True when the result means the same as the existing document (nothing to write). */
  unchanged: boolean
}

/**
 * Merge the tool's desired statements into an existing document (or start from nothing).
 * Every desired statement must carry a Sid: that is how the next run finds it again.
 */
export function mergePolicy(existing: PolicyDocument | undefined, desired: PolicyDocument): MergeResult {
  const wanted = statementsOf(desired)
  const missingSid = wanted.find((statement) => !statement.Sid)
  if (missingSid) throw new Error(`mergePolicy: every statement the tool writes needs a Sid (got ${JSON.stringify(missingSid)})`)
  const wantedBySid = new Map(wanted.map((statement) => [statement.Sid as string, statement]))
  const desiredSids = new Set(wantedBySid.keys())

  const result: PolicyStatement[] = []
  const placed = new Set<string>()
  const replaced: string[] = []
  const removed: string[] = []
  let kept = 0
  for (const statement of statementsOf(existing)) {
    if (!isOwnedStatement(statement, desiredSids)) {
      result.push(statement)
      kept += 1
      continue
    }
    const sid = statement.Sid as string
    const replacement = wantedBySid.get(sid)
    if (!replacement || placed.has(sid)) {
      // No longer wanted, or a duplicate of a Sid already placed: the tool's own leftovers.
      removed.push(sid)
      continue
    }
    placed.add(sid)
    result.push(replacement)
    if (!sameStatement(statement, replacement)) replaced.push(sid)
  }
  const added: string[] = []
  for (const [sid, statement] of wantedBySid) {
    if (placed.has(sid)) continue
    result.push(statement)
    added.push(sid)
  }

  const document: PolicyDocument = { Version: existing?.Version ?? desired.Version ?? POLICY_VERSION, Statement: result }
  if (existing?.Id !== undefined) document.Id = existing.Id
  const unchanged = existing !== undefined && replaced.length === 0 && added.length === 0 && removed.length === 0
  return { document, replaced, added, removed, kept, unchanged }
}
