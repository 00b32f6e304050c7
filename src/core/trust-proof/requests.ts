/**
 * The one generator of hostile request sets over trust policies (issue 17's weaker-trust gate,
 * issue 16's static proof in verify): every principal the documents name and its neighbours (the
 * account's root, another role and user of the account, a stranger account, the services and
 * OIDC providers they name plus one they do not), and request contexts built from every condition
 * key the documents use — each value they allow, values sharing a secret's prefix (and, for verify's
 * proof, the secret cut short,
 * one character longer and in another case), another value, and none; addresses inside and outside each IP list;
 * booleans both ways. Contexts vary one key at a time from "everything as the documents want",
 * then keep one key and leave every other one out: a second statement that needs only that key.
 * A key no document names cannot change a decision, so it is never varied.
 */
import type { EvaluationRequest, PolicyStatement } from '../evaluate.js'
import { addressInside, addressOutside } from '../ip.js'
import { conditionEntriesOf } from '../policy-document.js'
import { SESSION_ACTIONS, statementCovers } from '../session-actions.js'

/** Where the trust lives: the role and its account. */
export interface TrustSubject {
  roleArn: string
  accountId: string
}

/** One way a request can differ: a key set to a value (or left out), with words for it. */
export interface KeyChoice {
  key: string
  value: string | string[] | undefined
  words: string
}

/** An account no document names, for "someone else entirely". */
export const STRANGER_ACCOUNT = '999999999999'
/** The probe principals' name inside an account. */
const PROBE_NAME = 'bedrock-xacct-probe'
/** A value no policy of ours allows, for "another value". */
const OTHER_VALUE = 'bedrock-xacct-probe-other-value'
/** Condition keys whose values are secrets: never named in what is reported. */
export const SECRET_KEYS = new Set(['sts:externalid'])
/** Keys the evaluator treats as booleans. */
const BOOL_KEYS = new Set(['aws:multifactorauthpresent', 'aws:securetransport', 'aws:viaawsservice', 'aws:principalisawsservice'])
/** Secret values per key given near misses (bounded work for a document listing many). */
const MAX_SECRET_VALUES = 4
/** Probe requests per principal and action at most (bounded work for hostile documents). */
const MAX_REQUESTS_PER_PRINCIPAL = 400

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value])

export function principalValues(statement: PolicyStatement, type: string): string[] {
  const principal = statement.Principal ?? statement.NotPrincipal
  if (principal === '*') return ['*']
  if (typeof principal !== 'object' || principal === null) return []
  return asList((principal as Record<string, unknown>)[type]).map(String)
}

/** A concrete value a StringLike pattern matches. */
export const instanceOf = (pattern: string) => pattern.replace(/\*/g, 'probe').replace(/\?/g, 'x')

/** Every condition key the documents use, with the values they name (keys compared case-insensitively). */
export function conditionKeys(statements: readonly PolicyStatement[]): Map<string, { key: string; values: string[] }> {
  const keys = new Map<string, { key: string; values: string[] }>()
  for (const { key, values } of statements.flatMap((statement) => conditionEntriesOf(statement))) {
    const entry = keys.get(key.toLowerCase()) ?? { key, values: [] }
    for (const value of values) if (!entry.values.includes(value)) entry.values.push(value)
    keys.set(key.toLowerCase(), entry)
  }
  return keys
}

/** The values a request may carry for one key: each the documents name, another, and none. */
function choicesFor(lowerKey: string, entry: { key: string; values: string[] }, nearMisses: boolean): KeyChoice[] {
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
  // Secrets get the near misses a pattern, a case-blind or a negated operator can be gamed with:
  // each named value cut short, in another case, and with one character more (issue 16).
  if (secret && nearMisses) {
    for (const value of entry.values.slice(0, MAX_SECRET_VALUES)) {
      const instance = instanceOf(value)
      if (instance.length > 1) choices.push({ key: entry.key, value: instance.slice(0, -1), words: `an ${entry.key} that is the start of the right one` })
      const otherCase = instance.toUpperCase() === instance ? instance.toLowerCase() : instance.toUpperCase()
      if (otherCase !== instance) choices.push({ key: entry.key, value: otherCase, words: `the right ${entry.key} in another case` })
      choices.push({ key: entry.key, value: `${instance}0`, words: `the right ${entry.key} with one character more` })
    }
  }
  choices.push({ key: entry.key, value: OTHER_VALUE, words: secret ? `a wrong ${entry.key}` : `${entry.key} of another value` })
  return choices
}

