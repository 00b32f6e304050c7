/**
 * Narrow ports over AWS (STYLE habit 3, after aws-cdk's sdk.ts): only the calls the tool makes,
 * in the tool's own types. Core declares them (STYLE habit 14: ports belong to the layer that uses them); `src/aws/` implements
 * them with the SDK, and tests implement them with in-memory fakes or the sandbox.
 *
 * Every method throws `AwsCallError` (src/core/ports/aws-error.ts) on failure, never an SDK error.
 */
import type { PolicyDocument } from '../evaluate.js'

export interface CallerIdentity {
  account: string
  /** The principal ARN (user, assumed-role session, …). */
  arn: string
  userId: string
}

/** Temporary credentials. Never printed, logged or written anywhere (reporters must not receive them). */
export interface TemporaryCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken: string
  expiration: Date
}

export interface AssumeRoleInput {
  roleArn: string
  roleSessionName: string
  externalId?: string | undefined
  durationSeconds?: number | undefined
  sourceIdentity?: string | undefined
}

export interface AssumedRole {
  credentials: TemporaryCredentials
  /** `arn:aws:sts::B:assumed-role/ROLE/SESSION`. */
  assumedRoleArn: string
  assumedRoleId: string
}

export interface AssumeRoleWithWebIdentityInput {
  roleArn: string
  roleSessionName: string
  /** The OIDC token (a bearer secret: never printed or logged). */
  webIdentityToken: string
  durationSeconds?: number | undefined
}

/** AssumeRoleWithWebIdentity's answer: the session, and the claims STS accepted. */
export interface AssumedWebIdentityRole extends AssumedRole {
  /** The token's `sub`, as STS read it. */
  subjectFromWebIdentityToken?: string | undefined
  /** The token's `aud` that matched the provider. */
  audience?: string | undefined
  /** The issuer (`https://HOST` or the provider ARN). */
  provider?: string | undefined
}

export interface StsPort {
  getCallerIdentity(): Promise<CallerIdentity>
  assumeRole(input: AssumeRoleInput): Promise<AssumedRole>
  /** Unsigned (STS needs no credentials for it): the token is the proof of identity. */
  assumeRoleWithWebIdentity(input: AssumeRoleWithWebIdentityInput): Promise<AssumedWebIdentityRole>
}

export interface RoleInfo {
  arn: string
  name: string
  path: string
  roleId: string
  /** Decoded and parsed (GetRole returns it URL-encoded). */
  trustPolicy: PolicyDocument
  maxSessionDurationSeconds: number
  description?: string | undefined
  permissionsBoundaryArn?: string | undefined
  tags: Record<string, string>
}

/** A role as ListRoles returns it: no permissions boundary, no tags (IAM leaves them out of listings). */
export type ListedRole = Omit<RoleInfo, 'permissionsBoundaryArn' | 'tags'>

/**
 * A role with its policies, as GetAccountAuthorizationDetails returns it. Unlike GetRole it carries
 * no MaxSessionDuration and no description (ListRoles has those).
 */
export interface RoleDetails extends Omit<RoleInfo, 'maxSessionDurationSeconds' | 'description'> {
  /** Inline policies, decoded, in IAM's order. */
  inlinePolicies: { name: string; document: PolicyDocument }[]
  attachedPolicies: ManagedPolicyRef[]
}

export interface ManagedPolicyRef {
  arn: string
  name: string
}

export interface ManagedPolicyInfo extends ManagedPolicyRef {
  defaultVersionId: string
}

export interface PolicyVersionInfo {
  versionId: string
  isDefault: boolean
  createDate: Date
}

export type SimulationDecision = 'allowed' | 'implicitDeny' | 'explicitDeny'

export interface SimulatePrincipalPolicyInput {
  policySourceArn: string
  actionNames: string[]
  resourceArns: string[]
  /** Context entries as string lists (type `string` / `stringList` / `ip` inferred by the adapter). */
  context?: Record<string, string[]> | undefined
}

export interface SimulationResult {
  action: string
  resource: string
  decision: SimulationDecision
  /** Ids of the statements that decided, when IAM says. */
  matchedStatements: string[]
}

export interface IamReadPort {
  /** Undefined when the role does not exist (NoSuchEntity). */
  getRole(roleName: string): Promise<RoleInfo | undefined>
  listRolePolicies(roleName: string): Promise<string[]>
  /** Undefined when the inline policy does not exist. */
  getRolePolicy(roleName: string, policyName: string): Promise<PolicyDocument | undefined>
  listAttachedRolePolicies(roleName: string): Promise<ManagedPolicyRef[]>
  getPolicy(policyArn: string): Promise<ManagedPolicyInfo | undefined>
  getPolicyVersion(policyArn: string, versionId: string): Promise<PolicyDocument>
  listPolicyVersions(policyArn: string): Promise<PolicyVersionInfo[]>
  listUserPolicies(userName: string): Promise<string[]>
  getUserPolicy(userName: string, policyName: string): Promise<PolicyDocument | undefined>
  listAttachedUserPolicies(userName: string): Promise<ManagedPolicyRef[]>
  simulatePrincipalPolicy(input: SimulatePrincipalPolicyInput): Promise<SimulationResult[]>
  /** Every role in the account (ListRoles, paged to the end). */
  listRoles(): Promise<ListedRole[]>
  /** Every role with its policies (GetAccountAuthorizationDetails, Filter=Role, paged to the end). */
  listRoleDetails(): Promise<RoleDetails[]>
}

