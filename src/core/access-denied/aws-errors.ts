/**
 * AWS errors that are not IAM decisions but that people paste into explain all the same (issue 18):
 * web-identity token problems, expired or unknown credentials, signatures (clock skew, wrong
 * secret), throttling and quotas, model lifecycle, Anthropic's use-case form and the account-level
 * "Operation not allowed". Each row: AWS's error codes and the message forms seen in real pastes
 * (pasted-corpus.ts names the sources; docs/aws-facts.md the documented ones). Tried in order: the
 * specific web-identity and clock-skew forms before the generic token and signature ones.
 */
export const AWS_ERRORS = {
  'oidc-provider-missing': /No OpenIDConnect provider found/i,
  'oidc-audience-mismatch': /Incorrect token audience/i,
  'idp-rejected': /\bIDPRejectedClaim\b/i,
  'idp-communication': /\bIDPCommunicationError\b|retrieve verification key from your identity provider/i,
  'web-identity-token-invalid': /web identity token that was passed is expired|Token expired: current date\/time|\bInvalidIdentityToken(?:Exception)?\b|Invalid Identity token/i,
  'clock-skew': /Signature expired:?\s*\d{8}T\d{6}Z is now earlier than|Signature not yet current|\bRequestTimeTooSkewed\b|\bRequestExpired\b/i,
  'signature-mismatch': /request signature we calculated does not match|\bSignatureDoesNotMatch\b|\bInvalidSignatureException\b/i,
  'credentials-expired': /security token included in the request\s+is expired|\bExpiredToken(?:Exception)?\b/i,
  'credentials-invalid': /security token included in the request\s+is invalid|\bInvalidClientTokenId\b|\bUnrecognizedClientException\b|not able to validate the provided access credentials/i,
  'quota-exceeded': /\bServiceQuotaExceeded(?:Exception)?\b|exceeds the service quota/i,
  throttled: /\bThrottl(?:ing|ed)(?:Exception)?\b|Too many (?:requests|tokens|connections)|\bTooManyRequests(?:Exception)?\b|\bRate exceeded\b|request rate is too high/i,
  'model-legacy': /marked by provider as Legacy/i,
  'model-end-of-life': /(?:model|version) has reached the end of its life/i,
  'anthropic-use-case-form': /use case details have not been submitted|use case form/i,
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
export function matchAwsError(message: string, errorCode: string | undefined): AwsErrorId | undefined {
  const haystack = `${errorCode ?? ''} ${message}`
  for (const [id, pattern] of Object.entries(AWS_ERRORS) as [AwsErrorId, RegExp][]) {
    if (pattern.test(haystack)) return id
  }
  return undefined
}
