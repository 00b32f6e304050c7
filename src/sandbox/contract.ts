/**
 * The sandbox's internal contract: the world description, the authenticated request each service
 * handler receives, the environment it acts through (authorization, CloudTrail recording, clock),
 * and the response it returns. The HTTP server, SigV4 verification, STS and IAM are built on one
 * side of this file; Bedrock Runtime and CloudTrail on the other.
 */
import type { NamedPolicy, PolicyDocument } from '../core/evaluate.js'

// ─── The world (JSON file, schema-validated; the default world ships in src/sandbox/worlds/) ───

export interface WorldFile {
  /** Optional, for editors. */
  $schema?: string
  accounts: WorldAccount[]
  faults?: FaultRule[]
  /** Milliseconds before a CloudTrail event becomes visible to LookupEvents (default 0). */
  cloudTrailDelayMs?: number
}

export interface WorldAccount {
  id: string
  alias?: string
  users: WorldUser[]
  roles: WorldRole[]
  /** Managed policies owned by the account (customer-managed). */
  policies?: WorldManagedPolicy[]
  oidcProviders?: WorldOidcProvider[]
  /** SCPs applying to the account, root first. */
  scps?: NamedPolicy[]
  /** Model ids enabled (model access granted) per region; `*` as a region means every region. */
  models: Record<string, string[]>
}

export interface WorldUser {
  name: string
  path?: string
  /** Long-term keys: `AKIA…` ids with their secrets. */
  accessKeys: { accessKeyId: string; secretAccessKey: string }[]
  /** The public IP every request with this user's keys (and sessions derived from them) appears to come from. */
  sourceIp: string
  inlinePolicies?: NamedPolicy[]
  /** ARNs of managed policies (customer-managed in this account, or `arn:aws:iam::aws:policy/…` AdministratorAccess/ReadOnlyAccess). */
  attachedPolicies?: string[]
  permissionsBoundary?: string
}

export interface WorldRole {
  name: string
  path?: string
  trustPolicy: PolicyDocument
  inlinePolicies?: NamedPolicy[]
  attachedPolicies?: string[]
  maxSessionDurationSeconds?: number
  description?: string
  tags?: Record<string, string>
  permissionsBoundary?: string
}

export interface WorldManagedPolicy {
  name: string
  path?: string
  document: PolicyDocument
}

export interface WorldOidcProvider {
  /** Issuer host and path, e.g. `token.actions.githubusercontent.com`. */
  host: string
  audiences: string[]
  /** HMAC secret (HS256) tokens for this provider are signed with; tests sign with it via `jose`. */
  signingSecret: string
  /** Source IP of requests made with these tokens. */
  sourceIp: string
}

export type FaultService = 'sts' | 'iam' | 'bedrock' | 'cloudtrail'

export interface FaultRule {
  service: FaultService | '*'
  /** Operation name (`AssumeRole`, `Converse`, `LookupEvents`, …) or `*`. */
  operation?: string
  /** What happens. `empty` answers 200 with an empty body; `reset` destroys the socket; `malformed` answers 200 with garbage. */
  kind: 'throttle' | 'error500' | 'error503' | 'latency' | 'reset' | 'malformed' | 'empty'
  /** Share of matching calls affected, 0–1 (default 1). Deterministic: every round(1/rate)-th call. */
  rate?: number
  /** For `latency`: milliseconds added. */
  latencyMs?: number
  /** Apply to at most this many calls, then stop (default: unlimited). */
  count?: number
}

// ─── One authenticated request ───

export type ServiceName = 'sts' | 'iam' | 'bedrock' | 'cloudtrail'

