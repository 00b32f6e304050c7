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
import type { EvaluationRequest, Evaluator, PolicyDocument, PolicyStatement } from '../evaluate.js'
import { addressInside, addressOutside } from '../ip.js'
import { conditionEntriesOf, statementsOf } from '../policy-document.js'

/** Where the trust lives: the role and its account. */
export interface TrustSubject {
  roleArn: string
  accountId: string
}

/** One way a request can differ: a key set to a value (or left out), with words for it. */
interface KeyChoice {
  key: string
  value: string | string[] | undefined
  words: string
}

/** An account no document names, for "someone else entirely". */
const STRANGER_ACCOUNT = '999999999999'
/** The probe principals' name inside an account. */
const PROBE_NAME = 'bedrock-xacct-probe'
/** A value no policy of ours allows, for "another value". */
const OTHER_VALUE = 'bedrock-xacct-probe-other-value'
/** Condition keys whose values are secrets: never named in what is reported. */
const SECRET_KEYS = new Set(['sts:externalid'])
/** Keys the evaluator treats as booleans. */
const BOOL_KEYS = new Set(['aws:multifactorauthpresent', 'aws:securetransport', 'aws:viaawsservice', 'aws:principalisawsservice'])
/** Probe requests per principal and action at most (bounded work for hostile documents). */
const MAX_REQUESTS_PER_PRINCIPAL = 400

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value])

function principalValues(statement: PolicyStatement, type: string): string[] {
  const principal = statement.Principal ?? statement.NotPrincipal
  if (principal === '*') return ['*']
  if (typeof principal !== 'object' || principal === null) return []
  return asList((principal as Record<string, unknown>)[type]).map(String)
}

/** A concrete value a StringLike pattern matches. */
const instanceOf = (pattern: string) => pattern.replace(/\*/g, 'probe').replace(/\?/g, 'x')

/** Every condition key the documents use, with the values they name (keys compared case-insensitively). */
function conditionKeys(statements: readonly PolicyStatement[]): Map<string, { key: string; values: string[] }> {
  const keys = new Map<string, { key: string; values: string[] }>()
  for (const { key, values } of statements.flatMap((statement) => conditionEntriesOf(statement))) {
    const entry = keys.get(key.toLowerCase()) ?? { key, values: [] }
    for (const value of values) if (!entry.values.includes(value)) entry.values.push(value)
    keys.set(key.toLowerCase(), entry)
  }
  return keys
}

/** The values a request may carry for one key: each the documents name, another, and none. */
function choicesFor(lowerKey: string, entry: { key: string; values: string[] }): KeyChoice[] {
  const secret = SECRET_KEYS.has(lowerKey)
  const named = (value: string) => (secret ? `${entry.key} as the trust names it` : `${entry.key} ${JSON.stringify(value)}`)
  const choices: KeyChoice[] = [{ key: entry.key, value: undefined, words: `no ${entry.key}` }]
  if (lowerKey === 'aws:sourceip') {
    for (const cidr of entry.values) {
      const inside = addressInside([cidr])
      if (inside) choices.push({ key: entry.key, value: inside, words: `aws:SourceIp ${inside}` })
    }
    const outside = addressOutside(entry.values)
    if (outside) choices.push({ key: entry.key, value: outside, words: `aws:SourceIp ${outside} (outside every listed range)` })
    return choices
  }
  if (BOOL_KEYS.has(lowerKey)) {
    return [...choices, { key: entry.key, value: 'true', words: `${entry.key} true` }, { key: entry.key, value: 'false', words: `${entry.key} false` }]
  }
  for (const value of entry.values) choices.push({ key: entry.key, value: instanceOf(value), words: named(value) })
  // A value sharing a named value's prefix catches pattern operators (StringLike ext-*) a fixed "other" never meets.
  const first = entry.values[0]
  if (first !== undefined) choices.push({ key: entry.key, value: `${instanceOf(first)}-${OTHER_VALUE}`, words: secret ? `an ${entry.key} that only starts like the right one` : `${entry.key} ${JSON.stringify(`${instanceOf(first)}-…`)}` })
  choices.push({ key: entry.key, value: OTHER_VALUE, words: secret ? `a wrong ${entry.key}` : `${entry.key} of another value` })
  return choices
}

