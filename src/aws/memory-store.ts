/**
 * The state behind the in-memory AWS (memory.ts): plain objects that tests can read and edit
 * directly (`aws.accounts['222222222222'].roles['BedrockAccessRole'].trustPolicy = …`), plus the
 * call log and the scripted failures. No SDK, no I/O.
 *
 * Fixture convention (test/fixtures): A = 111111111111 (source), B = 222222222222 (target).
 */
import type { PolicyDocument } from '../core/evaluate.js'
import { AwsCallError, type AwsFailureKind } from '../core/ports/aws-error.js'
import type { ConverseInput, ConverseOutput, TrailEvent } from '../core/ports/aws.js'

export type MemoryService = 'sts' | 'iam' | 'bedrock' | 'cloudtrail'

export interface MemoryRole {
  name: string
  path: string
  /** `AROA…` */
  roleId: string
  trustPolicy: PolicyDocument
  /** Inline policies by name. */
  inlinePolicies: Record<string, PolicyDocument>
  attachedPolicyArns: string[]
  maxSessionDurationSeconds: number
  description?: string | undefined
  permissionsBoundaryArn?: string | undefined
  tags: Record<string, string>
}

export interface MemoryUser {
  name: string
  path: string
  /** `AIDA…` */
  userId: string
  inlinePolicies: Record<string, PolicyDocument>
  attachedPolicyArns: string[]
}

export interface MemoryPolicyVersion {
  versionId: string
  document: PolicyDocument
  isDefault: boolean
  createDate: Date
}

export interface MemoryManagedPolicy {
  arn: string
  name: string
  path: string
  description?: string | undefined
  tags: Record<string, string>
  /** Oldest first. IAM keeps at most 5 (MAX_POLICY_VERSIONS). */
  versions: MemoryPolicyVersion[]
  /** Next `vN` number (IAM never reuses version ids). */
  nextVersion: number
}

export interface MemoryAccount {
  id: string
  roles: Record<string, MemoryRole>
  users: Record<string, MemoryUser>
  /** Customer-managed policies by ARN. */
  policies: Record<string, MemoryManagedPolicy>
  /** CloudTrail events by region (any order; lookups sort newest first). */
  trail: Record<string, MemoryTrailEvent[]>
  /**
   * Bedrock model access per region (`*` = every region). When an account has no entry for a
   * region, every model is enabled there.
   */
  models: Record<string, string[]>
}

/** A trail event and the time it becomes visible to LookupEvents (CloudTrail's delivery lag). */
export interface MemoryTrailEvent extends TrailEvent {
  visibleAt: Date
}

/** Who a set of credentials is. */
export interface MemoryIdentity {
  accountId: string
  /** User ARN, role session ARN (`arn:aws:sts::B:assumed-role/ROLE/SESSION`) or root ARN. */
  arn: string
  userId: string
  /** Set for role sessions: the role's name (its policies apply). */
  roleName?: string | undefined
  /** Set for IAM users: the user's name (its policies apply). */
  userName?: string | undefined
  /** Public IP the calls appear to come from (`aws:SourceIp`, CloudTrail's sourceIPAddress). */
  sourceIp: string
  expiration?: Date | undefined
  /** Set when the credentials could not be resolved: every call fails with this `credentials` error. */
  unresolved?: { code: string; message: string } | undefined
}

/** One call made through a memory port, successful or not. Tests count write calls with it. */
export interface MemoryCall {
  service: MemoryService
  operation: string
  input: unknown
  /** The caller's account and ARN. */
  accountId: string
  callerArn: string
  region: string
  /** When the call was made, by the store's clock (tests can check LookupEvents pacing). */
  at: Date
  /** Set when the call failed (scripted or by the store's own rules). */
  error?: AwsCallError | undefined
}

/** A scripted failure: an error, or just a kind (a typical AWS error of that kind is made up). */
export type ScriptedFailure = AwsCallError | AwsFailureKind

/** Decides, per call, whether it fails. Return undefined to let the call through. */
export type FailurePredicate = (call: MemoryCall) => ScriptedFailure | undefined

export type BedrockAnswer = Partial<ConverseOutput> | ((input: ConverseInput, caller: MemoryIdentity, region: string) => Partial<ConverseOutput>)

/** IAM keeps at most five versions of a managed policy (IAM quotas); the sixth create is LimitExceeded. */
export const MAX_POLICY_VERSIONS = 5

/** IAM's default MaxSessionDuration for a new role: one hour. */
export const DEFAULT_MAX_SESSION_SECONDS = 3_600

/** CloudTrail's LookupEvents page size (its maximum, and what the service returns by default). */
export const TRAIL_PAGE_SIZE = 50

const SERVICE_PREFIX: Record<MemoryService, string> = { sts: 'sts', iam: 'iam', bedrock: 'bedrock', cloudtrail: 'cloudtrail' }

/**
 * A typical AWS error of a kind, worded as the service would: tests that only care about the
 * kind need not spell a message. `callerArn` goes into AccessDenied messages as AWS puts it there.
 */
