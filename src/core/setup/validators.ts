/**
 * Field validators shared by the config schema, the flag/env resolution and the wizard's inline
 * validation: each returns the normalized value or the sentence "what is expected", so one rule
 * gives both the one-line error (`invalidInput(field, value, expected)`) and the prompt's message.
 */
import { isAccountId, isIamName } from '../arn.js'
import { XacctError, invalidInput } from '../errors.js'
import { isWholeAddressSpace, nonPublicRangeOf, parseCidr } from '../ip.js'
import { parseModelRef } from '../models.js'
import type { ModelRef } from '../models.js'
import { isKnownRegion } from '../regions.js'
import { SESSION_DURATION } from './model.js'
import { EXTERNAL_ID, EXTERNAL_ID_MIN_REDACTABLE_LENGTH, ROLE_MAX_SESSION_SECONDS } from '../aws-limits.js'

/** A validator's verdict: the normalized value, or what was expected instead. */
export type Check<T> = { ok: true; value: T } | { ok: false; expected: string; /** What is wrong, in words, for a secret whose value must not be echoed. */ problem?: string }

const ok = <T>(value: T): Check<T> => ({ ok: true, value })
const bad = <T>(expected: string): Check<T> => ({ ok: false, expected })

/** Throw the one-line input error when a check failed, else return its value. */
export function must<T>(field: string, raw: unknown, check: Check<T>, hint?: string): T {
  if (!check.ok && check.problem !== undefined) {
    // A secret (the ExternalId) is named by its problem, never echoed (issue 17).
    throw new XacctError('invalidInput', `${field} is invalid (the value is not shown): it ${check.problem}; expected ${check.expected}.`, { field, hint })
  }
  if (!check.ok) throw invalidInput(field, raw, check.expected, hint)
  return check.value
}

/** For prompts: `true` or the inline error text. */
export function promptVerdict(check: Check<unknown>): true | string {
  return check.ok ? true : `Expected ${check.expected}.`
}

/** What each field expects, worded once for errors, prompts and the JSON Schema descriptions. */
export const EXPECTED = {
  accountId: 'a 12-digit AWS account id',
  externalId: `${EXTERNAL_ID_MIN_REDACTABLE_LENGTH}–${EXTERNAL_ID.maxLength} characters of letters, digits and +=,.@:/- (no spaces), as STS requires`,
  region: 'a known AWS region like us-east-1',
  duration: `a whole number of seconds from ${SESSION_DURATION.min} to ${SESSION_DURATION.max} (e.g. 3600 for one hour)`,
  maxSessionDuration: `a whole number of seconds from ${ROLE_MAX_SESSION_SECONDS.min} to ${ROLE_MAX_SESSION_SECONDS.max}, as IAM's CreateRole and UpdateRole accept (e.g. 3600 for one hour)`,
  cidr: 'a public IPv4 or IPv6 CIDR like 203.0.113.0/24 or 2001:db8::/32',
  model: 'a Bedrock model id (anthropic.claude-3-5-haiku-20241022-v1:0), an inference profile id (us.anthropic…) or an application inference profile ARN',
  models: 'at least one model id or inference profile id',
  namePart: '1–32 letters, digits or hyphens, starting with a letter or digit',
  iamName: '1–64 characters of letters, digits and +=,.@_-',
  iamPath: 'an IAM path like / or /bedrock/ (starts and ends with /), without *, ? or $ (wildcards and variables in the policies that name the role)',
  oidcGroup: `1–256 printable characters (a group name or a StringLike pattern with * and ?)`,
  oidcSubject: 'a sub pattern naming the workloads, e.g. repo:my-org/my-repo:ref:refs/heads/main or repo:my-org/my-repo:*; a pattern of wildcards alone admits every token the provider issues',
  setupName: '1–64 letters, digits, dots, underscores or hyphens, starting with a letter or digit (it becomes a folder name)',
  boolean: 'true or false'
} as const

/** ExternalId as STS accepts it (DESIGN §4); `\w` without the `u` flag is ASCII only, so no unicode. */
export const EXTERNAL_ID_PATTERN = EXTERNAL_ID.pattern
/** Org prefix, use case and layer: they become parts of IAM names, so keep them short and plain. */
export const NAME_PART_PATTERN = /^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/
/** Setup names become output folder names: no slashes, no `..`, nothing a shell must quote. */
export const SETUP_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/
const IAM_PATH_PATTERN = /^\/([\x21-\x2e\x30-\x7e]+\/)*$/

export function checkAccountId(value: string): Check<string> {
  const trimmed = value.trim()
  return isAccountId(trimmed) ? ok(trimmed) : bad(EXPECTED.accountId)
}

