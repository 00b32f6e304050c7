/**
 * LookupEvents, the request half: validate the decoded JSON 1.1 request as CloudTrail does, filter
 * visible records by one lookup attribute and a time range, and page them newest first with an
 * opaque NextToken that only works for the query it came from.
 */
import { createHash } from 'node:crypto'
import { SandboxAwsError, UndecodableBody, type ApiValue } from '../types.js'
import { lookupAccessKeyId, lookupUsername } from './record.js'
import type { TrailRecord } from './record.js'

/** CloudTrail's page size limit for LookupEvents (also the default). */
export const MAX_RESULTS_LIMIT = 50

/** How far back LookupEvents reaches: CloudTrail keeps 90 days of management events. */
const RETENTION_MS = 90 * 24 * 3600 * 1000

export const LOOKUP_ATTRIBUTE_KEYS = ['EventId', 'EventName', 'ReadOnly', 'Username', 'ResourceType', 'ResourceName', 'EventSource', 'AccessKeyId'] as const
export type LookupAttributeKey = (typeof LOOKUP_ATTRIBUTE_KEYS)[number]

/** A stored record with what ordering and visibility need. */
export interface StoredRecord {
  record: TrailRecord
  /** Exact recording time (ms); `record.eventTime` is rounded to the second like AWS's. */
  recordedAtMs: number
  /** Insertion order, to break ties between records of the same millisecond. */
  seq: number
}

export interface LookupQuery {
  attribute?: { key: LookupAttributeKey; value: string }
  /** Inclusive bounds in epoch seconds. */
  startSeconds: number
  endSeconds: number
  maxResults: number
  nextToken?: string
  /** The filters as the client gave them (defaults move with the clock, so they are left out). */
  filters: string
}

function invalid(code: string, message: string): SandboxAwsError {
  return new SandboxAwsError(code, message, 400)
}

/** Epoch seconds from the wire: the SDK sends numbers; accept ISO strings too, as the API does. */
function toSeconds(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value === 'string') {
    const asNumber = Number(value)
    if (value.trim() !== '' && Number.isFinite(asNumber)) return asNumber
    const parsed = Date.parse(value)
    if (Number.isFinite(parsed)) return parsed / 1000
  }
  throw invalid('SerializationException', `${field} must be a timestamp (epoch seconds), got ${JSON.stringify(value)}`)
}

/** Validate a LookupEvents request (decoded JSON); `now` supplies the default time range. */
export function lookupQueryOf(input: unknown, now: Date): LookupQuery {
  if (input instanceof UndecodableBody) throw invalid('SerializationException', 'Start of structure or map found where not expected.')
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw invalid('SerializationException', 'The request body must be a JSON object.')
  const fields = input as Record<string, unknown>

  let attribute: LookupQuery['attribute']
  const attributes = fields.LookupAttributes
  if (attributes !== undefined && attributes !== null) {
    if (!Array.isArray(attributes)) throw invalid('SerializationException', 'LookupAttributes must be a list.')
    if (attributes.length > 1) throw invalid('InvalidLookupAttributesException', 'You can only specify one lookup attribute per request.')
    const first: unknown = attributes[0]
    if (first !== undefined) {
      if (first === null || typeof first !== 'object' || Array.isArray(first)) throw invalid('SerializationException', 'Each LookupAttribute must be an object with AttributeKey and AttributeValue.')
      const key = (first as Record<string, unknown>).AttributeKey
      const value = (first as Record<string, unknown>).AttributeValue
      if (typeof key !== 'string' || !(LOOKUP_ATTRIBUTE_KEYS as readonly string[]).includes(key)) {
        throw invalid('InvalidLookupAttributesException', `Invalid AttributeKey: ${String(key)}. Valid keys are ${LOOKUP_ATTRIBUTE_KEYS.join(', ')}.`)
      }
      if (typeof value !== 'string' || value.length === 0) throw invalid('InvalidLookupAttributesException', 'AttributeValue must not be empty.')
      attribute = { key: key as LookupAttributeKey, value }
    }
  }

  const nowSeconds = now.getTime() / 1000
  const endSeconds = toSeconds(fields.EndTime, 'EndTime') ?? nowSeconds
  const startSeconds = toSeconds(fields.StartTime, 'StartTime') ?? nowSeconds - RETENTION_MS / 1000
  if (startSeconds > endSeconds) throw invalid('InvalidTimeRangeException', 'Start time must be before end time.')

  let maxResults = MAX_RESULTS_LIMIT
  if (fields.MaxResults !== undefined && fields.MaxResults !== null) {
    const value = fields.MaxResults
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_RESULTS_LIMIT) {
      throw invalid('InvalidMaxResultsException', `MaxResults must be between 1 and ${MAX_RESULTS_LIMIT}.`)
    }
    maxResults = value
  }

  const filters = JSON.stringify([attribute ?? null, fields.StartTime ?? null, fields.EndTime ?? null])
  const query: LookupQuery = { startSeconds, endSeconds, maxResults, filters }
  if (attribute !== undefined) query.attribute = attribute
  if (fields.NextToken !== undefined && fields.NextToken !== null) {
    if (typeof fields.NextToken !== 'string' || fields.NextToken === '') throw invalid('InvalidNextTokenException', 'Invalid NextToken.')
    query.nextToken = fields.NextToken
  }
  return query
}

