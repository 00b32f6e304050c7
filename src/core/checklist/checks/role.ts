/**
 * Checks 1–3 of the guide: the role exists in B, its trust policy admits the caller, and its
 * policies allow bedrock:InvokeModel on every resource the setup needs. They read B with
 * `--target-profile` or through the role itself; when neither can read, they skip with the reason.
 */
import type { EvaluationRequest, PolicyDocument, PolicyStatement } from '../../evaluate.js'
import { describeAwsError, failureFromError, isAccessDenied } from '../failures.js'
import type { VerifyContext } from '../context.js'
import type { CheckDefinition, CheckResult } from '../types.js'
import { addressInside } from '../../ip.js'
import { statementsOf } from '../../policy-document.js'
import { callerPrincipalArn, sessionArnOf } from './principals.js'
import { externalIdSettingOf, fixCommandFor, originOf } from '../hints.js'
import { FLAG_OF } from '../../setup/input.js'

export const roleExists: CheckDefinition<VerifyContext> = {
  id: 'role-exists',
  title: 'The access role exists in the target account',
  dependsOn: [],
  async run(ctx) {
    const { setup } = ctx
    let read
    try {
      read = await ctx.facts.role()
    } catch (error) {
      if (isAccessDenied(error)) {
        return {
          status: 'skip',
          evidence: [`GetRole was denied to --target-profile: ${describeAwsError(error)}`],
          hint: `Give the --target-profile principal iam:GetRole on ${ctx.roleArn} in account ${setup.targetAccountId}, or run without --target-profile.`
        }
      }
      return failureFromError(error)
    }
    if (read.readable && read.role) {
      return {
        status: 'pass',
        evidence: { roleArn: read.role.arn, roleId: read.role.roleId, maxSessionDurationSeconds: read.role.maxSessionDurationSeconds, readVia: read.via }
      }
    }
    if (read.readable) {
      return {
        status: 'fail',
        evidence: [`GetRole ${setup.roleName} in ${setup.targetAccountId}: NoSuchEntity`],
        hint: `Create the role ${setup.roleName} in account ${setup.targetAccountId}: ${ctx.fixCommand}`
      }
    }
    try {
      const assumed = await ctx.facts.assumeRole()
      return { status: 'pass', evidence: [`inferred from a successful AssumeRole (${assumed.assumedRoleArn})`, `GetRole not possible: ${read.reason}`] }
    } catch (error) {
      if (isAccessDenied(error)) {
        return {
          status: 'skip',
          evidence: [`cannot tell: ${read.reason}, and AssumeRole was denied (a missing role and a refused trust look the same from A)`],
          hint: `Pass --target-profile with iam:GetRole in account ${setup.targetAccountId} to check the role directly.`
        }
      }
      return failureFromError(error)
    }
  }
}

async function trustRequest(ctx: VerifyContext, trustPolicy: PolicyDocument): Promise<EvaluationRequest> {
  const identity = await ctx.facts.callerIdentity()
  const context: Record<string, string> = {}
  if (ctx.setup.externalId) context['sts:ExternalId'] = ctx.setup.externalId
  const ip = addressInside(ctx.setup.sourceIpCidrs)
  if (ip) context['aws:SourceIp'] = ip
  return {
    principal: callerPrincipalArn(identity.arn),
    action: 'sts:AssumeRole',
    resource: ctx.roleArn,
    resourceAccount: ctx.setup.targetAccountId,
    context,
    // The caller's own side is source-can-assume's job: here only the trust policy may say no.
    identityPolicies: [{ name: 'assume-caller-side-allowed', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] } }],
    resourcePolicy: trustPolicy
  }
}

