/**
 * Safety net for `init --apply` on an existing role (issues 4–6): rewriting the tool's trust
 * statement (Sid BedrockXacctTrust) from a setup that lacks a value must never silently weaken or
 * break it. A fix command printed by `explain` or `verify` that forgot `--external-id`, or named
 * one user where the trust admits the whole source account, would otherwise drop the ExternalId
 * condition (confused-deputy protection) or lock out every other caller.
 *
 * Losses (refused unless `--allow-weaker-trust`): a principal removed or narrowed (e.g. account
 * root → one user): a lock-out, which no evaluation of "newly admitted" can see. A condition
 * removed (ExternalId, SourceIp, anything) is a weakening, judged by meaning in trust-weakening.ts
 * and said there only (issue 17: one message per loss). Notices (allowed, shown in the plan): the
 * ExternalId value changes (rotation), the IP allow-list changes, the principal widens. Values of
 * secret keys are never named in either.
 */
import type { PolicyDocument, PolicyStatement } from '../evaluate.js'
import { STATEMENT_IDS } from '../policies/statement-ids.js'
import { XacctError } from '../errors.js'
import { conditionEntriesOf, principalTypesOf, statementsOf } from '../policy-document.js'

/** The init flag that accepts a weaker trust statement. */
export const ALLOW_WEAKER_TRUST_FLAG = '--allow-weaker-trust'

export interface TrustSafety {
  /** What the new statement would lose, one line each; non-empty means apply refuses without the override. */
  losses: string[]
  /** Changes worth a look that lose nothing (ExternalId rotation, wider principal, new CIDRs). */
  notices: string[]
}

const lower = (value: string) => value.toLowerCase()

/** Values of one condition key under any operator (IAM compares key names case-insensitively). */
function conditionValues(statement: PolicyStatement | undefined, key: string): string[] {
  return [...new Set(conditionEntriesOf(statement).flatMap((entry) => (lower(entry.key) === lower(key) ? entry.values : [])))]
}

/** Principals as `TYPE:value` tokens; a bare account id in AWS is that account's root. */
function principalTokens(statement: PolicyStatement | undefined): string[] {
  const principal = statement?.Principal
  if (principal === undefined) return []
  if (principal === '*') return ['*']
  if (typeof principal !== 'object' || principal === null) return [String(principal)]
  const tokens: string[] = []
  for (const [type, value] of Object.entries(principal as Record<string, unknown>)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      const text = String(v)
      tokens.push(type === 'AWS' && /^\d{12}$/.test(text) ? `AWS:arn:aws:iam::${text}:root` : `${type}:${text}`)
    }
  }
  return tokens
}

/** The account whose root admits this principal (`AWS:arn:P:iam::A:user/x` → `A` in partition P). */
function accountOf(token: string): { partition: string; account: string } | undefined {
  const match = /^AWS:arn:([\w-]+):(?:iam|sts)::(\d{12}):/.exec(token)
  return match ? { partition: match[1]!, account: match[2]! } : undefined
}

function isRootToken(token: string): boolean {
  return /^AWS:arn:[\w-]+:iam::\d{12}:root$/.test(token)
}

/** Whether the principals `after` admit everything `principal` admitted. */
function covered(principal: string, after: readonly string[]): boolean {
  if (after.includes('*') || after.includes(principal)) return true
  const account = accountOf(principal)
  if (!account) return false
  return after.some((token) => isRootToken(token) && token === `AWS:arn:${account.partition}:iam::${account.account}:root`)
}

const display = (token: string) => token.replace(/^(AWS|Service|Federated|CanonicalUser):/, '')

