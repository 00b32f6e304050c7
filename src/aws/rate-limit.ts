/**
 * CloudTrail's LookupEvents allows 2 requests per second per account and region (DESIGN §8); a
 * `verify --config` of 20 setups polling concurrently would blow through that and get throttled.
 * One process-wide sliding-window limiter per (account, region) makes every CloudTrailPort of the
 * same key share the budget. Clock and sleep are injectable so tests can prove the bound.
 */

export interface LimiterClock {
  now(): number
  sleep(ms: number): Promise<void>
}

export const realClock: LimiterClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms))
}

/** LookupEvents' documented limit: requests per window, per account and region. */
export const LOOKUP_EVENTS_PER_WINDOW = 2

/**
 * The window, with 100 ms of slack over CloudTrail's 1 s: our send times are not the service's
 * arrival times (network jitter), and a request that arrives early is a throttle.
 */
export const LOOKUP_EVENTS_WINDOW_MS = 1_100

/** Grants at most `limit` acquisitions in any `windowMs` interval, in FIFO order. */
export class SlidingWindowLimiter {
  private readonly grants: number[] = []
  private tail: Promise<void> = Promise.resolve()

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly clock: LimiterClock = realClock
  ) {}

  /** Resolves when the caller may send one request. */
  acquire(): Promise<void> {
    const turn = this.tail.then(() => this.waitForSlot())
    this.tail = turn.catch(() => undefined)
    return turn
  }

  private async waitForSlot(): Promise<void> {
    for (;;) {
      const now = this.clock.now()
      while (this.grants.length > 0 && (this.grants[0] as number) <= now - this.windowMs) this.grants.shift()
      if (this.grants.length < this.limit) {
        this.grants.push(now)
        return
      }
      await this.clock.sleep((this.grants[0] as number) + this.windowMs - now)
    }
  }
}

const lookupLimiters = new Map<string, SlidingWindowLimiter>()

/**
 * The process-wide LookupEvents limiter for an account and region. The factory learns the account
 * (GetCallerIdentity) when the caller did not give it; only if even that fails is the key the
 * region alone, so all such ports share one budget, never more than one account's.
 */
export function lookupEventsLimiter(region: string, accountId: string | undefined, clock: LimiterClock = realClock): SlidingWindowLimiter {
  const key = `${accountId ?? '*'}/${region}`
  let limiter = lookupLimiters.get(key)
  if (!limiter) {
    limiter = new SlidingWindowLimiter(LOOKUP_EVENTS_PER_WINDOW, LOOKUP_EVENTS_WINDOW_MS, clock)
    lookupLimiters.set(key, limiter)
  }
  return limiter
}
