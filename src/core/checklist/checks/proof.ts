/**
 * The static proofs of the live documents (issue 16), computed once per run and quoted by the
 * checks: the trust proof (core/trust-proof/trust.ts) for trust-includes-source and
 * external-id-enforced, the permissions proof for role-allows-bedrock, and lint's error rules on
 * the same live documents. Each proof compares the live document with the setup's own
 * (buildDocuments), so "enforced" means: no request the setup's document refuses gets through the
 * live one, by any statement, principal form or condition.
 */
import type { NamedPolicy } from '../../evaluate.js'
import { lintPolicy, type LintFinding } from '../../lint/index.js'
import { proveTrust, type TrustProof } from '../../trust-proof/trust.js'
import { provePermissions, type PermissionsProof } from '../../trust-proof/permissions.js'
import { INVOKE_ACTION, STREAM_ACTION } from '../../policies/index.js'
import type { VerifyContext } from '../context.js'
import type { VerifyFacts } from '../live-facts.js'
import { sessionArnOf } from './principals.js'

/** The trust's proof, or why there is none (the trust could not be read). */
export type TrustProofRead = { readable: false; reason: string } | { readable: true; proof: TrustProof; lintErrors: LintFinding[] }

const trustProofs = new WeakMap<VerifyFacts, Promise<TrustProofRead>>()

/** The live trust's proof against the setup's trust (memoized per run; never rejects). */
export function trustProofOf(ctx: VerifyContext): Promise<TrustProofRead> {
  let found = trustProofs.get(ctx.facts)
  if (!found) {
    found = (async (): Promise<TrustProofRead> => {
      try {
        const read = await ctx.facts.role()
        if (!read.readable || !read.role) return { readable: false, reason: read.readable ? 'role not found' : read.reason }
        const live = read.role.trustPolicy
        const proof = await proveTrust(live, ctx.intended.trustPolicy, { roleArn: ctx.roleArn, accountId: ctx.setup.targetAccountId }, ctx.evaluator)
        return { readable: true, proof, lintErrors: lintErrors(live, 'trust') }
      } catch (error) {
        return { readable: false, reason: error instanceof Error ? error.message : String(error) }
      }
    })()
    trustProofs.set(ctx.facts, found)
  }
  return found
}

/** The live permissions' proof against the setup's permissions policy, with lint's errors on each Bedrock policy. */
export async function permissionsProofOf(ctx: VerifyContext, policies: readonly NamedPolicy[]): Promise<{ proof: PermissionsProof; lintErrors: (LintFinding & { policy: string })[] }> {
  const actions = ctx.setup.streaming ? [INVOKE_ACTION, STREAM_ACTION] : [INVOKE_ACTION]
  const proof = await provePermissions(
    policies,
    ctx.intended.permissionsPolicy,
    { sessionArn: sessionArnOf(ctx.roleArn, ctx.sessionName), accountId: ctx.setup.targetAccountId, region: ctx.setup.region, invokeResources: ctx.invokeResources, actions },
    ctx.evaluator
  )
  // Without `models`: a model granted by another of the role's policies is not this policy's error.
  const errors = policies.flatMap((p) => lintErrors(p.document, 'permissions').map((finding) => ({ ...finding, policy: p.name })))
  return { proof, lintErrors: errors }
}

/** Lint's error findings on a live document (warnings are init's business, not a failed check). */
function lintErrors(document: unknown, kind: 'trust' | 'permissions'): LintFinding[] {
  try {
    return lintPolicy(document, { kind }).filter((f) => f.severity === 'error')
  } catch {
    return []
  }
}

/** A lint finding as one line of evidence. */
export function lintLine(finding: LintFinding & { policy?: string }): string {
  const where = finding.statement ? ` (statement ${finding.statement.index}${finding.statement.sid ? `, Sid ${finding.statement.sid}` : ''}${finding.policy ? ` of ${finding.policy}` : ''})` : finding.policy ? ` (${finding.policy})` : ''
  return `lint ${finding.rule}${where}: ${finding.message}`
}
