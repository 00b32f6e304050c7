/**
 * `explain --from-trail [--since 1h]`: look up recent denied AssumeRole and Bedrock calls in the
 * reachable accounts' CloudTrail (LookupEvents, bounded) and explain each with what CloudTrail
 * knows for sure (real source IP, VPC endpoint, ExternalId sent or not). A lookup that fails is
 * a note; the others still run.
 */
import { isAwsCallError } from '../../core/ports/aws-error.js'
import { invalidInput } from '../../core/errors.js'
import { VERIFY_SESSION_PREFIX, isVerifyProbeSession, requestedSessionName } from '../../core/verify-probe.js'
import { createEvaluator } from '../../core/evaluate.js'
import { parseAccessDenied } from '../../core/access-denied/parse.js'
import { diagnose } from '../../core/diagnose/diagnose.js'
import { requestFacts } from '../../core/diagnose/request-facts.js'
import { trailDenialOf, type TrailDenial } from '../../core/diagnose/trail-event.js'
import type { Diagnosis, PolicySet } from '../../core/diagnose/types.js'
import type { Setup } from '../../core/setup/model.js'
import type { AwsClients, LookupAttributeKey } from '../../core/ports/aws.js'
import type { CommandDeps, CommandResult } from '../deps.js'
import { fetchPolicies, mergePolicies } from './fetch.js'
import type { ExplainOptions } from './options.js'
import { EXPLAIN_JSON_VERSION, renderHuman, toJson, type ExplainDocument } from './render.js'
import { redactExternalIds } from './secrets.js'

/** Pages per lookup (50 events each): a recent incident fits; CloudTrail allows only 2 lookups/s. */
const MAX_PAGES_PER_LOOKUP = 4
/** CloudTrail's LookupEvents keeps 90 days. */
const MAX_SINCE_MS = 90 * 24 * 3_600_000
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 24 * 3_600_000 } as const

/** `30m`, `1h`, `2d` → milliseconds. */
export function parseSince(text: string): number {
  const match = /^(\d+)\s*([mhd])$/.exec(text.trim())
  const ms = match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : Number.NaN
  if (!Number.isFinite(ms) || ms <= 0 || ms > MAX_SINCE_MS) throw invalidInput('--since', text, 'a duration like 30m, 1h or 2d, at most 90d (CloudTrail keeps 90 days)')
  return ms
}

interface Lookup {
  side: 'source' | 'target'
  clients: AwsClients
  attribute: { key: LookupAttributeKey; value: string }
}

export interface TrailExplained {
  denial: TrailDenial
  side: 'source' | 'target'
  diagnosis: Diagnosis
}

/** `explain --from-trail`'s --json document: each denied call found, explained. */
export interface ExplainTrailDocument {
  version: typeof EXPLAIN_JSON_VERSION
  fromTrail: { region: string; start: string; end: string }
  events: (ExplainDocument & { eventId: string; eventName: string; eventTime: string; account: 'source' | 'target'; sourceIp: string | undefined; externalIdSent: boolean | undefined })[]
  notes: string[]
}

