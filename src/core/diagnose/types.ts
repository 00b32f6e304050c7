/**
 * The diagnosis model: what the user told us (answers), what policies we have, and what we
 * concluded (candidates with confidence, evidence, evaluation trace and a fix).
 */
import type { ParsedDenial } from '../access-denied/types.js'
import type { NamedPolicy, PolicyDocument, PolicyLayer } from '../evaluate.js'
import type { CauseId, FixAccount } from './causes.js'

/** Answers to explain's questions; each also comes from a flag. Undefined = not known. */
export interface Answers {
  /** Which account the user is working from (decides where we look and whose fix we lead with). */
  side?: 'source' | 'target' | undefined
  /** Whether the caller passes an ExternalId at AssumeRole. */
  externalIdPassed?: boolean | undefined
  /** The ExternalId value the caller passes, when known. */
  externalId?: string | undefined
  /** The caller's public IP as AWS sees it (CloudTrail's sourceIPAddress). */
  sourceIp?: string | undefined
  /** Whether the call goes through a VPC endpoint (then aws:SourceIp is absent). */
  viaVpcEndpoint?: boolean | undefined
  /** The region the call is made in (aws:RequestedRegion). */
  region?: string | undefined
  /** Whether the caller already runs on assumed-role credentials (role chaining). */
  chained?: boolean | undefined
  /** The inference profile id the caller uses (`us.anthropic…`), if any. */
  inferenceProfile?: string | undefined
  /** The role ARN the caller assumes, when the message does not say (or redacts it). */
  roleArn?: string | undefined
  /** The caller's account, when the message redacts it. */
  sourceAccountId?: string | undefined
}

/** The policies we could read or were given; every field optional. */
export interface PolicySet {
  /** The access role's trust policy. */
  trust?: PolicyDocument | undefined
  /** The caller's identity policies (account A, for sts:AssumeRole). */
  identity?: NamedPolicy[] | undefined
  /** The access role's permissions policies (account B, for Bedrock calls). */
  permissions?: NamedPolicy[] | undefined
  scp?: NamedPolicy[] | undefined
  boundary?: NamedPolicy | undefined
  session?: PolicyDocument | undefined
  /** The role's MaxSessionDuration when known (GetRole), seconds. */
  maxSessionDurationSeconds?: number | undefined
}

export type Confidence = 'certain' | 'likely' | 'possible'

/** One condition that failed, with the policy's values next to the request's. */
export interface FailedCondition {
  operator: string
  key: string
  policyValues: string[]
  /** The request's value; undefined means the key was absent from the request. */
  requestValue?: string | undefined
  /** True when AWS never sets this key for the action (e.g. sts:DurationSeconds on AssumeRole). */
  neverSet?: boolean | undefined
}

/** One statement that decided (or failed to decide) the request. */
export interface StatementTrace {
  layer: PolicyLayer
  policy: string
  /** `Sid` when the statement has one, else `#index` (1-based). */
  statement: string
  effect: 'Allow' | 'Deny'
  /** What matched: a Deny that applied, or an Allow that would have applied but for the listed failures. */
  outcome: 'denied' | 'allow-not-matched' | 'allowed'
  principalMatch?: string | undefined
  actionMatch: boolean
  resourceMatch: boolean
  /** The statement's Resource patterns that did not match, with iam-simulate's reason (e.g. regionMismatch). */
  resourceMismatches: { pattern: string; reason?: string | undefined }[]
  failedConditions: FailedCondition[]
  /** Conditions that matched (for a Deny that applied). */
  matchedConditions: FailedCondition[]
}

/** One evaluated request: which side, decision, and the statements that explain it. */
export interface EvaluationTrace {
  /** What was evaluated, e.g. "caller's identity policies (A)", "trust policy (B)". */
  label: string
  action: string
  resource: string
  context: Record<string, string | string[]>
  decision: 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied'
  statements: StatementTrace[]
  ignoredContextKeys: string[]
  /** Parts of the policy set that were not available and were assumed to allow. */
  assumed: string[]
}

export interface Fix {
  /** Where the change goes. */
  account: FixAccount
  /** The account id, when known. */
  accountId?: string | undefined
  /** What to edit, in words: "trust policy of role BedrockAccessRole in 222222222222". */
  where: string
  /** What to do, in one or two sentences. */
  action: string
  /** The smallest policy change, ready to paste (a statement or a condition block). */
  snippet?: unknown
  /** The bedrock-xacct command that makes (or checks) the change. */
  command?: string | undefined
}

export interface Candidate {
  cause: CauseId
  title: string
  confidence: Confidence
  /** Why we think so, in sentences that quote the evidence. */
  evidence: string[]
  fix: Fix
}

export interface Diagnosis {
  parsed: ParsedDenial
  answers: Answers
  /** The IAM action the failed operation needs (Converse → bedrock:InvokeModel), when the text names the call. */
  action?: string | undefined
  /** Best first: certain, then likely, then possible. */
  candidates: Candidate[]
  evaluations: EvaluationTrace[]
  /** Things we could not check and the user should know (e.g. "no trust policy given"). */
  notes: string[]
  /** True when at least one candidate is certain or likely. */
  identified: boolean
}