/** Requests that vary the context: all as wanted, one key changed at a time, one key alone. */
export function contexts(keys: Map<string, { key: string; values: string[] }>, options: RequestOptions = {}): { context: Record<string, string | string[]>; words: string[] }[] {
  const perKey = [...keys.entries()].map(([lower, entry]) => choicesFor(lower, entry, options.secretNearMisses === true))
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

export interface Probe {
  principal: string
  action: string
  /** For a session action: the assume action of the request it is part of (core/session-actions.ts). */
  during?: string | undefined
  words: string
  /** The keys AWS derives from the principal itself: no request can choose them (see requestFor). */
  principalContext: Record<string, string>
  identityPolicies: EvaluationRequest['identityPolicies']
}

/** Lets the probe principal's own side allow anything, so that only the trust decides. */
const ALLOW_ALL = [{ name: 'probe-allows-all', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Action: '*', Resource: '*' }] } }]

/** A probe principal in words: `any role of account A` rather than the probe's made-up name. */
function probeWords(arn: string): string {
  const probe = new RegExp(`^arn:[\\w-]+:iam::(\\d{12}):(role|user)/${PROBE_NAME}$`).exec(arn)
  return probe ? `any ${probe[2]} of account ${probe[1]}` : arn
}

function accountOfPrincipal(value: string): string | undefined {
  if (/^\d{12}$/.test(value)) return value
  return /^arn:[\w-]+:(?:iam|sts)::(\d{12}):/.exec(value)?.[1]
}

/** Principals to try: those the documents name, their accounts' other principals, a stranger, anyone. */
export function probes(statements: readonly PolicyStatement[], subject: TrustSubject): Probe[] {
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
  // Session tags and source identity are authorized beside the assume action, within its request:
  // probe them (for every kind of principal) where a document names them.
  const sessionActions = SESSION_ACTIONS.filter((action) => statements.some((statement) => statementCovers(statement, action)))
  const withSession = (probe: Omit<Probe, 'action'>, assume: string) => {
    out.push({ ...probe, action: assume })
    for (const action of sessionActions) out.push({ ...probe, action, during: assume })
  }
  for (const principal of aws) {
    const account = accountOfPrincipal(principal)
    const principalContext: Record<string, string> = { 'aws:PrincipalArn': principal, ...(account ? { 'aws:PrincipalAccount': account } : {}) }
    withSession({ principal, words: probeWords(principal), identityPolicies: ALLOW_ALL, principalContext }, 'sts:AssumeRole')
  }
  for (const service of services) withSession({ principal: service, words: `the service ${service}`, identityPolicies: [], principalContext: {} }, 'sts:AssumeRole')
  federated.add(`arn:${partition}:iam::${subject.accountId}:oidc-provider/probe.example.com`)
  for (const provider of federated) withSession({ principal: provider, words: `a token from ${provider}`, identityPolicies: [], principalContext: {} }, 'sts:AssumeRoleWithWebIdentity')
  return out
}

/** Keys AWS sets from the calling principal, never from what the request carries. */
const PRINCIPAL_KEYS = new Set(['aws:principalarn', 'aws:principalaccount'])

/**
 * A probe's context: the generated one with the principal's own keys as AWS sets them (a request
 * cannot claim another account in aws:PrincipalAccount). Services and web identities carry none.
 */
export function contextFor(probe: Probe, context: Record<string, string | string[]>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [key, value] of Object.entries(context)) if (!PRINCIPAL_KEYS.has(key.toLowerCase())) out[key] = value
  return { ...out, ...probe.principalContext }
}

export interface RequestOptions {
  /**
   * Also try each secret value cut short, in another case and one character longer. verify's proof
   * needs them (the setup's exact ExternalId is known); apply's gate compares documents whose
   * literal secrets are one placeholder, where the prefix-sharing value already catches a pattern.
   */
  secretNearMisses?: boolean | undefined
}

/** The whole request set for some statements (of one or several documents) of a role's trust. */
export function requestSet(statements: readonly PolicyStatement[], subject: TrustSubject, options: RequestOptions = {}): { probes: Probe[]; contexts: ReturnType<typeof contexts> } {
  return { probes: probes(statements, subject), contexts: contexts(conditionKeys(statements), options) }
}
