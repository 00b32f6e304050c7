/**
 * Check 4: the caller's own policies in A allow sts:AssumeRole on the role. Asked of IAM with
 * SimulatePrincipalPolicy when the caller may call it; otherwise inferred from the live AssumeRole
 * (a cross-account denial names no reason, so a denial only blames A when the trust policy admits).
 */
import { describeAwsError, failureFromError, isAccessDenied, isEnvironmental } from '../failures.js'
import type { VerifyContext } from '../context.js'
import type { CheckDefinition, CheckResult } from '../types.js'
import { callerPrincipalArn } from './principals.js'
import { findingsText, leadingFindings, trustVerdict } from './trust.js'
import { FLAG_OF } from '../../setup/input.js'
import { oidcCallerOf } from '../web-identity.js'

export const sourceCanAssume: CheckDefinition<VerifyContext> = {
  id: 'source-can-assume',
  title: "The caller's policies in the source account allow sts:AssumeRole on the role",
  dependsOn: [],
  async run(ctx): Promise<CheckResult> {
    if (oidcCallerOf(ctx.setup)) return webIdentitySide(ctx)
    const identity = await ctx.facts.callerIdentity()
    const principal = callerPrincipalArn(identity.arn)
    const hint = `Allow sts:AssumeRole on ${ctx.roleArn} in the policy ${ctx.setup.sourcePolicyName} of ${principal} (account ${identity.account}): ${ctx.fixCommand}`
    if (identity.account !== ctx.setup.sourceAccountId) {
      return {
        status: 'fail',
        evidence: [`the caller ${identity.arn} is in account ${identity.account}, not the setup's source account ${ctx.setup.sourceAccountId}`],
        hint: `Run verify with the caller's credentials from account ${ctx.setup.sourceAccountId} (--profile), or fix ${FLAG_OF.sourceAccountId}.`
      }
    }
    let simulationNote: string
    try {
      const results = await ctx.ports.caller.iam.simulatePrincipalPolicy({ policySourceArn: principal, actionNames: ['sts:AssumeRole'], resourceArns: [ctx.roleArn] })
      const result = results[0]
      if (result?.decision === 'allowed') {
        return { status: 'pass', evidence: { method: 'SimulatePrincipalPolicy', principal, decision: result.decision, matchedStatements: result.matchedStatements } }
      }
      if (result) {
        return { status: 'fail', evidence: { method: 'SimulatePrincipalPolicy', principal, decision: result.decision, matchedStatements: result.matchedStatements }, hint }
      }
      simulationNote = 'SimulatePrincipalPolicy returned no result'
    } catch (error) {
      if (isEnvironmental(error)) return failureFromError(error)
      simulationNote = `SimulatePrincipalPolicy not possible (${describeAwsError(error)})`
    }
    try {
      const assumed = await ctx.facts.assumeRole()
      return { status: 'pass', evidence: [`inferred from the live AssumeRole, which succeeded as ${assumed.assumedRoleArn}`, simulationNote] }
    } catch (error) {
      if (!isAccessDenied(error)) return failureFromError(error)
      const verdict = await trustVerdict(ctx).catch(() => undefined)
      const trust = verdict?.readable ? verdict.diagnosis.evaluation.allowed : undefined
      const refusals = verdict?.readable && trust === false ? leadingFindings(verdict.diagnosis.findings) : []
      if (trust === true) {
        return { status: 'fail', evidence: ["the live AssumeRole was denied while the trust policy admits the caller: the caller's own policy is missing sts:AssumeRole", simulationNote], hint }
      }
      return {
        status: 'skip',
        evidence: [
          `the live AssumeRole was denied, and ${trust === false ? 'the trust policy refuses the caller too' : 'the trust policy could not be read'}; a cross-account denial names no reason`,
          ...(refusals.length > 0 ? [`the trust policy says why: ${findingsText(refusals)}`] : []),
          simulationNote
        ],
        hint:
          trust === false
            ? `Fix the trust policy first (see trust-includes-source); to check this side on its own, give the caller iam:SimulatePrincipalPolicy in account ${identity.account}.`
            : `Give the caller iam:SimulatePrincipalPolicy in account ${identity.account}, or pass --target-profile so the trust policy can be checked.`
      }
    }
  }
}

/**
 * An OIDC caller's "source side": AssumeRoleWithWebIdentity is unsigned, so no policy of A takes
 * part (the trust alone decides). What can be shown is that the live call went through; until it
 * did (no token, refused) this side is not proven, and says why.
 */
async function webIdentitySide(ctx: VerifyContext): Promise<CheckResult> {
  const note = 'no policy in the source account takes part in AssumeRoleWithWebIdentity (an unsigned call: the token is the identity), so there is nothing to allow in A'
  try {
    const assumed = await ctx.facts.assumeRole()
    return { status: 'pass', evidence: [note, `the live AssumeRoleWithWebIdentity succeeded as ${assumed.assumedRoleArn}`] }
  } catch (error) {
    if (isEnvironmental(error)) return failureFromError(error)
    return { status: 'skip', evidence: [note, `not shown live: ${describeAwsError(error)}`], hint: 'See assume-role: the trust policy alone admits or refuses the token.' }
  }
}