export const trustIncludesSource: CheckDefinition<VerifyContext> = {
  id: 'trust-includes-source',
  title: "The role's trust policy admits the caller",
  dependsOn: ['role-exists'],
  async run(ctx) {
    const read = await ctx.facts.role()
    if (!read.readable || !read.role) {
      return { status: 'skip', evidence: [`cannot read the trust policy: ${read.readable ? 'role not found' : read.reason}`], hint: `Pass --target-profile with iam:GetRole in account ${ctx.setup.targetAccountId}.` }
    }
    const trust = read.role.trustPolicy
    const request = await trustRequest(ctx, trust)
    const evaluation = await ctx.evaluator.evaluate(request)
    if (evaluation.allowed) {
      const statement = await allowingStatement(ctx, request, trust)
      return { status: 'pass', evidence: { caller: request.principal, context: request.context, statement } }
    }
    const cause = await conditionCause(ctx, request, trust)
    const evidence = { caller: request.principal, context: request.context, decision: evaluation.decision, denials: evaluation.denials, cause: cause?.text }
    if (cause?.kind === 'external-id-differs') {
      // The trust is right for every other caller: the caller's configuration is what to fix first.
      const rotate = await fixCommandFor(ctx, { externalId: 'setup' })
      return {
        status: 'fail',
        evidence,
        hint: `${cause.text}. Fix the caller first: set the ExternalId the trust requires in ${externalIdSettingOf(ctx.setup, originOf(ctx.setupOrigin))}. Only if the trust's ExternalId itself must change: ${rotate} — warning: every other caller that uses the current ExternalId will then be refused.`
      }
    }
    return {
      status: 'fail',
      evidence,
      hint: `${cause?.text ?? `Trust policy of ${ctx.setup.roleName} in account ${ctx.setup.targetAccountId} does not admit ${request.principal}`}; fix the trust statement (Sid BedrockXacctTrust): ${await fixCommandFor(ctx)}`
    }
  }
}

/** The first Allow statement that, alone, admits the request: the one to show as evidence. */
async function allowingStatement(ctx: VerifyContext, request: EvaluationRequest, trust: PolicyDocument): Promise<PolicyStatement | undefined> {
  for (const statement of statementsOf(trust)) {
    if (statement.Effect !== 'Allow') continue
    const alone = await ctx.evaluator.evaluate({ ...request, resourcePolicy: { Version: '2012-10-17', Statement: [statement] } })
    if (alone.allowed) return statement
  }
  return undefined
}

/** Why a trust statement's condition refused the caller; `external-id-differs` gets its own hint. */
interface ConditionCause {
  kind: 'external-id-differs' | 'external-id-missing' | 'other'
  text: string
}

/** When stripping a statement's conditions would admit the caller, name the condition keys that refused. */
async function conditionCause(ctx: VerifyContext, request: EvaluationRequest, trust: PolicyDocument): Promise<ConditionCause | undefined> {
  for (const statement of statementsOf(trust)) {
    if (statement.Effect !== 'Allow' || !statement.Condition) continue
    const { Condition, ...bare } = statement
    const alone = await ctx.evaluator.evaluate({ ...request, resourcePolicy: { Version: '2012-10-17', Statement: [bare] } })
    if (!alone.allowed) continue
    const keys = Object.values(Condition).flatMap((entries) => Object.keys(entries))
    const sid = statement.Sid ? ` (Sid ${statement.Sid})` : ''
    if (keys.some((k) => k.toLowerCase() === 'sts:externalid') && (await externalIdRefused(ctx, request, statement))) {
      return ctx.setup.externalId
        ? { kind: 'external-id-differs', text: `The trust statement${sid} requires a different sts:ExternalId than the one configured` }
        : { kind: 'external-id-missing', text: `The trust statement${sid} requires an sts:ExternalId and none is configured (set it in ${externalIdSettingOf(ctx.setup, originOf(ctx.setupOrigin))})` }
    }
    return { kind: 'other', text: `The trust statement${sid} admits the caller only when ${keys.join(', ')} match, and this request does not` }
  }
  return undefined
}

/** Whether the statement's ExternalId condition is what refuses (not only, say, its SourceIp list). */
async function externalIdRefused(ctx: VerifyContext, request: EvaluationRequest, statement: PolicyStatement): Promise<boolean> {
  const Condition = Object.fromEntries(
    Object.entries(statement.Condition ?? {})
      .map(([operator, entries]) => [operator, Object.fromEntries(Object.entries(entries).filter(([key]) => key.toLowerCase() !== 'sts:externalid'))] as const)
      .filter(([, entries]) => Object.keys(entries).length > 0)
  )
  const { Condition: _dropped, ...bare } = statement
  const withoutExternalId: PolicyStatement = Object.keys(Condition).length > 0 ? { ...bare, Condition } : bare
  return (await ctx.evaluator.evaluate({ ...request, resourcePolicy: { Version: '2012-10-17', Statement: [withoutExternalId] } })).allowed
}