/** Who made the request, established from the SigV4 access key (or web identity token). */
export interface Caller {
  accountId: string
  /** The principal ARN as AWS reports it: `…:user/NAME` or `arn:aws:sts::ACCT:assumed-role/ROLE/SESSION`. */
  arn: string
  type: 'IAMUser' | 'AssumedRole' | 'Root'
  accessKeyId: string
  /** `AIDA…` for a user, `AROA…:session` for a role session. */
  principalId: string
  /** For sessions: the role's ARN (CloudTrail's `sessionContext.sessionIssuer`). */
  sessionIssuerArn?: string | undefined
  /** True when these credentials came from AssumeRole (so assuming again is role chaining). */
  isRoleSession: boolean
  sourceIp: string
  /** The policies that apply to the caller: inline + attached documents, boundary, session policy. */
  identityPolicies: NamedPolicy[]
  permissionsBoundary?: NamedPolicy | undefined
  sessionPolicy?: PolicyDocument | undefined
  /** Session expiry (temporary credentials only). */
  expiresAt?: Date | undefined
}

export interface SandboxRequest {
  service: ServiceName
  /** Region from the SigV4 credential scope. */
  region: string
  method: string
  /** Path without the query string, URL-decoded per segment. */
  path: string
  query: URLSearchParams
  headers: Record<string, string>
  body: Buffer
  caller: Caller
  /** AWS-shaped request id (UUID) for x-amzn-RequestId and CloudTrail's requestID. */
  requestId: string
  receivedAt: Date
  userAgent: string
}

export type SandboxResponseBody = string | Buffer | AsyncIterable<Uint8Array>

export interface SandboxResponse {
  status: number
  headers: Record<string, string>
  body: SandboxResponseBody
}

// ─── What handlers act through ───

export interface AuthorizationRequest {
  action: string
  resource: string
  resourceAccount: string
  /** Context keys on top of those the environment sets from the caller (aws:SourceIp, aws:PrincipalArn, …). */
  context?: Record<string, string | string[]>
  /** The trust policy for sts:AssumeRole*, or a resource policy. */
  resourcePolicy?: PolicyDocument | undefined
}

export interface AuthorizationResult {
  allowed: boolean
  /**
   * When denied, AWS's exact message (DESIGN §5), e.g. `User: arn:… is not authorized to perform:
   * bedrock:InvokeModel on resource: arn:… because no identity-based policy allows the
   * bedrock:InvokeModel action`. Cross-account AssumeRole denials carry no reason, as in AWS.
   */
  message: string
}

/** The event a handler records; the recorder fills eventID, eventTime, userIdentity, sourceIPAddress, userAgent, recipientAccountId. */
export interface TrailEventInput {
  request: SandboxRequest
  eventSource: string
  eventName: string
  /** The account whose trail gets the event (defaults to the caller's). */
  accountId?: string
  /** Defaults to the request's region. */
  region?: string
  readOnly: boolean
  requestParameters?: Record<string, unknown> | null
  responseElements?: Record<string, unknown> | null
  additionalEventData?: Record<string, unknown>
  resources?: { ARN: string; accountId: string; type: string }[]
  errorCode?: string
  errorMessage?: string
  /** Joins the two halves of a cross-account AssumeRole. */
  sharedEventID?: string
  /** Override userIdentity (e.g. `{ type: 'AWSAccount', accountId, principalId }` in the role's account). */
  userIdentity?: Record<string, unknown>
}

export interface TrailRecorder {
  record(event: TrailEventInput): void
}

export interface SandboxEnv {
  authorize(request: SandboxRequest, authz: AuthorizationRequest): Promise<AuthorizationResult>
  trail: TrailRecorder
  now(): Date
  /** Models enabled for an account in a region (`*` entries merged in). */
  enabledModels(accountId: string, region: string): string[]
}

export type ServiceHandler = (request: SandboxRequest, env: SandboxEnv) => Promise<SandboxResponse>

/** An AWS-shaped error a handler throws; the server renders it in the service's wire format. */
export class SandboxAwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 400,
    /** `Sender` or `Receiver`, for the query protocol's <Type>. */
    readonly type: 'Sender' | 'Receiver' = status >= 500 ? 'Receiver' : 'Sender'
  ) {
    super(message)
    this.name = 'SandboxAwsError'
  }
}
