/**
 * STS in the engine: GetCallerIdentity and AssumeRole (AssumeRoleWithWebIdentity is in
 * web-identity.ts). AssumeRole needs the caller's identity policy and the role's trust policy
 * (cross-account), with the context AWS sets (sts:ExternalId, sts:RoleSessionName, …; never
 * sts:DurationSeconds), and enforces MaxSessionDuration and the 1-hour role-chaining cap with AWS's
 * wording. Every AssumeRole* call, allowed or not, is recorded in CloudTrail (in both accounts when
 * cross-account), in the request's region (STS endpoints are regional). GetCallerIdentity needs no
 * permission and, as in AWS, is not recorded.
 */
import { randomUUID } from 'node:crypto'
import { EXTERNAL_ID, ROLE_SESSION_NAME } from '../../../core/aws-limits.js'
import { PATTERNS, type Params } from '../params.js'
import type { SessionRecord } from '../records.js'
import type { ApiOutput, EngineEnv, RequestContext, TrailEventInput } from '../types.js'
import { SandboxAwsError } from '../types.js'
import { credentialsForTrail, mintSession } from './credentials.js'
import type { StsDeps } from './deps.js'
import { ROLE_ARN_PATTERN, credentialsOutput, sessionDuration, sessionPolicyOf, sessionTagsOf } from './session.js'

/** GetCallerIdentity: who the caller is; no permission needed, not recorded. */
export function getCallerIdentity(request: RequestContext): ApiOutput {
  return { Arn: request.caller.arn, UserId: request.caller.principalId, Account: request.caller.accountId }
}

/** AssumeRole as the caller of `request`: validated, authorized on both sides, recorded; the new session's credentials. */
export async function assumeRole(deps: StsDeps, request: RequestContext, env: EngineEnv, params: Params): Promise<ApiOutput> {
  const { caller } = request
  const roleArn = params.required('RoleArn')
  const sessionName = params.required('RoleSessionName')
  const externalId = params.optional('ExternalId')
  const roleAccount = /^arn:aws:iam::(\d{12}):/.exec(roleArn)?.[1]
  const sharedEventID = randomUUID()
  const durationParam = params.optional('DurationSeconds')
  const requestParameters: Record<string, unknown> = {
    roleArn,
    roleSessionName: sessionName,
    // Only what the caller sent (docs/aws-facts.md trail.assume-role.request-parameters).
    ...(durationParam === undefined ? {} : { durationSeconds: Number(durationParam) }),
    ...(externalId === undefined ? {} : { externalId })
  }
  const record = (extra: Partial<TrailEventInput>) => {
    const base: TrailEventInput = {
      request,
      eventSource: 'sts.amazonaws.com',
      eventName: 'AssumeRole',
      readOnly: true,
      requestParameters,
      resources: roleAccount ? [{ ARN: roleArn, accountId: roleAccount, type: 'AWS::IAM::Role' }] : [],
      ...extra
    }
    const crossAccount = roleAccount !== undefined && roleAccount !== caller.accountId && deps.store.account(roleAccount) !== undefined
    env.trail.record(crossAccount ? { ...base, sharedEventID } : base)
    if (crossAccount) {
      env.trail.record({ ...base, accountId: roleAccount, sharedEventID, userIdentity: { type: 'AWSAccount', principalId: caller.principalId, accountId: caller.accountId } })
    }
  }
  try {
    params.checked('RoleArn', roleArn, 20, 2048, ROLE_ARN_PATTERN)
    params.checked('RoleSessionName', sessionName, ROLE_SESSION_NAME.minLength, ROLE_SESSION_NAME.maxLength, PATTERNS.sessionName)
    if (externalId !== undefined) params.checked('ExternalId', externalId, EXTERNAL_ID.minLength, EXTERNAL_ID.maxLength, PATTERNS.externalId)
    const sourceIdentity = params.optional('SourceIdentity')
    if (sourceIdentity !== undefined) params.checked('SourceIdentity', sourceIdentity, 2, 64, PATTERNS.sessionName)
    const sessionPolicy = sessionPolicyOf(params)
    const tags = sessionTagsOf(params)
    const role = deps.store.roleByArn(roleArn)
    const denied = async (action: string, context: Record<string, string | string[]>) => {
      const result = await env.authorize(request, {
        action,
        resource: roleArn,
        resourceAccount: roleAccount ?? '',
        context,
        resourcePolicy: role ? deps.store.effectiveTrustPolicy(role) : undefined,
        // The session actions are authorized within this AssumeRole request (core/session-actions.ts).
        ...(action === 'sts:AssumeRole' ? {} : { during: 'sts:AssumeRole' })
      })
      return result.allowed ? undefined : result.message
    }
    // A source identity set upstream sticks through role chaining: the chained request carries it
    // and needs sts:SetSourceIdentity on both sides (fact sts.set-source-identity.required).
    const inherited = caller.isRoleSession ? deps.store.keyOwner(caller.accessKeyId) : undefined
    const inheritedIdentity = inherited?.kind === 'session' ? inherited.session.sourceIdentity : undefined
    if (sourceIdentity !== undefined && inheritedIdentity !== undefined && sourceIdentity !== inheritedIdentity) {
      throw new SandboxAwsError('AccessDenied', `User: ${caller.arn} is not authorized to perform: sts:SetSourceIdentity on resource: ${roleArn}`, 403)
    }
    const carriedIdentity = sourceIdentity ?? inheritedIdentity
    const context: Record<string, string | string[]> = { 'sts:RoleSessionName': sessionName }
    if (externalId !== undefined) context['sts:ExternalId'] = externalId
    if (carriedIdentity !== undefined) context['sts:SourceIdentity'] = carriedIdentity
    let denial = role ? await denied('sts:AssumeRole', context) : `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`
    if (!denial && tags.length > 0) {
      const tagContext = { ...context, 'aws:TagKeys': tags.map((t) => t.Key), ...Object.fromEntries(tags.map((t) => [`aws:RequestTag/${t.Key}`, t.Value])) }
      denial = await denied('sts:TagSession', tagContext)
    }
    if (!denial && carriedIdentity !== undefined) denial = await denied('sts:SetSourceIdentity', context)
    if (denial || !role) throw new SandboxAwsError('AccessDenied', denial ?? '', 403)
    const durationSeconds = sessionDuration(params, role, caller.isRoleSession)
    const session: SessionRecord = mintSession(deps.store, {
      role,
      sessionName,
      durationSeconds,
      sourceIp: caller.sourceIp,
      now: request.receivedAt,
      sessionPolicy,
      sourceIdentity: carriedIdentity
    })
    record({ responseElements: credentialsForTrail(session) })
    return { ...credentialsOutput(session), ...(session.sourceIdentity ? { SourceIdentity: session.sourceIdentity } : {}) }
  } catch (error) {
    if (error instanceof SandboxAwsError) record({ errorCode: error.code, errorMessage: error.message, responseElements: null })
    throw error
  }
}
