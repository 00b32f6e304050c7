import { describe, expect, it } from 'vitest'
import type { CloudTrailPort, LookupEventsInput, LookupEventsOutput, TrailEvent } from '../core/ports/aws.js'
import { SHARED_LOOKUP_MAX_PAGES, shareLookups } from './shared-lookups.js'

const at = (iso: string) => new Date(iso)
const event = (id: string, time: string): TrailEvent => ({ eventId: id, eventName: 'AssumeRole', eventSource: 'sts.amazonaws.com', eventTime: at(time), record: {} })

function withoutHook({ onSend: _onSend, ...input }: LookupEventsInput): LookupEventsInput {
  return input
}

/** A port whose lookups resolve only when the test says so; records what was sent. */
function manualPort(events: TrailEvent[]) {
  const sent: { input: LookupEventsInput; resolve: () => void }[] = []
  const port: CloudTrailPort = {
    lookupEvents: (input) =>
      // The shared lookup's onSend hook is how it learns when a page leaves; the request itself is the rest.
      new Promise<LookupEventsOutput>((resolve) => sent.push({ input: withoutHook(input), resolve: () => resolve({ events, truncated: false, pages: 1 }) }))
  }
  return { port, sent }
}

const tick = () => new Promise((resolve) => setImmediate(resolve))
const input = (value: string, start: string, end: string, maxPages = 4): LookupEventsInput => ({ attribute: { key: 'EventName', value }, startTime: at(start), endTime: at(end), maxPages })

describe('shareLookups', () => {
  it('a lone caller sends its own lookup, unchanged', async () => {
    const { port, sent } = manualPort([event('e1', '2026-01-01T00:05:00Z')])
    const shared = shareLookups(port)
    const result = shared.lookupEvents(input('AssumeRole', '2026-01-01T00:00:00Z', '2026-01-01T00:10:00Z'))
    await tick()
    expect(sent.map((s) => s.input)).toEqual([input('AssumeRole', '2026-01-01T00:00:00Z', '2026-01-01T00:10:00Z')])
    sent[0]!.resolve()
    expect((await result).events.map((e) => e.eventId)).toEqual(['e1'])
  })

  it('callers arriving during a lookup share the next one: union window, summed pages, own window back', async () => {
    const { port, sent } = manualPort([event('early', '2026-01-01T00:01:00Z'), event('late', '2026-01-01T00:09:00Z')])
    const shared = shareLookups(port)
    const first = shared.lookupEvents(input('AssumeRole', '2026-01-01T00:00:00Z', '2026-01-01T00:10:00Z'))
    const second = shared.lookupEvents(input('AssumeRole', '2026-01-01T00:00:00Z', '2026-01-01T00:05:00Z'))
    const third = shared.lookupEvents(input('AssumeRole', '2026-01-01T00:08:00Z', '2026-01-01T00:20:00Z'))
    const other = shared.lookupEvents(input('Converse', '2026-01-01T00:00:00Z', '2026-01-01T00:10:00Z'))
    await tick()
    // The first AssumeRole and the Converse lookup go at once; the other two wait.
    expect(sent.map((s) => s.input.attribute?.value)).toEqual(['AssumeRole', 'Converse'])
    sent[0]!.resolve()
    await tick()
    await tick()
    expect(sent).toHaveLength(3)
    expect(sent[2]!.input).toEqual(input('AssumeRole', '2026-01-01T00:00:00Z', '2026-01-01T00:20:00Z', 8))
    sent[1]!.resolve()
    sent[2]!.resolve()
    expect((await first).events.map((e) => e.eventId)).toEqual(['late', 'early'])
    expect((await second).events.map((e) => e.eventId)).toEqual(['early'])
    expect((await third).events.map((e) => e.eventId)).toEqual(['late'])
    expect((await other).events).toHaveLength(2)
  })

  it('caps a shared lookup at SHARED_LOOKUP_MAX_PAGES, and a failure reaches every sharer', async () => {
    const sent: LookupEventsInput[] = []
    let calls = 0
    const port: CloudTrailPort = {
      lookupEvents: async (i) => {
        sent.push(i)
        calls++
        await tick()
        if (calls > 1) throw new Error('ThrottlingException')
        return { events: [], truncated: false, pages: 1 }
      }
    }
    const shared = shareLookups(port)
    const first = shared.lookupEvents(input('AssumeRole', '2026-01-01T00:00:00Z', '2026-01-01T00:10:00Z'))
    const rest = Array.from({ length: 30 }, () => shared.lookupEvents(input('AssumeRole', '2026-01-01T00:00:00Z', '2026-01-01T00:10:00Z')))
    await first
    const outcomes = await Promise.allSettled(rest)
    expect(sent).toHaveLength(2)
    expect(sent[1]!.maxPages).toBe(SHARED_LOOKUP_MAX_PAGES)
    expect(outcomes.every((o) => o.status === 'rejected')).toBe(true)
    // Nothing stays queued: the next caller sends again.
    await expect(shared.lookupEvents(input('AssumeRole', '2026-01-01T00:00:00Z', '2026-01-01T00:10:00Z'))).rejects.toThrow('Throttling')
    expect(sent).toHaveLength(3)
  })
})

