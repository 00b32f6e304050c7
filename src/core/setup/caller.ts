/**
 * The caller principals, from the forms users type: `root` (or `account`), a role or user ARN, an
 * account root ARN, `service:NAME[,NAME]`, `oidc:HOST` or an OIDC provider ARN. A setup has one or
 * several callers of different kinds (issue 16: the SageMaker guide's one trust for three service
 * principals and a role of the other account): `--caller` repeats, the config takes a list. Parsing
 * happens in two steps: the texts first (which may reveal the source account), then the final
 * principals once the accounts and the OIDC conditions are known.
 */
import { parsePrincipalArn } from '../arn.js'
import type { Partition } from '../arn.js'
import { invalidInput } from '../errors.js'
import type { CallerPrincipal } from './model.js'

/** What `--caller` accepts, worded once for errors, help and prompts. */
export const CALLER_EXPECTED = 'root (any principal of the source account), a role ARN (arn:aws:iam::111111111111:role/NAME), a user ARN, service:NAME.amazonaws.com or oidc:HOST'

/** A caller as typed, before the accounts are settled. */
export type CallerSpec =
  | { kind: 'account'; accountId?: string | undefined; partition?: Partition | undefined }
  | { kind: 'role' | 'user'; arn: string; accountId: string; partition: Partition }
  | { kind: 'service'; services: string[] }
  | { kind: 'oidc'; host: string; providerAccountId?: string | undefined; partition?: Partition | undefined }

/** `sagemaker.amazonaws.com`, `lambda.amazonaws.com`, China's `….amazonaws.com.cn`. */
const SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/
/** An OIDC provider host (optionally with a path, as IAM allows: `oidc.eks.REGION.amazonaws.com/id/ABC`). */
const OIDC_HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(\/[\w.~-]+)*$/i

/** Hosts whose `aud` is well known, so `--oidc-audience` may be omitted. */
export const KNOWN_OIDC_AUDIENCES: Readonly<Record<string, string>> = {
  'token.actions.githubusercontent.com': 'sts.amazonaws.com'
}

export function parseCallerText(field: string, text: string): CallerSpec {
  const value = text.trim()
  const lower = value.toLowerCase()
  if (lower === 'root' || lower === 'account') return { kind: 'account' }
  if (lower.startsWith('service:')) {
    const services = value
      .slice('service:'.length)
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '')
    const badService = services.find((s) => !SERVICE_PRINCIPAL.test(s))
    if (services.length === 0 || badService !== undefined) {
      throw invalidInput(field, text, 'service:NAME with an AWS service principal like sagemaker.amazonaws.com (comma-separate several)')
    }
    return { kind: 'service', services }
  }
  if (lower.startsWith('oidc:') && !lower.startsWith('oidc:arn:')) {
    const host = value
      .slice('oidc:'.length)
      .replace(/^https:\/\//, '')
      .replace(/\/$/, '')
    if (!OIDC_HOST.test(host)) throw invalidInput(field, text, 'oidc:HOST with the provider host, e.g. oidc:token.actions.githubusercontent.com')
    return { kind: 'oidc', host }
  }
  const arnText = lower.startsWith('oidc:') ? value.slice('oidc:'.length) : value
  if (arnText.startsWith('arn:')) {
    const principal = parsePrincipalArn(arnText)
    if (principal?.kind === 'root') return { kind: 'account', accountId: principal.accountId, partition: principal.partition }
    if (principal?.kind === 'role' || principal?.kind === 'user') {
      return { kind: principal.kind, arn: principal.arn, accountId: principal.accountId, partition: principal.partition }
    }
    if (principal?.kind === 'oidc-provider') {
      return { kind: 'oidc', host: principal.host, providerAccountId: principal.accountId, partition: principal.partition }
    }
    if (principal?.kind === 'assumed-role') {
      const roleArn = `arn:${principal.partition}:iam::${principal.accountId}:role/${principal.roleName}`
      throw invalidInput(field, text, `${CALLER_EXPECTED} (this is a session ARN; trust the role instead: ${roleArn})`)
    }
    throw invalidInput(field, text, CALLER_EXPECTED)
  }
  throw invalidInput(field, text, CALLER_EXPECTED)
}