function matchesAttribute(record: TrailRecord, attribute: NonNullable<LookupQuery['attribute']>): boolean {
  const { key, value } = attribute
  switch (key) {
    case 'EventId':
      return record.eventID === value
    case 'EventName':
      return record.eventName === value
    case 'ReadOnly':
      return String(record.readOnly) === value
    case 'Username':
      return lookupUsername(record) === value
    case 'ResourceType':
      return (record.resources ?? []).some((r) => r.type === value)
    case 'ResourceName':
      return (record.resources ?? []).some((r) => r.ARN === value || r.ARN.slice(r.ARN.lastIndexOf('/') + 1) === value)
    case 'EventSource':
      return record.eventSource === value
    case 'AccessKeyId':
      return lookupAccessKeyId(record) === value
  }
}

/** A position in the newest-first order: strictly older records come next. */
interface Cursor {
  t: number
  s: number
}

function isAfter(item: StoredRecord, cursor: Cursor): boolean {
  return item.recordedAtMs < cursor.t || (item.recordedAtMs === cursor.t && item.seq < cursor.s)
}

/** Binds a token to its query, so a token replayed with other filters is rejected as AWS does. */
function queryFingerprint(query: LookupQuery): string {
  return createHash('sha256').update(query.filters).digest('base64url').slice(0, 16)
}

function encodeToken(query: LookupQuery, cursor: Cursor): string {
  return Buffer.from(JSON.stringify({ q: queryFingerprint(query), ...cursor })).toString('base64url')
}

function decodeToken(query: LookupQuery, token: string): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Record<string, unknown>
    if (parsed.q === queryFingerprint(query) && typeof parsed.t === 'number' && typeof parsed.s === 'number') return { t: parsed.t, s: parsed.s }
  } catch {
    // fall through: any undecodable token is invalid
  }
  throw invalid('InvalidNextTokenException', 'Invalid NextToken.')
}

/** One page of matching, visible records, newest first, and the token for the next page if any. */
export function pageRecords(visible: readonly StoredRecord[], query: LookupQuery): { page: StoredRecord[]; nextToken?: string } {
  const cursor = query.nextToken === undefined ? undefined : decodeToken(query, query.nextToken)
  const startSecond = Math.floor(query.startSeconds)
  const matching = visible
    .filter((item) => {
      const second = Math.floor(item.recordedAtMs / 1000)
      if (second < startSecond || second > query.endSeconds) return false
      if (query.attribute !== undefined && !matchesAttribute(item.record, query.attribute)) return false
      return cursor === undefined || isAfter(item, cursor)
    })
    .sort((a, b) => b.recordedAtMs - a.recordedAtMs || b.seq - a.seq)
  const page = matching.slice(0, query.maxResults)
  const last = page[page.length - 1]
  if (matching.length > page.length && last !== undefined) return { page, nextToken: encodeToken(query, { t: last.recordedAtMs, s: last.seq }) }
  return { page }
}

/** The `Events[]` entry LookupEvents returns for a record. */
export function lookupEventOf(record: TrailRecord, recordedAtMs: number): Record<string, ApiValue> {
  const event: Record<string, ApiValue> = {
    EventId: record.eventID,
    EventName: record.eventName,
    ReadOnly: String(record.readOnly),
    AccessKeyId: lookupAccessKeyId(record),
    EventTime: Math.floor(recordedAtMs / 1000),
    EventSource: record.eventSource,
    Username: lookupUsername(record),
    Resources: (record.resources ?? []).map((r) => ({ ResourceType: r.type, ResourceName: r.ARN })),
    CloudTrailEvent: JSON.stringify(record)
  }
  for (const key of Object.keys(event)) if (event[key] === undefined) delete event[key]
  return event
}
