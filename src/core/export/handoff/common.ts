/**
 * What every hand-off file shares: the variable names the consumer reads, the role session name
 * that identifies it in CloudTrail, and the session length it may ask for.
 */
import { ROLE_CHAINING_MAX_SECONDS, ROLE_SESSION_NAME } from '../../aws-limits.js'
import type { CallerPrincipal, Setup } from '../../setup/model.js'

/**
 * The caller the hand-off files are for: the first AWS principal of account A (it calls
 * sts:AssumeRole itself), else the OIDC provider, else the first caller (AWS services).
 */
export function primaryCaller(setup: Setup): CallerPrincipal {
  return setup.callers.find((c) => c.kind === 'account' || c.kind === 'role' || c.kind === 'user') ?? setup.callers.find((c) => c.kind === 'oidc') ?? setup.callers[0]!
}

/**
 * The variables the hand-off files use: the role ARN and region as the Bedrock proxies already
 * read them (and the tool's own environment layer, so `verify --env-file proxy.env` reads the same
 * setup back), and the ExternalId under the tool's variable, kept out of the other files.
 */
export const HANDOFF_ENV = {
  roleArn: 'BEDROCK_CROSS_ACCOUNT_ROLE_ARN',
  region: 'BEDROCK_REGION',
  externalId: 'BEDROCK_XACCT_EXTERNAL_ID'
} as const

/** Whether the caller assumes the role with sts:AssumeRole and so must send the ExternalId. */
export function sendsExternalId(setup: Setup): boolean {
  return setup.externalId !== undefined && assumesWithAwsCredentials(setup)
}

/** Whether the caller is an AWS principal of account A that calls sts:AssumeRole itself. */
export function assumesWithAwsCredentials(setup: Setup): boolean {
  const kind = primaryCaller(setup).kind
  return kind === 'account' || kind === 'role' || kind === 'user'
}

/** `bedrock-<setup>-<consumer>`: 2–64 of [\w+=,.@-], so CloudTrail shows which consumer called. */
export function consumerSessionName(setup: Setup, consumer: string): string {
  const name = `${setup.name}-${consumer}`.replace(/[^\w+=,.@-]/g, '-').slice(0, ROLE_SESSION_NAME.maxLength)
  return ROLE_SESSION_NAME.pattern.test(name) ? name : `bedrock-${consumer}`
}

/**
 * The session length a consumer asks for: the setup's, but at most 1 hour when the caller is itself
 * a role (role chaining caps sessions at 1 h; docs/aws-facts.md).
 */
export function consumerDurationSeconds(setup: Setup): number {
  return primaryCaller(setup).kind === 'role' ? Math.min(setup.sessionDurationSeconds, ROLE_CHAINING_MAX_SECONDS) : setup.sessionDurationSeconds
}

/** The model the snippets call first. */
export function firstModel(setup: Setup): string {
  return setup.models[0] ?? ''
}

/** The first-lines note of a hand-off file that holds the ExternalId (init writes those 0600). */
export const HOLDS_EXTERNAL_ID_NOTE = '# Holds the ExternalId: keep this file out of version control (mode 0600).'