export function typicalAwsError(service: MemoryService, operation: string, kind: AwsFailureKind, callerArn = 'arn:aws:iam::111111111111:user/caller'): AwsCallError {
  const action = `${SERVICE_PREFIX[service]}:${operation}`
  const json = service === 'bedrock' || service === 'cloudtrail'
  const shapes: Record<AwsFailureKind, { awsCode?: string; awsMessage: string; statusCode: number }> = {
    'access-denied': {
      awsCode: json ? 'AccessDeniedException' : 'AccessDenied',
      awsMessage: `User: ${callerArn} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`,
      statusCode: json ? 400 : 403
    },
    'invalid-request': { awsCode: json ? 'ValidationException' : 'ValidationError', awsMessage: `Invalid request for ${operation}.`, statusCode: 400 },
    'not-found': { awsCode: json ? 'ResourceNotFoundException' : 'NoSuchEntity', awsMessage: `The resource for ${operation} cannot be found.`, statusCode: 404 },
    credentials: { awsCode: 'InvalidClientTokenId', awsMessage: 'The security token included in the request is invalid.', statusCode: 403 },
    throttled: { awsCode: json ? 'ThrottlingException' : 'Throttling', awsMessage: 'Rate exceeded', statusCode: 400 },
    unavailable: { awsCode: 'InternalFailure', awsMessage: 'We encountered an internal error. Please try again.', statusCode: 500 },
    other: { awsCode: 'UnknownError', awsMessage: `${operation} failed.`, statusCode: 400 }
  }
  const shape = shapes[kind]
  return new AwsCallError({ service, operation, kind, ...shape, requestId: 'memory-request' })
}

/** An empty account; add roles/users/policies to it directly or with MemoryAws's helpers. */
export function emptyAccount(id: string): MemoryAccount {
  return { id, roles: {}, users: {}, policies: {}, trail: {}, models: {} }
}

/** Deterministic AWS-shaped ids (`AROA…`, `AIDA…`, `ASIA…`): a prefix and a counter, padded to 21 chars. */
export function makeIdFactory(): (prefix: string) => string {
  let counter = 0
  return (prefix) => {
    counter++
    return `${prefix}${String(counter).padStart(17, '0')}`.toUpperCase()
  }
}

/** What the memory ports act through; MemoryAws (memory.ts) implements it. */
export interface MemoryContext {
  /** The account, created empty on first use. */
  account(id: string): MemoryAccount
  now(): Date
  newId(prefix: string): string
  /**
   * Log a call and apply scripted failures: throws the scripted AwsCallError (logged on the call)
   * or returns the log entry. Ports call this first, then `reject` for the store's own errors.
   */
  begin(service: MemoryService, operation: string, input: unknown, caller: MemoryIdentity, region: string): MemoryCall
  /** Record `error` on the call and throw it. */
  reject(call: MemoryCall, error: AwsCallError): never
  /** Identities of temporary credentials minted by assumeRole, by access key id. */
  sessions: Record<string, MemoryIdentity>
  bedrockAnswer(input: ConverseInput, caller: MemoryIdentity, region: string): ConverseOutput
  /** Whether AssumeRole and Bedrock calls are authorized with the evaluator (default true). */
  readonly authorize: boolean
  readonly trailDelayMs: number
}

/** The AWS-managed policies the store knows by ARN (enough for admin/read-only fixtures). */
const AWS_MANAGED: Record<string, PolicyDocument> = {
  'arn:aws:iam::aws:policy/AdministratorAccess': { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  'arn:aws:iam::aws:policy/ReadOnlyAccess': {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['iam:Get*', 'iam:List*', 'cloudtrail:LookupEvents', 'sts:GetCallerIdentity'], Resource: '*' }]
  }
}

/** The default version's document of a managed policy (customer-managed in any account, or a known AWS one). */
export function managedPolicyDocument(context: MemoryContext, policyArn: string): PolicyDocument | undefined {
  const known = AWS_MANAGED[policyArn]
  if (known) return known
  const accountId = policyArn.split(':')[4] ?? ''
  const policy = context.account(accountId).policies[policyArn]
  return policy?.versions.find((v) => v.isDefault)?.document
}

/** The identity policies (inline + attached) of a user or role; empty for root and unknown principals. */
export function identityPoliciesOf(context: MemoryContext, entity: MemoryRole | MemoryUser | undefined): { name: string; document: PolicyDocument }[] {
  if (!entity) return []
  const inline = Object.entries(entity.inlinePolicies).map(([name, document]) => ({ name, document }))
  const attached = entity.attachedPolicyArns.flatMap((arn) => {
    const document = managedPolicyDocument(context, arn)
    return document ? [{ name: arn, document }] : []
  })
  return [...inline, ...attached]
}

/** The user or role behind an identity, when the store has it. */
export function entityOf(context: MemoryContext, identity: MemoryIdentity): MemoryRole | MemoryUser | undefined {
  const account = context.account(identity.accountId)
  if (identity.roleName) return account.roles[identity.roleName]
  if (identity.userName) return account.users[identity.userName]
  return undefined
}
