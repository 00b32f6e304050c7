/**
 * Every cause `explain` can name, as data with stable ids (after iam-simulate's reason-code maps):
 * the layer that says no, the account where the fix goes, and a one-line title for the headline.
 * JSON output and tests refer to causes by these ids; titles may be reworded, ids may not.
 */

import { EXTERNAL_ID, ROLE_CHAINING_MAX_SECONDS, hoursOf } from '../aws-limits.js'

/** Where the fix goes: the caller's account A, the role's account B, the organization's management account, or the caller's own code/config. */
export type FixAccount = 'source' | 'target' | 'management' | 'client'

export const CAUSES = {
  'trust-missing-source': { layer: 'trust', account: 'target', title: "The role's trust policy does not trust the caller (or its account)." },
  'source-missing-assume-role': { layer: 'identity', account: 'source', title: "The caller's identity policy in the source account does not allow sts:AssumeRole on the role." },
  'source-missing-session-action': { layer: 'identity', account: 'source', title: "The caller's identity policy in the source account does not allow the session action (sts:TagSession / sts:SetSourceIdentity) on the role." },
  'external-id-missing': { layer: 'trust', account: 'client', title: 'The trust policy requires an ExternalId and the caller sends none.' },
  'external-id-wrong': { layer: 'trust', account: 'client', title: 'The ExternalId the caller sends is not the one the trust policy requires.' },
  'external-id-malformed': { layer: 'validation', account: 'client', title: `The ExternalId is not in STS's format (${EXTERNAL_ID.minLength}–${EXTERNAL_ID.maxLength} characters of letters, digits and +=,.@:/-).` },
  'source-ip-outside': { layer: 'trust', account: 'target', title: "The caller's public IP is outside the aws:SourceIp allow-list." },
  'source-ip-via-vpc-endpoint': { layer: 'trust', account: 'target', title: 'The call goes through a VPC endpoint, so aws:SourceIp is absent and the IP condition can never match.' },
  'trust-condition-failed': { layer: 'trust', account: 'target', title: "A condition of the role's trust policy does not match the request." },
  'tag-session-not-allowed': {
    layer: 'trust',
    account: 'target',
    title: "The caller passes session tags, and the role's trust policy does not allow sts:TagSession for it besides sts:AssumeRole."
  },
  'source-identity-not-allowed': {
    layer: 'trust',
    account: 'target',
    title: "The caller sets a source identity (or carries one from an earlier session: it sticks through role chaining), and the role's trust policy does not allow sts:SetSourceIdentity for it."
  },
  'root-cannot-assume-role': { layer: 'credentials', account: 'client', title: "The call is signed with the account root user's keys, and AWS lets only IAM users and roles assume a role." },
  'duration-condition-never-matches': { layer: 'trust', account: 'target', title: 'The trust policy has an sts:DurationSeconds condition, which AssumeRole never sets: the Allow can never match.' },
  'duration-over-max': { layer: 'validation', account: 'client', title: "The requested DurationSeconds is longer than the role's MaxSessionDuration." },
  'role-chaining-limit': { layer: 'validation', account: 'client', title: `Role chaining (assumed-role credentials assuming a role) caps sessions at ${hoursOf(ROLE_CHAINING_MAX_SECONDS)} hour.` },
  'invalid-principal': {
    layer: 'validation',
    account: 'target',
    title: "IAM refused to save the role's trust policy (or a resource policy): a Principal names a role, user or account that does not exist (yet), is misspelt, or a statement names none."
  },
  'malformed-role-arn': { layer: 'validation', account: 'client', title: 'The role ARN passed to AssumeRole is not a role ARN (user ARN, session ARN, bare name or missing account).' },
  'region-model-mismatch': { layer: 'identity', account: 'target', title: "The role's permissions policy grants the model in another region than the one called." },
  'profile-missing-destination-region': { layer: 'identity', account: 'target', title: 'A cross-region inference profile routed the call to a region whose foundation-model ARN the policy does not grant.' },
  'profile-arn-missing': { layer: 'identity', account: 'target', title: "The permissions policy does not grant the inference profile's ARN." },
  'identity-policy-missing-bedrock': { layer: 'identity', account: 'target', title: "The role's permissions policy does not allow this Bedrock action on this model." },
  'identity-policy-missing-action': { layer: 'identity', account: 'either', title: "The principal's identity policy does not allow this action." },
  'explicit-deny-identity': { layer: 'identity', account: 'either', title: 'An identity-based policy explicitly denies the action.' },
  'scp-region-lock': { layer: 'scp', account: 'management', title: 'A region-lock SCP (aws:RequestedRegion) denies the call, which breaks cross-region inference.' },
  'scp-deny': { layer: 'scp', account: 'management', title: 'A service control policy denies the action.' },
  'rcp-deny': { layer: 'rcp', account: 'management', title: 'A resource control policy denies the action.' },
  'permissions-boundary': { layer: 'boundary', account: 'either', title: "The principal's permissions boundary does not allow the action." },
  'session-policy': { layer: 'session', account: 'client', title: 'The session policy passed at AssumeRole does not allow the action.' },
  'vpc-endpoint-policy': { layer: 'vpce', account: 'either', title: "The VPC endpoint's policy does not allow the call." },
  'resource-policy': { layer: 'resource', account: 'target', title: "The resource's policy does not allow the call." },
  'model-access-not-granted': {
    layer: 'bedrock',
    account: 'target',
    title: 'Bedrock refuses this model to this account or region (serverless models are on by default since 2025: what remains is a Marketplace subscription, the Anthropic use-case form, or the model not offered in this region).'
  },
  'marketplace-subscription': { layer: 'bedrock', account: 'target', title: 'The model needs an AWS Marketplace subscription on first use, and the caller may not view, create or cancel it.' },
  'anthropic-use-case-form': { layer: 'bedrock', account: 'target', title: "Anthropic's one-time use-case form has not been submitted for this account (or its organization's management account)." },
  'bearer-token-not-allowed': { layer: 'identity', account: 'either', title: 'The Bedrock API key (bearer token) is refused: its IAM identity may not call bedrock:CallWithBearerToken, or an SCP denies it.' },
  'operation-not-allowed': { layer: 'account', account: 'target', title: 'Bedrock blocks the whole account ("Operation not allowed"): account verification or standing, not IAM or model access.' },
  'model-legacy': { layer: 'lifecycle', account: 'client', title: 'The model is Legacy and this account has not used it recently, so Bedrock refuses it: move to an active model.' },
  'model-end-of-life': { layer: 'lifecycle', account: 'client', title: 'The model version has reached its end of life on Bedrock: move to an active model.' },
  'credentials-expired': { layer: 'credentials', account: 'client', title: 'The temporary credentials (session token) have expired.' },
  'credentials-missing': { layer: 'credentials', account: 'client', title: 'The SDK found no credentials to sign with (no keys in the environment, no profile or SSO session, no instance or container role).' },
  'credentials-invalid': { layer: 'credentials', account: 'client', title: 'AWS does not recognise the access key or session token (wrong, deleted, or for another partition/endpoint).' },
  'signature-mismatch': { layer: 'credentials', account: 'client', title: 'The request signature does not match: wrong secret access key, or a proxy changed the signed request.' },
  'clock-skew': { layer: 'clock', account: 'client', title: "The signing machine's clock is wrong: AWS rejects signatures older than its tolerance (usually 15 minutes, 5 for some services)." },
  throttled: { layer: 'quota', account: 'client', title: 'Bedrock or STS throttled the calls (requests or tokens per minute): retry with backoff, or raise the quota.' },
  'quota-exceeded': { layer: 'quota', account: 'target', title: 'A service quota of the account is exhausted: request an increase (Service Quotas) or reduce usage.' },
  'oidc-provider-missing': { layer: 'web-identity', account: 'target', title: "The role's account has no IAM OIDC identity provider for the token's issuer." },
  'oidc-audience-mismatch': { layer: 'web-identity', account: 'target', title: "The token's audience (aud) is not a client ID of the IAM OIDC provider." },
  'idp-rejected': { layer: 'web-identity', account: 'client', title: 'The identity provider rejected the token or its claims.' },
  'idp-communication': { layer: 'web-identity', account: 'client', title: "STS could not reach the identity provider's keys (JWKS) to verify the token." },
  'web-identity-token-invalid': { layer: 'web-identity', account: 'client', title: 'The web identity token is expired, malformed or not signed by the registered provider.' },
  'account-not-authorized': { layer: 'bedrock', account: 'target', title: 'The account is not authorized for this Bedrock operation (often a new or restricted account: contact AWS Support).' },
  'on-demand-not-supported': { layer: 'validation', account: 'client', title: 'This model cannot be called on demand by its id: call it through an inference profile (us./eu./apac./global.).' },
  'converse-not-supported': {
    layer: 'validation',
    account: 'client',
    title: 'The model is not a text or chat model, so Converse refuses it: embedding, image and imported models are called with InvokeModel, speech models with their own streaming API.'
  },
  'invalid-model-id': { layer: 'validation', account: 'client', title: 'The model identifier is invalid in this region (typo, wrong region, or a profile id used where a model id is expected).' }
} as const satisfies Record<string, { layer: string; account: FixAccount | 'either'; title: string }>

export type CauseId = keyof typeof CAUSES
