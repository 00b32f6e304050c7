/**
 * Checks 7–9: the live AssumeRole (with ExternalId and DurationSeconds; the session STS issued
 * must be the role in B), proof that the role refuses a missing or wrong ExternalId (a role that accepts
 * them is a confused-deputy risk: fail, not pass), and the session duration against the role's
 * MaxSessionDuration and the 1-hour role-chaining cap. Credentials never leave these functions:
 * only ARNs, names and the expiry go into evidence.
 */
import { isAwsCallError } from '../../ports/aws-error.js'
import { describeAwsError, failureFromError, isAccessDenied } from '../failures.js'
import type { VerifyContext } from '../context.js'
import type { CheckDefinition, CheckResult } from '../types.js'
import { isAssumedRoleSession } from './principals.js'
import { fixCommandFor } from '../hints.js'
import { findingsText, trustRefusals } from './trust.js'
import { trustProofOf } from './proof.js'
import { parseArn } from '../../arn.js'
import { ASSUME_ROLE_DURATION_SECONDS, EXTERNAL_ID, ROLE_CHAINING_MAX_SECONDS, hoursOf } from '../../aws-limits.js'
import { FLAG_OF } from '../../setup/input.js'
import { isWebIdentityCallNotMade, oidcCallerOf } from '../web-identity.js'
import { assumeRoleWithWebIdentity, otherTokensRefused } from './web-identity.js'
import { awsCallersOf } from '../../setup/caller.js'
import { VERIFY_PROBE_SUFFIXES } from '../../verify-probe.js'

function roleNameOfSession(arn: string): string | undefined {
  return /:assumed-role\/([^/]+)\//.exec(arn)?.[1]
}