export async function runFromTrail(options: ExplainOptions, deps: CommandDeps, fromFiles: PolicySet | undefined, setup: Partial<Setup> | undefined): Promise<CommandResult<ExplainTrailDocument>> {
  const sinceMs = parseSince(options.since ?? '1h')
  const region = deps.global.region ?? setup?.region ?? 'us-east-1'
  const end = deps.now()
  const start = new Date(end.getTime() - sinceMs)
  const aws = deps.aws
  const source = aws.fromChain({ profile: deps.global.profile }, region)
  const target = aws.fromChain({ profile: options.targetProfile ?? deps.global.profile }, region)
  const lookups: Lookup[] = [
    { side: 'source', clients: source, attribute: { key: 'EventName', value: 'AssumeRole' } },
    { side: 'target', clients: target, attribute: { key: 'EventName', value: 'AssumeRole' } },
    { side: 'target', clients: target, attribute: { key: 'EventSource', value: 'bedrock.amazonaws.com' } }
  ]
  const notes: string[] = []
  const seen = new Set<string>()
  const denials: { denial: TrailDenial; side: 'source' | 'target' }[] = []
  const probes = new Set<string>()
  deps.io.err(`Searching CloudTrail in ${region} from ${start.toISOString()}…`)
  for (const lookup of lookups) {
    try {
      const output = await lookup.clients.cloudTrail(region).lookupEvents({ attribute: lookup.attribute, startTime: start, endTime: end, maxPages: MAX_PAGES_PER_LOOKUP })
      if (output.truncated) notes.push(`${lookup.side} ${lookup.attribute.value}: stopped after ${output.pages} pages; narrow --since to see older events.`)
      for (const event of output.events) {
        const denial = trailDenialOf(event, event.record)
        const key = String(event.record.sharedEventID ?? event.eventId)
        if (!denial || seen.has(key)) continue
        seen.add(key)
        // verify's refused-on-purpose probes are not incidents: counted in a note, not explained.
        if (isVerifyProbeSession(requestedSessionName(event.record))) {
          probes.add(key)
          continue
        }
        denials.push({ denial, side: lookup.side })
      }
    } catch (error) {
      if (!isAwsCallError(error)) throw error
      const hint = error.failure.kind === 'access-denied' ? ' (needs cloudtrail:LookupEvents)' : ''
      notes.push(`Could not search the ${lookup.side} account's trail for ${lookup.attribute.value}: ${error.failure.awsCode ?? error.failure.kind}${hint}.`)
    }
  }
  if (probes.size > 0) notes.push(`Left out ${probes.size} denied AssumeRole probe${probes.size === 1 ? '' : 's'} of bedrock-xacct verify (its sessions ${VERIFY_SESSION_PREFIX}…): verify expects them to be refused.`)
  if (denials.length === 0) notes.push(`No denied AssumeRole or Bedrock call found since ${start.toISOString()} (CloudTrail delivers events about 5 minutes late).`)

  const evaluator = createEvaluator()
  const fetchedCache = new Map<string, PolicySet | undefined>()
  const explained: TrailExplained[] = []
  for (const { denial, side } of denials) {
    const parsed = parseAccessDenied(denial.message)
    let policies = fromFiles
    if (options.fetch) {
      const facts = requestFacts(parsed, denial.answers, setup)
      const key = `${facts.family}|${facts.roleName}|${facts.principalArn}`
      if (!fetchedCache.has(key)) {
        const result = await fetchPolicies(facts, { target, source })
        notes.push(...result.notes.filter((n) => !notes.includes(n)))
        fetchedCache.set(key, mergePolicies(fromFiles, result.policies))
      }
      policies = fetchedCache.get(key)
    }
    explained.push({ denial, side, diagnosis: await diagnose({ parsed, answers: denial.answers, policies, setup }, evaluator) })
  }
  explained.sort((a, b) => b.denial.eventTime.localeCompare(a.denial.eventTime))
  const sources = [explained, [...fetchedCache.values()], fromFiles, setup]
  const out = (text: string) => deps.io.out(redactExternalIds(text, sources, { show: options.showSecrets === true, given: options.externalId, human: !deps.global.json }))

  const document: ExplainTrailDocument = {
    version: EXPLAIN_JSON_VERSION,
    fromTrail: { region, start: start.toISOString(), end: end.toISOString() },
    events: explained.map((e) => ({
      eventId: e.denial.eventId,
      eventName: e.denial.eventName,
      eventTime: e.denial.eventTime,
      account: e.side,
      sourceIp: e.denial.sourceIp,
      externalIdSent: e.denial.externalIdSent,
      ...toJson(e.diagnosis, { asked: [], fetched: [], extraNotes: [] })
    })),
    notes
  }
  if (deps.global.json) {
    out(JSON.stringify(document, null, 2))
  } else {
    const blocks = explained.map((e) => {
      const sent = e.denial.externalIdSent === undefined ? '' : `, ExternalId ${e.denial.externalIdSent ? 'sent' : 'not sent'}`
      return [`── ${e.denial.eventTime} ${e.denial.eventName} (${e.side} account trail) from ${e.denial.sourceIp ?? 'unknown IP'}${sent}`, renderHuman(e.diagnosis, deps.io.color)].join('\n')
    })
    out([...blocks, ...(notes.length > 0 ? ['Notes:', ...notes.map((n) => `  - ${n}`)] : [])].join('\n\n'))
  }
  return { exitCode: explained.length > 0 && explained.every((e) => e.diagnosis.identified) ? 0 : 1, result: document }
}
