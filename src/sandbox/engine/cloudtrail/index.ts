/**
 * The engine's CloudTrail: records every event operations report, per (account, region), and
 * answers LookupEvents once an event is older than the configured delivery delay, throttled at
 * AWS's 2 requests/s per account and region.
 *
 * Simplification: LookupEvents calls themselves are not recorded as events (AWS records them as
 * read-only management events); leaving them out keeps the trail the tool inspects about the
 * calls it tests.
 */
import type { ApiOutput, EngineEnv, RequestContext, TrailEventInput, TrailRecorder } from '../types.js'
import { SandboxAwsError } from '../types.js'
import { lookupEventOf, lookupQueryOf, pageRecords } from './lookup.js'
import type { StoredRecord } from './lookup.js'
import { buildRecord } from './record.js'
import type { TrailRecord } from './record.js'
import { RateLimiter } from './throttle.js'

export type { TrailRecord } from './record.js'

export interface LookupLogEntry {
  accountId: string
  region: string
  at: Date
  throttled: boolean
}

export interface TrailStore extends TrailRecorder {
  /** LookupEvents with its request (decoded JSON): `{ Events, NextToken? }`. */
  lookupEvents(request: RequestContext, env: EngineEnv, input: unknown): Promise<ApiOutput>
  /** Change the delivery delay; applies to every record from now on, including those already stored. */
  setDelay(ms: number): void
  /** All records of an account in a region, visible or not, oldest first (for tests). */
  events(accountId: string, region: string): TrailRecord[]
  /** Every LookupEvents request, accepted or throttled, so tests can prove a client kept to the limit. */
  lookupLog: LookupLogEntry[]
}

/**
 * `throttle: false` drops the 2 requests/s limit: for MemoryAws, whose test clock moves only when
 * the code under test sleeps (the real factory's pacing is tested against the wire sandbox).
 */
export function createTrailStore(options: { now: () => Date; delayMs: number; throttle?: boolean }): TrailStore {
  const byTrail = new Map<string, StoredRecord[]>()
  const limiter = new RateLimiter()
  const lookupLog: LookupLogEntry[] = []
  let delayMs = options.delayMs
  let seq = 0

  const trailKey = (accountId: string, region: string) => `${accountId}/${region}`

  function record(input: TrailEventInput): void {
    const at = options.now()
    const accountId = input.accountId ?? input.request.caller.accountId
    const region = input.region ?? input.request.region
    const key = trailKey(accountId, region)
    const list = byTrail.get(key) ?? []
    list.push({ record: buildRecord(input, at, accountId, region), recordedAtMs: at.getTime(), seq: ++seq })
    byTrail.set(key, list)
  }

  async function lookupEvents(request: RequestContext, env: EngineEnv, input: unknown): Promise<ApiOutput> {
    const now = options.now()
    const { accountId } = request.caller
    const { region } = request
    const accepted = options.throttle === false || limiter.tryAcquire(trailKey(accountId, region), now)
    lookupLog.push({ accountId, region, at: now, throttled: !accepted })
    if (!accepted) throw new SandboxAwsError('ThrottlingException', 'Rate exceeded', 400)

    const authz = await env.authorize(request, { action: 'cloudtrail:LookupEvents', resource: '*', resourceAccount: accountId })
    if (!authz.allowed) throw new SandboxAwsError('AccessDeniedException', authz.message, 400)

    const query = lookupQueryOf(input, now)
    const visibleBefore = now.getTime() - delayMs
    const visible = (byTrail.get(trailKey(accountId, region)) ?? []).filter((item) => item.recordedAtMs <= visibleBefore)
    const { page, nextToken } = pageRecords(visible, query)
    const output: ApiOutput = { Events: page.map((item) => lookupEventOf(item.record, item.recordedAtMs)) }
    if (nextToken !== undefined) output.NextToken = nextToken
    return output
  }

  return {
    record,
    lookupEvents,
    setDelay(ms: number): void {
      delayMs = ms
    },
    events(accountId, region) {
      return (byTrail.get(trailKey(accountId, region)) ?? []).map((item) => item.record)
    },
    lookupLog
  }
}