export const assumeRole: CheckDefinition<VerifyContext> = {
  id: 'assume-role',
  title: 'AssumeRole with the ExternalId and duration succeeds as the role in B',
  dependsOn: ['config-role-arn'],
  async run(ctx): Promise<CheckResult> {
    const { setup } = ctx
    if (awsCallersOf(setup.callers).length === 0) {
      // No caller of A's: an OIDC caller is proven with its own token; service principals only by the service itself.
      if (oidcCallerOf(setup)) return assumeRoleWithWebIdentity(ctx)
      const kinds = [...new Set(setup.callers.map((caller) => caller.kind))].join(' and ')
      return { status: 'skip', evidence: [`the caller is a ${kinds} principal; verify assumes roles with sts:AssumeRole from A only`], hint: 'Run the application itself to test service callers.' }
    }
    let assumed
    try {
      assumed = await ctx.facts.assumeRole()
    } catch (error) {
      if (isAccessDenied(error)) {
        // AWS names no reason; when the trust was read and refuses, the trust analysis says why.
        const refusals = findingsText(await trustRefusals(ctx))
        return {
          status: 'fail',
          evidence: [describeAwsError(error), 'a cross-account AssumeRole denial names no reason: see trust-includes-source and source-can-assume', ...(refusals ? [`the trust policy read from B refuses the caller: ${refusals}`] : [])],
          hint: `${refusals ? `The trust policy refuses the caller: ${refusals} ` : ''}Both sides must allow it — the trust policy of ${setup.roleName} in ${setup.targetAccountId}${setup.sourceIpCidrs.length > 0 ? ` (including its aws:SourceIp allow-list ${setup.sourceIpCidrs.join(', ')}: is this machine's public IP in it?)` : ''} and the caller's sts:AssumeRole in ${setup.sourceAccountId} (try bedrock-xacct explain): ${await fixCommandFor(ctx)}`
        }
      }
      if (isAwsCallError(error) && error.failure.kind === 'invalid-request') {
        return { status: 'fail', evidence: [describeAwsError(error)], hint: durationHint(ctx, error.failure.awsMessage, await fixCommandFor(ctx)) }
      }
      return failureFromError(error)
    }
    const c = assumed.credentials
    if (!c.accessKeyId || !c.secretAccessKey || !c.sessionToken) {
      return { status: 'fail', kind: 'error', evidence: ['AssumeRole answered without credentials'], hint: 'STS returned an empty answer; check AWS_ENDPOINT_URL / the network and run verify again.' }
    }
    // STS names the session it issued (AssumedRoleUser.Arn); a GetCallerIdentity with the new keys
    // would answer the same ARN, one more request per setup. That the keys work is what the
    // converse check proves, with the call the application itself makes.
    const identity = { arn: assumed.assumedRoleArn, account: parseArn(assumed.assumedRoleArn)?.accountId }
    const evidence = {
      assumedRoleArn: identity.arn,
      account: identity.account,
      roleSessionName: ctx.sessionName,
      externalId: setup.externalId ?? null,
      durationSeconds: setup.sessionDurationSeconds,
      expiresAt: c.expiration.toISOString(),
      expiresInSeconds: Math.round((c.expiration.getTime() - ctx.clock.now()) / 1000)
    }
    if (identity.account !== setup.targetAccountId || roleNameOfSession(identity.arn) !== setup.roleName) {
      return { status: 'fail', evidence, hint: `The credentials belong to ${identity.arn}, not to role ${setup.roleName} in ${setup.targetAccountId}; check the role ARN (config-role-arn).` }
    }
    return { status: 'pass', evidence }
  }
}

function durationHint(ctx: VerifyContext, awsMessage: string, fixCommand: string): string {
  if (/role chaining/i.test(awsMessage)) {
    return `The caller is itself a role session: role chaining caps sessions at ${hoursOf(ROLE_CHAINING_MAX_SECONDS)} h. Set ${FLAG_OF.sessionDurationSeconds} ${ROLE_CHAINING_MAX_SECONDS} (or less): ${fixCommand}`
  }
  if (/MaxSessionDuration/i.test(awsMessage)) {
    return `Lower ${FLAG_OF.sessionDurationSeconds} to the role's MaxSessionDuration, or raise it with ${FLAG_OF.maxSessionDurationSeconds} ${ctx.setup.sessionDurationSeconds}: ${fixCommand}`
  }
  if (/externalId/i.test(awsMessage)) {
    return `The ExternalId is malformed: ${EXTERNAL_ID.minLength}–${EXTERNAL_ID.maxLength} characters of letters, digits and +=,.@:/- (no spaces). Fix ${FLAG_OF.externalId}.`
  }
  return `STS rejected the request; check the setup's values: ${fixCommand}`
}

/** Probes' session names: the run's name plus a suffix, so CloudTrail readers tell them apart (core/verify-probe.ts). */
const PROBE_SUFFIXES = VERIFY_PROBE_SUFFIXES

/**
 * The wrong ExternalIds the live probes send: none, an unrelated one, and two near misses a
 * pattern (`StringLike ext-*`), a negated or a case-blind operator cannot tell from the right one
 * — the right value with one character more, and cut short by one (issue 16). All keep STS's
 * ExternalId syntax, so STS itself never refuses them before the trust policy is asked.
 */
export function externalIdProbes(externalId: string, sessionName: string): { label: string; externalId: string | undefined; suffix: string }[] {
  const probes: { label: string; externalId: string | undefined; suffix: string }[] = [
    { label: 'without an ExternalId', externalId: undefined, suffix: PROBE_SUFFIXES.missing },
    { label: 'with a wrong ExternalId', externalId: `wrong-${sessionName}`, suffix: PROBE_SUFFIXES.wrong }
  ]
  const longer = externalId.length < EXTERNAL_ID.maxLength ? `${externalId}0` : `${externalId.slice(0, -1)}${externalId.endsWith('0') ? '1' : '0'}`
  probes.push({ label: 'with the right ExternalId and one character more', externalId: longer, suffix: PROBE_SUFFIXES.longer })
  if (externalId.length > EXTERNAL_ID.minLength) probes.push({ label: 'with the right ExternalId cut short by one character', externalId: externalId.slice(0, -1), suffix: PROBE_SUFFIXES.shorter })
  return probes
}

export const externalIdEnforced: CheckDefinition<VerifyContext> = {
  id: 'external-id-enforced',
  title: 'AssumeRole without the right ExternalId is denied, live and by the trust policy as a whole',
  dependsOn: ['assume-role'],
  async run(ctx): Promise<CheckResult> {
    const { setup } = ctx
    // Web identity has no ExternalId (docs/aws-facts.md oidc.no-external-id): its sub/aud conditions play that part.
    if (oidcCallerOf(setup)) return otherTokensRefused(ctx)
    if (!setup.externalId) {
      return {
        status: 'warn',
        evidence: ['the setup has no ExternalId, so there is nothing to enforce; a trust that does not require one lets any admitted principal assume the role'],
        hint: `Require an ExternalId (confused-deputy protection): add ${FLAG_OF.externalId} generate (a random one) and re-apply: ${await fixCommandFor(ctx)}`
      }
    }
    const probes = externalIdProbes(setup.externalId, ctx.sessionName)
    // The probes are independent: sent together, the check costs one round trip, not four.
    const [outcomes, staticRead] = await Promise.all([
      Promise.all(
        probes.map(async (probe) => {
          try {
            await ctx.ports.caller.sts.assumeRole({ roleArn: ctx.roleArn, roleSessionName: `${ctx.sessionName}${probe.suffix}`, externalId: probe.externalId, durationSeconds: ASSUME_ROLE_DURATION_SECONDS.min })
            return { probe, accepted: true as const }
          } catch (error) {
            return { probe, accepted: false as const, error }
          }
        })
      ),
      trustProofOf(ctx)
    ])
    const evidence: string[] = []
    const accepted: string[] = []
    for (const outcome of outcomes) {
      if (outcome.accepted) {
        accepted.push(outcome.probe.label)
        evidence.push(`AssumeRole ${outcome.probe.label}: ACCEPTED`)
        continue
      }
      const { error } = outcome
      if (!isAccessDenied(error)) return failureFromError(error)
      evidence.push(`AssumeRole ${outcome.probe.label}: denied (${isAwsCallError(error) ? (error.failure.awsCode ?? 'AccessDenied') : 'AccessDenied'})`)
    }
    // The static judgement over the whole trust: every principal, statement and way to meet a condition.
    const verdict = staticRead.readable ? staticRead.proof.externalId : undefined
    const gaps = staticRead.readable ? staticRead.proof.gaps.filter((g) => g.property === 'external-id') : []
    if (!staticRead.readable) evidence.push(`static proof over the whole trust policy: not possible (${staticRead.reason}); the live probes alone say ${accepted.length === 0 ? 'enforced' : 'not enforced'}`)
    else evidence.push(`static proof over the whole trust policy (${staticRead.proof.requests} requests): ExternalId ${verdict}`, ...gaps.map((g) => `static: ${g.text}`))
    const liveSays = accepted.length === 0 ? 'enforced' : 'not-enforced'
    if (verdict !== undefined && verdict !== 'not-applicable' && verdict !== liveSays) {
      evidence.push(
        `DISAGREEMENT: the live probes say ${liveSays.replace('-', ' ')}, the static proof says ${verdict.replace('-', ' ')}${liveSays === 'enforced' ? ' (the probes did not meet the condition that lets a request through)' : ' (another layer, such as an SCP or the caller’s own policy, may be deciding)'}`
      )
    }
    const fix = await fixCommandFor(ctx)
    if (accepted.length > 0) {
      return {
        status: 'fail',
        evidence,
        hint: `Role ${setup.roleName} in ${setup.targetAccountId} accepts AssumeRole ${accepted.join(' and ')} (confused-deputy risk): require the exact sts:ExternalId with StringEquals in every Allow statement of its trust (BedrockXacctTrust): ${fix}`
      }
    }
    if (verdict === 'not-enforced') {
      return {
        status: 'fail',
        evidence,
        hint: `The live probes were denied, but the trust policy of ${setup.roleName} admits requests without the right ExternalId: ${gaps[0]?.text ?? 'see the evidence'}. Require the exact sts:ExternalId (StringEquals) in every Allow statement, with no other statement or …IfExists making it optional: ${fix}`
      }
    }
    return { status: 'pass', evidence }
  }
}

export const sessionDuration: CheckDefinition<VerifyContext> = {
  id: 'session-duration',
  title: "The requested session duration fits the role's MaxSessionDuration",
  dependsOn: [],
  async run(ctx): Promise<CheckResult> {
    const requested = ctx.setup.sessionDurationSeconds
    // AssumeRoleWithWebIdentity is not role chaining (docs/aws-facts.md sts.web-identity.not-chaining), and its caller has no identity in A.
    const identity = oidcCallerOf(ctx.setup) ? undefined : await ctx.facts.callerIdentity()
    const chained = identity !== undefined && isAssumedRoleSession(identity.arn)
    if (requested < ASSUME_ROLE_DURATION_SECONDS.min) {
      const min = ASSUME_ROLE_DURATION_SECONDS.min
      return { status: 'fail', evidence: [`requested ${requested} s; AssumeRole accepts ${min} s or more`], hint: `Set ${FLAG_OF.sessionDurationSeconds} ${min} or more: ${await fixCommandFor(ctx)}` }
    }
    const read = await ctx.facts.role().catch(() => undefined)
    let max: number | undefined
    let evidence: Record<string, unknown> = { requestedSeconds: requested, callerIsRoleSession: chained }
    if (read?.readable && read.role) {
      max = read.role.maxSessionDurationSeconds
      evidence = { ...evidence, maxSessionDurationSeconds: max }
      if (requested > max) {
        return { status: 'fail', evidence, hint: `Lower ${FLAG_OF.sessionDurationSeconds} to ${max} or raise the role's MaxSessionDuration with ${FLAG_OF.maxSessionDurationSeconds} ${requested}: ${await fixCommandFor(ctx)}` }
      }
    } else {
      try {
        await ctx.facts.assumeRole()
        evidence = { ...evidence, maxSessionDurationSeconds: 'unknown (role not readable); the live AssumeRole accepted the duration' }
      } catch (error) {
        if (isAwsCallError(error) && error.failure.kind === 'invalid-request' && /duration|chaining/i.test(error.failure.awsMessage)) {
          return { status: 'fail', evidence: { ...evidence, error: describeAwsError(error) }, hint: durationHint(ctx, error.failure.awsMessage, await fixCommandFor(ctx)) }
        }
        const reason = isWebIdentityCallNotMade(error) ? `the role is not readable and ${error.message}` : 'the role is not readable and the live AssumeRole did not get far enough to judge the duration'
        return { status: 'skip', evidence: { ...evidence, reason }, hint: "Pass --target-profile to read the role's MaxSessionDuration." }
      }
    }
    if (chained && requested > ROLE_CHAINING_MAX_SECONDS) {
      return {
        status: 'warn',
        evidence,
        hint: `The caller ${identity?.arn} is a role session: role chaining caps sessions at ${hoursOf(ROLE_CHAINING_MAX_SECONDS)} h, so ${requested} s will be refused; set ${FLAG_OF.sessionDurationSeconds} ${ROLE_CHAINING_MAX_SECONDS}.`
      }
    }
    return { status: 'pass', evidence }
  }
}
