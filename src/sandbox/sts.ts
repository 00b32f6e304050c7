/**
 * STS in the sandbox (query protocol): GetCallerIdentity, AssumeRole, AssumeRoleWithWebIdentity.
 * AssumeRole needs the caller's identity policy and the role's trust policy (cross-account), with
 * the context AWS sets (sts:ExternalId, sts:RoleSessionName, …; never sts:DurationSeconds), and
 * enforces MaxSessionDuration and the 1-hour role-chaining cap with AWS's wording. Every AssumeRole*
 * call, allowed or not, is recorded in CloudTrail (in both accounts when cross-account), in the
 * request's region (STS endpoints are regional). GetCallerIdentity needs no permission and, as in
 * AWS, is not recorded.
 */
import { randomUUID } from 'node:crypto'
import type { Evaluator, PolicyDocument } from '../core/evaluate.js'
import type { SandboxEnv, SandboxRequest, SandboxResponse, ServiceHandler, TrailEventInput } from './contract.js'
import { SandboxAwsError } from './contract.js'
import { parsePolicyText } from './policy-validate.js'
import { PATTERNS, QueryParams, validationError } from './query-params.js'
import { queryParams } from './routing.js'
import type { RoleRecord, SandboxState, SessionRecord } from './state.js'
import { credentialsForTrail, credentialsXml, mintSession } from './sts-credentials.js'
import { assumeRoleWithWebIdentity } from './sts-web-identity.js'
import { STS_NAMESPACE, queryResponse, type XmlValue } from './xml.js'

export interface StsDeps {
  state: SandboxState
  evaluator: Evaluator
}

/** Role chaining caps sessions at one hour, whatever the role's MaxSessionDuration (IAM user guide). */
export const ROLE_CHAINING_MAX_SECONDS = 3600
/** AWS's default AssumeRole duration when DurationSeconds is absent. */
const DEFAULT_DURATION_SECONDS = 3600

export const ROLE_ARN_PATTERN = { regex: /^arn:aws:iam::\d{12}:role(\/[\x21-\x7e]+)?\/[\w+=,.@-]+$/, text: 'arn:aws:iam::\\d{12}:role/[\\w+=,.@-]+' }

export function stsXml(request: SandboxRequest, action: string, result: Record<string, XmlValue>): SandboxResponse {
  return { status: 200, headers: { 'content-type': 'text/xml' }, body: queryResponse(action, STS_NAMESPACE, result, request.requestId) }
}

export function createStsHandler(deps: StsDeps): ServiceHandler {
  return async (request, env) => {
    const params = new QueryParams(queryParams(request.method, request.query, request.headers, request.body))
    const action = params.optional('Action') ?? ''
    switch (action) {
      case 'GetCallerIdentity':
        return stsXml(request, action, { Arn: request.caller.arn, UserId: request.caller.principalId, Account: request.caller.accountId })
      case 'AssumeRole':
        return assumeRole(deps, request, env, params)
      case 'AssumeRoleWithWebIdentity':
        return assumeRoleWithWebIdentity(deps, request, env, params)
      default:
        throw new SandboxAwsError('InvalidAction', `Could not find operation ${action || '(none)'} for version 2011-06-15`, 400)
    }
  }
}

/** The session policy passed as `Policy`, validated as AWS does. */
export function sessionPolicyOf(params: QueryParams): PolicyDocument | undefined {
  const text = params.optional('Policy')
  if (text === undefined) return undefined
  params.checked('Policy', text, 1, 2048)
  return parsePolicyText(text)
}

/**
 * The requested duration, checked against role chaining and the role's MaxSessionDuration, with
 * AWS's exact ValidationError wording (DESIGN §4).
 */
export function sessionDuration(params: QueryParams, role: RoleRecord, chaining: boolean): number {
  const requested = params.integer('DurationSeconds', 900, 43200)
  if (chaining && requested !== undefined && requested > ROLE_CHAINING_MAX_SECONDS) {
    throw validationError('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.')
  }
  if (requested !== undefined && requested > role.maxSessionDuration) {
    throw validationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.')
  }
  return requested ?? DEFAULT_DURATION_SECONDS
}

async function assumeRole(deps: StsDeps, request: SandboxRequest, env: SandboxEnv, params: QueryParams): Promise<SandboxResponse> {
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
    durationSeconds: durationParam === undefined ? DEFAULT_DURATION_SECONDS : Number(durationParam),
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
    const crossAccount = roleAccount !== undefined && roleAccount !== caller.accountId && deps.state.account(roleAccount) !== undefined
    env.trail.record(crossAccount ? { ...base, sharedEventID } : base)
    if (crossAccount) {
      env.trail.record({ ...base, accountId: roleAccount, sharedEventID, userIdentity: { type: 'AWSAccount', principalId: caller.principalId, accountId: caller.accountId } })
    }
  }
  try {
    params.checked('RoleArn', roleArn, 20, 2048, ROLE_ARN_PATTERN)
    params.checked('RoleSessionName', sessionName, 2, 64, PATTERNS.sessionName)
    if (externalId !== undefined) params.checked('ExternalId', externalId, 2, 1224, PATTERNS.externalId)
    const sourceIdentity = params.optional('SourceIdentity')
    if (sourceIdentity !== undefined) params.checked('SourceIdentity', sourceIdentity, 2, 64, PATTERNS.sessionName)
    const sessionPolicy = sessionPolicyOf(params)
    const tags = params.tags()
    const role = deps.state.roleByArn(roleArn)
    const denied = async (action: string, context: Record<string, string | string[]>) => {
      const result = await env.authorize(request, {
        action,
        resource: roleArn,
        resourceAccount: roleAccount ?? '',
        context,
        resourcePolicy: role ? deps.state.effectiveTrustPolicy(role) : undefined
      })
      return result.allowed ? undefined : result.message
    }
    const context: Record<string, string | string[]> = { 'sts:RoleSessionName': sessionName }
    if (externalId !== undefined) context['sts:ExternalId'] = externalId
    if (sourceIdentity !== undefined) context['sts:SourceIdentity'] = sourceIdentity
    let denial = role ? await denied('sts:AssumeRole', context) : `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`
    if (!denial && tags.length > 0) {
      const tagContext = { ...context, 'aws:TagKeys': tags.map((t) => t.Key), ...Object.fromEntries(tags.map((t) => [`aws:RequestTag/${t.Key}`, t.Value])) }
      denial = await denied('sts:TagSession', tagContext)
    }
    if (!denial && sourceIdentity !== undefined) denial = await denied('sts:SetSourceIdentity', context)
    if (denial || !role) throw new SandboxAwsError('AccessDenied', denial ?? '', 403)
    const durationSeconds = sessionDuration(params, role, caller.isRoleSession)
    const inherited = caller.isRoleSession ? deps.state.keyOwner(caller.accessKeyId) : undefined
    const session: SessionRecord = mintSession(deps.state, {
      role,
      sessionName,
      durationSeconds,
      sourceIp: caller.sourceIp,
      now: request.receivedAt,
      sessionPolicy,
      sourceIdentity: sourceIdentity ?? (inherited?.kind === 'session' ? inherited.session.sourceIdentity : undefined)
    })
    requestParameters.durationSeconds = durationSeconds
    record({ responseElements: credentialsForTrail(session) })
    return stsXml(request, 'AssumeRole', { ...credentialsXml(session), ...(session.sourceIdentity ? { SourceIdentity: session.sourceIdentity } : {}) })
  } catch (error) {
    if (error instanceof SandboxAwsError) record({ errorCode: error.code, errorMessage: error.message, responseElements: null })
    throw error
  }
}

