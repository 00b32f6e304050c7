/**
 * Pure CloudTrail event matching, shared by verify's CloudTrail checks and the `trail` command:
 * which events concern the access role (its AssumeRole calls and the Bedrock calls of its
 * sessions), which belong to one verify run (matched by the unique role session name), which are
 * errors, and a flat row for tables and JSON that carries no access key id.
 */
import type { TrailEvent } from '../ports/aws.js'

/** Bedrock runtime calls as CloudTrail names them (DESIGN §8). */
export const BEDROCK_EVENT_NAMES = ['InvokeModel', 'InvokeModelWithResponseStream', 'Converse', 'ConverseStream'] as const

export const BEDROCK_EVENT_SOURCE = 'bedrock.amazonaws.com'

function asObject(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : {}
}

function record(event: TrailEvent, key: string): Record<string, unknown> {
  return asObject(event.record[key])
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

export function isBedrockEvent(event: TrailEvent): boolean {
  return (BEDROCK_EVENT_NAMES as readonly string[]).includes(event.eventName)
}

/** AssumeRole, or AssumeRoleWithWebIdentity (an OIDC caller's): both name the role and session in requestParameters. */
export function isAssumeRoleEvent(event: TrailEvent): boolean {
  return event.eventName === 'AssumeRole' || event.eventName === 'AssumeRoleWithWebIdentity'
}

/** The AssumeRole request's role ARN. */
export function assumedRoleArnOf(event: TrailEvent): string | undefined {
  return text(record(event, 'requestParameters').roleArn)
}

export function roleSessionNameOf(event: TrailEvent): string | undefined {
  return text(record(event, 'requestParameters').roleSessionName)
}

/** The principal that made the call: an ARN, or for the role's side of a cross-account AssumeRole the calling account. */
export function principalOf(event: TrailEvent): string | undefined {
  const identity = record(event, 'userIdentity')
  return text(identity.arn) ?? (text(identity.accountId) ? `account ${text(identity.accountId)}` : undefined) ?? text(identity.principalId)
}

/** `arn:…:assumed-role/ROLE/SESSION` → SESSION. */
export function callerSessionNameOf(event: TrailEvent): string | undefined {
  const arn = text(record(event, 'userIdentity').arn)
  const match = arn ? /:assumed-role\/[^/]+\/(.+)$/.exec(arn) : null
  return match?.[1]
}

/** Whether a Bedrock event was made by a session of `roleArn` (the role's name in its account). */
export function isCallByRole(event: TrailEvent, roleArn: string): boolean {
  const identity = record(event, 'userIdentity')
  const sessionContext = asObject(identity.sessionContext)
  const issuer = text(asObject(sessionContext.sessionIssuer).arn)
  if (issuer === roleArn) return true
  const arn = text(identity.arn)
  const role = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn)
  return Boolean(arn && role && arn.startsWith(`arn:${role[1]}:sts::${role[2]}:assumed-role/${role[3]}/`))
}

/** AssumeRole on the role or Bedrock calls by its sessions. */
export function concernsRole(event: TrailEvent, roleArn: string): boolean {
  if (isAssumeRoleEvent(event)) return assumedRoleArnOf(event) === roleArn
  return isBedrockEvent(event) && isCallByRole(event, roleArn)
}

/** AccessDenied* and Validation* errors (what `trail --errors` shows). */
export function isErrorEvent(event: TrailEvent): boolean {
  const code = text(event.record.errorCode)
  return Boolean(code && /^(AccessDenied|Validation|UnauthorizedOperation)/i.test(code))
}

/** This run's AssumeRole on the role: matched by the unique session name, successful. */
export function findRunAssumeRole(events: readonly TrailEvent[], roleArn: string, sessionName: string): TrailEvent | undefined {
  return events.find((e) => isAssumeRoleEvent(e) && assumedRoleArnOf(e) === roleArn && roleSessionNameOf(e) === sessionName && !e.record.errorCode)
}

/** This run's Bedrock call: made by the run's session. */
export function findRunInvoke(events: readonly TrailEvent[], roleArn: string, sessionName: string): TrailEvent | undefined {
  return events.find((e) => isBedrockEvent(e) && isCallByRole(e, roleArn) && callerSessionNameOf(e) === sessionName && !e.record.errorCode)
}

/** One event as a table/JSON row. Deliberately without userIdentity.accessKeyId or anything secret. */
export interface TrailRow {
  eventTime: string
  eventName: string
  eventSource: string
  region: string
  account: string | undefined
  principal: string | undefined
  sourceIPAddress: string | undefined
  /** The role ARN (AssumeRole) or model id (Bedrock). */
  target: string | undefined
  roleSessionName: string | undefined
  errorCode: string | undefined
  errorMessage: string | undefined
  eventId: string
  sharedEventID: string | undefined
}

export function toTrailRow(event: TrailEvent, region: string): TrailRow {
  const params = record(event, 'requestParameters')
  return {
    eventTime: event.eventTime.toISOString(),
    eventName: event.eventName,
    eventSource: event.eventSource,
    region: text(event.record.awsRegion) ?? region,
    account: text(event.record.recipientAccountId),
    principal: principalOf(event),
    sourceIPAddress: text(event.record.sourceIPAddress),
    target: isAssumeRoleEvent(event) ? text(params.roleArn) : text(params.modelId),
    roleSessionName: isAssumeRoleEvent(event) ? text(params.roleSessionName) : callerSessionNameOf(event),
    errorCode: text(event.record.errorCode),
    errorMessage: text(event.record.errorMessage),
    eventId: event.eventId,
    sharedEventID: text(event.record.sharedEventID)
  }
}

/**
 * Regions to search: the client's region first (STS is regional, and global-endpoint requests from
 * default-enabled regions are now served and logged in the caller's region), then us-east-1, where
 * the global endpoint logged before that change and still does from opt-in regions
 * (docs/aws-facts.md trail.sts.global-endpoint-region).
 */
export function trailRegions(region: string): string[] {
  return region === 'us-east-1' ? ['us-east-1'] : [region, 'us-east-1']
}

/** One LookupEvents query of a trail search (CloudTrail takes one attribute per query). */
export interface TrailQuery {
  region: string
  attribute: { key: 'EventName' | 'EventSource'; value: string }
}

/**
 * The queries that find a role's activity: AssumeRole in the client's region and in us-east-1
 * (the global STS endpoint logs there), Bedrock calls in the client's region only (Bedrock logs
 * where it was called, DESIGN §8) — and only in the account that owns the role.
 */
export function planTrailQueries(region: string, side: 'target' | 'source'): TrailQuery[] {
  const queries: TrailQuery[] = trailRegions(region).map((r) => ({ region: r, attribute: { key: 'EventName', value: 'AssumeRole' } }))
  if (side === 'target') queries.push({ region, attribute: { key: 'EventSource', value: BEDROCK_EVENT_SOURCE } })
  return queries
}

/** The role's events among `events`, errors only when asked, oldest first, each event once. */
export function selectTrailEvents(events: readonly TrailEvent[], roleArn: string, options: { errorsOnly: boolean }): TrailEvent[] {
  const seen = new Set<string>()
  return events
    .filter((e) => concernsRole(e, roleArn) && (!options.errorsOnly || isErrorEvent(e)))
    .filter((e) => (seen.has(e.eventId) ? false : (seen.add(e.eventId), true)))
    .sort((a, b) => a.eventTime.getTime() - b.eventTime.getTime())
}
