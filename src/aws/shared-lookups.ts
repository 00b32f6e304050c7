/**
 * LookupEvents shared between concurrent callers of one CloudTrailPort. `verify --config` with 100
 * setups polls CloudTrail for 200 events in the same account and region; at CloudTrail's 2
 * requests/s that is 100 s of lookups one by one. But one lookup by event name answers every setup
 * at once (each matches its own role session name in the result), so callers that ask while a
 * lookup for the same attribute is in flight wait for the next one and share it: at most one lookup
 * per attribute in flight, plus one queued that everyone arriving meanwhile joins.
 *
 * Why not reuse the in-flight one: it may have been sent before the latecomer's event was recorded.
 * The queued lookup is sent only after the in-flight one settles, so it is as fresh as each joiner's
 * own would have been. Its window is the union of the joiners' windows, its page budget the sum of
 * theirs (capped); each joiner gets back only the events inside its own window.
 *
 * Events already seen stay seen: LookupEvents returns newest first, so with a few hundred setups'
 * events in one account an early setup's event sinks below the page budget of later polls. Every
 * event fetched for an attribute is kept (bounded) and each answer is the union of what was seen,
 * within the caller's window, newest first.
 *
 * Pages not needed are not read: a caller may say what it is looking for (`until`, e.g. "my
 * session's event"). A caller whose `until` already holds on what earlier lookups read is answered
 * without a request, and a shared lookup stops paging once every joiner's `until` holds. Verify's
 * 100 setups leave 400 events in B; reading each page about once, instead of every poll rereading
 * from the newest page down, is most of the run's CloudTrail time at 2 requests/s.
 *
 * A latecomer whose event happened before the in-flight lookup's first page was requested
 * (`eventBy`; often that page is still waiting for the rate limiter) also joins that lookup's
 * paging: its event is on one of the pages still to come, so the lookup reads on until it has it
 * too, instead of stopping for the first caller's sake and leaving the latecomer to read the same
 * pages again a rate window later. It still joins the queued lookup, which sends nothing if the
 * in-flight one answered everyone.
 */
import type { CloudTrailPort, LookupEventsInput, LookupEventsOutput, TrailEvent } from '../core/ports/aws.js'

/**
 * Most pages (50 events each) one shared lookup may read: enough for the AssumeRole and Converse
 * events of a few hundred setups, still a bounded time at 2 requests/s (25 s).
 */
export const SHARED_LOOKUP_MAX_PAGES = 50

/** Events remembered per attribute; beyond it the oldest are forgotten (`trail --follow` runs for hours). */
export const SEEN_EVENTS_LIMIT = 5_000

/** A lookup under way: who shares its paging, and when its first page was requested (for `eventBy`). */
interface Flight {
  joiners: LookupEventsInput[]
  request: LookupEventsInput
  firstPageSentAt: number | undefined
}

interface Batch {
  joiners: LookupEventsInput[]
  result: Promise<LookupEventsOutput>
  start(): void
}

function keyOf(input: LookupEventsInput): string {
  return input.attribute ? `${input.attribute.key}\0${input.attribute.value}` : ''
}

function inWindow(seen: ReadonlyMap<string, TrailEvent>, input: LookupEventsInput): TrailEvent[] {
  const from = input.startTime.getTime()
  const to = input.endTime.getTime()
  const events = [...seen.values()].filter((e) => e.eventTime.getTime() >= from && e.eventTime.getTime() <= to)
  return events.sort((a, b) => b.eventTime.getTime() - a.eventTime.getTime())
}

function remember(seen: Map<string, TrailEvent>, events: readonly TrailEvent[]): void {
  for (const event of events) seen.set(event.eventId, event)
  if (seen.size <= SEEN_EVENTS_LIMIT) return
  const oldestFirst = [...seen.values()].sort((a, b) => a.eventTime.getTime() - b.eventTime.getTime())
  for (const event of oldestFirst.slice(0, seen.size - SEEN_EVENTS_LIMIT)) seen.delete(event.eventId)
}

const NOTHING_SENT: LookupEventsOutput = { events: [], truncated: false, pages: 0 }

