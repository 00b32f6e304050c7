/**
 * What `parseAccessDenied` extracts from an AWS error text, as data (after iam-simulate's
 * explain model): the IAM "is not authorized" grammar (DESIGN §5), Bedrock's non-IAM denials and
 * the ValidationExceptions that look like denials (DESIGN §4).
 */
import type { PolicyLayer } from '../evaluate.js'
import { EXTERNAL_ID, ROLE_CHAINING_MAX_SECONDS, hoursOf } from '../aws-limits.js'
import type { AwsErrorId } from './aws-errors.js'

/**
 * The policy types AWS names in AccessDenied messages, by their exact wording, mapped to our
 * layer vocabulary. Longest first so that "resource-based policy" wins over shorter overlaps.
 */
export const POLICY_TYPE_WORDING = {
  'identity-based policy': 'identity',
  'resource-based policy': 'resource',
  'service control policy': 'scp',
  'resource control policy': 'rcp',
  'permissions boundary': 'boundary',
  'session policy': 'session',
  'VPC endpoint policy': 'vpce',
  'role trust policy': 'trust'
} as const satisfies Record<string, PolicyLayer>

export type PolicyType = (typeof POLICY_TYPE_WORDING)[keyof typeof POLICY_TYPE_WORDING]

export type PrincipalKind = 'user' | 'role' | 'assumed-role' | 'federated-user' | 'root' | 'anonymous' | 'unknown'

export interface ParsedPrincipal {
  /** As written in the message (redactions kept). */
  arn: string
  kind: PrincipalKind
  /** Undefined when redacted (`***`, `xxxxxxxxxxxx`) or absent. */
  accountId?: string | undefined
  partition?: string | undefined
  /** User or role name (for assumed-role: the role's name). */
  name?: string | undefined
  /** The role session name of an assumed-role principal. */
  sessionName?: string | undefined
  /** The IAM role ARN behind an assumed-role session, when the account is known. */
  roleArn?: string | undefined
}

/** What SDKs and CLIs wrap around AWS's message. */
export interface Envelope {
  /** AWS's error code: `AccessDenied`, `AccessDeniedException`, `ValidationError`, … */
  errorCode?: string | undefined
  /** The API operation, from `when calling the X operation` or SDK wrappers. */
  operation?: string | undefined
  /** Service named by Java/Go SDK suffixes (`Sts`, `AWSSecurityTokenService`, `BedrockRuntime`). */
  service?: string | undefined
  statusCode?: number | undefined
  requestId?: string | undefined
}

/** Bedrock denials that are not IAM decisions. */
export const BEDROCK_DENIALS = {
  'model-access-not-granted': "You don't have access to the model with the specified model ID.",
  'marketplace-subscription': 'Model access needs AWS Marketplace actions (aws-marketplace:Subscribe / Unsubscribe / ViewSubscriptions) or a subscription.',
  'account-not-authorized': 'Your account is not authorized to invoke this API operation.'
} as const

export type BedrockDenialId = keyof typeof BEDROCK_DENIALS

/** Validation errors that users report as "access denied". */
export const VALIDATION_LOOKALIKES = {
  'on-demand-not-supported': 'The model cannot be invoked on demand by its id: use an inference profile.',
  'invalid-model-id': 'The provided model identifier is invalid.',
  'converse-not-supported': "This action doesn't support the model that you provided. Try again with a supported text or chat model.",
  'duration-over-max': 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
  'role-chaining-limit': `The requested DurationSeconds exceeds the ${hoursOf(ROLE_CHAINING_MAX_SECONDS)} hour session limit for roles assumed by role chaining.`,
  'external-id-malformed': `The ExternalId does not match STS's format (${EXTERNAL_ID.minLength}–${EXTERNAL_ID.maxLength} characters of [\\w+=,.@:/-]).`,
  'malformed-role-arn': 'The role ARN given to AssumeRole is malformed.',
  'invalid-principal': 'IAM refused a policy whose Principal names no principal it can resolve.'
} as const

export type ValidationId = keyof typeof VALIDATION_LOOKALIKES

interface ParsedBase {
  /** The message text after unwrapping and stripping SDK prefixes/suffixes. */
  message: string
  envelope: Envelope
}

/** `… is not authorized to perform: <action> …` (or the reason-less web-identity form). */
export interface NotAuthorizedDenial extends ParsedBase {
  kind: 'not-authorized'
  principal?: ParsedPrincipal | undefined
  /** `service:Action` with the service prefix lower-cased; empty when a partial paste left it out. */
  action: string
  resource?: string | undefined
  /** `none`: AWS gave no reason (always so for cross-account sts:AssumeRole). */
  denial: 'implicit' | 'explicit' | 'none'
  policyType?: PolicyType | undefined
  /** The policy ARN AWS appended after the reason (identity, boundary, SCP `p-…`, RCP). */
  policyArn?: string | undefined
}

export interface BedrockDenial extends ParsedBase {
  kind: 'bedrock-denial'
  reason: BedrockDenialId
  modelId?: string | undefined
}

export interface ValidationLookalike extends ParsedBase {
  kind: 'validation'
  reason: ValidationId
  modelId?: string | undefined
  /** The offending value quoted by AWS (ExternalId, role ARN), when present. */
  value?: string | undefined
}

/** An AWS error that is not an IAM decision (credentials, clock, throttling, lifecycle, web identity). */
export interface AwsError extends ParsedBase {
  kind: 'aws-error'
  reason: AwsErrorId
}

export interface UnrecognizedText extends ParsedBase {
  kind: 'unrecognized'
}

export type ParsedDenial = NotAuthorizedDenial | BedrockDenial | ValidationLookalike | AwsError | UnrecognizedText
