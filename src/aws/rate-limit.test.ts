import { describe, expect, it } from 'vitest'
import { LOOKUP_EVENTS_MARGIN_MS, LOOKUP_EVENTS_PER_WINDOW, LOOKUP_EVENTS_SERVICE_WINDOW_MS, LOOKUP_EVENTS_WINDOW_MS, SlidingWindowLimiter, lookupEventsLimiter, type LimiterClock } from './rate-limit.js'

/** A virtual clock: sleeps are timers that fire when `run` advances time to them. */
function virtualClock(): LimiterClock & { run(): Promise<void> } {
  let now = 0
  const timers: { at: number; resolve: () => void }[] = []
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve))
  return {
    now: () => now,
    sleep: (ms) => new Promise<void>((resolve) => timers.push({ at: now + ms, resolve })),
    async run() {
      await settle()
      while (timers.length > 0) {
        timers.sort((a, b) => a.at - b.at)
        const timer = timers.shift()!
        now = Math.max(now, timer.at)
        timer.resolve()
        await settle()
      }
    }
  }
}

/** Most server-counted times in any window as the sandbox counts: [t, t + windowMs) (src/sandbox/engine/cloudtrail/throttle.ts). */
function maxInAnyOpenWindow(times: number[], windowMs: number): number {
  return Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u < t + windowMs).length))
}

/** A seeded PRNG (mulberry32), so a failing draw can be replayed. */
function seeded(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('SlidingWindowLimiter', () => {
  it('lets 10 concurrent instant requests through never more than 2 in any 1 s window, in order, at full speed', async () => {
    const clock = virtualClock()
    const limiter = new SlidingWindowLimiter(LOOKUP_EVENTS_PER_WINDOW, LOOKUP_EVENTS_WINDOW_MS, clock)
    const granted: { caller: number; at: number }[] = []
    const all = Array.from({ length: 10 }, (_, caller) => limiter.run(async () => void granted.push({ caller, at: clock.now() })))
    await clock.run()
    await Promise.all(all)
    expect(granted.map((g) => g.caller)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(
      maxInAnyOpenWindow(
        granted.map((g) => g.at),
        1_000
      )
    ).toBeLessThanOrEqual(2)
    // …and no slower than the budget allows: 5 pairs, 4 waits of one window.
    expect(granted.at(-1)!.at).toBe(4 * LOOKUP_EVENTS_WINDOW_MS)
  })

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('holds the bound as the server counts, whatever the delay before sending and in the server (seed %i)', async (seed) => {
    // Each request: 0–300 ms of signing/event-loop delay before its bytes leave, counted by the
    // server 0–400 ms after they arrive (its own queueing), answered 0–300 ms after that.
    const random = seeded(seed)
    const clock = virtualClock()
    const limiter = new SlidingWindowLimiter(LOOKUP_EVENTS_PER_WINDOW, LOOKUP_EVENTS_SERVICE_WINDOW_MS, clock)
    const counted: number[] = []
    const all = Array.from({ length: 10 }, () =>
      limiter.run(async () => {
        await clock.sleep(random() * 300)
        await clock.sleep(random() * 400)
        counted.push(clock.now())
        await clock.sleep(random() * 300)
      })
    )
    await clock.run()
    await Promise.all(all)
    expect(counted).toHaveLength(10)
    expect(maxInAnyOpenWindow(counted, LOOKUP_EVENTS_SERVICE_WINDOW_MS)).toBeLessThanOrEqual(2)
  })

  it('a request in flight keeps its lane: with both lanes busy the next waits for an answer, then one window', async () => {
    const clock = virtualClock()
    const limiter = new SlidingWindowLimiter(2, 1_000, clock)
    const first = await limiter.acquire()
    const second = await limiter.acquire()
    let thirdAt: number | undefined
    const third = limiter.acquire().then((release) => {
      thirdAt = clock.now()
      release()
    })
    const answers = clock.sleep(5_000).then(() => {
      first()
      first() // a second release changes nothing
      second()
    })
    await clock.run()
    await Promise.all([third, answers])
    expect(thirdAt).toBe(6_000)
  })

  it('a failed request releases its lane too', async () => {
    const clock = virtualClock()
    const limiter = new SlidingWindowLimiter(1, 1_000, clock)
    await expect(limiter.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    let at: number | undefined
    const next = limiter.run(async () => void (at = clock.now()))
    await clock.run()
    await next
    expect(at).toBe(1_000)
  })

  it("the window is the service's 1 s plus a documented margin", () => {
    expect(LOOKUP_EVENTS_WINDOW_MS).toBe(LOOKUP_EVENTS_SERVICE_WINDOW_MS + LOOKUP_EVENTS_MARGIN_MS)
    expect(LOOKUP_EVENTS_MARGIN_MS).toBeGreaterThan(0)
  })

  it('shares one limiter per (account, region), and one per region when the account is unknown', () => {
    expect(lookupEventsLimiter('us-east-1', '222222222222')).toBe(lookupEventsLimiter('us-east-1', '222222222222'))
    expect(lookupEventsLimiter('us-east-1', '222222222222')).not.toBe(lookupEventsLimiter('us-west-2', '222222222222'))
    expect(lookupEventsLimiter('us-east-1', undefined)).toBe(lookupEventsLimiter('us-east-1', undefined))
    expect(lookupEventsLimiter('us-east-1', undefined)).not.toBe(lookupEventsLimiter('us-east-1', '111111111111'))
  })
})