/** What is wrong with an ExternalId, in words that do not repeat it. */
function externalIdProblem(value: string, minLength: number): string | undefined {
  const stray = [...value].findIndex((c) => !/[\w+=,.@:/-]/.test(c))
  if (stray >= 0) {
    const c = value[stray]!
    const what = c === ' ' ? 'a space' : c === '\r' ? 'a carriage return' : c === '\n' ? 'a line break' : c === '\t' ? 'a tab' : c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f ? 'a control character' : `the character ${JSON.stringify(c)}`
    return `contains ${what} at position ${stray + 1}`
  }
  if (value.length < minLength) {
    const why = minLength === EXTERNAL_ID_MIN_REDACTABLE_LENGTH ? 'cannot be redacted from output safely (and is easy to guess); use --external-id generate' : 'are refused by STS'
    return `has ${value.length} character${value.length === 1 ? '' : 's'}: fewer than ${minLength} ${why}`
  }
  if (value.length > EXTERNAL_ID.maxLength) return `has ${value.length} characters, more than STS's ${EXTERNAL_ID.maxLength}`
  return undefined
}

/** An ExternalId for a setup (what the tool writes into trusts): STS's format, and long enough to redact. */
export function checkExternalId(value: string): Check<string> {
  const problem = externalIdProblem(value, EXTERNAL_ID_MIN_REDACTABLE_LENGTH)
  return problem === undefined ? ok(value) : { ok: false, expected: EXPECTED.externalId, problem }
}

/** An ExternalId a caller sent (explain): any value STS itself accepts. */
export function checkSentExternalId(value: string): Check<string> {
  const problem = externalIdProblem(value, EXTERNAL_ID.minLength)
  return problem === undefined ? ok(value) : { ok: false, expected: `${EXTERNAL_ID.minLength}–${EXTERNAL_ID.maxLength} characters of letters, digits and +=,.@:/- (no spaces), as STS requires`, problem }
}

export function checkRegion(value: string): Check<string> {
  const trimmed = value.trim()
  return isKnownRegion(trimmed) ? ok(trimmed) : bad(EXPECTED.region)
}

/** A duration in seconds: digits only (no "1h"), within the role's MaxSessionDuration bounds. */
export function checkDuration(value: string | number, max: number = SESSION_DURATION.max): Check<number> {
  const text = String(value).trim()
  if (!/^\d{1,6}$/.test(text)) return bad(EXPECTED.duration)
  const seconds = Number(text)
  if (seconds < SESSION_DURATION.min || seconds > SESSION_DURATION.max) return bad(EXPECTED.duration)
  if (seconds > max) return bad(`at most the role's max session duration (${max} s)`)
  return ok(seconds)
}

/**
 * An OIDC `sub` pattern (StringLike). One made of wildcards alone (`*`, `**`, `?*`) admits every
 * token the provider issues, for any repository or workload: refused as input (exit 2, naming the
 * flag), before the self-check would find it (issue 17).
 */
export function checkOidcSubject(value: string): Check<string> {
  const trimmed = value.trim()
  // eslint-disable-next-line no-control-regex -- control characters are what this rejects
  if (trimmed.length === 0 || /^[*?]+$/.test(trimmed) || /[\u0000-\u001f\u007f]/.test(trimmed)) return bad(EXPECTED.oidcSubject)
  return ok(trimmed)
}

/**
 * A role's MaxSessionDuration: 3,600–43,200 s (IAM CreateRole/UpdateRole refuse less; issue 18).
 * A session's DurationSeconds may be as short as 900 s, which checkDuration keeps.
 */
export function checkMaxSessionDuration(value: string | number): Check<number> {
  const check = checkDuration(value)
  if (!check.ok) return bad(EXPECTED.maxSessionDuration)
  return check.value < ROLE_MAX_SESSION_SECONDS.min ? bad(EXPECTED.maxSessionDuration) : check
}

/**
 * A source-IP CIDR for `aws:SourceIp`: valid IPv4/IPv6, a bare address becomes /32 or /128, never
 * `*` or a /0, and never a private, loopback or link-local range — AWS only ever puts the public
 * address in `aws:SourceIp` (through a VPC endpoint the key is absent), so such a range never matches.
 */
