/**
 * What the static proofs report: the properties a setup asks of its live documents, and each way
 * (a "gap") the live document admits a request the setup's own document refuses. Shared by the
 * trust proof (trust.ts) and the permissions proof (permissions.ts).
 */
import { ipInCidrs } from '../ip.js'
import { conditionEntriesOf } from '../policy-document.js'
import type { PolicyStatement } from '../evaluate.js'
import { instanceOf } from './requests.js'

/**
 * - `external-id`: a request without the setup's exact ExternalId is admitted;
 * - `source-ip`: a request from outside the setup's CIDRs (or with no address) is admitted;
 * - `oidc`: a web-identity token with another `sub`, `aud` or groups is admitted;
 * - `principal`: a principal the setup does not name is admitted;
 * - `action`: an action the setup does not grant (sts:TagSession, streaming, …) is allowed;
 * - `resource`: a model, profile or region the setup does not name is allowed;
 * - `condition`: another condition of the setup's document (aws:SourceAccount, …) is not required.
 */
export type ProofProperty = 'external-id' | 'source-ip' | 'oidc' | 'principal' | 'action' | 'resource' | 'condition'

export type PropertyVerdict = 'enforced' | 'not-enforced' | 'not-applicable'

export interface ProofGap {
  property: ProofProperty
  /** The condition key at fault, for key properties. */
  key?: string | undefined
  /** One line, secrets never named: who is admitted, to do what, with which context. */
  text: string
}

/** Which property a condition key of the setup's document stands for. */
export function propertyOfKey(key: string): ProofProperty {
  const lower = key.toLowerCase()
  if (lower === 'sts:externalid') return 'external-id'
  if (lower === 'aws:sourceip') return 'source-ip'
  if (/^[^:]+\.[^:]+:(sub|aud|amr|groups)$/.test(lower)) return 'oidc'
  return 'condition'
}

/** Per key of the setup's document: whether a request's value for it is one the document can accept. */
export type Acceptance = Map<string, { key: string; accepts: (value: string | string[] | undefined) => boolean }>

/**
 * Values the setup's document can accept, per key: addresses inside its CIDRs for aws:SourceIp, a
 * named value (or an instance of a named pattern) for every other key. A request outside them is
 * one the setup's document refuses for that key's sake.
 */
export function acceptanceOf(statements: readonly PolicyStatement[]): Acceptance {
  const accepted = new Map<string, { key: string; values: Set<string> }>()
  for (const { key, values } of statements.filter((s) => s.Effect === 'Allow').flatMap((s) => conditionEntriesOf(s))) {
    const entry = accepted.get(key.toLowerCase()) ?? { key, values: new Set<string>() }
    for (const value of values) entry.values.add(value)
    accepted.set(key.toLowerCase(), entry)
  }
  const out: Acceptance = new Map()
  for (const [lower, { key, values }] of accepted) {
    const list = [...values]
    const accepts =
      lower === 'aws:sourceip'
        ? (value: string | string[] | undefined) => typeof value === 'string' && ipInCidrs(value, list) === true
        : (value: string | string[] | undefined) => value !== undefined && (Array.isArray(value) ? value : [value]).some((v) => list.some((named) => named === v || instanceOf(named) === v))
    out.set(lower, { key, accepts })
  }
  return out
}

/** The value a context holds for a key, keys compared case-insensitively as IAM does. */
export function contextValue(context: Record<string, string | string[]>, lowerKey: string): string | string[] | undefined {
  for (const [key, value] of Object.entries(context)) if (key.toLowerCase() === lowerKey) return value
  return undefined
}

/** The verdict on each property from the gaps found (`applies`: the setup asks for the property). */
export function verdictOf(gaps: readonly ProofGap[], property: ProofProperty, applies: boolean): PropertyVerdict {
  if (gaps.some((g) => g.property === property)) return 'not-enforced'
  return applies ? 'enforced' : 'not-applicable'
}
