/**
 * LookupEvents' rate limit: AWS allows 2 requests per second per account and region and answers
 * ThrottlingException beyond that. A sliding one-second window over accepted requests models it;
 * throttled requests do not count against the window (they consumed no capacity).
 */

/** AWS's documented LookupEvents limit (CloudTrail quotas: 2 transactions per second per account per region). */
export const LOOKUP_REQUESTS_PER_SECOND = 2

/** The window the limit is counted over. */
const WINDOW_MS = 1000

export class RateLimiter {
  private readonly accepted = new Map<string, number[]>()

  constructor(private readonly limit: number = LOOKUP_REQUESTS_PER_SECOND) {}

  /** True when a request for `key` at `at` is within the limit (and records it); false when it must be throttled. */
  tryAcquire(key: string, at: Date): boolean {
    const now = at.getTime()
    const recent = (this.accepted.get(key) ?? []).filter((t) => t > now - WINDOW_MS && t <= now)
    if (recent.length >= this.limit) {
      this.accepted.set(key, recent)
      return false
    }
    recent.push(now)
    this.accepted.set(key, recent)
    return true
  }
}
