/**
 * CloudTrailPort over the SDK's CloudTrail client: paged LookupEvents (NextToken, 50 per page, up
 * to maxPages or until the caller's `until` holds, `truncated` when stopped early), each page through the shared per-(account, region)
 * limiter, which holds the request's lane from before signing until the response is read (so the
 * 2-per-second bound holds as CloudTrail counts, whatever the delays: see rate-limit.ts). The SDK client is built with maxAttempts 1: its own retries would bypass the limiter,
 * so throttling, 5xx and dropped connections are retried here, with backoff, each attempt waiting its turn.
 * Loaded lazily by the factory on first use.
 */
import { CloudTrailClient, LookupEventsCommand, type CloudTrailClientConfig, type Event } from '@aws-sdk/client-cloudtrail'
import { isAwsCallError } from '../core/ports/aws-error.js'
import type { CloudTrailPort, LookupEventsOutput, TrailEvent } from '../core/ports/aws.js'
import { callAws, malformed, type ServiceContext } from './call.js'
import { realClock, type LimiterClock, type SlidingWindowLimiter } from './rate-limit.js'

/** LookupEvents' page size (its maximum). */
export const LOOKUP_PAGE_SIZE = 50

/**
 * Default attempts per page when CloudTrail throttles or fails with 5xx (the port retries, not the
 * SDK, so that each attempt waits its turn at the limiter). The factory passes its own bound, so
 * AWS_MAX_ATTEMPTS applies here as it does to every other client.
 */
export const LOOKUP_MAX_ATTEMPTS = 5

/** First backoff after a throttle; doubled per attempt, capped, with jitter (AWS's advice for throttling). */
const BACKOFF_BASE_MS = 500
const BACKOFF_CAP_MS = 8_000

export interface CloudTrailPortOptions {
  /** The shared limiter for these credentials' account and region (may need to look the account up first). */
  limiter: () => Promise<SlidingWindowLimiter>
  clock?: LimiterClock
  /** Attempts per page (default LOOKUP_MAX_ATTEMPTS). */
  maxAttempts?: number
  /** Jitter source, injectable for tests (0–1). */
  random?: () => number
}

function parseRecord(text: string | undefined): Record<string, unknown> {
  if (!text) return {}
  try {
    const parsed: unknown = JSON.parse(text)
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {}
  } catch {
    // One unreadable record must not hide the others; without a record nothing can match it.
    return {}
  }
}

function trailEventOf(event: Event): TrailEvent {
  return {
    eventId: event.EventId ?? '',
    eventName: event.EventName ?? '',
    eventSource: event.EventSource ?? '',
    eventTime: event.EventTime ?? new Date(0),
    username: event.Username,
    record: parseRecord(event.CloudTrailEvent)
  }
}

export function createCloudTrailPort(config: CloudTrailClientConfig, context: ServiceContext, options: CloudTrailPortOptions): CloudTrailPort {
  const client = new CloudTrailClient({ ...config, maxAttempts: 1 })
  const clock = options.clock ?? realClock
  const random = options.random ?? Math.random
  const maxAttempts = options.maxAttempts ?? LOOKUP_MAX_ATTEMPTS

  const lookupPage = async (command: LookupEventsCommand, onSend: (() => void) | undefined) => {
    for (let attempt = 1; ; attempt++) {
      const limiter = await options.limiter()
      try {
        return await limiter.run(() => {
          onSend?.()
          return callAws(context, 'LookupEvents', (abortSignal) => client.send(command, { abortSignal }))
        })
      } catch (error) {
        const status = isAwsCallError(error) ? error.failure.statusCode : undefined
        // Throttles, 5xx and dropped connections are worth another turn; a malformed 200 is not.
        const retryable = isAwsCallError(error) && (error.failure.kind === 'throttled' || (error.failure.kind === 'unavailable' && (status === undefined || status >= 500)))
        if (!retryable || attempt >= maxAttempts) throw error
        const backoff = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1))
        await clock.sleep(backoff / 2 + random() * (backoff / 2))
      }
    }
  }

  return {
    async lookupEvents(input): Promise<LookupEventsOutput> {
      const events: TrailEvent[] = []
      let nextToken: string | undefined
      let pages = 0
      do {
        const command = new LookupEventsCommand({
          LookupAttributes: input.attribute ? [{ AttributeKey: input.attribute.key, AttributeValue: input.attribute.value }] : undefined,
          StartTime: input.startTime,
          EndTime: input.endTime,
          MaxResults: LOOKUP_PAGE_SIZE,
          NextToken: nextToken
        })
        const output = await lookupPage(command, input.onSend)
        // AWS always sends an Events array (possibly empty); its absence is an empty 200, not "no events".
        if (!Array.isArray(output.Events)) throw malformed(context, 'LookupEvents', 'the response has no Events', output.$metadata.requestId)
        events.push(...output.Events.map(trailEventOf))
        pages++
        nextToken = output.NextToken || undefined
        if (nextToken && input.until?.(events)) return { events, truncated: true, pages }
      } while (nextToken && pages < Math.max(1, input.maxPages))
      return { events, truncated: nextToken !== undefined, pages }
    }
  }
}
