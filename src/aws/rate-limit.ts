/**
 * CloudTrail's LookupEvents allows 2 requests per second per account and region (DESIGN §8); a
 * `verify --config` of 20 setups polling concurrently would blow through that and get throttled.
 * One process-wide limiter per (account, region) makes every CloudTrailPort of the same key share
 * the budget. Clock and sleep are injectable so tests can prove the bound.
 *
 * Why lanes held until the response, not "2 grants per window": a grant is not an arrival. Between
 * the grant and the server's clock reading lie credential resolution, signing, event-loop delay in
 * our process and queueing in the server's; two requests granted 1.1 s apart could be counted
 * 0.5 s apart by the service and the third throttled (seen under machine load). So the limiter
 * has `limit` lanes; a request holds its lane from before it is signed until its response (or
 * failure) is back, and the lane opens again only one window after that. The server counts each
 * request at a moment between our sending it and our reading its answer, so two requests of one
 * lane are counted at least a window apart whatever the delays on either side, and any window
 * holds at most one request per lane: at most `limit`, which is CloudTrail's rule (and the
 * sandbox's, src/sandbox/engine/cloudtrail/throttle.ts: fewer than 2 accepted in the last 1,000 ms).
 */

export interface LimiterClock {
  now(): number
  sleep(ms: number): Promise<void>
}

/** Monotonic time (a wall-clock step must neither shorten nor stretch a window) and real timers. */
export const realClock: LimiterClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms))
}

/** LookupEvents' documented limit: requests per window, per account and region. */
export const LOOKUP_EVENTS_PER_WINDOW = 2

/** CloudTrail's window for that limit. */
export const LOOKUP_EVENTS_SERVICE_WINDOW_MS = 1_000

/**
 * Slack on top of the service's window. Holding lanes until the response already makes the bound
 * independent of delays; the margin covers what causality does not: timer and clock granularity
 * (a 1 ms rounding either side) and a service whose rate limiter and responder read different
 * hosts' clocks. 100 ms costs under 10% of throughput.
 */
export const LOOKUP_EVENTS_MARGIN_MS = 100

/** How long a lane stays closed after its request's response: the service's window plus the margin. */
export const LOOKUP_EVENTS_WINDOW_MS = LOOKUP_EVENTS_SERVICE_WINDOW_MS + LOOKUP_EVENTS_MARGIN_MS

/** Ends a request's hold on its lane; call once its response (or failure) is in. Later calls do nothing. */
export type ReleaseLane = () => void

/**
 * At most `limit` requests in any `windowMs` as the server counts them: `limit` lanes, each held
 * from acquire() until release, then closed for `windowMs` (see the file comment). FIFO.
 */
export class SlidingWindowLimiter {
  /** Per lane: when it opens again; Infinity while its request is in flight. */
  private readonly openAt: number[]
  private tail: Promise<unknown> = Promise.resolve()
  private released: (() => void) | undefined

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly clock: LimiterClock = realClock
  ) {
    this.openAt = Array.from({ length: limit }, () => Number.NEGATIVE_INFINITY)
  }

  /** Resolves when the caller may send one request, with the function to call once its answer is in. */
  acquire(): Promise<ReleaseLane> {
    const turn = this.tail.then(() => this.waitForLane())
    this.tail = turn.catch(() => undefined)
    return turn
  }

  /** Run `send` (the whole request: signing, sending, reading the response) holding a lane. */
  async run<T>(send: () => Promise<T>): Promise<T> {
    const release = await this.acquire()
    try {
      return await send()
    } finally {
      release()
    }
  }

  private async waitForLane(): Promise<ReleaseLane> {
    for (;;) {
      const now = this.clock.now()
      let lane = 0
      for (let i = 1; i < this.openAt.length; i++) if ((this.openAt[i] as number) < (this.openAt[lane] as number)) lane = i
      const opensAt = this.openAt[lane] as number
      if (opensAt <= now) {
        this.openAt[lane] = Number.POSITIVE_INFINITY
        let done = false
        return () => {
          if (done) return
          done = true
          this.openAt[lane] = this.clock.now() + this.windowMs
          const wake = this.released
          this.released = undefined
          wake?.()
        }
      }
      if (opensAt === Number.POSITIVE_INFINITY) {
        // Every lane in flight: wait for one to come back (its window then starts).
        await new Promise<void>((resolve) => (this.released = resolve))
      } else {
        await this.clock.sleep(opensAt - now)
      }
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
