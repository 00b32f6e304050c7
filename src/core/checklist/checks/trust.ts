/**
 * Check 2 of the guide: the role's trust policy (read from B) admits the caller. Whether it does,
 * and when not which statement or condition refuses, comes from the diagnose module's trust
 * analysis (core/diagnose/trust.ts), the one `explain` uses: verify and explain name a trust failure
 * the same way. source-can-assume and assume-role quote the same verdict (computed once per run).
 */
import type { EvaluationRequest, PolicyDocument, PolicyStatement } from '../../evaluate.js'
import { diagnoseTrust, type TrustDiagnosis, type TrustFinding } from '../../diagnose/trust.js'
import type { VerifyContext } from '../context.js'
import type { VerifyFacts } from '../live-facts.js'
import type { CheckDefinition, CheckResult } from '../types.js'
import { FLAG_OF } from '../../setup/input.js'
import { addressInside } from '../../ip.js'
import { conditionEntriesOf, statementsOf } from '../../policy-document.js'
import { lintLine, trustProofOf } from './proof.js'
import { callerPrincipalArn } from './principals.js'
import { externalIdSettingOf, fixCommandFor, originOf } from '../hints.js'
import { NO_WEB_IDENTITY_TOKEN, oidcCallerOf, webIdentityContext } from '../web-identity.js'

