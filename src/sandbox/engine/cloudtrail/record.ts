/**
 * Turning what a handler reports (TrailEventInput) into the CloudTrail record AWS would write: the
 * JSON document LookupEvents returns as a string in `CloudTrailEvent`, with the fields in AWS's order.
 */
import { randomUUID } from 'node:crypto'
import type { Caller, TrailEventInput } from '../types.js'

/** A full CloudTrail record as AWS writes it (the JSON inside LookupEvents' `CloudTrailEvent`). */
export interface TrailRecord {
  eventVersion: string
  userIdentity: Record<string, unknown>
  eventTime: string
  eventSource: string
  eventName: string
  awsRegion: string
  sourceIPAddress: string
  userAgent: string
  errorCode?: string
  errorMessage?: string
  requestParameters: Record<string, unknown> | null
  responseElements: Record<string, unknown> | null
  additionalEventData?: Record<string, unknown>
  requestID: string
  eventID: string
  readOnly: boolean
  resources?: { ARN: string; accountId: string; type: string }[]
  eventType: 'AwsApiCall'
  managementEvent: boolean
  recipientAccountId: string
  sharedEventID?: string
  eventCategory: 'Management'
}

/** CloudTrail's record format version for API calls with `eventCategory` (current since 2021). */
const EVENT_VERSION = '1.08'

/** `2026-11-23T07:00:00Z`: CloudTrail writes event times to the second. */
export function trailTime(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

function lastSegment(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1)
}

/** The `userIdentity` block CloudTrail writes for a caller (user, role session or root). */
export function userIdentityOf(caller: Caller, eventTime: Date): Record<string, unknown> {
  if (caller.type === 'AssumedRole') {
    const roleArn = caller.sessionIssuerArn ?? caller.arn
    const roleId = caller.principalId.split(':')[0] ?? caller.principalId
    return {
      type: 'AssumedRole',
      principalId: caller.principalId,
      arn: caller.arn,
      accountId: caller.accountId,
      accessKeyId: caller.accessKeyId,
      sessionContext: {
        sessionIssuer: { type: 'Role', principalId: roleId, arn: roleArn, accountId: caller.accountId, userName: lastSegment(roleArn) },
        // The session's creation time is not part of the Caller; the event time is the closest honest value.
        attributes: { creationDate: trailTime(eventTime), mfaAuthenticated: 'false' }
      }
    }
  }
  if (caller.type === 'Root') {
    return { type: 'Root', principalId: caller.accountId, arn: caller.arn, accountId: caller.accountId, accessKeyId: caller.accessKeyId }
  }
  return {
    type: 'IAMUser',
    principalId: caller.principalId,
    arn: caller.arn,
    accountId: caller.accountId,
    accessKeyId: caller.accessKeyId,
    userName: lastSegment(caller.arn)
  }
}

/** Build the record for `input` at time `at`, in the trail of `accountId`. */
export function buildRecord(input: TrailEventInput, at: Date, accountId: string, region: string): TrailRecord {
  const { request } = input
  const record: TrailRecord = {
    eventVersion: EVENT_VERSION,
    userIdentity: input.userIdentity ?? userIdentityOf(request.caller, at),
    eventTime: trailTime(at),
    eventSource: input.eventSource,
    eventName: input.eventName,
    awsRegion: region,
    sourceIPAddress: request.caller.sourceIp,
    userAgent: request.userAgent,
    requestParameters: input.requestParameters ?? null,
    responseElements: input.responseElements ?? null,
    requestID: request.requestId,
    eventID: randomUUID(),
    readOnly: input.readOnly,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: accountId,
    eventCategory: 'Management'
  }
  // Optional fields are inserted where AWS puts them, so a printed record reads like the real one.
  const ordered: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(record)) {
    if (key === 'requestParameters') {
      if (input.errorCode !== undefined) ordered.errorCode = input.errorCode
      if (input.errorMessage !== undefined) ordered.errorMessage = input.errorMessage
    }
    if (key === 'requestID' && input.additionalEventData !== undefined) ordered.additionalEventData = input.additionalEventData
    if (key === 'eventType' && input.resources !== undefined) ordered.resources = input.resources
    if (key === 'eventCategory' && input.sharedEventID !== undefined) ordered.sharedEventID = input.sharedEventID
    ordered[key] = value
  }
  return ordered as unknown as TrailRecord
}

/** What LookupEvents calls `Username`: the user name, or the session name for a role session. */
export function lookupUsername(record: TrailRecord): string | undefined {
  const identity = record.userIdentity
  if (typeof identity.userName === 'string') return identity.userName
  if (typeof identity.arn === 'string' && identity.type === 'AssumedRole') return lastSegment(identity.arn)
  if (identity.type === 'Root') return 'root'
  return undefined
}

export function lookupAccessKeyId(record: TrailRecord): string | undefined {
  const key = record.userIdentity.accessKeyId
  return typeof key === 'string' ? key : undefined
}
