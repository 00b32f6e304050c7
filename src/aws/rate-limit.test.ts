import { describe, expect, it } from 'vitest'
import { LOOKUP_EVENTS_PER_WINDOW, LOOKUP_EVENTS_WINDOW_MS, SlidingWindowLimiter, lookupEventsLimiter, type LimiterClock } from './rate-limit.js'

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

/** The most grants found in any closed interval of `windowMs`. */
function maxInAnyWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b)
  let most = 0
  for (let i = 0; i < sorted.length; i++) {
    const inWindow = sorted.filter((t) => t >= sorted[i]! && t <= sorted[i]! + windowMs).length
    most = Math.max(most, inWindow)
  }
  return most
}

describe('SlidingWindowLimiter', () => {
  it('lets 10 concurrent callers through never more than 2 in any 1 s window, in order', async () => {
    const clock = virtualClock()
    const limiter = new SlidingWindowLimiter(LOOKUP_EVENTS_PER_WINDOW, LOOKUP_EVENTS_WINDOW_MS, clock)
    const granted: { caller: number; at: number }[] = []
    const all = Array.from({ length: 10 }, (_, caller) => limiter.acquire().then(() => granted.push({ caller, at: clock.now() })))
    await clock.run()
    await Promise.all(all)
    expect(granted.map((g) => g.caller)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(maxInAnyWindow(granted.map((g) => g.at), 1_000)).toBeLessThanOrEqual(2)
    // …and no slower than the budget allows: 5 pairs, 4 waits of one window.
    expect(granted.at(-1)!.at).toBe(4 * LOOKUP_EVENTS_WINDOW_MS)
  })

  it('counts calls made earlier: after 2 grants, a later caller still waits for the window', async () => {
    const clock = virtualClock()
    const limiter = new SlidingWindowLimiter(2, 1_000, clock)
    const times: number[] = []
    await limiter.acquire()
    times.push(clock.now())
    await limiter.acquire()
    times.push(clock.now())
    const third = limiter.acquire().then(() => times.push(clock.now()))
    await clock.run()
    await third
    expect(times).toEqual([0, 0, 1_000])
  })

  it('shares one limiter per (account, region), and one per region when the account is unknown', () => {
    expect(lookupEventsLimiter('us-east-1', '222222222222')).toBe(lookupEventsLimiter('us-east-1', '222222222222'))
    expect(lookupEventsLimiter('us-east-1', '222222222222')).not.toBe(lookupEventsLimiter('us-west-2', '222222222222'))
    expect(lookupEventsLimiter('us-east-1', undefined)).toBe(lookupEventsLimiter('us-east-1', undefined))
    expect(lookupEventsLimiter('us-east-1', undefined)).not.toBe(lookupEventsLimiter('us-east-1', '111111111111'))
  })
})