async function trustRequest(ctx: VerifyContext, trustPolicy: PolicyDocument): Promise<EvaluationRequest> {
  if (oidcCallerOf(ctx.setup)) return webIdentityTrustRequest(ctx, trustPolicy)
  const identity = await ctx.facts.callerIdentity()
  // AWS always sets the caller's own ARN and account; a trust may condition on them.
  const context: Record<string, string> = { 'aws:PrincipalArn': callerPrincipalArn(identity.arn), 'aws:PrincipalAccount': identity.account }
  if (ctx.setup.externalId) context['sts:ExternalId'] = ctx.setup.externalId
  const ip = callerIpOf(ctx)
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

/**
 * An OIDC caller's request as STS evaluates it: the provider of the token's issuer (registered in the
 * role's account) as principal, sts:AssumeRoleWithWebIdentity, and the token's claims as keys.
 */
function webIdentityTrustRequest(ctx: VerifyContext, trustPolicy: PolicyDocument): EvaluationRequest {
  const token = ctx.ports.webIdentity!
  const caller = oidcCallerOf(ctx.setup)!
  const context: Record<string, string | string[]> = webIdentityContext(token.claims, caller.audiences)
  const ip = callerIpOf(ctx)
  if (ip) context['aws:SourceIp'] = ip
  const action = 'sts:AssumeRoleWithWebIdentity'
  return {
    principal: `arn:${ctx.setup.partition}:iam::${ctx.setup.targetAccountId}:oidc-provider/${token.claims.host}`,
    action,
    resource: ctx.roleArn,
    resourceAccount: ctx.setup.targetAccountId,
    context,
    identityPolicies: [],
    resourcePolicy: trustPolicy
  }
}

/**
 * The caller's public IP for static evaluation: `--caller-ip` when given, else an address inside
 * the setup's own allow-list (the setup says the caller is there; the live calls test it), else
 * unknown — and a document that conditions on aws:SourceIp is then "not provable offline".
 */
export function callerIpOf(ctx: VerifyContext): string | undefined {
  return ctx.options.callerIp ?? addressInside(ctx.setup.sourceIpCidrs)
}

/** The CIDRs a document's aws:SourceIp conditions name (any operator), for "would some address pass?". */
export function sourceIpCidrsOf(documents: readonly PolicyDocument[]): string[] {
  const cidrs = documents.flatMap((d) =>
    statementsOf(d).flatMap((s) =>
      conditionEntriesOf(s)
        .filter((e) => e.key.toLowerCase() === 'aws:sourceip')
        .flatMap((e) => e.values)
    )
  )
  return [...new Set(cidrs)]
}

/**
 * When the caller's IP is unknown and the document refuses a request without one: the first address
 * inside one of the document's own ranges with which it admits the request, if any. Then the
 * verdict depends only on where the caller really is, which no offline evaluation can know.
 */
export async function admitsFromSomeListedAddress(ctx: VerifyContext, request: EvaluationRequest, documents: readonly PolicyDocument[]): Promise<string | undefined> {
  if (callerIpOf(ctx) !== undefined) return undefined
  for (const cidr of sourceIpCidrsOf(documents)) {
    const address = addressInside([cidr])
    if (!address) continue
    if ((await ctx.evaluator.evaluate({ ...request, context: { ...request.context, 'aws:SourceIp': address } })).allowed) return address
  }
  return undefined
}

/** The trust's verdict on this run's caller, or why the trust could not be read. */
export type TrustVerdict = { readable: false; reason: string; unevaluable?: true } | { readable: true; trust: PolicyDocument; request: EvaluationRequest; diagnosis: TrustDiagnosis }

/** One verdict per run (keyed by the run's facts): the three checks that quote it evaluate once. */
const verdicts = new WeakMap<VerifyFacts, Promise<TrustVerdict>>()

/**
 * The trust policy's verdict on the caller, diagnosed when it refuses. Rejects as the reads do
 * (GetRole, GetCallerIdentity). ExternalId values never appear in its texts: verify may not print
 * the trust's, and the setup's goes through the reporters' redaction.
 */
export function trustVerdict(ctx: VerifyContext): Promise<TrustVerdict> {
  let verdict = verdicts.get(ctx.facts)
  if (!verdict) {
    verdict = (async (): Promise<TrustVerdict> => {
      const read = await ctx.facts.role()
      if (!read.readable || !read.role) return { readable: false, reason: read.readable ? 'role not found' : read.reason }
      // An OIDC caller is known by its token's claims: without a token there is nothing to evaluate.
      if (oidcCallerOf(ctx.setup) && !ctx.ports.webIdentity) return { readable: false, reason: NO_WEB_IDENTITY_TOKEN.replace(/: AssumeRoleWithWebIdentity.*$/, ''), unevaluable: true }
      const trust = read.role.trustPolicy
      const request = await trustRequest(ctx, trust)
      // What the caller sends is known here: the setup's ExternalId, or none.
      const diagnosis = await diagnoseTrust(request, ctx.evaluator, { externalIdPassed: ctx.setup.externalId !== undefined }, { hideExternalIds: true })
      return { readable: true, trust, request, diagnosis }
    })()
    verdicts.set(ctx.facts, verdict)
  }
  return verdict
}

/** The findings to lead with: the certain ones, else every one. */
export function leadingFindings(findings: readonly TrustFinding[]): TrustFinding[] {
  const certain = findings.filter((f) => f.confidence === 'certain')
  return certain.length > 0 ? certain : [...findings]
}

/** The findings' evidence as one text (each ends with a period). */
export function findingsText(findings: readonly TrustFinding[]): string {
  return findings.map((f) => f.evidence).join(' ')
}

/** ` (Sid X)` for a statement with a Sid; nothing for one known by its index only. */
function sidOf(finding: TrustFinding | undefined): string {
  const label = finding?.statement?.statement
  return label && !label.startsWith('#') ? ` (Sid ${label})` : ''
}

export const trustIncludesSource: CheckDefinition<VerifyContext> = {
  id: 'trust-includes-source',
  title: "The role's trust policy admits the caller, and no one and nothing the setup does not",
  dependsOn: ['role-exists'],
  async run(ctx) {
    const verdict = await trustVerdict(ctx)
    if (!verdict.readable) {
      if (verdict.unevaluable) return { status: 'skip', evidence: [`cannot evaluate the trust policy for the OIDC caller: ${verdict.reason}`], hint: 'Pass --web-identity-token-file with a token the provider issued for this workload.' }
      return { status: 'skip', evidence: [`cannot read the trust policy: ${verdict.reason}`], hint: `Pass --target-profile with iam:GetRole in account ${ctx.setup.targetAccountId}.` }
    }
    const { request, trust, diagnosis } = verdict
    const { evaluation } = diagnosis
    if (evaluation.allowed) {
      const statement = await allowingStatement(ctx, request, trust)
      return soundnessOf(ctx, { caller: request.principal, context: request.context, statement })
    }
    const someAddress = await admitsFromSomeListedAddress(ctx, request, [trust])
    if (someAddress !== undefined) {
      return {
        status: 'warn',
        evidence: {
          caller: request.principal,
          context: request.context,
          notProvableOffline: `the trust admits the caller only from the addresses of its aws:SourceIp list (e.g. ${someAddress}), and the caller's public IP is unknown; the live AssumeRole (assume-role) shows whether this machine is inside`
        },
        hint: `Not provable offline: pass --caller-ip <this machine's public IP> (CloudTrail's sourceIPAddress of the AssumeRole, see cloudtrail-assume-role), or ${FLAG_OF.sourceIpCidrs} with the allow-list.`
      }
    }
    const leading = leadingFindings(diagnosis.findings)
    const findings = diagnosis.findings.map(({ cause, confidence, evidence }) => ({ cause, confidence, evidence }))
    const evidenceOf = (cause: string) => ({ caller: request.principal, context: request.context, decision: evaluation.decision, denials: evaluation.denials, cause, findings })
    const setting = externalIdSettingOf(ctx.setup, originOf(ctx.setupOrigin))
    if (leading.length > 0 && leading.every((f) => f.cause === 'external-id-wrong')) {
      // The trust is right for every other caller: the caller's configuration is what to fix first.
      const text = `The trust statement${sidOf(leading[0])} requires a different sts:ExternalId than the one configured`
      const rotate = await fixCommandFor(ctx, { externalId: 'setup' })
      return {
        status: 'fail',
        evidence: evidenceOf(text),
        hint: `${text}. Fix the caller first: set the ExternalId the trust requires in ${setting}. Only if the trust's ExternalId itself must change: ${rotate} — warning: every other caller that uses the current ExternalId will then be refused.`
      }
    }
    const text =
      leading.length > 0 && leading.every((f) => f.cause === 'external-id-missing')
        ? `The trust statement${sidOf(leading[0])} requires an sts:ExternalId and none is configured (set it in ${setting})`
        : `Trust policy of ${ctx.setup.roleName} in account ${ctx.setup.targetAccountId} does not admit ${request.principal}${leading.length > 0 ? `: ${findingsText(leading)}` : ''}`
    return {
      status: 'fail',
      evidence: evidenceOf(text),
      hint: `${text}${text.endsWith('.') ? ' Fix' : '; fix'} the trust statement (Sid BedrockXacctTrust): ${await fixCommandFor(ctx)}`
    }
  }
}

/**
 * The caller is admitted; the trust must also admit nothing the setup's trust refuses (the static
 * proof; ExternalId gaps are external-id-enforced's) and pass lint's error rules.
 */
async function soundnessOf(ctx: VerifyContext, admitted: Record<string, unknown>): Promise<CheckResult> {
  const read = await trustProofOf(ctx)
  if (!read.readable) return { status: 'pass', evidence: { ...admitted, proof: `not possible: ${read.reason}` } }
  const { proof, lintErrors } = read
  const gaps = proof.gaps.filter((g) => g.property !== 'external-id')
  const evidence = {
    ...admitted,
    proof: { requests: proof.requests, principals: proof.principals, externalId: proof.externalId, sourceIp: proof.sourceIp, oidc: proof.oidc, gaps: proof.gaps.map((g) => g.text) },
    ...(lintErrors.length > 0 ? { lint: lintErrors.map(lintLine) } : {})
  }
  if (gaps.length === 0 && lintErrors.length === 0) return { status: 'pass', evidence }
  const first = gaps[0]?.text ?? lintLine(lintErrors[0]!)
  return {
    status: 'fail',
    evidence,
    hint: `The trust policy of ${ctx.setup.roleName} in account ${ctx.setup.targetAccountId} admits more than the setup asks: ${first}. Remove or narrow the statement that allows it (the setup's own is BedrockXacctTrust): ${await fixCommandFor(ctx)}`
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

/** The trust's reasons for refusing the caller, when it was read and refuses; empty otherwise (never rejects). */
export async function trustRefusals(ctx: VerifyContext): Promise<TrustFinding[]> {
  try {
    const verdict = await trustVerdict(ctx)
    return verdict.readable && !verdict.diagnosis.evaluation.allowed ? leadingFindings(verdict.diagnosis.findings) : []
  } catch {
    return []
  }
}