/** Compare the tool's trust statement as it is with the one the plan would write. */
export function compareTrustStatements(before: PolicyStatement | undefined, after: PolicyStatement | undefined): TrustSafety {
  const losses: string[] = []
  const notices: string[] = []
  if (!before) return { losses, notices }

  const idsBefore = conditionValues(before, 'sts:ExternalId')
  const idsAfter = conditionValues(after, 'sts:ExternalId')
  // A condition removed is a weakening, which the evaluator judges and words (trust-weakening.ts): not said twice here.
  if (idsAfter.length > 0 && idsBefore.length > 0 && (idsBefore.length !== idsAfter.length || idsBefore.some((id) => !idsAfter.includes(id)))) {
    notices.push('the sts:ExternalId value changes (rotation): callers still sending the current one will be refused until they are reconfigured')
  }

  const ipsBefore = conditionValues(before, 'aws:SourceIp')
  const ipsAfter = conditionValues(after, 'aws:SourceIp')
  if (ipsBefore.length > 0 && ipsAfter.length > 0) {
    const added = ipsAfter.filter((cidr) => !ipsBefore.includes(cidr))
    const dropped = ipsBefore.filter((cidr) => !ipsAfter.includes(cidr))
    if (added.length > 0 || dropped.length > 0) {
      notices.push(`the aws:SourceIp allow-list changes${added.length > 0 ? `: adds ${added.join(', ')}` : ''}${dropped.length > 0 ? `${added.length > 0 ? ';' : ':'} drops ${dropped.join(', ')}` : ''}`)
    }
  }

  const principalsBefore = principalTokens(before)
  const principalsAfter = principalTokens(after)
  const lost = principalsBefore.filter((token) => !covered(token, principalsAfter))
  if (lost.length > 0) {
    losses.push(
      `the principal ${lost.map(display).join(', ')} would no longer be trusted (replaced by ${principalsAfter.map(display).join(', ') || 'nothing'}): its callers would be locked out; pass --caller as the trust names it now (e.g. --caller root)`
    )
  } else {
    const gained = principalsAfter.filter((token) => !principalsBefore.includes(token))
    if (gained.length > 0) notices.push(`the trust widens to ${gained.map(display).join(', ')} (was ${principalsBefore.map(display).join(', ')})`)
  }
  return { losses, notices }
}

/** Every sts:ExternalId value in a trust policy (any statement), for redaction. */
export function externalIdsOf(document: PolicyDocument | undefined): string[] {
  return [...new Set(statementsOf(document).flatMap((statement) => conditionValues(statement, 'sts:ExternalId')))]
}

/** The tool's trust statements: `BedrockXacctTrust` and, with several kinds of caller, `BedrockXacctTrustService`/`…WebIdentity`. */
function trustStatementsOf(document: PolicyDocument | undefined): PolicyStatement[] {
  return statementsOf(document).filter((statement) => typeof statement.Sid === 'string' && statement.Sid.startsWith(STATEMENT_IDS.trust))
}

/**
 * The written statement to compare an existing one with: the one naming the same kind of principal
 * (a caller kind keeps its statement when other callers join and Sids shift), else the same Sid.
 */
function counterpart(before: PolicyStatement, written: readonly PolicyStatement[]): PolicyStatement | undefined {
  const types = principalTypesOf(before)
  return written.find((after) => principalTypesOf(after).some((type) => types.includes(type))) ?? written.find((after) => after.Sid === before.Sid)
}

/**
 * Compare the tool's statements in the trust policy AWS holds with the ones the plan writes. Every
 * existing statement with one of the tool's trust Sids counts: a loss in any is a loss.
 */
export function compareTrustPolicies(existing: PolicyDocument | undefined, written: PolicyDocument): TrustSafety {
  const afterAll = trustStatementsOf(written)
  const results = trustStatementsOf(existing).map((before) => compareTrustStatements(before, counterpart(before, afterAll)))
  const unique = (lines: string[]) => [...new Set(lines)]
  return { losses: unique(results.flatMap((r) => r.losses)), notices: unique(results.flatMap((r) => r.notices)) }
}

/** The error `init --apply` ends with when the plan would weaken the trust (exit 2, nothing written). */
export function weakerTrustError(roleName: string, accountId: string, losses: readonly string[], keep?: string): XacctError {
  return new XacctError('usage', `Refusing to weaken the trust policy of role ${roleName} in account ${accountId}: ${losses.join('; ')}.`, {
    field: ALLOW_WEAKER_TRUST_FLAG,
    hint: `Nothing was changed. ${keep ? `${keep.replace(/^./, (c) => c.toUpperCase())}. ` : ''}Fix the command, or pass ${ALLOW_WEAKER_TRUST_FLAG} if this is really what you want (see the plan with --dry-run).`
  })
}
