/**
 * The sandbox's CloudTrail: records every event handlers report, per (account, region), and answers
 * LookupEvents (JSON 1.1) once an event is older than the configured delivery delay.
 */
import type { ServiceHandler, TrailEventInput, TrailRecorder } from '../contract.js'
import { SandboxAwsError } from '../contract.js'

/** A full CloudTrail record as AWS writes it (the JSON inside LookupEvents' `CloudTrailEvent`). */
export type TrailRecord = Record<string, unknown> & { eventID: string; eventTime: string; eventName: string; eventSource: string }

export interface LookupLogEntry {
  accountId: string
  region: string
  at: Date
  throttled: boolean
}

export interface TrailStore extends TrailRecorder {
  handler: ServiceHandler
  setDelay(ms: number): void
  /** All records of an account in a region, visible or not (for tests). */
  events(accountId: string, region: string): TrailRecord[]
  /** Every LookupEvents request, accepted or throttled. */
  lookupLog: LookupLogEntry[]
}

export function createTrailStore(options: { now: () => Date; delayMs: number }): TrailStore {
  const records = new Map<string, TrailRecord[]>()
  let delayMs = options.delayMs
  void delayMs
  return {
    record(_event: TrailEventInput): void {},
    setDelay(ms: number): void {
      delayMs = ms
    },
    events(accountId, region) {
      return records.get(`${accountId}/${region}`) ?? []
    },
    lookupLog: [],
    handler: async () => {
      throw new SandboxAwsError('UnknownOperationException', 'not implemented yet', 400)
    }
  }
}
