/**
 * The engine's contract: who asks (Caller), the context of one request (RequestContext), what
 * authorization and CloudTrail recording take, the API-shaped values operations return, and the
 * typed AWS error they throw. The wire layer (../wire) turns HTTP into these and back; the tests'
 * MemoryAws calls the same operations directly.
 */
import type { NamedPolicy, PolicyDocument } from '../../core/evaluate.js'

export type ServiceName = 'sts' | 'iam' | 'bedrock' | 'cloudtrail'

/** Who made the request, established from the SigV4 access key (or web identity token). */
export interface Caller {
  accountId: string
  /** The principal ARN as AWS reports it: `…:user/NAME`, `arn:aws:sts::ACCT:assumed-role/ROLE/SESSION` or `…:root`. */
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

/** One authenticated request, as every engine operation receives it. */
export interface RequestContext {
  caller: Caller
  /** Region the request was signed for (IAM: us-east-1, its one region). */
  region: string
  /** AWS-shaped request id (UUID) for x-amzn-RequestId and CloudTrail's requestID. */
  requestId: string
  /** When the request arrived, by the engine's clock. */
  receivedAt: Date
  userAgent: string
}

/** A value in an operation's input or output, shaped as the AWS API documents it (PascalCase members). */
export type ApiValue = string | number | boolean | Date | undefined | null | ApiValue[] | { [key: string]: ApiValue }

/** An operation's output: the API's result members (the wire renders them as XML or JSON). */
export type ApiOutput = Record<string, ApiValue>

export interface AuthorizationRequest {
  action: string
  resource: string
  resourceAccount: string
  /** Context keys on top of those set from the caller (aws:SourceIp, aws:PrincipalArn, …). */
  context?: Record<string, string | string[]>
  /** The trust policy for sts:AssumeRole*, or a resource policy. */
  resourcePolicy?: PolicyDocument | undefined
  /** For sts:TagSession / sts:SetSourceIdentity: the assume action of the request (core/session-actions.ts). */
  during?: string | undefined
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

/** The event an operation records; the recorder fills eventID, eventTime, userIdentity, sourceIPAddress, userAgent, recipientAccountId. */
export interface TrailEventInput {
  request: RequestContext
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

/** What operations act through: authorization as the request's caller, CloudTrail, the clock, model access. */
export interface EngineEnv {
  authorize(request: RequestContext, authz: AuthorizationRequest): Promise<AuthorizationResult>
  trail: TrailRecorder
  now(): Date
  /** Models enabled for an account in a region (`*` entries merged in). */
  enabledModels(accountId: string, region: string): string[]
}

/**
 * A body the wire layer could not decode (bad JSON). Operations report it, with their service's
 * wording, at the point AWS would (after authentication, throttling and authorization).
 */
export class UndecodableBody {
  readonly undecodable = true
}

/** An AWS-shaped error an operation throws; the wire renders it in the service's format. */
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
