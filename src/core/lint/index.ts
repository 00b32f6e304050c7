/**
 * The policy linter behind `init --check`: known-bad patterns in trust and permissions policies,
 * each finding pointing at its statement (1-based index and Sid) with a concrete fix.
 *
 * Input that is not a policy document at all (not an object, no `Statement`, unparseable JSON)
 * throws `invalidInput` (exit 2): findings describe policies, and "this is not a policy" is a usage
 * problem. Findings themselves are data; the CLI decides the exit code (1 when any is an error).
 *
 * Rules (id — severity):
 * - trust: duration-seconds-condition — error; principal-wildcard — error; not-principal-allow —
 *   error; root-trust-without-external-id — warning; external-id-format — error; oidc-without-sub,
 *   oidc-sub-wildcard — error; oidc-without-aud — warning; trust-action-wildcard — warning;
 *   service-trust-without-source-guard — warning.
 * - caller side: assume-role-resource-wildcard — warning.
 * - aws:SourceIp: source-ip-wildcard, source-ip-invalid — error; source-ip-private — error in an
 *   IpAddress Allow (never matches), warning elsewhere; source-ip-deny-blocks-services — warning.
 * - Bedrock: bedrock-resource-wildcard, allow-not-action — warning; with `models`:
 *   inference-profile-incomplete, model-not-granted — error; application-profile-models,
 *   requested-region-lock — warning.
 * - document: policy-version — warning.
 */
import { BEDROCK_STATEMENT_RULES, DOCUMENT_RULES } from './bedrock-rules.js'
import { IP_RULES } from './ip-rules.js'
import { allowsAction, viewPolicy, type PolicyView } from './statements.js'
import { TRUST_RULES } from './trust-rules.js'
import type { LintContext, LintFinding, PolicyKind, StatementRule } from './types.js'

export type { LintFinding, LintSeverity, PolicyKind } from './types.js'
export { viewPolicy, type PolicyView } from './statements.js'

const STATEMENT_RULES: StatementRule[] = [...TRUST_RULES, ...IP_RULES, ...BEDROCK_STATEMENT_RULES]

/**
 * Trust when a statement names a principal and allows an sts:AssumeRole* action; permissions when
 * it allows any Bedrock action; identity (a caller's policy) otherwise.
 */
export function detectPolicyKind(policy: PolicyView): PolicyKind {
  const assumes = ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML']
  if (policy.statements.some((s) => (s.hasPrincipal || s.hasNotPrincipal) && assumes.some((a) => allowsAction(s, a)))) return 'trust'
  if (policy.statements.some((s) => s.actions.some((a) => /^bedrock:/i.test(a)))) return 'permissions'
  return 'identity'
}

/** Errors first, then by statement, so the worst problem is read first. */
function byImportance(a: LintFinding, b: LintFinding): number {
  if (a.severity !== b.severity) return a.severity === 'error' ? -1 : 1
  return (a.statement?.index ?? 0) - (b.statement?.index ?? 0)
}

/**
 * Lint one policy document (parsed JSON, JSON text, or IAM's URL-encoded text). `kind` is detected
 * when omitted; `models` (ids, profile ids, application profile ARNs) enables the checks that the
 * policy can actually serve them.
 */
export function lintPolicy(document: unknown, options: { kind?: PolicyKind; models?: string[] } = {}): LintFinding[] {
  const policy = viewPolicy(document)
  const context: LintContext = { kind: options.kind ?? detectPolicyKind(policy), models: options.models ?? [], policy }
  const findings = [...policy.statements.flatMap((statement) => STATEMENT_RULES.flatMap((rule) => rule(statement, context))), ...DOCUMENT_RULES.flatMap((rule) => rule(context))]
  return findings.sort(byImportance)
}
