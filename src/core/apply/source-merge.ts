/**
 * The source policy is shared: one caller in A may assume several access roles (one per target
 * account or use case), and the naming convention gives each of those setups the same source
 * policy name and the same Sid. Replacing the tool's statement would then take away the caller's
 * access to the other roles — a clobber. So for the source policy, the tool's statement *widens*:
 * the roles already listed stay, the setup's role is added.
 */
import type { PolicyDocument, PolicyStatement } from '../evaluate.js'
import { semanticForm } from './canonical.js'
import { statementsOf } from '../policy-document.js'

function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) return []
  return Array.isArray(value) ? value : [value]
}

/** Same statement except for its Resource (so only the resource list may be merged). */
function sameButResource(a: PolicyStatement, b: PolicyStatement): boolean {
  const strip = ({ Resource: _resource, ...rest }: PolicyStatement) => JSON.stringify(semanticForm(rest))
  return a.Resource !== undefined && b.Resource !== undefined && strip(a) === strip(b)
}

/**
 * The desired source policy, with each of the tool's statements widened to keep the resources the
 * existing statement of the same Sid already allows (existing order first, then new ones).
 */
export function widenSourcePolicy(existing: PolicyDocument | undefined, desired: PolicyDocument): { document: PolicyDocument; keptResources: string[] } {
  const before = new Map(statementsOf(existing).filter((s) => s.Sid).map((s) => [s.Sid as string, s]))
  const keptResources: string[] = []
  const statements = statementsOf(desired).map((statement) => {
    const previous = statement.Sid ? before.get(statement.Sid) : undefined
    if (!previous || !sameButResource(previous, statement)) return statement
    const old = asList(previous.Resource)
    const wanted = asList(statement.Resource)
    const extra = old.filter((resource) => !wanted.includes(resource))
    if (extra.length === 0) return statement
    keptResources.push(...extra)
    const merged = [...old, ...wanted.filter((resource) => !old.includes(resource))]
    return { ...statement, Resource: merged.length === 1 ? (merged[0] as string) : merged }
  })
  return { document: { ...desired, Statement: statements }, keptResources }
}
