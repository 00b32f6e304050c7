/**
 * The static proof of a live trust policy (issue 16): over the whole document, with the evaluator,
 * the trust admits nothing the setup's own trust (buildTrustPolicy) refuses. Every request of the
 * hostile set (requests.ts: every principal form and its neighbours, every condition key with its
 * right, near-miss, wrong and missing values, and each key alone) is evaluated against both; a
 * request the live trust admits and the setup's refuses is a gap, classified by what makes the
 * setup's trust refuse it — an ExternalId other than the setup's, an address outside its CIDRs, a
 * token's other claims, a principal or action it does not name. So "the ExternalId is enforced"
 * means: no Allow path admits any principal without exactly the right one, whatever else the
 * request carries. Being stricter than the setup is not this proof's business (trust-includes-
 * source proves the caller is admitted).
 */
import type { Evaluator, PolicyDocument, PolicyStatement } from '../evaluate.js'
import { acceptanceOf, contextValue, propertyOfKey, verdictOf, type ProofGap, type ProofProperty, type PropertyVerdict } from './gaps.js'
import { conditionEntriesOf, statementsOf } from '../policy-document.js'
import { statementCovers } from '../session-actions.js'
import { conditionKeys, contextFor, contexts, requestSet, SECRET_KEYS, type TrustSubject } from './requests.js'

export interface TrustProof {
  /** True when no gap was found: the live trust admits only what the setup's trust admits. */
  sound: boolean
  externalId: PropertyVerdict
  sourceIp: PropertyVerdict
  oidc: PropertyVerdict
  principals: PropertyVerdict
  /** One line per gap found (at most `limit`, the first of each property and key first). */
  gaps: ProofGap[]
  /** Requests evaluated against the live trust: the size of the proof. */
  requests: number
}

const ASSUME_ACTIONS = new Set(['sts:assumerole', 'sts:assumerolewithwebidentity', 'sts:assumerolewithsaml'])

/** Gaps of a request: every key of the setup's document the request misses, else the principal or action. */
function classify(context: Record<string, string | string[]>, acceptance: ReturnType<typeof acceptanceOf>): { property: ProofProperty; key: string }[] {
  const out: { property: ProofProperty; key: string }[] = []
  for (const [lower, { key, accepts }] of acceptance) {
    if (!accepts(contextValue(context, lower))) out.push({ property: propertyOfKey(key), key })
  }
  return out
}

/**
 * Prove the live trust against the setup's trust (`intended`). Secrets are never named: ExternalId
 * values appear in no gap text. `limit` bounds the gaps kept, not the requests evaluated (every
 * property gets its verdict).
 */
export async function proveTrust(live: PolicyDocument, intended: PolicyDocument, subject: TrustSubject, evaluator: Evaluator, options: { limit?: number } = {}): Promise<TrustProof> {
  const limit = options.limit ?? 8
  const intendedStatements = statementsOf(intended)
  const { probes, contexts: requestContexts } = requestSet([...intendedStatements, ...statementsOf(live)], subject, { secretNearMisses: true })
  const acceptance = acceptanceOf(intendedStatements)
  const ideal = contexts(conditionKeys(intendedStatements))[0]?.context ?? {}
  const gaps: ProofGap[] = []
  const seen = new Set<string>()
  let requests = 0
  const secrets = secretValues([...intendedStatements, ...statementsOf(live)])
  const add = (found: ProofGap) => {
    const gap = { ...found, text: withoutSecrets(found.text, secrets) }
    const id = `${gap.property}|${gap.key ?? ''}|${gap.property === 'principal' || gap.property === 'action' ? gap.text : ''}`
    if (seen.has(id)) return
    seen.add(id)
    gaps.push(gap)
  }
  for (const probe of probes) {
    const base = { principal: probe.principal, action: probe.action, during: probe.during, resource: subject.roleArn, resourceAccount: subject.accountId, identityPolicies: probe.identityPolicies }
    // A principal refused an action the setup grants to others is a principal gap; else an action gap.
    const setupGrants = ASSUME_ACTIONS.has(probe.action.toLowerCase()) || intendedStatements.some((s) => s.Effect === 'Allow' && statementCovers(s, probe.action))
    // Is this principal (for this action) one the setup admits at all, with everything as the setup wants?
    let setupAdmits: boolean | undefined
    for (const { context: generated, words } of requestContexts) {
      const context = contextFor(probe, generated)
      requests++
      const admitted = await evaluator.evaluate({ ...base, context, resourcePolicy: live })
      if (!admitted.allowed) continue
      if ((await evaluator.evaluate({ ...base, context, resourcePolicy: intended })).allowed) continue
      setupAdmits ??= (await evaluator.evaluate({ ...base, context: contextFor(probe, ideal), resourcePolicy: intended })).allowed
      const setting = words.length > 0 ? ` with ${words.join(', ')}` : ' with no condition key set'
      if (!setupAdmits) {
        const property: ProofProperty = setupGrants ? 'principal' : 'action'
        add({ property, text: `${probe.words} is admitted to ${probe.action}${property === 'principal' ? ', a principal the setup does not name' : ', an action the setup does not grant'}${setting}` })
        continue
      }
      const missed = classify(context, acceptance)
      if (missed.length === 0) add({ property: 'condition', text: `${probe.words} is admitted to ${probe.action}${setting}, which the setup's trust refuses` })
      for (const { property, key } of missed) add({ property, key, text: `${probe.words} is admitted to ${probe.action}${setting}: ${key} is not enforced` })
    }
  }
  const usesKey = (property: ProofProperty) => [...acceptance.values()].some(({ key }) => propertyOfKey(key) === property)
  const ordered = [...gaps].sort((a, b) => ORDER.indexOf(a.property) - ORDER.indexOf(b.property))
  return {
    sound: gaps.length === 0,
    externalId: verdictOf(gaps, 'external-id', usesKey('external-id')),
    sourceIp: verdictOf(gaps, 'source-ip', usesKey('source-ip')),
    oidc: verdictOf(gaps, 'oidc', usesKey('oidc')),
    principals: verdictOf(gaps, 'principal', true),
    gaps: firstOfEach(ordered, limit),
    requests
  }
}

/** Every value of a secret key (ExternalIds) either document names, longest first. */
function secretValues(statements: readonly PolicyStatement[]): string[] {
  const values = statements.flatMap((s) =>
    conditionEntriesOf(s)
      .filter((e) => SECRET_KEYS.has(e.key.toLowerCase()))
      .flatMap((e) => e.values)
  )
  return [...new Set(values)].filter((v) => v.length > 0).sort((a, b) => b.length - a.length)
}

/** A text with every secret value blanked out, wherever a document happened to repeat it. */
function withoutSecrets(text: string, secrets: readonly string[]): string {
  return secrets.reduce((out, secret) => out.split(secret).join('<external id>'), text)
}

/** The order gaps are reported in: the confused-deputy ones first. */
const ORDER: readonly ProofProperty[] = ['external-id', 'principal', 'source-ip', 'oidc', 'action', 'condition', 'resource']

/** At most `limit` gaps, the first of each property and key before any second one. */
export function firstOfEach(gaps: readonly ProofGap[], limit: number): ProofGap[] {
  const firsts: ProofGap[] = []
  const rest: ProofGap[] = []
  const kinds = new Set<string>()
  for (const gap of gaps) {
    const kind = `${gap.property}|${gap.key ?? ''}`
    ;(kinds.has(kind) ? rest : firsts).push(gap)
    kinds.add(kind)
  }
  return [...firsts, ...rest].slice(0, limit)
}