export interface CreateRoleInput {
  roleName: string
  path: string
  trustPolicy: PolicyDocument
  maxSessionDurationSeconds: number
  description?: string | undefined
  tags: Record<string, string>
}

export interface CreatePolicyInput {
  policyName: string
  path: string
  document: PolicyDocument
  description?: string | undefined
  tags: Record<string, string>
}

export interface IamWritePort {
  createRole(input: CreateRoleInput): Promise<RoleInfo>
  updateAssumeRolePolicy(roleName: string, trustPolicy: PolicyDocument): Promise<void>
  /** MaxSessionDuration (and description when given); leaves everything else alone. */
  updateRole(roleName: string, changes: { maxSessionDurationSeconds?: number; description?: string }): Promise<void>
  tagRole(roleName: string, tags: Record<string, string>): Promise<void>
  /** Removes the tags with these keys (UntagRole: at most UNTAG_ROLE_MAX_KEYS per call); a key the role lacks is no error. */
  untagRole(roleName: string, tagKeys: readonly string[]): Promise<void>
  putRolePolicy(roleName: string, policyName: string, document: PolicyDocument): Promise<void>
  deleteRolePolicy(roleName: string, policyName: string): Promise<void>
  createPolicy(input: CreatePolicyInput): Promise<ManagedPolicyInfo>
  createPolicyVersion(policyArn: string, document: PolicyDocument, setAsDefault: boolean): Promise<PolicyVersionInfo>
  deletePolicyVersion(policyArn: string, versionId: string): Promise<void>
  attachRolePolicy(roleName: string, policyArn: string): Promise<void>
  putUserPolicy(userName: string, policyName: string, document: PolicyDocument): Promise<void>
  /** Teardown (init --destroy) and restore of a role apply created. */
  deleteUserPolicy(userName: string, policyName: string): Promise<void>
  detachRolePolicy(roleName: string, policyArn: string): Promise<void>
  /** IAM refuses while the policy is attached anywhere or has non-default versions (DeleteConflict). */
  deletePolicy(policyArn: string): Promise<void>
  /** IAM refuses while the role has inline or attached policies (DeleteConflict). */
  deleteRole(roleName: string): Promise<void>
}

export type IamPort = IamReadPort & IamWritePort

export interface ConverseInput {
  modelId: string
  system?: string | undefined
  prompt: string
  maxTokens: number
  temperature: number
}

export interface ConverseOutput {
  text: string
  stopReason: string
  usage: { inputTokens: number; outputTokens: number; totalTokens: number }
  /** Bedrock's own `metrics.latencyMs`. */
  latencyMs: number
}

/** InvokeModel with a JSON body in the model's native format (embedding and image models take no Converse). */
export interface InvokeModelInput {
  modelId: string
  body: Record<string, unknown>
}

export interface BedrockPort {
  converse(input: ConverseInput): Promise<ConverseOutput>
  /** InvokeModel; resolves to the model's native answer, parsed from JSON. */
  invokeModel(input: InvokeModelInput): Promise<{ body: unknown }>
  /** ConverseStream, with the streamed text joined. */
  converseStream(input: ConverseInput): Promise<ConverseOutput>
}

/**
 * One inference profile as Bedrock's control plane describes it (GetInferenceProfile; botocore
 * bedrock 2023-04-20 `GetInferenceProfileResponse`; docs/aws-facts.md profile.get.models).
 */
export interface InferenceProfileInfo {
  id: string
  arn: string
  type: 'SYSTEM_DEFINED' | 'APPLICATION'
  /** `ACTIVE` is the only value the API declares today; kept as text so a new one is shown, not rejected. */
  status: string
  /** The foundation-model ARNs the profile may route a request to (`models[].modelArn`). */
  modelArns: string[]
}

/** AgreementStatus, AuthorizationStatus, EntitlementAvailability and RegionAvailability of the Bedrock API. */
export type AgreementStatus = 'AVAILABLE' | 'PENDING' | 'NOT_AVAILABLE' | 'ERROR'

/**
 * A model's access and agreement state for the calling account and region
 * (GetFoundationModelAvailability; docs/aws-facts.md bedrock.control-plane.availability).
 */
