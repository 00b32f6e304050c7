/**
 * The sandbox's CloudTrail: records every event handlers report, per (account, region), and answers
 * LookupEvents (JSON 1.1, `x-amz-target: CloudTrail_20131101.LookupEvents`) once an event is older
 * than the configured delivery delay, throttled at AWS's 2 requests/s per account and region.
 *
 * Simplification: LookupEvents calls themselves are not recorded as events (AWS records them as
 * read-only management events); leaving them out keeps the trail the tool inspects about the
 * calls it tests.
 */
import type { SandboxRequest, SandboxResponse, ServiceHandler, SandboxEnv, TrailEventInput, TrailRecorder } from '../contract.js'
import { SandboxAwsError } from '../contract.js'
import { lookupEventOf, pageRecords, parseLookupRequest } from './lookup.js'
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
  /** Serves CloudTrail (LookupEvents) requests. */
  handler: ServiceHandler
  /** Change the delivery delay; applies to every record from now on, including those already stored. */
  setDelay(ms: number): void
  /** All records of an account in a region, visible or not, oldest first (for tests). */
  events(accountId: string, region: string): TrailRecord[]
  /** Every LookupEvents request, accepted or throttled, so tests can prove a client kept to the limit. */
  lookupLog: LookupLogEntry[]
}

/**
 * The JSON 1.1 target prefixes CloudTrail accepts: the JS SDK sends the short one, the AWS CLI
 * (botocore) the service model's full shape id.
 */
const TARGET_PREFIXES = ['CloudTrail_20131101.', 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.']

function header(request: SandboxRequest, name: string): string | undefined {
  for (const [key, value] of Object.entries(request.headers)) if (key.toLowerCase() === name) return value
  return undefined
}

export function createTrailStore(options: { now: () => Date; delayMs: number }): TrailStore {
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

  async function lookupEvents(request: SandboxRequest, env: SandboxEnv): Promise<SandboxResponse> {
    const now = options.now()
    const { accountId } = request.caller
    const { region } = request
    const accepted = limiter.tryAcquire(trailKey(accountId, region), now)
    lookupLog.push({ accountId, region, at: now, throttled: !accepted })
    if (!accepted) throw new SandboxAwsError('ThrottlingException', 'Rate exceeded', 400)

    const authz = await env.authorize(request, { action: 'cloudtrail:LookupEvents', resource: '*', resourceAccount: accountId })
    if (!authz.allowed) throw new SandboxAwsError('AccessDeniedException', authz.message, 400)

    const query = parseLookupRequest(request.body, now)
    const visibleBefore = now.getTime() - delayMs
    const visible = (byTrail.get(trailKey(accountId, region)) ?? []).filter((item) => item.recordedAtMs <= visibleBefore)
    const { page, nextToken } = pageRecords(visible, query)
    const body: Record<string, unknown> = { Events: page.map((item) => lookupEventOf(item.record, item.recordedAtMs)) }
    if (nextToken !== undefined) body.NextToken = nextToken
    return { status: 200, headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': request.requestId }, body: JSON.stringify(body) }
  }

  const handler: ServiceHandler = async (request, env) => {
    const target = header(request, 'x-amz-target') ?? ''
    const prefix = TARGET_PREFIXES.find((p) => target.startsWith(p))
    const operation = prefix === undefined ? target : target.slice(prefix.length)
    if (request.method !== 'POST' || operation !== 'LookupEvents') {
      throw new SandboxAwsError('UnknownOperationException', `The sandbox does not implement CloudTrail operation ${operation || '(none)'}.`, 400)
    }
    return lookupEvents(request, env)
  }

  return {
    record,
    handler,
    setDelay(ms: number): void {
      delayMs = ms
    },
    events(accountId, region) {
      return (byTrail.get(trailKey(accountId, region)) ?? []).map((item) => item.record)
    },
    lookupLog
  }
}
