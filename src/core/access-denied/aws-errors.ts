/**
 * AWS errors that are not IAM decisions but that people paste into explain all the same (issue 18):
 * web-identity token problems, expired, unknown or missing credentials (SSO included), signatures
 * (clock skew, wrong secret), refused Bedrock API keys, the root user's AssumeRole, throttling and
 * quotas, model lifecycle, Anthropic's use-case form and the account-level "Operation not allowed".
 * An SSO OIDC `InvalidGrantException` is the refresh of an expired IAM Identity Center session
 * (docs/aws-facts.md err.sso-oidc.invalid-grant).
 * Each row: AWS's error codes and the message forms seen in real pastes (pasted-corpus.ts,
 * pasted-corpus-2.ts and pasted-corpus-3.ts name the sources; docs/aws-facts.md the documented ones). Tried in order: the
 * specific web-identity and clock-skew forms before the generic token and signature ones.
 */
export const AWS_ERRORS = {
  'oidc-provider-missing': /No OpenIDConnect provider found/i,
  // A token whose aud is not a client ID of the provider, or that carries no aud at all (aws/aws-sdk-ruby#2698).
  'oidc-audience-mismatch': /Incorrect token audience|Missing a required claim: aud\b/i,
  'idp-rejected': /\bIDPRejectedClaim\b/i,
  'idp-communication': /\bIDPCommunicationError\b|retrieve verification key from your identity provider/i,
  // STS's own words for an expired OIDC token ("Token expired: current date/time …", "Token too old: …"), before the generic ExpiredToken.
  'web-identity-token-invalid': /web identity token that was passed is expired|\bInvalidIdentityToken(?:Exception)?\b|Invalid Identity token|Token expired: current date\/time|\bToken too old\b/i,
  // The timestamps may come broken by a wrap ("20191 029T154623Z"): the two phrases around them decide.
  'clock-skew': /Signature expired:?[\s\dTZ]{0,24}is now earlier than|Signature not yet current|\bRequestTimeTooSkewed\b|\bRequestExpired\b/i,
  'signature-mismatch': /request signature we calculated does not match|\bSignatureDoesNotMatch\b|\bInvalidSignatureException\b/i,
  'credentials-expired':
    /security token included in the request\s+is expired|\bExpiredToken(?:Exception)?\b|retrieving token from sso: Token has expired|SSO session associated with this profile has expired|\b(?:TokenRetrievalError|UnauthorizedSSOTokenError)\b|\bInvalidGrantException\b/i,
  // The SDK found no credentials at all, so no request was signed (boto's NoCredentialsError, the JS SDK's provider chain).
  'credentials-missing': /Unable to locate credentials|Could not load credentials from any providers|\b(?:NoCredentialsError|CredentialsProviderError)\b|Error when retrieving credentials from/i,
  'credentials-invalid':
    /security token included in the request\s+is invalid|\bInvalidClientTokenId\b|\bUnrecognizedClientException\b|not able to validate the provided access credentials|\bInvalidAccessKeyId\b|Access Key Id you provided does not exist|Authentication failed\b[^.]{0,40}\bAPI key/i,
  // Bedrock refuses an API key it will not take as one (guidance-for-claude-code#784: the key's role lacked CallWithBearerToken).
  'bearer-token-not-allowed': /\bInvalid API Key format\b/i,
  // STS: AssumeRole is for IAM users and roles; the root user's keys are refused with this text.
  'root-cannot-assume-role': /Roles may not be assumed by root accounts/i,
  'quota-exceeded': /\bServiceQuotaExceeded(?:Exception)?\b|exceeds the service quota/i,
  throttled: /\bThrottl(?:ing|ed)(?:Exception)?\b|Too many (?:requests|tokens|connections)|\bTooManyRequests(?:Exception)?\b|\bRate exceeded\b|request rate is too high/i,
  'model-legacy': /marked by provider as Legacy/i,
  'model-end-of-life': /(?:model|version) has reached the end of its life/i,
  'anthropic-use-case-form': /\buse[- ]case (?:details|form)\b/i,
  'operation-not-allowed': /\bOperation not allowed\b/i
} as const satisfies Record<string, RegExp>

export type AwsErrorId = keyof typeof AWS_ERRORS

/** `Signature expired: <signed> is now earlier than <limit> (<now> - 15 min.)`: AWS's clock and ours. */
const SIGNATURE_TIMES = /Signature expired:?\s*(\d{8}T\d{6}Z) is now earlier than \d{8}T\d{6}Z \((\d{8}T\d{6}Z) - (\d+) min/i

function isoOf(stamp: string): string {
  return `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13)}`
}

/** How far the signing clock was behind AWS's, when the message says (e.g. "1 h 45 min behind"). */
export function clockSkewOf(message: string): { signedAt: string; awsTime: string; toleranceMinutes: number; behindSeconds: number } | undefined {
  const match = SIGNATURE_TIMES.exec(message)
  if (!match?.[1] || !match[2] || !match[3]) return undefined
  const signedAt = isoOf(match[1])
  const awsTime = isoOf(match[2])
  const behindSeconds = Math.round((Date.parse(awsTime) - Date.parse(signedAt)) / 1000)
  return Number.isFinite(behindSeconds) ? { signedAt, awsTime, toleranceMinutes: Number(match[3]), behindSeconds } : undefined
}

/** The first AWS error whose code or message form the text shows. */
export function matchAwsError(message: string, errorCode: string | undefined, operation?: string): AwsErrorId | undefined {
  const haystack = `${errorCode ?? ''} ${message}`
  for (const [id, pattern] of Object.entries(AWS_ERRORS) as [AwsErrorId, RegExp][]) {
    if (!pattern.test(haystack)) continue
    // AssumeRoleWithWebIdentity / WithSAML are not signed with AWS credentials: an expired or invalid token there is the IdP's.
    if ((id === 'credentials-expired' || id === 'credentials-invalid') && /^AssumeRoleWith(?:WebIdentity|SAML)$/i.test(operation ?? '')) return 'web-identity-token-invalid'
    return id
  }
  return undefined
}
