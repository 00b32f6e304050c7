/**
 * Every SDK, credential-provider and network error becomes an AwsCallError (src/core/ports/aws-error.ts):
 * a kind the rest of the tool branches on, AWS's code and message verbatim (explain parses it),
 * the request id and HTTP status, and a hint saying what to do next (STYLE habit 8). Credentials
 * never appear in a message: known secrets are scrubbed, and so are signed-URL tokens.
 */
import { AwsCallError, type AwsFailureKind } from '../core/ports/aws-error.js'
import { RESPONSE_TOO_LARGE } from './bounded-body.js'
import { EXTERNAL_ID, ROLE_CHAINING_MAX_SECONDS, hoursOf } from '../core/aws-limits.js'
import { FLAG_OF } from '../core/setup/input.js'

/** Where the failing call's credentials came from, so a credentials error can say what to fix. */
export type CredentialOrigin = { kind: 'chain'; profile?: string | undefined } | { kind: 'static' } | { kind: 'temporary' }

export interface ErrorContext {
  /** Our service name: `sts`, `iam`, `bedrock`, `cloudtrail`. */
  service: string
  operation: string
  credentials: CredentialOrigin
  /** Secrets in use (secret key, session token) to scrub from any message. */
  secrets?: readonly string[] | undefined
  /** The endpoint override in effect, if any, for "unreachable" hints. */
  endpoint?: string | undefined
}

const CODE_KINDS: Record<string, AwsFailureKind> = {
  AccessDenied: 'access-denied',
  AccessDeniedException: 'access-denied',
  UnauthorizedOperation: 'access-denied',
  UnauthorizedException: 'access-denied',
  ValidationError: 'invalid-request',
  ValidationException: 'invalid-request',
  MalformedPolicyDocument: 'invalid-request',
  MalformedPolicyDocumentException: 'invalid-request',
  LimitExceeded: 'invalid-request',
  LimitExceededException: 'invalid-request',
  InvalidInput: 'invalid-request',
  InvalidInputException: 'invalid-request',
  InvalidParameterValue: 'invalid-request',
  InvalidLookupAttributesException: 'invalid-request',
  InvalidTimeRangeException: 'invalid-request',
  InvalidNextTokenException: 'invalid-request',
  InvalidMaxResultsException: 'invalid-request',
  InvalidEventCategoryException: 'invalid-request',
  PackedPolicyTooLarge: 'invalid-request',
  RegionDisabledException: 'invalid-request',
  EntityAlreadyExists: 'invalid-request',
  DeleteConflict: 'invalid-request',
  UnmodifiableEntity: 'invalid-request',
  ModelNotReadyException: 'unavailable',
  ModelTimeoutException: 'unavailable',
  ModelErrorException: 'unavailable',
  ServiceUnavailableException: 'unavailable',
  ServiceUnavailable: 'unavailable',
  ServiceFailure: 'unavailable',
  InternalFailure: 'unavailable',
  InternalServerException: 'unavailable',
  InternalServerError: 'unavailable',
  OperationNotPermittedException: 'access-denied',
  NoSuchEntity: 'not-found',
  NoSuchEntityException: 'not-found',
  ResourceNotFoundException: 'not-found',
  InvalidClientTokenId: 'credentials',
  ExpiredToken: 'credentials',
  ExpiredTokenException: 'credentials',
  IDPCommunicationError: 'credentials',
  InvalidIdentityToken: 'credentials',
  SignatureDoesNotMatch: 'credentials',
  IncompleteSignature: 'credentials',
  MissingAuthenticationToken: 'credentials',
  UnrecognizedClientException: 'credentials',
  InvalidSignatureException: 'credentials',
  CredentialsProviderError: 'credentials',
  TokenProviderError: 'credentials',
  Throttling: 'throttled',
  ThrottlingException: 'throttled',
  TooManyRequests: 'throttled',
  TooManyRequestsException: 'throttled',
  RequestLimitExceeded: 'throttled',
  ServiceQuotaExceededException: 'throttled'
}