export interface ModelAvailability {
  modelId: string
  agreement: { status: AgreementStatus | string; errorMessage?: string | undefined }
  authorizationStatus: 'AUTHORIZED' | 'NOT_AUTHORIZED' | string
  entitlementAvailability: 'AVAILABLE' | 'NOT_AVAILABLE' | string
  regionAvailability: 'AVAILABLE' | 'NOT_AVAILABLE' | string
}

/** Bedrock's control plane (`bedrock.<region>.amazonaws.com`, REST-JSON, signed as `bedrock`): the reads the tool makes. */
export interface BedrockControlPort {
  /** A system-defined (`us.…`, `global.…`) or application profile by id or ARN; undefined when Bedrock has no such profile (ResourceNotFoundException). */
  getInferenceProfile(identifier: string): Promise<InferenceProfileInfo | undefined>
  getFoundationModelAvailability(modelId: string): Promise<ModelAvailability>
}

/** LookupAttribute keys of the CloudTrail API. */
export type LookupAttributeKey = 'EventId' | 'EventName' | 'ReadOnly' | 'Username' | 'ResourceType' | 'ResourceName' | 'EventSource' | 'AccessKeyId'

export interface LookupEventsInput {
  attribute?: { key: LookupAttributeKey; value: string } | undefined
  startTime: Date
  endTime: Date
  /** Stop after this many pages (50 events each); the result says when it stopped early. */
  maxPages: number
  /**
   * Stop paging as soon as this holds for the events read so far (newest first), e.g. "my event
   * is among them": at 2 requests/s, every page not read is half a second saved for every caller.
   */
  until?: ((events: readonly TrailEvent[]) => boolean) | undefined
  /**
   * The sought event happened by this time (the caller's clock, e.g. when the AssumeRole it looks
   * for returned): a lookup already sent since then may find it, so the caller may share that one.
   */
  eventBy?: Date | undefined
  /** Called as each page's request leaves (after rate limiting): what the lookup can still find is what happened before. */
  onSend?: (() => void) | undefined
}

/** One CloudTrail event: the lookup's summary plus the parsed `CloudTrailEvent` JSON. */
export interface TrailEvent {
  eventId: string
  eventName: string
  eventSource: string
  eventTime: Date
  username?: string | undefined
  /** The parsed `CloudTrailEvent` record (userIdentity, requestParameters, errorCode, sharedEventID, …). */
  record: Record<string, unknown>
}

export interface LookupEventsOutput {
  events: TrailEvent[]
  /** True when maxPages was reached and more pages remained. */
  truncated: boolean
  pages: number
}

export interface CloudTrailPort {
  /**
   * Paged LookupEvents. Implementations never exceed CloudTrail's 2 requests/s per account and
   * region (shared across all ports of the same account and region in the process).
   */
  lookupEvents(input: LookupEventsInput): Promise<LookupEventsOutput>
}

/** The clients of one set of credentials. */
export interface AwsClients {
  readonly region: string
  sts: StsPort
  iam: IamPort
  bedrock(region?: string): BedrockPort
  /** Bedrock's control plane in a region (inference profiles, model availability). */
  bedrockControl(region?: string): BedrockControlPort
  cloudTrail(region?: string): CloudTrailPort
  /**
   * A hint that the run will soon call these services: start loading their SDK clients now, in the
   * background, and for CloudTrail find the account its rate limiter keys by. Without it each of
   * those waits for the service's first call, which in a busy run (verify's 100 setups) queues
   * behind everything else. Never fails; an error surfaces on the first real call.
   */
  prepare?(services: readonly AwsServiceName[]): void
}

export interface CredentialSource {
  /** A named profile (SSO, assume-role and credential_process profiles included); default chain when undefined. */
  profile?: string | undefined
  /** Explicit keys (the demo's sandbox users); when given, the chain and `profile` are not consulted. */
  static?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string | undefined } | undefined
  /**
   * The account these credentials belong to, when known. Keys CloudTrail's process-wide
   * 2-requests/s limiter by (account, region); when unknown, the limiter keys by region only
   * (stricter, still within the per-account limit).
   */
  accountId?: string | undefined
}

/** Options for clients built from temporary credentials. */
export interface CredentialOptions {
  /** The account the credentials belong to (e.g. the assumed role's); see CredentialSource.accountId. */
  accountId?: string | undefined
}

/** Builds clients; the real one lives in src/aws/factory.ts (loaded lazily). */
export interface AwsFactory {
  /** Clients for the SDK's credential chain (env keys, profile, SSO, web identity file, container, IMDS). */
  fromChain(source: CredentialSource, region: string): AwsClients
  /** Clients for temporary credentials, e.g. an assumed role's. */
  fromCredentials(credentials: TemporaryCredentials, region: string, options?: CredentialOptions): AwsClients
}

export type AwsServiceName = 'sts' | 'iam' | 'bedrock' | 'bedrockControl' | 'cloudtrail'