/** Whether `input`'s event, if delivered, is on the pages `flight` has yet to read. */
function mayJoin(flight: Flight, input: LookupEventsInput): boolean {
  const eventBy = input.eventBy?.getTime()
  return input.until !== undefined && eventBy !== undefined && eventBy <= (flight.firstPageSentAt ?? Number.POSITIVE_INFINITY) && input.startTime.getTime() >= flight.request.startTime.getTime() && eventBy <= flight.request.endTime.getTime()
}

/**
 * Wrap `port` so that concurrent lookups for the same attribute share requests (see the file
 * comment). `now` is the clock `eventBy` is read against: the caller's.
 */
export function shareLookups(port: CloudTrailPort, now: () => number = Date.now): CloudTrailPort {
  const inFlight = new Map<string, Flight>()
  const queued = new Map<string, Batch>()
  const seenByKey = new Map<string, Map<string, TrailEvent>>()
  const seenOf = (key: string) => {
    let seen = seenByKey.get(key)
    if (!seen) seenByKey.set(key, (seen = new Map()))
    return seen
  }
  /** A caller with an `until` that already holds on what was read is answered without a request. */
  const satisfied = (key: string, input: LookupEventsInput) => input.until !== undefined && input.until(inWindow(seenOf(key), input))

  /** One request for every joiner: the union of their windows, the sum of their page budgets (capped). */
  const merged = (key: string, joiners: readonly LookupEventsInput[]): LookupEventsInput => {
    const [first, ...rest] = joiners as [LookupEventsInput, ...LookupEventsInput[]]
    const everyoneStops = joiners.every((j) => j.until !== undefined)
    return {
      attribute: first.attribute,
      startTime: new Date(Math.min(...joiners.map((j) => j.startTime.getTime()))),
      endTime: new Date(Math.max(...joiners.map((j) => j.endTime.getTime()))),
      maxPages:
        rest.length === 0
          ? first.maxPages
          : Math.min(
              SHARED_LOOKUP_MAX_PAGES,
              joiners.reduce((sum, j) => sum + j.maxPages, 0)
            ),
      // Paging stops once every joiner has what it looks for; one without an `until` reads to the budget.
      ...(everyoneStops
        ? {
            until: (events: readonly TrailEvent[]) => {
              remember(seenOf(key), events)
              return joiners.every((j) => satisfied(key, j))
            }
          }
        : {})
    }
  }

  const send = (key: string, queuedJoiners: readonly LookupEventsInput[]): Promise<LookupEventsOutput> => {
    // A queued batch may be answered by the lookup it waited for: then it sends nothing.
    if (queuedJoiners.every((j) => satisfied(key, j))) return Promise.resolve(NOTHING_SENT)
    // The paging rule reads this array as it grows: latecomers that join change when paging stops.
    const joiners = [...queuedJoiners]
    const flight: Flight = { joiners, request: merged(key, joiners), firstPageSentAt: undefined }
    const request: LookupEventsInput = { ...flight.request, onSend: () => (flight.firstPageSentAt ??= now()) }
    const result = port.lookupEvents(request).then((output) => {
      remember(seenOf(key), output.events)
      return output
    })
    const settled = result.then(
      () => undefined,
      () => undefined
    )
    inFlight.set(key, flight)
    void settled.then(() => {
      if (inFlight.get(key) === flight) inFlight.delete(key)
      const next = queued.get(key)
      if (next) {
        queued.delete(key)
        next.start()
      }
    })
    return result
  }

  const answer = (key: string, output: LookupEventsOutput, input: LookupEventsInput): LookupEventsOutput => ({ ...output, events: inWindow(seenOf(key), input) })

  return {
    async lookupEvents(input) {
      const key = keyOf(input)
      if (satisfied(key, input)) return answer(key, NOTHING_SENT, input)
      const flight = inFlight.get(key)
      if (!flight) return answer(key, await send(key, [input]), input)
      if (mayJoin(flight, input)) flight.joiners.push(input)
      let batch = queued.get(key)
      if (batch) {
        batch.joiners.push(input)
      } else {
        let start!: () => void
        const ready = new Promise<void>((resolve) => (start = resolve))
        const created: Batch = { joiners: [input], start: () => start(), result: ready.then(() => send(key, created.joiners)) }
        queued.set(key, created)
        batch = created
      }
      return answer(key, await batch.result, input)
    }
  }
}
