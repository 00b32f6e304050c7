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
 */
import type { CloudTrailPort, LookupEventsInput, LookupEventsOutput, TrailEvent } from './ports.js'

/**
 * Most pages (50 events each) one shared lookup may read: enough for the AssumeRole and Converse
 * events of a few hundred setups, still a bounded time at 2 requests/s (25 s).
 */
export const SHARED_LOOKUP_MAX_PAGES = 50

/** Events remembered per attribute; beyond it the oldest are forgotten (`trail --follow` runs for hours). */
export const SEEN_EVENTS_LIMIT = 5_000

interface Batch {
  input: LookupEventsInput
  result: Promise<LookupEventsOutput>
  start(): void
}

function keyOf(input: LookupEventsInput): string {
  return input.attribute ? `${input.attribute.key}\0${input.attribute.value}` : ''
}

function withinWindow(output: LookupEventsOutput, seen: ReadonlyMap<string, TrailEvent>, input: LookupEventsInput): LookupEventsOutput {
  const from = input.startTime.getTime()
  const to = input.endTime.getTime()
  const events = [...seen.values()].filter((e) => e.eventTime.getTime() >= from && e.eventTime.getTime() <= to)
  return { ...output, events: events.sort((a, b) => b.eventTime.getTime() - a.eventTime.getTime()) }
}

function remember(seen: Map<string, TrailEvent>, events: readonly TrailEvent[]): void {
  for (const event of events) seen.set(event.eventId, event)
  if (seen.size <= SEEN_EVENTS_LIMIT) return
  const oldestFirst = [...seen.values()].sort((a, b) => a.eventTime.getTime() - b.eventTime.getTime())
  for (const event of oldestFirst.slice(0, seen.size - SEEN_EVENTS_LIMIT)) seen.delete(event.eventId)
}

/** Wrap `port` so that concurrent lookups for the same attribute share requests (see the file comment). */
export function shareLookups(port: CloudTrailPort): CloudTrailPort {
  const inFlight = new Map<string, Promise<unknown>>()
  const queued = new Map<string, Batch>()
  const seenByKey = new Map<string, Map<string, TrailEvent>>()
  const seenOf = (key: string) => {
    let seen = seenByKey.get(key)
    if (!seen) seenByKey.set(key, (seen = new Map()))
    return seen
  }

  const send = (key: string, input: LookupEventsInput): Promise<LookupEventsOutput> => {
    const result = port.lookupEvents(input).then((output) => {
      remember(seenOf(key), output.events)
      return output
    })
    const settled = result.then(
      () => undefined,
      () => undefined
    )
    inFlight.set(key, settled)
    void settled.then(() => {
      if (inFlight.get(key) === settled) inFlight.delete(key)
      const next = queued.get(key)
      if (next) {
        queued.delete(key)
        next.start()
      }
    })
    return result
  }

  return {
    async lookupEvents(input) {
      const key = keyOf(input)
      if (!inFlight.has(key)) return withinWindow(await send(key, input), seenOf(key), input)
      let batch = queued.get(key)
      if (batch) {
        const merged = batch.input
        batch.input = {
          attribute: merged.attribute,
          startTime: merged.startTime < input.startTime ? merged.startTime : input.startTime,
          endTime: merged.endTime > input.endTime ? merged.endTime : input.endTime,
          maxPages: Math.min(SHARED_LOOKUP_MAX_PAGES, merged.maxPages + input.maxPages)
        }
      } else {
        let start!: () => void
        const ready = new Promise<void>((resolve) => (start = resolve))
        const created: Batch = { input, start: () => start(), result: ready.then(() => send(key, created.input)) }
        queued.set(key, created)
        batch = created
      }
      return withinWindow(await batch.result, seenOf(key), input)
    }
  }
}