export interface CallerContext {
  field: string
  partition: Partition
  sourceAccountId: string
  targetAccountId: string
  audiences: string[]
  subjects: string[]
  /** Allowed `groups` patterns; empty means no group condition. */
  groups: string[]
}

/** The final principal: checks the ARN's account and partition and the OIDC conditions. */
export function finalizeCaller(spec: CallerSpec, context: CallerContext): CallerPrincipal {
  const { field, partition } = context
  if ('partition' in spec && spec.partition !== undefined && spec.partition !== partition) {
    throw invalidInput(field, spec.kind === 'role' || spec.kind === 'user' ? spec.arn : spec.kind, `an ARN in the ${partition} partition (the region's partition)`)
  }
  switch (spec.kind) {
    case 'account':
      if (spec.accountId !== undefined && spec.accountId !== context.sourceAccountId) {
        throw invalidInput(field, `arn:${partition}:iam::${spec.accountId}:root`, `the root of the source account ${context.sourceAccountId}`)
      }
      return { kind: 'account' }
    case 'role':
    case 'user':
      if (spec.accountId !== context.sourceAccountId) {
        throw invalidInput(field, spec.arn, `a ${spec.kind} in the source account ${context.sourceAccountId}`)
      }
      return { kind: spec.kind, arn: spec.arn }
    case 'service':
      return { kind: 'service', services: spec.services }
    case 'oidc': {
      if (spec.providerAccountId !== undefined && spec.providerAccountId !== context.targetAccountId) {
        throw invalidInput(field, spec.host, `an OIDC provider registered in the target account ${context.targetAccountId} (web identity is trusted where the role lives)`)
      }
      return {
        kind: 'oidc',
        providerArn: `arn:${partition}:iam::${context.targetAccountId}:oidc-provider/${spec.host}`,
        providerHost: spec.host,
        audiences: context.audiences,
        subjects: context.subjects,
        ...(context.groups.length > 0 ? { groups: context.groups } : {})
      }
    }
  }
}

/**
 * Several caller texts (a repeated `--caller`, a config list) as specs: each parsed, exact
 * duplicates dropped, every `service:` merged into one (one trust statement names them all).
 * Refused (exit 2, never silently dropped): two OIDC providers, whose `--oidc-subject` and
 * `--oidc-audience` could not say which provider they belong to.
 */
export function parseCallerTexts(field: string, raw: string | readonly string[]): CallerSpec[] {
  const texts = (typeof raw === 'string' ? [raw] : [...raw]).map((text) => String(text))
  const specs: CallerSpec[] = []
  for (const text of texts) {
    const spec = parseCallerText(field, text)
    if (spec.kind === 'service') {
      const existing = specs.find((other): other is Extract<CallerSpec, { kind: 'service' }> => other.kind === 'service')
      if (existing) {
        existing.services = [...new Set([...existing.services, ...spec.services])]
        continue
      }
      specs.push({ kind: 'service', services: [...new Set(spec.services)] })
      continue
    }
    if (spec.kind === 'oidc') {
      const other = specs.find((item) => item.kind === 'oidc')
      if (other !== undefined) {
        if (other.kind === 'oidc' && other.host === spec.host && other.providerAccountId === spec.providerAccountId) continue
        throw invalidInput(
          field,
          text,
          `at most one OIDC provider per setup (${(other as { host: string }).host} is already a caller; its --oidc-subject/--oidc-audience could not say which provider they belong to): make a second setup for the other provider`
        )
      }
    }
    if (specs.some((other) => sameSpec(other, spec))) continue
    specs.push(spec)
  }
  if (specs.length === 0) throw invalidInput(field, '', CALLER_EXPECTED)
  return specs
}

