/**
 * Checks 1 and 3 of the guide (2, the trust, is trust.ts): the role exists in B, and its
 * policies allow bedrock:InvokeModel on every resource the setup needs. They read B with
 * `--target-profile` or through the role itself; when neither can read, they skip with the reason.
 */
import { describeAwsError, failureFromError, isAccessDenied } from '../failures.js'
import type { VerifyContext } from '../context.js'
import type { CheckDefinition, CheckResult } from '../types.js'
import { admitsFromSomeListedAddress, callerIpOf } from './trust.js'
import { lintLine, permissionsProofOf } from './proof.js'
import { sessionArnOf } from './principals.js'
import { fixCommandFor } from '../hints.js'
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

export const roleAllowsBedrock: CheckDefinition<VerifyContext> = {
  id: 'role-allows-bedrock',
  title: "The role's policies allow bedrock:InvokeModel on every configured model",
  dependsOn: ['role-exists'],
  async run(ctx): Promise<CheckResult> {
    const read = await ctx.facts.role()
    if (!read.readable || !read.role) {
      return {
        status: 'skip',
        evidence: [`cannot read the role's policies: ${read.readable ? 'role not found' : read.reason}`],
        hint: `Pass --target-profile with iam:GetRole, iam:ListRolePolicies, iam:GetRolePolicy, iam:ListAttachedRolePolicies, iam:GetPolicy and iam:GetPolicyVersion in account ${ctx.setup.targetAccountId}.`
      }
    }
    let policies
    try {
      policies = await ctx.facts.rolePolicies()
    } catch (error) {
      if (isAccessDenied(error)) {
        return {
          status: 'skip',
          evidence: [`cannot read the role's policies: ${describeAwsError(error)}`],
          hint: `Give the reader iam:ListRolePolicies, iam:GetRolePolicy, iam:ListAttachedRolePolicies, iam:GetPolicy and iam:GetPolicyVersion in account ${ctx.setup.targetAccountId}.`
        }
      }
      return failureFromError(error)
    }
    const actions = ctx.setup.streaming ? ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'] : ['bedrock:InvokeModel']
    const context: Record<string, string> = { 'aws:RequestedRegion': ctx.setup.region }
    const ip = callerIpOf(ctx)
    if (ip) context['aws:SourceIp'] = ip
    const principal = sessionArnOf(ctx.roleArn, ctx.sessionName)
    const missing: string[] = []
    const allowed: string[] = []
    const fromListedAddress: string[] = []
    for (const action of actions) {
      for (const resource of ctx.invokeResources) {
        const request = { principal, action, resource, resourceAccount: resourceAccountOf(resource, ctx.setup.targetAccountId), context: { ...context, ...profileContext(ctx, resource) }, identityPolicies: policies }
        const evaluation = await ctx.evaluator.evaluate(request)
        if (evaluation.allowed) allowed.push(`${action} on ${resource}`)
        else if (
          (await admitsFromSomeListedAddress(
            ctx,
            request,
            policies.map((p) => p.document)
          )) !== undefined
        )
          fromListedAddress.push(`${action} on ${resource}`)
        else missing.push(`${action} on ${resource}`)
      }
    }
    if (ctx.invokeResources.length === 0) {
      return { status: 'warn', evidence: ['the setup names no model resources to check'], hint: `Add ${FLAG_OF.models} to the setup.` }
    }
    if (missing.length > 0) {
      return {
        status: 'fail',
        evidence: { policies: policies.map((p) => p.name), context, allowed, missing },
        hint: `Add ${missing[0]}${missing.length > 1 ? ` (and ${missing.length - 1} more)` : ''} to the permissions policy ${ctx.setup.permissionsPolicyName} of role ${ctx.setup.roleName} in account ${ctx.setup.targetAccountId} (Sid BedrockXacctInvoke): ${await fixCommandFor(ctx)}`
      }
    }
    // Everything needed is allowed: now nothing beyond it (the static proof) and lint's errors.
    const { proof, lintErrors } = await permissionsProofOf(ctx, policies)
    const failing = proof.gaps.filter((g) => g.property !== 'action')
    const evidence = {
      policies: policies.map((p) => p.name),
      context,
      allowed,
      ...(fromListedAddress.length > 0 ? { allowedOnlyFromListedAddresses: fromListedAddress } : {}),
      proof: { requests: proof.requests, resources: proof.resources, sourceIp: proof.sourceIp, gaps: proof.gaps.map((g) => g.text) },
      ...(lintErrors.length > 0 ? { lint: lintErrors.map(lintLine) } : {})
    }
    if (failing.length > 0 || lintErrors.length > 0) {
      return {
        status: 'fail',
        evidence,
        hint: `The role's policies allow more than the setup asks: ${failing[0]?.text ?? lintLine(lintErrors[0]!)}. Narrow the statement that allows it to the setup's models${ctx.setup.sourceIpCidrs.length > 0 ? ' and aws:SourceIp list' : ''} (the setup's own is ${ctx.setup.permissionsPolicyName}, Sid BedrockXacctInvoke): ${await fixCommandFor(ctx)}`
      }
    }
    if (fromListedAddress.length > 0) {
      return {
        status: 'warn',
        evidence: { ...evidence, notProvableOffline: "the policies allow these only from the addresses of their aws:SourceIp list, and the caller's public IP is unknown; the live Converse (converse) shows whether this machine is inside" },
        hint: `Not provable offline: pass --caller-ip <this machine's public IP> (CloudTrail's sourceIPAddress, see cloudtrail-invoke), or ${FLAG_OF.sourceIpCidrs} with the allow-list.`
      }
    }
    if (proof.gaps.length > 0) {
      return { status: 'warn', evidence, hint: `The role's policies allow an action the setup does not grant: ${proof.gaps[0]!.text}. Drop ${FLAG_OF.streaming} from the setup if streaming is meant, or narrow the statement.` }
    }
    return { status: 'pass', evidence }
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
