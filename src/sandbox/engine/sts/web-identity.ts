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
    return { provider, issuer, sub: String(payload.sub ?? ''), aud: audience, amr: payload.amr }
  } catch (error) {
    if (error instanceof SandboxAwsError) throw error
    if (error instanceof joseErrors.JWTExpired) {
      // Epoch seconds, as STS words it (docs/aws-facts.md oidc.error.expired).
      throw new SandboxAwsError('ExpiredTokenException', `Token expired: current date/time ${Math.floor(now.getTime() / 1000)} must be before the expiration date/time ${Number(error.payload.exp)}`, 400)
    }
    throw invalidToken('The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.')
  }
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
    const result = await evaluateAccess(
      deps.store,
      deps.evaluator,
      { arn: provider.arn, accountId: undefined, identityPolicies: [], context },
      { action: 'sts:AssumeRoleWithWebIdentity', resource: role.arn, resourceAccount: role.accountId, resourcePolicy: deps.store.effectiveTrustPolicy(role) }
    )
    if (!result.allowed) throw denied
    const durationSeconds = sessionDuration(params, role, false)
    const session = mintSession(deps.store, {
      role,
      sessionName,
      durationSeconds,
      sourceIp: provider.sourceIp,
      now: request.receivedAt,
      sessionPolicy,
      webIdentityProvider: provider.host
    })
    record({ responseElements: { ...credentialsForTrail(session), subjectFromWebIdentityToken: claims.sub, provider: provider.arn, audience: claims.aud } })
    return {
      ...credentialsOutput(session),
      SubjectFromWebIdentityToken: claims.sub,
      Provider: claims.issuer,
      Audience: claims.aud
    }
  } catch (error) {
    if (error instanceof SandboxAwsError) record({ errorCode: error.code, errorMessage: error.message, responseElements: null })
    throw error
  }
}
