/**
 * Fixes for the AWS errors that are not IAM decisions (issue 18): credentials, clock, throttling
 * and quotas, web identity, model lifecycle, Anthropic's use-case form, account blocks, and Bedrock
 * API keys. Kept apart from fixes.ts (policy fixes) so each file stays small. None of them tells the
 * user to widen a policy: these errors are not solved by "grant InvokeModel on *".
 */
import type { RequestFacts } from './request-facts.js'
import { or } from './fix-init-command.js'
import { identityPolicyWhere } from './principal-where.js'

export interface AwsErrorFix {
  where: string
  action: string
  snippet?: unknown
  command?: string | undefined
}

/** Causes handled here. */
export const AWS_ERROR_CAUSES = [
  'anthropic-use-case-form',
  'bearer-token-not-allowed',
  'root-cannot-assume-role',
  'operation-not-allowed',
  'model-legacy',
  'model-end-of-life',
  'credentials-expired',
  'credentials-missing',
  'credentials-invalid',
  'signature-mismatch',
  'clock-skew',
  'throttled',
  'quota-exceeded',
  'oidc-provider-missing',
  'oidc-audience-mismatch',
  'idp-rejected',
  'idp-communication',
  'web-identity-token-invalid'
] as const

export type AwsErrorCause = (typeof AWS_ERROR_CAUSES)[number]

interface Skew {
  signedAt: string
  awsTime: string
  toleranceMinutes: number
  behindSeconds: number
}

function skewText(skew: Skew | undefined): string {
  if (!skew) return "The signing clock is more than the tolerance (15 minutes; 5 for some services) away from AWS's."
  const minutes = Math.round(Math.abs(skew.behindSeconds) / 60)
  return `The request was signed at ${skew.signedAt} but AWS's time was ${skew.awsTime}: the clock is about ${minutes} min ${skew.behindSeconds >= 0 ? 'behind' : 'ahead'} (tolerance ${skew.toleranceMinutes} min).`
}

