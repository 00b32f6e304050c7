/**
 * AssumeRoleWithWebIdentity: an unsigned call carrying an OIDC token (an HS256 JWT signed with the
 * world provider's secret). The issuer host must be a provider in the role's account; the token's
 * `sub`/`aud` become `<host>:sub`/`<host>:aud` context keys; the principal evaluated against the
 * trust policy is the provider ARN. Failures use AWS's codes (InvalidIdentityToken, ExpiredTokenException).
 */
import { decodeJwt, errors as joseErrors, jwtVerify } from 'jose'
import { ROLE_SESSION_NAME } from '../../../core/aws-limits.js'
import { evaluateAccess } from '../authorize.js'
import { PATTERNS, type Params } from '../params.js'
import type { OidcProviderRecord } from '../records.js'
import type { ApiOutput, Caller, EngineEnv, RequestContext, TrailEventInput } from '../types.js'
import { SandboxAwsError } from '../types.js'
import { isoSeconds } from '../time.js'
import { credentialsForTrail, mintSession } from './credentials.js'
import type { StsDeps } from './deps.js'
import { ROLE_ARN_PATTERN, credentialsOutput, sessionDuration, sessionPolicyOf } from './session.js'

const invalidToken = (message: string) => new SandboxAwsError('InvalidIdentityToken', message, 400)

async function verifiedClaims(deps: StsDeps, roleAccount: string | undefined, token: string, now: Date) {
  let issuer: string
  try {
    issuer = String(decodeJwt(token).iss ?? '')
  } catch {
    throw invalidToken('The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.')
  }
  const host = issuer.replace(/^https:\/\//, '')
  const provider = roleAccount ? deps.store.oidcProvider(roleAccount, host) : undefined
  if (!provider) throw invalidToken(`No OpenIDConnect provider found in your account for ${issuer}`)
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(provider.signingSecret), { algorithms: ['HS256'], currentDate: now })
    const audiences = Array.isArray(payload.aud) ? payload.aud : payload.aud === undefined ? [] : [payload.aud]
    const audience = audiences.find((a) => provider.audiences.includes(a))
    if (!audience) throw invalidToken('Incorrect token audience')
    return { provider, issuer, sub: String(payload.sub ?? ''), aud: audience, amr: payload.amr, tags: tokenTags(payload), sourceIdentity: tokenSourceIdentity(payload) }
  } catch (error) {
    if (error instanceof SandboxAwsError) throw error
    if (error instanceof joseErrors.JWTExpired) {
      // Epoch seconds, as STS words it (docs/aws-facts.md oidc.error.expired).
      throw new SandboxAwsError('ExpiredTokenException', `Token expired: current date/time ${Math.floor(now.getTime() / 1000)} must be before the expiration date/time ${Number(error.payload.exp)}`, 400)
    }
    throw invalidToken('The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.')
  }
}

/**
 * Session tags an OIDC token carries: `https://aws.amazon.com/tags` → `principal_tags` (one value
 * per key; IAM user guide id_session-tags "Passing session tags using AssumeRoleWithWebIdentity").
 */
function tokenTags(payload: Record<string, unknown>): { Key: string; Value: string }[] {
  const claim = payload['https://aws.amazon.com/tags'] as { principal_tags?: Record<string, unknown> } | undefined
  return Object.entries(claim?.principal_tags ?? {}).map(([Key, value]) => ({ Key, Value: String(Array.isArray(value) ? value[0] : value) }))
}

/** The source identity an OIDC token sets (`https://aws.amazon.com/source_identity`; IAM user guide id_credentials_temp_control-access_monitor). */
function tokenSourceIdentity(payload: Record<string, unknown>): string | undefined {
  const value = payload['https://aws.amazon.com/source_identity']
  return typeof value === 'string' ? value : undefined
}

function webIdentityCaller(provider: OidcProviderRecord, sub: string, aud: string): Caller {
  return {
    accountId: provider.accountId,
    arn: provider.arn,
    type: 'Root',
    accessKeyId: '',
    principalId: `${provider.host}:${aud}:${sub}`,
    isRoleSession: false,
    sourceIp: provider.sourceIp,
    identityPolicies: []
  }
}