describe('shareLookups remembers', () => {
  it('an event seen once stays in later answers after it sinks below the page budget', async () => {
    const pages: TrailEvent[][] = [[event('mine', '2026-01-01T00:01:00Z')], [event('newer', '2026-01-01T00:02:00Z')]]
    const port: CloudTrailPort = { lookupEvents: async () => ({ events: pages.shift() ?? [], truncated: true, pages: 1 }) }
    const shared = shareLookups(port)
    const window = input('AssumeRole', '2026-01-01T00:00:00Z', '2026-01-01T00:10:00Z')
    await shared.lookupEvents(window)
    expect((await shared.lookupEvents(window)).events.map((e) => e.eventId)).toEqual(['newer', 'mine'])
  })
})

/** A port over a fixed trail, newest first, paged by 2: records each request's pages read. */
function pagedPort(events: TrailEvent[]) {
  const requests: { pages: number }[] = []
  const port: CloudTrailPort = {
    async lookupEvents(i) {
      const read: TrailEvent[] = []
      let pages = 0
      for (let at = 0; at < events.length && pages < i.maxPages; at += 2) {
        read.push(...events.slice(at, at + 2))
        pages++
        if (i.until?.(read)) break
      }
      requests.push({ pages })
      return { events: read, truncated: read.length < events.length, pages }
    }
  }
  return { port, requests }
}

describe('shareLookups with `until` (what the caller looks for)', () => {
  const trail = ['e6', 'e5', 'e4', 'e3', 'e2', 'e1'].map((id, i) => event(id, `2026-01-01T00:0${6 - i}:00Z`))
  const looking = (id: string, maxPages = 10): LookupEventsInput => ({
    ...input('AssumeRole', '2026-01-01T00:00:00Z', '2026-01-01T00:10:00Z', maxPages),
    until: (events) => events.some((e) => e.eventId === id)
  })

  it('paging stops at the page holding the event, not at the budget', async () => {
    const { port, requests } = pagedPort(trail)
    const result = await shareLookups(port).lookupEvents(looking('e4'))
    expect(requests).toEqual([{ pages: 2 }])
    expect(result.events.map((e) => e.eventId)).toContain('e4')
  })

  it('a caller whose event was already read is answered without a request', async () => {
    const { port, requests } = pagedPort(trail)
    const shared = shareLookups(port)
    await shared.lookupEvents(looking('e3'))
    const again = await shared.lookupEvents(looking('e5'))
    expect(requests).toHaveLength(1)
    expect(again.pages).toBe(0)
    expect(again.events.map((e) => e.eventId)).toContain('e5')
  })

  it('a shared lookup pages until every joiner has its event; one without `until` reads its budget', async () => {
    const { port, requests } = pagedPort(trail)
    const shared = shareLookups(port)
    const first = shared.lookupEvents(looking('e6'))
    const joiners = [shared.lookupEvents(looking('e5')), shared.lookupEvents(looking('e2'))]
    await Promise.all([first, ...joiners])
    // First request: 1 page (e6, e5: the e5 caller is answered from it). The batch: until e2, page 3.
    expect(requests).toEqual([{ pages: 1 }, { pages: 3 }])

    const plain = pagedPort(trail)
    const mixed = shareLookups(plain.port)
    const lead = mixed.lookupEvents(looking('e6'))
    const rest = [mixed.lookupEvents(looking('e4')), mixed.lookupEvents(input('AssumeRole', '2026-01-01T00:00:00Z', '2026-01-01T00:10:00Z', 1))]
    await Promise.all([lead, ...rest])
    // e4 alone would stop at page 2; the joiner without `until` makes the batch read its budget.
    expect(plain.requests).toEqual([{ pages: 1 }, { pages: 3 }])
  })
})