function sameSpec(a: CallerSpec, b: CallerSpec): boolean {
  if (a.kind === 'account' && b.kind === 'account') return (a.accountId ?? '') === (b.accountId ?? '')
  if ((a.kind === 'role' || a.kind === 'user') && a.kind === b.kind) return a.arn === b.arn
  return false
}

/** The source account the typed callers reveal (the first ARN that names one), if any. */
export function accountOfSpecs(specs: readonly CallerSpec[]): string | undefined {
  for (const spec of specs) if ((spec.kind === 'account' || spec.kind === 'role' || spec.kind === 'user') && spec.accountId !== undefined) return spec.accountId
  return undefined
}

/** Every final principal (see finalizeCaller), in the order given. */
export function finalizeCallers(specs: readonly CallerSpec[], context: CallerContext): CallerPrincipal[] {
  return specs.map((spec) => finalizeCaller(spec, context))
}

/** The callers whose trust is an AWS principal of A (account root, role, user): they send ExternalIds and need a source policy. */
export function awsCallersOf(callers: readonly CallerPrincipal[]): Extract<CallerPrincipal, { kind: 'account' | 'role' | 'user' }>[] {
  return callers.filter((caller): caller is Extract<CallerPrincipal, { kind: 'account' | 'role' | 'user' }> => caller.kind === 'account' || caller.kind === 'role' || caller.kind === 'user')
}

/** The role and user callers: the principals of A named by ARN (each gets the source policy). */
export function namedCallersOf(callers: readonly CallerPrincipal[]): Extract<CallerPrincipal, { kind: 'role' | 'user' }>[] {
  return callers.filter((caller): caller is Extract<CallerPrincipal, { kind: 'role' | 'user' }> => caller.kind === 'role' || caller.kind === 'user')
}

/** The service principals among the callers (all merged into one list). */
export function servicesOf(callers: readonly CallerPrincipal[]): string[] {
  return [...new Set(callers.flatMap((caller) => (caller.kind === 'service' ? caller.services : [])))]
}

/** The OIDC caller, if any (at most one per setup). */
export function oidcCallerOf(callers: readonly CallerPrincipal[]): Extract<CallerPrincipal, { kind: 'oidc' }> | undefined {
  return callers.find((caller): caller is Extract<CallerPrincipal, { kind: 'oidc' }> => caller.kind === 'oidc')
}

/** The caller in the short text form `--caller` and the config file accept (round-trips through parseCallerText). */
export function callerText(caller: CallerPrincipal): string {
  switch (caller.kind) {
    case 'account':
      return 'root'
    case 'role':
    case 'user':
      return caller.arn
    case 'service':
      return `service:${caller.services.join(',')}`
    case 'oidc':
      return `oidc:${caller.providerHost}`
  }
}

/** The callers in text form, one per `--caller` (round-trips through parseCallerTexts). */
export function callerTexts(callers: readonly CallerPrincipal[]): string[] {
  return callers.map(callerText)
}

/** The kinds of the callers given so far (`account` when none given; empty when they do not parse). */
export function callerKindsOf(caller: { value: unknown; field: string } | undefined): string[] {
  if (caller === undefined) return ['account']
  try {
    return parseCallerTexts(caller.field, caller.value as string | string[]).map((spec) => spec.kind)
  } catch {
    return []
  }
}

/** The callers in config-file form: one caller as before (a string or an object), several as a list of those. */
export function callersEntry(callers: readonly CallerPrincipal[]): unknown {
  return callers.length === 1 ? callerEntry(callers[0]!) : callers.map(callerEntry)
}

/** The caller in config-file form. */
export function callerEntry(caller: CallerPrincipal): unknown {
  switch (caller.kind) {
    case 'oidc':
      return {
        kind: 'oidc',
        providerHost: caller.providerHost,
        audiences: caller.audiences,
        subjects: caller.subjects,
        ...(caller.groups !== undefined && caller.groups.length > 0 ? { groups: caller.groups } : {})
      }
    case 'account':
      return 'root'
    case 'service':
      return { kind: 'service', services: caller.services }
    default:
      return caller.arn
  }
}
