/**
 * Build the exact request to evaluate from the facts and answers, with the context AWS would set,
 * and stand-ins (recorded as `assumed`) for policies we do not have.
 */
import type { EvaluationRequest, NamedPolicy, PolicyDocument } from '../evaluate.js'
import { UNSPECIFIED_REGION, isRegionlessModelArn } from '../models.js'
import type { RequestFacts } from './request-facts.js'
import { isSessionAction } from '../session-actions.js'
import type { Answers, PolicySet } from './types.js'

/** The AWS-managed SCP every organization starts with; SCP levels need an Allow, users paste only their Deny. */
const FULL_AWS_ACCESS: NamedPolicy = {
  name: 'FullAWSAccess (assumed)',
  document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }
}

const ALLOW_ALL_IDENTITY: NamedPolicy = {
  name: '(not given: assumed to allow)',
  document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }
}

const TRUST_ANYONE: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'] }]
}

/** Why a request could not be built. */
export interface Unbuilt {
  request?: undefined
  notes: string[]
}

export interface BuiltRequest {
  request: EvaluationRequest
  label: string
  /** Policy layers we did not have and replaced with an allow. */
  assumed: string[]
  /** Layers evaluated from real policies. */
  real: Set<'identity' | 'trust' | 'scp' | 'boundary' | 'session'>
  notes: string[]
}

function accountOf(arn: string): string | undefined {
  const account = arn.split(':')[4]
  return account && /^\d{12}$/.test(account) ? account : undefined
}

/** Put a known account id into an ARN whose account was redacted. */
function unredact(arn: string, accountId: string | undefined): string | undefined {
  // Foundation-model ARNs have no account at all; only a redacted (non-empty, non-numeric) one is replaced.
  if (accountOf(arn) || arn.split(':')[4] === '') return arn
  if (!accountId) return undefined
  const parts = arn.split(':')
  if (parts.length < 6) return undefined
  parts[4] = accountId
  return parts.join(':')
}

function commonLayers(policies: PolicySet, built: BuiltRequest): void {
  const request = built.request
  if (policies.scp && policies.scp.length > 0) {
    request.serviceControlPolicies = [{ target: 'given SCPs', policies: [FULL_AWS_ACCESS, ...policies.scp] }]
    built.real.add('scp')
  }
  if (policies.boundary) {
    request.permissionsBoundary = policies.boundary
    built.real.add('boundary')
  }
  if (policies.session) {
    request.sessionPolicy = policies.session
    built.real.add('session')
  }
}

function baseContext(facts: RequestFacts, answers: Answers): Record<string, string> {
  const context: Record<string, string> = {}
  if (answers.viaVpcEndpoint === true) context['aws:SourceVpce'] = 'vpce-0explain0000000'
  else if (answers.sourceIp) context['aws:SourceIp'] = answers.sourceIp
  if (facts.region) context['aws:RequestedRegion'] = facts.region
  return context
}

/** The caller's sts:AssumeRole on the role, both sides; undefined (with a note) when we lack the ARNs. */
export function assumeRoleRequest(facts: RequestFacts, answers: Answers, policies: PolicySet): BuiltRequest | Unbuilt {
  const roleArn = facts.roleArn ? unredact(facts.roleArn, facts.targetAccountId) : undefined
  const principal = facts.principalArn ? unredact(facts.principalArn, facts.sourceAccountId) : facts.sourceAccountId ? `arn:${facts.partition}:sts::${facts.sourceAccountId}:assumed-role/caller/explain` : undefined
  if (!roleArn || !principal) {
    return { notes: ['Could not evaluate the AssumeRole request: the role ARN or the caller is unknown or redacted (pass --role-arn, or a config with the accounts).'] }
  }
  const context = baseContext(facts, answers)
  const notes: string[] = []
  if (answers.externalId !== undefined) context['sts:ExternalId'] = answers.externalId
  else if (answers.externalIdPassed === true && facts.externalId) {
    context['sts:ExternalId'] = facts.externalId
    notes.push("Assumed the caller sends the setup's ExternalId (pass --external-id VALUE to evaluate the one it really sends).")
  }
  const built: BuiltRequest = {
    label: 'sts:AssumeRole: caller (source account) → role (target account)',
    request: {
      principal,
      action: facts.action ?? 'sts:AssumeRole',
      // A session action is decided within the AssumeRole request, with its context (core/session-actions.ts).
      ...(facts.action !== undefined && isSessionAction(facts.action) ? { during: 'sts:AssumeRole' } : {}),
      resource: roleArn,
      resourceAccount: accountOf(roleArn) ?? '',
      context,
      identityPolicies: policies.identity && policies.identity.length > 0 ? policies.identity : [ALLOW_ALL_IDENTITY],
      resourcePolicy: policies.trust ?? TRUST_ANYONE
    },
    assumed: [],
    real: new Set(),
    notes
  }
  if (policies.identity && policies.identity.length > 0) built.real.add('identity')
  else built.assumed.push("caller's identity policy (source account)")
  if (policies.trust) built.real.add('trust')
  else built.assumed.push("role's trust policy (target account)")
  commonLayers(policies, built)
  return built
}

/** The role session's Bedrock call. */
export function bedrockRequest(facts: RequestFacts, answers: Answers, policies: PolicySet): BuiltRequest | Unbuilt {
  const resource = facts.resource
  const target = facts.targetAccountId
  if (!resource || !target) {
    return { notes: ['Could not evaluate the Bedrock call: the model resource or the target account is unknown (pass --region and --inference-profile, or a config).'] }
  }
  const principal = (facts.principalArn ? unredact(facts.principalArn, target) : undefined) ?? `arn:${facts.partition}:sts::${target}:assumed-role/${facts.roleName ?? 'BedrockAccessRole'}/explain`
  const context = baseContext(facts, answers)
  // A profile-routed call is authorized in its destination region, with that region as aws:RequestedRegion;
  // a global profile's region-less model ARN with "unspecified" (docs/aws-facts.md ctx.requested-region.global-unspecified).
  if (facts.resourceRegion) context['aws:RequestedRegion'] = facts.resourceRegion
  else if (isRegionlessModelArn(resource)) context['aws:RequestedRegion'] = UNSPECIFIED_REGION
  const profile = answers.inferenceProfile
  if (profile) {
    const region = facts.region ?? facts.resourceRegion
    context['bedrock:InferenceProfileArn'] = profile.startsWith('arn:') ? profile : `arn:${facts.partition}:bedrock:${region}:${target}:inference-profile/${profile}`
  }
  const permissions = policies.permissions && policies.permissions.length > 0 ? policies.permissions : policies.identity
  const built: BuiltRequest = {
    label: `${facts.action ?? 'bedrock:InvokeModel'}: role session (target account) → model`,
    request: {
      principal,
      action: facts.action ?? 'bedrock:InvokeModel',
      resource: unredact(resource, target) ?? resource,
      resourceAccount: target,
      context,
      identityPolicies: permissions && permissions.length > 0 ? permissions : [ALLOW_ALL_IDENTITY]
    },
    assumed: [],
    real: new Set(),
    notes: []
  }
  if (permissions && permissions.length > 0) built.real.add('identity')
  else built.assumed.push("role's permissions policy (target account)")
  commonLayers(policies, built)
  return built
}