/** Node/network error codes: the endpoint is unreachable or broke the connection. */
const NETWORK_CODES = new Set([
  RESPONSE_TOO_LARGE,
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
  'ERR_HTTP2_STREAM_ERROR',
  'ERR_HTTP2_SESSION_ERROR',
  'ERR_HTTP2_GOAWAY_SESSION',
  'ERR_HTTP2_STREAM_CANCEL'
])

/** Error names (not AWS codes) that mean the endpoint did not answer properly. */
const NETWORK_NAMES = new Set(['TimeoutError', 'AbortError', 'RequestTimeout', 'RequestTimeoutException', 'SyntaxError'])

/** How the SDK marks a response it could not parse (XML or JSON): the service answered garbage. */
const MALFORMED = /Deserialization error|XML parse error|Unexpected token|in JSON at position|Unexpected end of JSON|malformed response/i

/** Text the SDK puts on a credential-chain failure. */
const NO_CREDENTIALS = /Could not load credentials|Could not resolve credentials|Unable to load credentials|credential_process|The SSO session|Token is expired|Profile .* (could not be found|not found)|Could not find profile/i

interface SdkLikeError {
  name?: unknown
  code?: unknown
  Code?: unknown
  message?: unknown
  $fault?: unknown
  $metadata?: { httpStatusCode?: unknown; requestId?: unknown; attempts?: unknown }
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** The action AWS authorizes an operation as (Converse is bedrock:InvokeModel, DESIGN §4). */
export function iamActionOf(service: string, operation: string): string {
  if (service === 'bedrock') {
    if (operation === 'Converse' || operation === 'InvokeModel') return 'bedrock:InvokeModel'
    if (operation === 'ConverseStream' || operation === 'InvokeModelWithResponseStream') return 'bedrock:InvokeModelWithResponseStream'
  }
  return `${service}:${operation}`
}

/** Remove secrets and signed tokens from text that may reach the screen, a log or a report. */
export function scrubSecrets(text: string, secrets: readonly string[] = []): string {
  let scrubbed = text
  for (const secret of secrets) if (secret.length >= 8) scrubbed = scrubbed.split(secret).join('[redacted]')
  return scrubbed.replace(/(x-amz-security-token[=:]\s*)[^\s&"',]+/gi, '$1[redacted]').replace(/(aws_secret_access_key|secretAccessKey|SecretAccessKey|sessionToken|SessionToken)(["']?\s*[=:]\s*["']?)[^\s&"',}]+/g, '$1$2[redacted]')
}

function kindOf(error: SdkLikeError, awsCode: string | undefined, message: string, status: number | undefined): AwsFailureKind {
  const code = stringOr(error.code)
  const name = stringOr(error.name)
  if (awsCode && CODE_KINDS[awsCode]) return CODE_KINDS[awsCode]
  if (name === 'CredentialsProviderError' || name === 'TokenProviderError' || NO_CREDENTIALS.test(message)) return 'credentials'
  if (MALFORMED.test(message)) return 'unavailable'
  if ((code && NETWORK_CODES.has(code)) || (name && NETWORK_NAMES.has(name)) || /socket hang up|timed? ?out|ECONN|EPIPE/i.test(message)) return 'unavailable'
  if (status !== undefined && status >= 500) return 'unavailable'
  if (status === 429) return 'throttled'
  if (status === 403) return 'access-denied'
  if (status === 404) return 'not-found'
  if (status !== undefined && status >= 400) return 'invalid-request'
  return 'other'
}

/** The AWS error code, when the error is a service error (not a network or parse failure). */
function awsCodeOf(error: SdkLikeError, message: string): string | undefined {
  const name = stringOr(error.name)
  const explicit = stringOr(error.Code)
  if (explicit) return explicit
  if (!name || name === 'Error' || name === 'Unknown' || name === 'UnknownError' || NETWORK_NAMES.has(name)) return undefined
  if (name === 'CredentialsProviderError' || name === 'TokenProviderError') return name
  if (MALFORMED.test(message)) return undefined
  return name
}

function describeUnavailable(error: SdkLikeError, message: string, status: number | undefined): string {
  const code = stringOr(error.code)
  if (MALFORMED.test(message)) return `malformed response (HTTP ${status ?? '?'}): ${message.split('\n')[0]}`
  if ((message === 'Unknown' || message === '') && status !== undefined) return `HTTP ${status} with no error details`
  if (code && !message.includes(code)) return `${message} (${code})`
  return message
}

/** Clock skew: the same error codes as a wrong secret, told apart by AWS's message (docs/aws-facts.md err.signature-expired). */
const SIGNATURE_EXPIRED = /Signature expired|Signature not yet current|RequestTimeTooSkewed/i

function credentialsHint(origin: CredentialOrigin, awsCode: string | undefined, message: string): string {
  if (SIGNATURE_EXPIRED.test(message)) return "The request's signature expired on arrival: this machine's clock is off by more than AWS's tolerance (15 minutes; 5 for some services). Sync the clock (NTP) and retry; the credentials are fine."
  if (origin.kind === 'temporary') return 'The assumed-role session was rejected (it may have expired); run the command again.'
  if (origin.kind === 'static') return 'The access key given is not valid for this endpoint; check the key pair (and AWS_ENDPOINT_URL if you use a local stand-in).'
  const expired = awsCode === 'ExpiredToken' || awsCode === 'ExpiredTokenException'
  if (origin.profile) {
    return expired ? `Refresh profile "${origin.profile}" (for SSO: aws sso login --profile ${origin.profile}).` : `Check profile "${origin.profile}" in ~/.aws/config and ~/.aws/credentials (for SSO: aws sso login --profile ${origin.profile}).`
  }
  return expired
    ? 'The credentials have expired: refresh them (aws sso login, or export fresh keys).'
    : 'Pass --profile or set AWS_PROFILE, export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run aws sso login; in CI set AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE.'
}

const DENIED_BY = /User: (\S+) is not authorized to perform: (\S+)(?: on resource: (\S+))?/

function accessDeniedHint(context: ErrorContext, message: string): string {
  if (/don't have access to the model/i.test(message)) {
    // Serverless models are on by default since 2025; the console's Model access page is retired (docs/aws-facts.md bedrock.model-access.default-on).
    return 'Bedrock refuses this model to the role\'s account or region. Models are enabled by default; what remains: the first use of a third-party model needs its AWS Marketplace subscription (aws-marketplace:Subscribe, Unsubscribe, ViewSubscriptions), Anthropic models need the one-time use-case form, an SCP may deny the model, or the model is not offered in this region. Run: bedrock-xacct explain "<this message>".'
  }
  if (/CallWithBearerToken/i.test(message)) {
    return "The Bedrock API key's identity may not call bedrock:CallWithBearerToken (or an SCP denies it): allow that action for the IAM user or role behind the key; granting bedrock:InvokeModel does not help."
  }
  const parsed = DENIED_BY.exec(message)
  const action = parsed?.[2] ?? iamActionOf(context.service, context.operation)
  const principal = parsed?.[1]
  const account = principal ? /::(\d{12}):/.exec(principal)?.[1] : undefined
  if (action.toLowerCase() === 'sts:assumerole') {
    return `The role's trust policy (in the role's account) must admit ${principal ?? 'your principal'}, with its conditions (ExternalId, source IP) met, and your own identity policy must allow sts:AssumeRole on it. Run: bedrock-xacct explain "<this message>".`
  }
  const who = principal ? `${principal}` : 'the principal these credentials belong to'
  const where = account ? `an administrator of account ${account}` : 'an administrator of its account'
  const trail = action.toLowerCase() === 'cloudtrail:lookupevents' ? ' Or pass --target-profile with read access; bedrock-xacct init --apply can add cloudtrail:LookupEvents to the role.' : ''
  return `Missing permission ${action}: ${where} must allow it for ${who} (identity policy, and no SCP or boundary denying it). Run: bedrock-xacct explain "<this message>".${trail}`
}

/** What to do about the validation errors that stop a cross-account Bedrock set-up (DESIGN §4). */
const INVALID_REQUEST_HINTS: [RegExp, string][] = [
  [/on-demand throughput/i, 'Call the model through an inference profile (e.g. us.<model id>) and allow the profile ARN and the model ARN in every destination region.'],
  [/role chaining/i, `Role chaining caps sessions at ${hoursOf(ROLE_CHAINING_MAX_SECONDS)} hour: request a duration of ${ROLE_CHAINING_MAX_SECONDS} s or less, or assume the role from non-role credentials.`],
  [/MaxSessionDuration/, `Request a shorter duration, or raise the role's MaxSessionDuration (bedrock-xacct init --apply with ${FLAG_OF.maxSessionDurationSeconds}).`],
  [/externalId/i, `An ExternalId is ${EXTERNAL_ID.minLength}–${EXTERNAL_ID.maxLength} characters of letters, digits and +=,.@:/- (no spaces).`],
  [/model identifier is invalid|model ID.*(invalid|not found)|isn't supported/i, 'Check the model id and region (bedrock-xacct init lists known models; profile ids start with us./eu./apac./global.).']
]

function invalidRequestHint(message: string): string | undefined {
  return INVALID_REQUEST_HINTS.find(([pattern]) => pattern.test(message))?.[1]
}

/** Bedrock answers ResourceNotFoundException for Legacy and end-of-life models (docs/aws-facts.md bedrock.legacy.message). */
function notFoundHint(message: string): string | undefined {
  if (/marked by provider as Legacy|reached the end of its life/i.test(message)) return 'The model is Legacy or retired on Bedrock: move to an active model (aws bedrock list-foundation-models) and grant it.'
  return undefined
}

function unavailableHint(context: ErrorContext): string {
  const endpoint = context.endpoint ? ` at ${context.endpoint}` : ''
  return `AWS ${context.service}${endpoint} did not answer properly; check network, proxy and AWS_ENDPOINT_URL settings, then retry.`
}

/** Map any thrown value from an SDK call to an AwsCallError (returned unchanged if it already is one). */
export function toAwsCallError(thrown: unknown, context: ErrorContext): AwsCallError {
  if (thrown instanceof AwsCallError) return thrown
  const error: SdkLikeError = typeof thrown === 'object' && thrown !== null ? (thrown as SdkLikeError) : { message: String(thrown) }
  const rawMessage = stringOr(error.message) ?? stringOr(error.name) ?? 'unknown error'
  const status = typeof error.$metadata?.httpStatusCode === 'number' ? error.$metadata.httpStatusCode : undefined
  const requestId = stringOr(error.$metadata?.requestId)
  const awsCode = awsCodeOf(error, rawMessage)
  const kind = kindOf(error, awsCode, rawMessage, status)
  const message = kind === 'unavailable' && !awsCode ? describeUnavailable(error, rawMessage, status) : rawMessage
  const awsMessage = scrubSecrets(message, context.secrets)
  const hint =
    kind === 'access-denied'
      ? accessDeniedHint(context, awsMessage)
      : kind === 'credentials'
        ? credentialsHint(context.credentials, awsCode, awsMessage)
        : kind === 'unavailable'
          ? unavailableHint(context)
          : kind === 'throttled'
            ? `AWS kept throttling ${context.service} ${context.operation} after retries; wait a minute and run again, reduce concurrency, or request a higher quota in Service Quotas.`
            : kind === 'invalid-request'
              ? invalidRequestHint(awsMessage)
              : kind === 'not-found'
                ? notFoundHint(awsMessage)
                : undefined
  return new AwsCallError({ service: context.service, operation: context.operation, kind, awsCode, awsMessage, statusCode: status, requestId }, { hint, cause: safeCause(thrown, context.secrets) })
}

/** The SDK error as the cause (`--debug` prints its stack), unless it mentions a secret: then a scrubbed copy. */
function safeCause(thrown: unknown, secrets: readonly string[] | undefined): unknown {
  if (!(thrown instanceof Error)) return thrown
  const text = `${thrown.message}\n${thrown.stack ?? ''}`
  if (scrubSecrets(text, secrets) === text) return thrown
  const copy = new Error(scrubSecrets(thrown.message, secrets))
  copy.name = thrown.name
  copy.stack = scrubSecrets(thrown.stack ?? '', secrets)
  return copy
}

/** A 200 whose body lacked what the operation must return (e.g. AssumeRole without credentials). */
export function malformedResponse(context: ErrorContext, what: string, requestId?: string): AwsCallError {
  return new AwsCallError({ service: context.service, operation: context.operation, kind: 'unavailable', awsMessage: `malformed response: ${what}`, statusCode: 200, requestId }, { hint: unavailableHint(context) })
}