/** The smallest fix for a non-IAM AWS error. */
export function awsErrorFix(cause: AwsErrorCause, f: RequestFacts, details: Record<string, unknown>): AwsErrorFix {
  const account = or(f.targetAccountId, 'the target account')
  const region = or(f.region, 'region')
  switch (cause) {
    case 'anthropic-use-case-form':
      return {
        where: `Bedrock in account ${account} (or the organization's management account, which covers member accounts)`,
        action: 'Submit Anthropic\'s one-time use-case form: the console asks for it on first use of an Anthropic model, or call PutUseCaseForModelAccess. Access follows within minutes. The retired "Model access" page is not needed.',
        command: `aws bedrock get-use-case-for-model-access --region ${region}`
      }
    case 'bearer-token-not-allowed':
      return {
        where: `${identityPolicyWhere(f, 'the IAM user or role behind the Bedrock API key')}; or the SCPs of its account`,
        action:
          "Allow bedrock:CallWithBearerToken for the API key's identity (long-term keys belong to an IAM user; short-term keys carry the permissions of the principal that generated them), or lift the SCP that denies it. Granting bedrock:InvokeModel does not help: the key is refused before the model call is authorized.",
        snippet: { Effect: 'Allow', Action: 'bedrock:CallWithBearerToken', Resource: '*' }
      }
    case 'root-cannot-assume-role':
      return {
        where: "the caller's credentials",
        action: "Call AssumeRole with an IAM user's or role's credentials (or an SSO session), not the root user's access keys; delete root access keys if any exist.",
        command: 'aws sts get-caller-identity'
      }
    case 'operation-not-allowed':
      return {
        where: `account ${account}`,
        action: 'Bedrock blocks the account as a whole (new or unverified account, billing or standing): no policy change helps. Check the payment method and open a case with AWS Support; the same call works from an account in good standing.'
      }
    case 'model-legacy':
      return {
        where: "the caller's modelId (and the role's permissions policy)",
        action: 'Move to an active model (Bedrock user guide, model lifecycle). A Legacy model stays callable only for accounts that used it recently; this account has not.',
        command: `aws bedrock list-foundation-models --region ${region} --query "modelSummaries[?modelLifecycle.status=='ACTIVE'].modelId"`
      }
    case 'model-end-of-life':
      return {
        where: "the caller's modelId (and the role's permissions policy)",
        action: 'The model version is retired on Bedrock: move to an active model and grant it.',
        command: `aws bedrock list-foundation-models --region ${region} --query "modelSummaries[?modelLifecycle.status=='ACTIVE'].modelId"`
      }
    case 'credentials-expired':
      return {
        where: "the caller's credentials",
        action: 'Get fresh credentials (aws sso login, assume the role again, or let the SDK refresh them) and restart long-running processes that cached the old ones. No policy change helps.',
        command: 'aws sts get-caller-identity'
      }
    case 'credentials-missing':
      return {
        where: "the caller's credential chain (environment, profile, SSO, instance or container role)",
        action:
          'Give the process credentials: AWS_PROFILE (after aws sso login) or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or a role on the instance, task or pod (IMDSv2 needs a hop limit of 2 in containers). A Bedrock API key alone does not sign other AWS calls.',
        command: 'aws sts get-caller-identity'
      }
    case 'credentials-invalid':
      return {
        where: "the caller's credentials",
        action: 'Use a valid access key (and its session token for ASIA… keys): check the key was not deleted or deactivated, that AWS_ACCESS_KEY_ID/AWS_SESSION_TOKEN are not stale, and that the endpoint and partition match the key.',
        command: 'aws sts get-caller-identity'
      }
    case 'signature-mismatch':
      return {
        where: "the caller's credentials or proxy",
        action: 'The secret access key does not belong to the access key id (or a proxy rewrote the signed request: headers, path encoding). Re-enter the key pair; sign after, not before, any proxy changes.'
      }
    case 'clock-skew':
      return {
        where: 'the clock of the machine that signs the requests',
        action: `${skewText(details.skew as Skew | undefined)} Sync the clock (NTP: timedatectl set-ntp true, or w32tm /resync; dual-boot machines often drift). Credentials and policies are fine.`,
        command: 'date -u'
      }
    case 'throttled':
      return {
        where: `the caller's request rate, or the Bedrock quotas of account ${account}`,
        action: 'Retry with exponential backoff (the SDKs do, with more attempts if configured), spread load over a cross-region inference profile, or request a higher tokens/requests-per-minute quota in Service Quotas. Not an access problem.'
      }
    case 'quota-exceeded':
      return { where: `Service Quotas of account ${account} in ${region} (service Amazon Bedrock)`, action: 'Request an increase for the exceeded Bedrock quota (per model and region), or reduce usage; retries will not help.' }
    case 'oidc-provider-missing':
      return {
        where: `IAM identity providers of account ${account}`,
        action: "Create the IAM OIDC identity provider for the token's exact issuer URL (e.g. https://token.actions.githubusercontent.com) in the role's account, with the audience the token carries (sts.amazonaws.com for GitHub).",
        command: 'aws iam list-open-id-connect-providers'
      }
    case 'oidc-audience-mismatch':
      return {
        where: `the IAM OIDC provider in ${account}, and the token's audience`,
        action: "Add the token's aud value as a client ID of the provider (or request the token with the provider's audience, e.g. sts.amazonaws.com), and make the trust policy's :aud condition say the same."
      }
    case 'idp-rejected':
    case 'idp-communication':
      return {
        where: 'the identity provider',
        action: "STS could not verify the token with the issuer: make the issuer's /.well-known/openid-configuration and JWKS reachable from the internet, check the token's claims with the provider, then retry."
      }
    case 'web-identity-token-invalid':
      return { where: "the caller's web identity token", action: 'Fetch a fresh token from the identity provider (they expire within minutes) and check it is an ID token signed by the registered issuer.' }
  }
}