export const roleAllowsBedrock: CheckDefinition<VerifyContext> = {
  id: 'role-allows-bedrock',
  title: "The role's policies allow bedrock:InvokeModel on every configured model",
  dependsOn: ['role-exists'],
  async run(ctx): Promise<CheckResult> {
    const read = await ctx.facts.role()
    if (!read.readable || !read.role) {
      return { status: 'skip', evidence: [`cannot read the role's policies: ${read.readable ? 'role not found' : read.reason}`], hint: `Pass --target-profile with iam:GetRole, iam:ListRolePolicies, iam:GetRolePolicy, iam:ListAttachedRolePolicies, iam:GetPolicy and iam:GetPolicyVersion in account ${ctx.setup.targetAccountId}.` }
    }
    let policies
    try {
      policies = await ctx.facts.rolePolicies()
    } catch (error) {
      if (isAccessDenied(error)) {
        return { status: 'skip', evidence: [`cannot read the role's policies: ${describeAwsError(error)}`], hint: `Give the reader iam:ListRolePolicies, iam:GetRolePolicy, iam:ListAttachedRolePolicies, iam:GetPolicy and iam:GetPolicyVersion in account ${ctx.setup.targetAccountId}.` }
      }
      return failureFromError(error)
    }
    const actions = ctx.setup.streaming ? ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'] : ['bedrock:InvokeModel']
    const context: Record<string, string> = { 'aws:RequestedRegion': ctx.setup.region }
    const ip = addressInside(ctx.setup.sourceIpCidrs)
    if (ip) context['aws:SourceIp'] = ip
    const principal = sessionArnOf(ctx.roleArn, ctx.sessionName)
    const missing: string[] = []
    const allowed: string[] = []
    for (const action of actions) {
      for (const resource of ctx.invokeResources) {
        const evaluation = await ctx.evaluator.evaluate({
          principal,
          action,
          resource,
          resourceAccount: resourceAccountOf(resource, ctx.setup.targetAccountId),
          context: { ...context, ...profileContext(ctx, resource) },
          identityPolicies: policies
        })
        ;(evaluation.allowed ? allowed : missing).push(`${action} on ${resource}`)
      }
    }
    const evidence = { policies: policies.map((p) => p.name), context, allowed, missing }
    if (ctx.invokeResources.length === 0) {
      return { status: 'warn', evidence: ['the setup names no model resources to check'], hint: `Add ${FLAG_OF.models} to the setup.` }
    }
    if (missing.length === 0) return { status: 'pass', evidence }
    return {
      status: 'fail',
      evidence,
      hint: `Add ${missing[0]}${missing.length > 1 ? ` (and ${missing.length - 1} more)` : ''} to the permissions policy ${ctx.setup.permissionsPolicyName} of role ${ctx.setup.roleName} in account ${ctx.setup.targetAccountId} (Sid BedrockXacctInvoke): ${await fixCommandFor(ctx)}`
    }
  }
}

/** Foundation-model ARNs have no account; evaluate them as the role's account's request. */
function resourceAccountOf(resource: string, fallback: string): string {
  const account = resource.split(':')[4]
  return account && /^\d{12}$/.test(account) ? account : fallback
}

/**
 * A foundation-model ARN reached through a configured cross-region profile carries
 * `bedrock:InferenceProfileArn` in the request, as Bedrock sets it; policies may condition on it.
 */
function profileContext(ctx: VerifyContext, resource: string): Record<string, string> {
  if (!resource.includes(':foundation-model/')) return {}
  const modelId = resource.slice(resource.indexOf(':foundation-model/') + ':foundation-model/'.length)
  const profile = ctx.invokeResources.find((r) => r.includes(':inference-profile/') && r.endsWith(`.${modelId}`))
  return profile ? { 'bedrock:InferenceProfileArn': profile } : {}
}

/** Whether the trust policy (read from B) admits the caller; undefined when it cannot be read. */
export async function trustAdmitsCaller(ctx: VerifyContext): Promise<boolean | undefined> {
  try {
    const read = await ctx.facts.role()
    if (!read.readable || !read.role) return undefined
    return (await ctx.evaluator.evaluate(await trustRequest(ctx, read.role.trustPolicy))).allowed
  } catch {
    return undefined
  }
}
