/**
 * What an apply still wants of the trust (issue 17): the setup's trust document, plus every
 * condition of the tool's statement as AWS holds it whose key the setup does not name at all. A
 * setup without --external-id does not ask to drop the ExternalId, nor one without an MFA flag to
 * drop the MFA condition someone added: the trust gate excuses only what this document admits.
 */
import type { PolicyDocument, PolicyStatement } from '../evaluate.js'
import { STATEMENT_IDS } from '../policies/statement-ids.js'
import { conditionEntriesOf, statementsOf } from '../policy-document.js'

/**
 * AssumeRole never carries sts:DurationSeconds (docs/aws-facts.md ctx.duration-seconds.never-on-assume-role):
 * a plain operator on it never matches (dropping it is the fix init prints) and `…IfExists` always
 * does (it limits nothing, so dropping it admits no one new). Neither is something still wanted.
 */
const notOnAssumeRole = (key: string) => key.toLowerCase() === 'sts:durationseconds'

const owned = (document: PolicyDocument | undefined) => statementsOf(document).filter((statement) => statement.Sid === STATEMENT_IDS.trust)

/**
 * The setup's trust with the conditions of the tool's statement as AWS holds it that the setup
 * does not name (by key): what the user still wants. Returns the keys carried over too.
 */
export function stillWanted(before: PolicyDocument, desired: PolicyDocument): { intended: PolicyDocument; carried: string[] } {
  const statements = statementsOf(desired)
  const mine = statements.find((statement) => statement.Sid === STATEMENT_IDS.trust)
  if (!mine) return { intended: desired, carried: [] }
  const named = new Set(conditionEntriesOf(mine).map((entry) => entry.key.toLowerCase()))
  const condition: Record<string, Record<string, unknown>> = Object.fromEntries(Object.entries(mine.Condition ?? {}).map(([operator, entries]) => [operator, { ...entries }]))
  const carried = new Set<string>()
  for (const old of owned(before)) {
    for (const [operator, entries] of Object.entries(old.Condition ?? {})) {
      for (const [key, value] of Object.entries(entries)) {
        if (named.has(key.toLowerCase()) || notOnAssumeRole(key)) continue
        condition[operator] = { ...condition[operator], [key]: value }
        carried.add(key)
      }
    }
  }
  if (carried.size === 0) return { intended: desired, carried: [] }
  const widened: PolicyStatement = { ...mine, Condition: condition as PolicyStatement['Condition'] }
  return { intended: { ...desired, Statement: statements.map((statement) => (statement === mine ? widened : statement)) }, carried: [...carried] }
}