export async function assumeRoleWithWebIdentity(deps: StsDeps, request: RequestContext, env: EngineEnv, params: Params): Promise<ApiOutput> {
  const roleArn = params.required('RoleArn')
  const sessionName = params.required('RoleSessionName')
  const token = params.required('WebIdentityToken')
  const roleAccount = /^arn:aws:iam::(\d{12}):/.exec(roleArn)?.[1]
  let current = request
  let userIdentity: Record<string, unknown> = { type: 'WebIdentityUser', principalId: 'unknown' }
  const durationParam = params.optional('DurationSeconds')
  // Only what the caller sent (docs/aws-facts.md trail.assume-role.request-parameters).
  const requestParameters: Record<string, unknown> = { roleArn, roleSessionName: sessionName, ...(durationParam === undefined ? {} : { durationSeconds: Number(durationParam) }) }
  const record = (extra: Partial<TrailEventInput>) =>
    roleAccount &&
    deps.store.account(roleAccount) &&
    env.trail.record({
      request: current,
      eventSource: 'sts.amazonaws.com',
      eventName: 'AssumeRoleWithWebIdentity',
      accountId: roleAccount,
      readOnly: true,
      requestParameters,
      resources: [{ ARN: roleArn, accountId: roleAccount, type: 'AWS::IAM::Role' }],
      userIdentity,
      ...extra
    })
  try {
    params.checked('RoleArn', roleArn, 20, 2048, ROLE_ARN_PATTERN)
    params.checked('RoleSessionName', sessionName, ROLE_SESSION_NAME.minLength, ROLE_SESSION_NAME.maxLength, PATTERNS.sessionName)
    params.checked('WebIdentityToken', token, 4, 20000)
    const sessionPolicy = sessionPolicyOf(params)
    const claims = await verifiedClaims(deps, roleAccount, token, request.receivedAt)
    const { provider } = claims
    current = { ...request, caller: webIdentityCaller(provider, claims.sub, claims.aud) }
    userIdentity = { type: 'WebIdentityUser', principalId: current.caller.principalId, userName: claims.sub, identityProvider: provider.host }
    const role = deps.store.roleByArn(roleArn)
    const denied = new SandboxAwsError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', 403)
    if (!role) throw denied
    const context: Record<string, string | string[]> = {
      'aws:SourceIp': provider.sourceIp,
      'aws:RequestedRegion': request.region,
      'aws:CurrentTime': isoSeconds(request.receivedAt),
      'aws:EpochTime': String(Math.floor(request.receivedAt.getTime() / 1000)),
      'aws:SecureTransport': 'false',
      'aws:ViaAWSService': 'false',
      'sts:RoleSessionName': sessionName,
      [`${provider.host}:sub`]: claims.sub,
      [`${provider.host}:aud`]: claims.aud
    }
    if (Array.isArray(claims.amr)) context[`${provider.host}:amr`] = claims.amr.map(String)
    if (claims.sourceIdentity !== undefined) context['sts:SourceIdentity'] = claims.sourceIdentity
    const allowed = async (action: string, extra: Record<string, string | string[]> = {}) =>
      (
        await evaluateAccess(
          deps.store,
          deps.evaluator,
          { arn: provider.arn, accountId: undefined, identityPolicies: [], context: { ...context, ...extra } },
          {
            action,
            resource: role.arn,
            resourceAccount: role.accountId,
            resourcePolicy: deps.store.effectiveTrustPolicy(role),
            // Session actions are authorized within this request (core/session-actions.ts).
            ...(action === 'sts:AssumeRoleWithWebIdentity' ? {} : { during: 'sts:AssumeRoleWithWebIdentity' })
          }
        )
      ).allowed
    if (!(await allowed('sts:AssumeRoleWithWebIdentity'))) throw denied
    const { tags } = claims
    // AWS gives no reason for a refused web identity; a refused session action reads the same here (sandbox convenience).
    if (tags.length > 0 && !(await allowed('sts:TagSession', { 'aws:TagKeys': tags.map((t) => t.Key), ...Object.fromEntries(tags.map((t) => [`aws:RequestTag/${t.Key}`, t.Value])) }))) throw denied
    if (claims.sourceIdentity !== undefined && !(await allowed('sts:SetSourceIdentity'))) throw denied
    const durationSeconds = sessionDuration(params, role, false)
    const session = mintSession(deps.store, {
      role,
      sessionName,
      durationSeconds,
      sourceIp: provider.sourceIp,
      now: request.receivedAt,
      sessionPolicy,
      webIdentityProvider: provider.host,
      sourceIdentity: claims.sourceIdentity
    })
    record({ responseElements: { ...credentialsForTrail(session), subjectFromWebIdentityToken: claims.sub, provider: provider.arn, audience: claims.aud } })
    return {
      ...credentialsOutput(session),
      SubjectFromWebIdentityToken: claims.sub,
      Provider: claims.issuer,
      Audience: claims.aud,
      ...(session.sourceIdentity ? { SourceIdentity: session.sourceIdentity } : {})
    }
  } catch (error) {
    if (error instanceof SandboxAwsError) record({ errorCode: error.code, errorMessage: error.message, responseElements: null })
    throw error
  }
}
