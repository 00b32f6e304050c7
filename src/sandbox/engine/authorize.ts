/**
 * Authorization for every sandbox call, with the same evaluator the tool ships (src/core/evaluate.ts)
 * and the request context AWS sets: aws:SourceIp, aws:PrincipalArn (the ROLE arn for sessions),
 * aws:PrincipalAccount, aws:RequestedRegion, aws:username, aws:userid, aws:CurrentTime, … — and
 * never sts:DurationSeconds for AssumeRole. SCPs of the caller's account, permissions boundaries
 * and session policies apply. Denials carry AWS's exact message (messages.ts).
 */
import type { Evaluation, Evaluator, NamedPolicy, PolicyDocument } from '../../core/evaluate.js'
import { accessDeniedMessage, pickDenial } from './messages.js'
import type { Store } from './store.js'
import { isoSeconds } from './time.js'
import type { AuthorizationRequest, AuthorizationResult, Caller, RequestContext } from './types.js'

/** Who is asking, in the evaluator's terms. */
export interface EvaluationPrincipal {
  /** ARN the evaluator matches against Principal elements (user, session, or OIDC provider ARN). */
  arn: string
  /** Account whose SCPs apply; undefined for web identity (no principal account yet). */
  accountId: string | undefined
  identityPolicies: NamedPolicy[]
  permissionsBoundary?: NamedPolicy | undefined
  sessionPolicy?: PolicyDocument | undefined
  /** Context keys derived from the principal and request (aws:SourceIp, …). */
  context: Record<string, string | string[]>
}

/** AWS attaches FullAWSAccess to every OU and account by default; a deny-list SCP relies on it. */
const FULL_AWS_ACCESS: NamedPolicy = { name: 'FullAWSAccess', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }

function hasAllow(policy: NamedPolicy): boolean {
  const statements = Array.isArray(policy.document.Statement) ? policy.document.Statement : [policy.document.Statement]
  return statements.some((s) => s.Effect === 'Allow')
}

/**
 * A world's SCPs form one level (the account's). When none of them allows anything (deny-list
 * SCPs), FullAWSAccess is implied as in AWS; a world with an Allow SCP models an allow-list.
 */
export function scpLevels(state: Store, accountId: string | undefined): { target: string; policies: NamedPolicy[] }[] {
  const scps = accountId ? (state.account(accountId)?.scps ?? []) : []
  if (scps.length === 0) return []
  return [{ target: accountId!, policies: scps.some(hasAllow) ? scps : [FULL_AWS_ACCESS, ...scps] }]
}

/** The context keys AWS sets from the caller and request. */
export function callerContext(state: Store, caller: Caller, region: string, now: Date): Record<string, string> {
  const session = caller.type === 'AssumedRole' ? state.keyOwner(caller.accessKeyId) : undefined
  const context: Record<string, string> = {
    'aws:SourceIp': caller.sourceIp,
    'aws:PrincipalArn': caller.sessionIssuerArn ?? caller.arn,
    'aws:PrincipalAccount': caller.accountId,
    'aws:PrincipalType': caller.type === 'AssumedRole' ? 'AssumedRole' : caller.type === 'Root' ? 'Account' : 'User',
    'aws:RequestedRegion': region,
    'aws:userid': caller.principalId,
    'aws:CurrentTime': isoSeconds(now),
    'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
    'aws:SecureTransport': 'false',
    'aws:ViaAWSService': 'false'
  }
  if (caller.type === 'IAMUser') context['aws:username'] = caller.arn.slice(caller.arn.lastIndexOf('/') + 1)
  if (session?.kind === 'session' && session.session.sourceIdentity) context['aws:SourceIdentity'] = session.session.sourceIdentity
  return context
}

/** An account's root user may do anything in its own account; SCPs still apply, and other accounts' resource policies. */
const ROOT_USER: NamedPolicy = { name: 'root-user', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }

export function principalOfCaller(state: Store, caller: Caller, region: string, now: Date): EvaluationPrincipal {
  return {
    arn: caller.arn,
    accountId: caller.accountId,
    identityPolicies: caller.type === 'Root' && caller.accountId !== '' ? [ROOT_USER] : caller.identityPolicies,
    permissionsBoundary: caller.permissionsBoundary,
    sessionPolicy: caller.sessionPolicy,
    context: callerContext(state, caller, region, now)
  }
}

export async function evaluateAccess(state: Store, evaluator: Evaluator, principal: EvaluationPrincipal, authz: AuthorizationRequest): Promise<AuthorizationResult> {
  const evaluation = await evaluator
    .evaluate({
      principal: principal.arn,
      action: authz.action,
      resource: authz.resource,
      resourceAccount: authz.resourceAccount,
      context: { ...principal.context, ...authz.context },
      identityPolicies: principal.identityPolicies,
      resourcePolicy: authz.resourcePolicy,
      serviceControlPolicies: scpLevels(state, principal.accountId),
      permissionsBoundary: principal.permissionsBoundary,
      sessionPolicy: principal.sessionPolicy,
      during: authz.during
    })
    // The evaluator rejects an action that does not apply to the resource type; AWS denies those.
    .catch((): Pick<Evaluation, 'allowed' | 'denials' | 'analysis'> => ({ allowed: false, denials: [{ layer: 'identity', explicit: false }], analysis: undefined as never }))
  if (evaluation.allowed) return { allowed: true, message: '' }
  const denial = pickDenial(evaluation.denials)
  const assumeRole = authz.action.toLowerCase().startsWith('sts:assumerole') || authz.during !== undefined
  // AssumeRole denials carry no reason cross-account; same-account, the trust policy alone may
  // allow, so an implicit denial names no single layer either. Explicit denies keep theirs. The
  // session actions are part of the same request and read the same (err.tag-session.denied).
  const reasonless = assumeRole && (authz.resourceAccount !== principal.accountId || !denial?.explicit)
  return { allowed: false, message: accessDeniedMessage({ principalArn: principal.arn, action: authz.action, resource: authz.resource, denial, reasonless }) }
}

/** `env.authorize`: evaluate as the request's caller. */
export function createAuthorizer(state: Store, evaluator: Evaluator, now: () => Date) {
  return (request: RequestContext, authz: AuthorizationRequest): Promise<AuthorizationResult> => evaluateAccess(state, evaluator, principalOfCaller(state, request.caller, request.region, now()), authz)
}