export function checkCidr(value: string): Check<string> {
  const text = value.trim()
  if (text === '*' || text === '') return bad(`${EXPECTED.cidr} (a wildcard would allow every address)`)
  const parsed = parseCidr(text)
  if (!parsed) return bad(EXPECTED.cidr)
  if (isWholeAddressSpace(text)) return bad(`${EXPECTED.cidr} (a /0 allows every address)`)
  const range = nonPublicRangeOf(text)
  if (range) {
    return bad(`${EXPECTED.cidr} (this lies in the ${range.kind} range ${range.cidr}: aws:SourceIp only ever carries public addresses; for traffic through a VPC endpoint use aws:SourceVpc or aws:SourceVpce instead)`)
  }
  return ok(text.includes('/') ? text : `${text}/${parsed[1]}`)
}

export function checkModel(value: string): Check<ModelRef> {
  const ref = parseModelRef(value.trim())
  return ref ? ok(ref) : bad(EXPECTED.model)
}

export function checkNamePart(value: string): Check<string> {
  const trimmed = value.trim()
  return NAME_PART_PATTERN.test(trimmed) ? ok(trimmed) : bad(EXPECTED.namePart)
}

export function checkIamName(value: string): Check<string> {
  const trimmed = value.trim()
  return isIamName(trimmed) ? ok(trimmed) : bad(EXPECTED.iamName)
}

/**
 * IAM accepts `*`, `?` and `$` in a role path (botocore pathType), but the path is part of the role
 * ARN the source policy and the hand-off files name, and a policy's Resource reads `*`/`?` as
 * wildcards and `${…}` as a variable: a path holding one would widen the grant to other roles
 * (docs/aws-facts.md iam.role-path.pattern).
 */
const POLICY_PATTERN_CHARACTERS = /[*?$]/

export function checkIamPath(value: string): Check<string> {
  const trimmed = value.trim()
  return IAM_PATH_PATTERN.test(trimmed) && trimmed.length <= 512 && !POLICY_PATTERN_CHARACTERS.test(trimmed) ? ok(trimmed) : bad(EXPECTED.iamPath)
}

export function checkSetupName(value: string): Check<string> {
  return SETUP_NAME_PATTERN.test(value) && !value.includes('..') ? ok(value) : bad(EXPECTED.setupName)
}

/** Split comma lists from repeatable flags and env vars: `--models a,b --models c` → [a, b, c]. */
export function splitList(values: string | readonly string[] | undefined): string[] {
  if (values === undefined) return []
  const list = typeof values === 'string' ? [values] : values
  return list
    .flatMap((item) => item.split(','))
    .map((item) => item.trim())
    .filter((item) => item !== '')
}

/**
 * Longest accepted `groups` pattern. Group names are short in practice (Okta allows 255, Entra
 * sends 36-character object ids, Keycloak sends paths); the bound keeps the trust policy well
 * under IAM's 2048-character default quota for several patterns.
 */
export const OIDC_GROUP_MAX = 256

/** A `groups` claim pattern: printable, no control characters (they would end up in the trust policy). */
export function checkOidcGroup(value: string): Check<string> {
  const trimmed = value.trim()
  // eslint-disable-next-line no-control-regex -- control characters are what this rejects
  return trimmed.length > 0 && trimmed.length <= OIDC_GROUP_MAX && !/[\u0000-\u001f\u007f]/.test(trimmed) ? ok(trimmed) : bad(EXPECTED.oidcGroup)
}

/**
 * `groups` values, one per flag use or list entry, NOT split at commas: LDAP-style group names
 * (`cn=ai,ou=teams,dc=example`) contain commas.
 */
export function groupList(values: string | readonly string[] | undefined): string[] {
  if (values === undefined) return []
  const list = typeof values === 'string' ? [values] : values
  return list.map((item) => item.trim()).filter((item) => item !== '')
}

/** A switch: true/false from flags, config and wizard; `true`/`false`/`1`/`0` from the environment. */
export function checkBoolean(value: boolean | string): Check<boolean> {
  if (typeof value === 'boolean') return ok(value)
  const text = value.trim().toLowerCase()
  if (text === 'true' || text === '1') return ok(true)
  if (text === 'false' || text === '0') return ok(false)
  return bad(EXPECTED.boolean)
}

/**
 * The validators by name, as the setup field table (fields.ts) refers to them: the table stays
 * free of ipaddr.js and the region list, so `--help` (which derives its flags from it) loads neither.
 */
export const CHECKS = {
  accountId: checkAccountId,
  boolean: checkBoolean,
  cidr: checkCidr,
  duration: checkDuration,
  maxSessionDuration: checkMaxSessionDuration,
  externalId: checkExternalId,
  iamName: checkIamName,
  iamPath: checkIamPath,
  model: checkModel,
  namePart: checkNamePart,
  oidcGroup: checkOidcGroup,
  oidcSubject: checkOidcSubject,
  region: checkRegion,
  setupName: checkSetupName
} as const

export type CheckName = keyof typeof CHECKS