/** Requests that vary the context: all as wanted, one key changed at a time, one key alone. */
function contexts(keys: Map<string, { key: string; values: string[] }>): { context: Record<string, string | string[]>; words: string[] }[] {
  const perKey = [...keys.entries()].map(([lower, entry]) => choicesFor(lower, entry))
  const out: { context: Record<string, string | string[]>; words: string[] }[] = []
  const build = (picks: KeyChoice[]) => {
    const context: Record<string, string | string[]> = {}
    for (const pick of picks) if (pick.value !== undefined) context[pick.key] = pick.value
    out.push({ context, words: picks.map((p) => p.words) })
  }
  // Everything as the documents want it (first named value of each key).
  const wanted = perKey.map((choices) => choices[1] ?? choices[0]!)
  build(wanted)
  perKey.forEach((choices, i) => {
    for (const choice of choices) build(wanted.map((w, j) => (j === i ? choice : w)))
  })
  // One key alone, every other left out: a second statement that needs only this one.
  perKey.forEach((choices, i) => {
    for (const choice of choices) build(perKey.map((other, j) => (j === i ? choice : other[0]!)))
  })
  return out.slice(0, MAX_REQUESTS_PER_PRINCIPAL)
}

/** The request contexts worth trying against these statements (every condition key: as wanted, changed one at a time, alone). */
export function requestContextsOf(statements: readonly PolicyStatement[]): { context: Record<string, string | string[]>; words: string[] }[] {
  return contexts(conditionKeys(statements))
}

interface Probe {
  principal: string
  action: string
  words: string
  identityPolicies: EvaluationRequest['identityPolicies']
}

/** Lets the probe principal's own side allow anything, so that only the trust decides. */
const ALLOW_ALL = [{ name: 'probe-allows-all', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Action: '*', Resource: '*' }] } }]

/** A probe principal in words: `another role of account A` rather than the probe's made-up name. */
function probeWords(arn: string): string {
  const probe = new RegExp(`^arn:[\\w-]+:iam::(\\d{12}):(role|user)/${PROBE_NAME}$`).exec(arn)
  return probe ? `any ${probe[2]} of account ${probe[1]}` : arn
}

function accountOfPrincipal(value: string): string | undefined {
  if (/^\d{12}$/.test(value)) return value
  return /^arn:[\w-]+:(?:iam|sts)::(\d{12}):/.exec(value)?.[1]
}

/** Principals to try: those the documents name, their accounts' other principals, a stranger, anyone. */
function probes(statements: readonly PolicyStatement[], subject: TrustSubject): Probe[] {
  const partition = /^arn:([\w-]+):/.exec(subject.roleArn)?.[1] ?? 'aws'
  const aws = new Set<string>()
  const accounts = new Set<string>([subject.accountId, STRANGER_ACCOUNT])
  const services = new Set<string>(['ec2.amazonaws.com'])
  const federated = new Set<string>()
  for (const statement of statements) {
    for (const value of principalValues(statement, 'AWS')) {
      if (value === '*') continue
      const account = accountOfPrincipal(value)
      if (account) accounts.add(account)
      if (value.startsWith('arn:')) aws.add(value.replace(/^arn:[\w-]+:sts::(\d{12}):assumed-role\/([^/]+)\/.*$/, `arn:${partition}:iam::$1:role/$2`))
    }
    for (const value of principalValues(statement, 'Service')) if (value !== '*') services.add(value)
    for (const value of principalValues(statement, 'Federated')) if (value !== '*') federated.add(value)
  }
  for (const account of accounts) {
    for (const kind of ['root', `role/${PROBE_NAME}`, `user/${PROBE_NAME}`]) aws.add(`arn:${partition}:iam::${account}:${kind}`)
  }
  const out: Probe[] = []
  // Session tags and source identity are authorized apart from AssumeRole: probe them where a document names them.
  const named = new Set(statements.flatMap((statement) => asList(statement.Action).map((action) => String(action).toLowerCase())))
  const actions = ['sts:AssumeRole', ...['sts:TagSession', 'sts:SetSourceIdentity'].filter((action) => named.has(action.toLowerCase()) || named.has('sts:*') || named.has('*'))]
  for (const principal of aws) {
    for (const action of actions) out.push({ principal, action, words: probeWords(principal), identityPolicies: ALLOW_ALL })
  }
  for (const service of services) out.push({ principal: service, action: 'sts:AssumeRole', words: `the service ${service}`, identityPolicies: [] })
  federated.add(`arn:${partition}:iam::${subject.accountId}:oidc-provider/probe.example.com`)
  for (const provider of federated) out.push({ principal: provider, action: 'sts:AssumeRoleWithWebIdentity', words: `a token from ${provider}`, identityPolicies: [] })
  return out
}

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
  const statements = [...statementsOf(before), ...statementsOf(after)]
  const requestContexts = contexts(conditionKeys(statements))
  const weaker = new Map<string, string[]>()
  const asked = new Map<string, string[]>()
  const add = (found: Map<string, string[]>, how: string, who: string) => {
    if (found.has(how) || found.size < limit) found.set(how, [...(found.get(how) ?? []), who])
  }
  for (const probe of probes(statements, subject)) {
    let askedSeen = false
    for (const { context, words } of requestContexts) {
      const base = { principal: probe.principal, action: probe.action, resource: subject.roleArn, resourceAccount: subject.accountId, context, identityPolicies: probe.identityPolicies }
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
