/**
 * "Never a weaker trust", judged by meaning (issue 17): before a trust policy is replaced (apply or
 * restore), the old and the new document are evaluated with the IAM evaluator over requests built
 * from both documents — every principal they name and its neighbours (the account's root, another
 * role and user of the account, a stranger account, `*`), every condition key they use with the
 * values they allow, another value, and none (a wrong or missing ExternalId, an address outside the
 * IP list, another `sub` or `aud`, MFA off, another org). A request the new document admits and the
 * old one refused is a weakening. Comparing statements by shape missed conditions someone added, a
 * Deny, a second statement that makes a condition optional; comparing answers does not.
 *
 * Requests vary one condition at a time from "everything as the documents want", then keep one key
 * and leave every other one out: together they catch a condition dropped, loosened, or made
 * optional by another statement. Secret values (ExternalIds) are never named in the result.
 */
import type { Evaluator, PolicyDocument, PolicyStatement } from '../evaluate.js'
import { statementsOf } from '../policy-document.js'
import { conditionKeys, contextFor, contexts, requestSet, SECRET_KEYS, type TrustSubject } from '../trust-proof/requests.js'

export type { TrustSubject } from '../trust-proof/requests.js'

/** Stands for every literal secret value, so that rotating an ExternalId is not a weakening. */
const SECRET_PLACEHOLDER = 'bedrock-xacct-the-external-id'

/**
 * The document with every literal value of a secret key replaced by one placeholder: a new
 * ExternalId (rotation) admits nobody the old one did not, in meaning; a pattern (`ext-*`) stays
 * a pattern, so loosening to one is still found.
 */
function withSecretsAsOne(document: PolicyDocument): PolicyDocument {
  const literal = (value: unknown) => (typeof value === 'string' && !/[*?]/.test(value) ? SECRET_PLACEHOLDER : value)
  const statements = statementsOf(document).map((statement) => {
    if (!statement.Condition) return statement
    const condition = Object.fromEntries(
      Object.entries(statement.Condition).map(([operator, entries]) => [
        operator,
        Object.fromEntries(Object.entries(entries).map(([key, value]) => [key, SECRET_KEYS.has(key.toLowerCase()) ? (Array.isArray(value) ? [...new Set(value.map(literal))] : literal(value)) : value]))
      ])
    )
    return { ...statement, Condition: condition as PolicyStatement['Condition'] }
  })
  return { ...document, Statement: statements }
}

/** The request contexts worth trying against these statements (every condition key: as wanted, changed one at a time, alone). */
export function requestContextsOf(statements: readonly PolicyStatement[]): { context: Record<string, string | string[]>; words: string[] }[] {
  return contexts(conditionKeys(statements))
}

/** What a rewrite newly admits, split by whether the change asked for it (see newlyAdmitted). */
export interface Admission {
  /** Newly admitted and not by the intended document: weakenings. */
  weaker: string[]
  /** Newly admitted, as the intended document does too: what the change is for. */
  asked: string[]
}

/**
 * What `after` would admit that `before` refused, one line per way in (action and request), naming
 * every principal it lets in: the same lost condition seen from the root, a role and a user of one
 * account is one loss, said once. Both are whole trust policies. `intended` is what the change is
 * for (the setup's own trust, with what it still wants): what it admits is `asked`, the rest
 * `weaker`. One pass over the requests; at most `limit` lines of each.
 */
export async function compareAdmission(beforeDocument: PolicyDocument, afterDocument: PolicyDocument, subject: TrustSubject, evaluator: Evaluator, options: { intended?: PolicyDocument | undefined; limit?: number } = {}): Promise<Admission> {
  const limit = options.limit ?? 5
  const before = withSecretsAsOne(beforeDocument)
  const after = withSecretsAsOne(afterDocument)
  const intended = options.intended && withSecretsAsOne(options.intended)
  const { probes, contexts: requestContexts } = requestSet([...statementsOf(before), ...statementsOf(after)], subject)
  const weaker = new Map<string, string[]>()
  const asked = new Map<string, string[]>()
  const add = (found: Map<string, string[]>, how: string, who: string) => {
    if (found.has(how) || found.size < limit) found.set(how, [...(found.get(how) ?? []), who])
  }
  for (const probe of probes) {
    let askedSeen = false
    for (const { context, words } of requestContexts) {
      const base = { principal: probe.principal, action: probe.action, during: probe.during, resource: subject.roleArn, resourceAccount: subject.accountId, context: contextFor(probe, context), identityPolicies: probe.identityPolicies }
      const [old, now] = await Promise.all([evaluator.evaluate({ ...base, resourcePolicy: before }), evaluator.evaluate({ ...base, resourcePolicy: after })])
      if (!now.allowed || old.allowed) continue
      const how = `${probe.action}${words.length > 0 ? ` with ${words.join(', ')}` : ' with no condition key set'}`
      if (intended && (await evaluator.evaluate({ ...base, resourcePolicy: intended })).allowed) {
        if (!askedSeen) add(asked, how, probe.words)
        askedSeen = true
        continue
      }
      add(weaker, how, probe.words)
      break
    }
    // Enough to refuse and to say why: the remaining probes could only add names to these lines.
    if (weaker.size >= limit) break
  }
  const lines = (found: Map<string, string[]>) => [...found].map(([how, who]) => `${who.join(', ')} would newly be allowed ${how}`)
  return { weaker: lines(weaker), asked: lines(asked) }
}

/**
 * What `after` would admit that `before` refused, one line each (empty: not weaker); what
 * `intended` admits too is the point of the change, not a weakening (compareAdmission).
 */
export async function newlyAdmitted(beforeDocument: PolicyDocument, afterDocument: PolicyDocument, subject: TrustSubject, evaluator: Evaluator, options: { intended?: PolicyDocument | undefined; limit?: number } = {}): Promise<string[]> {
  return (await compareAdmission(beforeDocument, afterDocument, subject, evaluator, options)).weaker
}
