/**
 * The OIDC caller's side of checks 7–8 (the enterprise guide's web identity): the live
 * AssumeRoleWithWebIdentity with the caller's token, and proof that the trust refuses a token with
 * another `sub` or `aud`. verify cannot mint tokens (the identity provider signs them), so that
 * proof evaluates the trust read from B with the token's claims changed, and says so; a call that
 * was not made is never reported as made (no token: skip, with why).
 */
import { isAwsCallError } from '../../ports/aws-error.js'
import type { AssumedWebIdentityRole } from '../../ports/aws.js'
import { parseArn } from '../../arn.js'
import { describeAwsError, failureFromError, isAccessDenied } from '../failures.js'
import type { VerifyContext } from '../context.js'
import type { CheckResult } from '../types.js'
import { fixCommandFor } from '../hints.js'
import { isWebIdentityCallNotMade, oidcCallerOf } from '../web-identity.js'
import { findingsText, trustRefusals, trustVerdict } from './trust.js'

/** Claim values no real token carries: what the refused-token evaluation substitutes. */
export const PROBE_CLAIMS = { sub: 'bedrock-xacct-verify-probe:another-subject', aud: 'bedrock-xacct-verify-probe-another-audience' } as const

const WEB_IDENTITY_HINT = 'Pass --web-identity-token-file with a token the provider issued for this workload (in CI: the file AWS_WEB_IDENTITY_TOKEN_FILE names).'

/** Check 7 for an OIDC caller: AssumeRoleWithWebIdentity with the token, as the role in B. */
export async function assumeRoleWithWebIdentity(ctx: VerifyContext): Promise<CheckResult> {
  const { setup } = ctx
  const token = ctx.ports.webIdentity
  let assumed: AssumedWebIdentityRole
  try {
    assumed = (await ctx.facts.assumeRole()) as AssumedWebIdentityRole
  } catch (error) {
    if (isWebIdentityCallNotMade(error)) return { status: 'skip', evidence: [error.message], hint: WEB_IDENTITY_HINT }
    if (isAccessDenied(error)) {
      // STS's denial names no reason ("Not authorized to perform sts:AssumeRoleWithWebIdentity"): the trust analysis says why.
      const refusals = findingsText(await trustRefusals(ctx))
      const disagreement = refusals ? undefined : await staticAdmits(ctx)
      return {
        status: 'fail',
        evidence: [
          describeAwsError(error),
          `token from ${token?.source}: sub ${token?.claims.subject ?? '(none)'}, aud ${token?.claims.audiences.join(', ') || '(none)'}`,
          ...(refusals ? [`the trust policy read from B refuses the token: ${refusals}`] : []),
          ...(disagreement ? [disagreement] : [])
        ],
        hint: `${refusals ? `The trust policy refuses the token: ${refusals} ` : ''}${disagreement ? `${disagreement} ` : ''}The trust of ${setup.roleName} in ${setup.targetAccountId} must allow sts:AssumeRoleWithWebIdentity to the provider with this token's sub and aud (try bedrock-xacct explain): ${await fixCommandFor(ctx)}`
      }
    }
    if (isAwsCallError(error) && (error.failure.awsCode === 'InvalidIdentityToken' || error.failure.awsCode === 'IDPRejectedClaim')) {
      const host = oidcCallerOf(setup)?.providerHost
      return {
        status: 'fail',
        evidence: [describeAwsError(error), `token from ${token?.source}: issuer ${token?.claims.issuer}, aud ${token?.claims.audiences.join(', ') || '(none)'}`],
        hint: `STS refused the token itself: the OIDC provider ${host} must be registered in account ${setup.targetAccountId} with the token's audience as a client id, and the token must come from that issuer.`
      }
    }
    if (isAwsCallError(error) && error.failure.kind === 'invalid-request') {
      return { status: 'fail', evidence: [describeAwsError(error)], hint: `STS rejected the request; check the setup's session duration and role: ${await fixCommandFor(ctx)}` }
    }
    return failureFromError(error, 'Get a fresh token from the identity provider and run verify again.')
  }
  const evidence = {
    operation: 'AssumeRoleWithWebIdentity',
    assumedRoleArn: assumed.assumedRoleArn,
    account: parseArn(assumed.assumedRoleArn)?.accountId,
    roleSessionName: ctx.sessionName,
    token: token?.source,
    subject: assumed.subjectFromWebIdentityToken ?? token?.claims.subject,
    audience: assumed.audience,
    provider: assumed.provider,
    durationSeconds: setup.sessionDurationSeconds,
    expiresAt: assumed.credentials.expiration.toISOString()
  }
  if (evidence.account !== setup.targetAccountId || !assumed.assumedRoleArn.includes(`:assumed-role/${setup.roleName}/`)) {
    return { status: 'fail', evidence, hint: `The credentials belong to ${assumed.assumedRoleArn}, not to role ${setup.roleName} in ${setup.targetAccountId}; check the role ARN (config-role-arn).` }
  }
  return { status: 'pass', evidence }
}

