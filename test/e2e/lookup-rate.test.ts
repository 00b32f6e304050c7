/**
 * LookupEvents stays within CloudTrail's 2 requests/s per account-region *as the server counts
 * them*, whatever delays sit between the limiter and the wire: 10 concurrent lookups through the
 * real CloudTrail adapter (src/aws/cloudtrail.ts, real SDK over HTTP) against the in-process
 * sandbox, with credentials that take 0–300 ms to resolve (random sleep, then a random busy-wait
 * that blocks the whole event loop, sandbox included) and a background task that stalls the event
 * loop at random. The sandbox logs every lookup with `throttled` (src/sandbox/engine/cloudtrail/index.ts);
 * the port retries throttles, so only that log can prove none happened.
 *
 * Fixture: B = 222222222222, its `admin` user (may call cloudtrail:LookupEvents).
 */
import type { AwsCredentialIdentity } from '@smithy/types'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCloudTrailPort } from '../../src/aws/cloudtrail.js'
import { LOOKUP_EVENTS_PER_WINDOW, LOOKUP_EVENTS_WINDOW_MS, SlidingWindowLimiter } from '../../src/aws/rate-limit.js'
import { ACCOUNT_B, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js'

const REGION = 'us-east-1'
const LOOKUPS = 10

let sandbox: TestSandbox

beforeAll(async () => {
  sandbox = await startTestSandbox()
})
afterAll(async () => {
  await sandbox?.stop()
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Block the event loop (client and in-process sandbox alike) for `ms`. */
function busyWait(ms: number): void {
  const until = performance.now() + ms
  while (performance.now() < until) {
    // spin
  }
}

/**
 * A provider that is slow every time: the SDK re-resolves identities that expire within 5 minutes,
 * so an expiration 1 s ahead makes every request wait for it, as a slow SSO/IMDS refresh would.
 */
function slowCredentials(keys: { accessKeyId: string; secretAccessKey: string }): () => Promise<AwsCredentialIdentity> {
  return async () => {
    const delay = Math.random() * 300
    const spin = Math.random() * delay
    await sleep(delay - spin)
    busyWait(spin)
    return { ...keys, expiration: new Date(Date.now() + 1_000) }
  }
}

/** Most accepted lookups in any window as the sandbox counts it: [t, t + 1 s). */
function peakPerSecond(times: number[]): number {
  return Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u < t + 1_000).length))
}

describe('LookupEvents rate under client and server delay (e2e, sandbox)', () => {
  it(`${LOOKUPS} concurrent lookups with slow credentials and a stalling event loop: zero throttled`, async () => {
    const keys = sandbox.principals.targetAdmin
    if (!keys) throw new Error('the default world has B admin keys')
    const limiter = new SlidingWindowLimiter(LOOKUP_EVENTS_PER_WINDOW, LOOKUP_EVENTS_WINDOW_MS)
    let stalling = true
    const stalls = (async () => {
      while (stalling) {
        await sleep(Math.random() * 150)
        busyWait(Math.random() * 250)
      }
    })()
    sandbox.trail.lookupLog.length = 0
    try {
      const ports = Array.from({ length: LOOKUPS }, () =>
        createCloudTrailPort({ region: REGION, credentials: slowCredentials(keys) }, { service: 'cloudtrail', credentials: { kind: 'static' }, secrets: [keys.secretAccessKey], deadlineMs: 60_000, region: REGION }, { limiter: async () => limiter })
      )
      const now = new Date()
      const results = await Promise.all(ports.map((port, i) => port.lookupEvents({ attribute: { key: 'EventName', value: `Probe${i}` }, startTime: new Date(now.getTime() - 3_600_000), endTime: now, maxPages: 1 })))
      expect(results.map((r) => r.pages)).toEqual(Array(LOOKUPS).fill(1))
    } finally {
      stalling = false
      await stalls
    }
    const log = sandbox.trail.lookupLog.filter((entry) => entry.accountId === ACCOUNT_B && entry.region === REGION)
    expect(log.filter((entry) => entry.throttled)).toEqual([])
    expect(log).toHaveLength(LOOKUPS)
    expect(peakPerSecond(log.map((entry) => entry.at.getTime()))).toBeLessThanOrEqual(LOOKUP_EVENTS_PER_WINDOW)
  }, 60_000)
})