describe('shareLookups with `eventBy` (latecomers whose event came before the lookup asked)', () => {
  const trail = ['e6', 'e5', 'e4', 'e3', 'e2', 'e1'].map((id, i) => event(id, `2026-01-01T00:0${6 - i}:00Z`))
  /**
   * Like pagedPort, but each page is a request of its own, sent when the test says (as a rate
   * limiter would), announced through onSend, and answered a turn of the event loop later.
   */
  function gatedPagedPort() {
    const requests: { pages: number }[] = []
    const gates: (() => void)[] = []
    const port: CloudTrailPort = {
      async lookupEvents(i) {
        const read: TrailEvent[] = []
        let pages = 0
        for (let at = 0; at < trail.length && pages < i.maxPages; at += 2) {
          if (pages === 0) await new Promise<void>((resolve) => gates.push(resolve))
          i.onSend?.()
          await tick()
          read.push(...trail.slice(at, at + 2))
          pages++
          if (i.until?.(read)) break
        }
        requests.push({ pages })
        return { events: read, truncated: read.length < trail.length, pages }
      }
    }
    /** Let the first page of every lookup waiting so far go out. */
    const release = () => gates.splice(0).forEach((go) => go())
    return { port, requests, release }
  }
  let clock = 1_000
  const looking = (id: string, eventBy?: number): LookupEventsInput => ({
    ...input('AssumeRole', '2026-01-01T00:00:00Z', '2026-01-01T00:10:00Z', 4),
    until: (events) => events.some((e) => e.eventId === id),
    ...(eventBy === undefined ? {} : { eventBy: new Date(eventBy) })
  })
  /** Drive lookups: release first pages as they queue, until all settle. */
  async function settle(port: { release(): void }, lookups: Promise<unknown>[]) {
    let done = false
    const all = Promise.all(lookups).finally(() => (done = true))
    while (!done) {
      port.release()
      await tick()
    }
    return all
  }

  /**
   * The first caller asks at 1_000 (its event at 900); a latecomer asks at 1_050 with its event at
   * `lateEventBy`. With `firstPageAt`, the first lookup's first page is requested then, before the
   * latecomer asks; without, it is still waiting (for the limiter) when the latecomer comes.
   */
  async function firstThenLate(lateEventBy: number | undefined, firstPageAt?: number) {
    const paged = gatedPagedPort()
    const shared = shareLookups(paged.port, () => clock)
    clock = 1_000
    const first = shared.lookupEvents(looking('e6', 900))
    await tick()
    if (firstPageAt !== undefined) {
      clock = firstPageAt
      paged.release()
      await tick()
    }
    clock = 1_050
    const late = shared.lookupEvents(looking('e3', lateEventBy))
    await settle(paged, [first, late])
    return { requests: paged.requests, late: await late }
  }

  it('a latecomer joins while the first page still waits for the limiter: one request reads its page too', async () => {
    const { requests, late } = await firstThenLate(1_040)
    // The first caller alone would stop after page 1; the latecomer's e3 is on page 2.
    expect(requests).toEqual([{ pages: 2 }])
    expect(late.events.map((e) => e.eventId)).toContain('e3')
  })

  it('a latecomer whose event came after the first page was requested (or who does not say) waits for the next lookup', async () => {
    for (const eventBy of [1_020, undefined]) {
      expect((await firstThenLate(eventBy, 1_010)).requests, String(eventBy)).toEqual([{ pages: 1 }, { pages: 2 }])
    }
  })
})