/**
 * When STS refused a token the trust read from B admits (evaluated with the token's claims), the two
 * disagree: said, not hidden. The usual reason is a condition on a claim AWS does not expose as a
 * key for the provider (docs/aws-facts.md oidc.keys.generic: `groups` is not one), which never matches.
 */
async function staticAdmits(ctx: VerifyContext): Promise<string | undefined> {
  const verdict = await trustVerdict(ctx).catch(() => undefined)
  if (!verdict?.readable || !verdict.diagnosis.evaluation.allowed) return undefined
  const host = ctx.ports.webIdentity?.claims.host ?? ''
  const claims = Object.keys(verdict.request.context).filter((key) => key.startsWith(`${host}:`))
  return `The trust policy read from B admits this token when evaluated with its claims (${claims.join(', ')}), yet STS refused it: a condition on a claim AWS does not expose as a key for this provider (such as ${host}:groups) never matches.`
}

/**
 * Check 8 for an OIDC caller: the trust read from B, evaluated for the caller's token with its `sub`
 * replaced, then its `aud` replaced, must refuse both (a trust without them admits every token the
 * provider issues, to anyone's workload).
 */
export async function otherTokensRefused(ctx: VerifyContext): Promise<CheckResult> {
  if (!ctx.ports.webIdentity) return { status: 'skip', evidence: ['no web identity token to derive other tokens from'], hint: WEB_IDENTITY_HINT }
  const verdict = await trustVerdict(ctx)
  if (!verdict.readable) return { status: 'skip', evidence: [`cannot evaluate the trust policy: ${verdict.reason}`], hint: `Pass --target-profile with iam:GetRole in account ${ctx.setup.targetAccountId}.` }
  const host = ctx.ports.webIdentity.claims.host
  const probes = [
    { label: `another sub (${PROBE_CLAIMS.sub})`, key: `${host}:sub`, value: PROBE_CLAIMS.sub },
    { label: `another aud (${PROBE_CLAIMS.aud})`, key: `${host}:aud`, value: PROBE_CLAIMS.aud }
  ]
  const evidence: string[] = ['evaluated on the trust policy read from B (verify cannot mint tokens: the identity provider signs them)']
  const admitted: string[] = []
  for (const probe of probes) {
    const evaluation = await ctx.evaluator.evaluate({ ...verdict.request, context: { ...verdict.request.context, [probe.key]: probe.value } })
    evidence.push(`a token with ${probe.label}: ${evaluation.allowed ? 'ADMITTED' : 'refused'}`)
    if (evaluation.allowed) admitted.push(probe.label)
  }
  if (admitted.length === 0) return { status: 'pass', evidence }
  return {
    status: 'fail',
    evidence,
    hint: `The trust of ${ctx.setup.roleName} in ${ctx.setup.targetAccountId} admits a token with ${admitted.join(' and ')}: require StringEquals ${host}:aud and StringLike ${host}:sub on its web identity statement: ${await fixCommandFor(ctx)}`
  }
}
