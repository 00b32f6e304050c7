/**
 * What an apply still wants of the trust (issue 17): the setup's trust document, plus every
 * condition of the tool's statements as AWS holds them whose key the setup does not name in that
 * statement. A setup without --external-id does not ask to drop the ExternalId, nor one without an
 * MFA flag to drop the MFA condition someone added, nor a setup with a SageMaker caller to drop the
 * `aws:SourceArn` someone added to the service statement: the trust gate excuses only what this
 * document admits. Every statement the tool owns counts (its Sid starts with `BedrockXacct`:
 * `BedrockXacctTrust`, `…TrustService`, `…TrustWebIdentity`, any later one), not only the first;
 * a Deny written under such a Sid is still wanted whole.
 */
import type { PolicyDocument, PolicyStatement } from '../evaluate.js'
import { conditionEntriesOf, principalTypesOf, statementsOf } from '../policy-document.js'
import { sameStatement } from './canonical.js'
import { OWNED_SID_PREFIX } from './merge.js'

type Condition = NonNullable<PolicyStatement['Condition']>

/**
 * AssumeRole never carries sts:DurationSeconds (docs/aws-facts.md ctx.duration-seconds.never-on-assume-role):
 * a plain operator on it never matches (dropping it is the fix init prints) and `…IfExists` always
 * does (it limits nothing, so dropping it admits no one new). Neither is something still wanted.
 */
const notOnAssumeRole = (key: string) => key.toLowerCase() === 'sts:durationseconds'

const isOwned = (statement: PolicyStatement) => typeof statement.Sid === 'string' && statement.Sid.startsWith(OWNED_SID_PREFIX)

const sameKind = (a: PolicyStatement, b: PolicyStatement) => principalTypesOf(a).some((type) => principalTypesOf(b).includes(type))

/**
 * The desired statement that takes over an owned statement AWS holds: the one with its Sid when it
 * serves the same kind of caller, else the first naming that kind (the Sids shift when a caller of
 * another kind joins: a service-only trust's `BedrockXacctTrust` becomes `…TrustService`). None when
 * the setup no longer has that kind of caller: removing an Allow never admits anyone.
 */
function successorOf(old: PolicyStatement, desired: readonly PolicyStatement[]): PolicyStatement | undefined {
  const owned = desired.filter(isOwned)
  return owned.find((statement) => statement.Sid === old.Sid && sameKind(statement, old)) ?? owned.find((statement) => sameKind(statement, old))
}

/**
 * The setup's trust with the conditions of the tool's statements as AWS holds them that the setup
 * does not name (by key, in the statement taking each over): what the user still wants. Returns
 * the keys carried over too.
 */
export function stillWanted(before: PolicyDocument, desired: PolicyDocument): { intended: PolicyDocument; carried: string[]; denies: number } {
  const statements = statementsOf(desired)
  const widened = new Map<PolicyStatement, Condition>()
  const carried = new Set<string>()
  // A Deny someone wrote under one of the tool's Sids is wanted as it is: its conditions say who is
  // refused, so carrying them into an Allow would turn them around.
  const denies = statementsOf(before).filter((old) => isOwned(old) && old.Effect === 'Deny' && !statements.some((statement) => sameStatement(statement, old)))
  for (const old of statementsOf(before).filter((statement) => isOwned(statement) && statement.Effect !== 'Deny')) {
    const successor = successorOf(old, statements)
    if (!successor) continue
    const named = new Set(conditionEntriesOf(successor).map((entry) => entry.key.toLowerCase()))
    const condition = widened.get(successor) ?? Object.fromEntries(Object.entries(successor.Condition ?? {}).map(([operator, entries]) => [operator, { ...entries }]))
    for (const [operator, entries] of Object.entries(old.Condition ?? {})) {
      for (const [key, value] of Object.entries(entries)) {
        if (named.has(key.toLowerCase()) || notOnAssumeRole(key)) continue
        condition[operator] = { ...condition[operator], [key]: value }
        carried.add(key)
        widened.set(successor, condition)
      }
    }
  }
  if (carried.size === 0 && denies.length === 0) return { intended: desired, carried: [], denies: 0 }
  const intended = statements.map((statement) => {
    const condition = widened.get(statement)
    return condition ? { ...statement, Condition: condition } : statement
  })
  return { intended: { ...desired, Statement: [...intended, ...denies] }, carried: [...carried], denies: denies.length }
}

/** Condition keys a setup names with a flag (--external-id, --source-ip): losing one is the setup's call to make, so it is refused with that hint rather than kept. */
const SETUP_KEYS = new Set(['sts:externalid', 'aws:sourceip'])

/**
 * What an apply writes instead of the setup's bare trust: the same document with what someone added
 * by hand to the tool's statements kept (conditions the setup cannot name, such as MFA, an org id or
 * an `aws:SourceArn`, and a Deny under one of the tool's Sids). Apply is surgery: it keeps what it
 * does not own. Keys the setup names by flag are left to the trust gate (refused, with the flag to pass).
 */
export function keptByHand(before: PolicyDocument | undefined, desired: PolicyDocument): { trust: PolicyDocument; kept: string[] } {
  if (!before) return { trust: desired, kept: [] }
  const restricted = { ...before, Statement: statementsOf(before).map((statement) => (statement.Effect === 'Deny' ? statement : withoutKeys(statement, SETUP_KEYS))) }
  const { intended, carried, denies } = stillWanted(restricted, desired)
  const kept = [...carried, ...(denies > 0 ? [`${denies} Deny statement${denies === 1 ? '' : 's'}`] : [])]
  return { trust: kept.length === 0 ? desired : intended, kept }
}

function withoutKeys(statement: PolicyStatement, keys: ReadonlySet<string>): PolicyStatement {
  if (!statement.Condition) return statement
  const condition = Object.fromEntries(
    Object.entries(statement.Condition)
      .map(([operator, entries]) => [operator, Object.fromEntries(Object.entries(entries).filter(([key]) => !keys.has(key.toLowerCase())))] as const)
      .filter(([, entries]) => Object.keys(entries).length > 0)
  )
  return { ...statement, Condition: condition as Condition }
}
