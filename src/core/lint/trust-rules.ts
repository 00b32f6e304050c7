/**
 * Lint rules for trust policies (and AssumeRole statements anywhere): patterns that silently never
 * match, or that trust far more than intended (DESIGN §4).
 */
import { allowsAction, hasConditionKey, type StatementView } from './statements.js'
import { at, type LintFinding, type StatementRule } from './types.js'
import { EXTERNAL_ID, ROLE_MAX_SESSION_SECONDS } from '../aws-limits.js'
import { SESSION_ACTIONS } from '../session-actions.js'

/** STS's ExternalId format; anything else is rejected by AssumeRole, so a condition on it never matches. */
const ROOT_PRINCIPAL = /^(arn:[^:]+:iam::(\d{12}):root|(\d{12}))$/

const isAssumeStatement = (s: StatementView): boolean => allowsAction(s, 'sts:AssumeRole') || allowsAction(s, 'sts:AssumeRoleWithWebIdentity') || allowsAction(s, 'sts:AssumeRoleWithSAML')

/** The fix for both forms: MaxSessionDuration is what limits a role's sessions (3600–43200 s, IAM CreateRole/UpdateRole). */
const DURATION_FIX = `Remove the sts:DurationSeconds condition and limit sessions with the role's MaxSessionDuration instead: aws iam update-role --role-name ROLE --max-session-duration ${ROLE_MAX_SESSION_SECONDS.default} (${ROLE_MAX_SESSION_SECONDS.min} to ${ROLE_MAX_SESSION_SECONDS.max} seconds).`
const NOT_SET = 'AssumeRole does not set sts:DurationSeconds (AWS lists it only for GetServiceBearerToken and GetWebIdentityToken), so the key is missing'

/**
 * sts:DurationSeconds in a trust statement (docs/aws-facts.md `ctx.duration-seconds.never-on-assume-role`):
 * a plain operator fails on the missing key, so the statement never applies; the `…IfExists` form is
 * the opposite, always true on a missing key, so it limits nothing (an Allow admits every session
 * length; a Deny applies to every AssumeRole).
 */
export const durationSecondsCondition: StatementRule = (s, ctx) => {
  if (ctx.kind !== 'trust' && !isAssumeStatement(s)) return []
  const entry = s.conditions.find((c) => c.key === 'sts:durationseconds')
  if (!entry) return []
  const ifExists = /ifexists$/i.test(entry.operator)
  const message = !ifExists
    ? `${entry.operator} on ${entry.keyAsWritten} never matches: ${NOT_SET} and this ${s.effect} never applies.`
    : s.effect === 'Allow'
      ? `${entry.operator} on ${entry.keyAsWritten} limits nothing: ${NOT_SET}, and IfExists on a missing key is always true, so this Allow admits sessions of any length the role allows.`
      : `${entry.operator} on ${entry.keyAsWritten} is always true: ${NOT_SET}, and IfExists on a missing key is true, so this Deny applies to every AssumeRole.`
  return [{ rule: 'duration-seconds-condition', severity: ifExists && s.effect === 'Allow' ? 'warning' : 'error', statement: at(s), message, fix: DURATION_FIX }]
}

export const principalWildcard: StatementRule = (s) => {
  if (s.effect !== 'Allow') return []
  const wildcard = Object.values(s.principals).some((values) => values.includes('*'))
  if (!wildcard) return []
  return [
    {
      rule: 'principal-wildcard',
      severity: 'error',
      statement: at(s),
      message: 'Principal "*" lets any AWS principal in any account try this statement; only its conditions stand between the role and the internet.',
      fix: 'Name the caller: { "AWS": "arn:aws:iam::SOURCE_ACCOUNT:root" } or the caller role ARN, and keep sts:ExternalId as a condition.'
    }
  ]
}

export const notPrincipalAllow: StatementRule = (s) =>
  s.effect === 'Allow' && s.hasNotPrincipal
    ? [
        {
          rule: 'not-principal-allow',
          severity: 'error',
          statement: at(s),
          message: 'NotPrincipal with Allow grants access to every principal except those listed, including anonymous ones.',
          fix: 'Replace NotPrincipal with Principal listing exactly who may assume the role.'
        }
      ]
    : []

export const rootTrustWithoutExternalId: StatementRule = (s, ctx) => {
  if (ctx.kind !== 'trust' || s.effect !== 'Allow' || !allowsAction(s, 'sts:AssumeRole')) return []
  if (hasConditionKey(s, 'sts:ExternalId')) return []
  const roots = (s.principals.AWS ?? []).map((p) => ROOT_PRINCIPAL.exec(p)).filter((m) => m !== null)
  if (roots.length === 0) return []
  const account = roots[0]![2] ?? roots[0]![3]
  return [
    {
      rule: 'root-trust-without-external-id',
      severity: 'warning',
      statement: at(s),
      message: `Account ${account} is trusted as a whole and no sts:ExternalId is required: any principal there whose own policy allows sts:AssumeRole can assume this role, and a role that does not require an ExternalId accepts any (confused deputy).`,
      fix: 'Add "Condition": { "StringEquals": { "sts:ExternalId": "<a generated id>" } } and have the caller pass it (bedrock-xacct init --external-id generate).'
    }
  ]
}

export const externalIdFormat: StatementRule = (s) => {
  const findings: LintFinding[] = []
  for (const entry of s.conditions.filter((c) => c.key === 'sts:externalid')) {
    for (const value of entry.values.filter((v) => !EXTERNAL_ID.pattern.test(v) && !/[*?]/.test(v))) {
      findings.push({
        rule: 'external-id-format',
        severity: 'error',
        statement: at(s),
        message: `sts:ExternalId ${JSON.stringify(value)} can never be sent: STS accepts ${EXTERNAL_ID.minLength} to ${EXTERNAL_ID.maxLength} characters of letters, digits and +=,.@:/-_ only.`,
        fix: `Use an ExternalId matching ${EXTERNAL_ID.pattern.source}, e.g. a UUID, and give the caller the same value.`
      })
    }
  }
  return findings
}

export const webIdentityConditions: StatementRule = (s) => {
  const federated = s.principals.Federated ?? []
  if (s.effect !== 'Allow' || federated.length === 0 || !allowsAction(s, 'sts:AssumeRoleWithWebIdentity')) return []
  const findings: LintFinding[] = []
  const host = federated[0]!.replace(/^arn:[^:]+:iam::\d{12}:oidc-provider\//, '')
  const subs = s.conditions.filter((c) => c.key.endsWith(':sub'))
  if (subs.length === 0) {
    findings.push({
      rule: 'oidc-without-sub',
      severity: 'error',
      statement: at(s),
      message: `No ${host}:sub condition: every token ${host} issues can assume this role (for GitHub Actions, any repository of anyone).`,
      fix: `Add "StringLike": { "${host}:sub": "repo:ORG/REPO:ref:refs/heads/main" } (or the subject format of your provider).`
    })
  } else if (subs.some((c) => c.values.includes('*'))) {
    findings.push({
      rule: 'oidc-sub-wildcard',
      severity: 'error',
      statement: at(s),
      message: `${host}:sub is "*": the condition admits every subject, so every token the provider issues can assume this role.`,
      fix: `Narrow ${host}:sub to the workloads that need Bedrock, e.g. "repo:ORG/REPO:*".`
    })
  }
  if (!s.conditions.some((c) => c.key.endsWith(':aud'))) {
    findings.push({
      rule: 'oidc-without-aud',
      severity: 'warning',
      statement: at(s),
      message: `No ${host}:aud condition: tokens minted for other audiences are accepted too.`,
      fix: `Add "StringEquals": { "${host}:aud": "sts.amazonaws.com" } (or your provider's audience).`
    })
  }
  return findings
}

export const trustActionWildcard: StatementRule = (s, ctx) => {
  if (ctx.kind !== 'trust' || s.effect !== 'Allow' || !s.hasPrincipal) return []
  const broad = s.actions.filter((a) => a === '*' || /^sts:\*$/i.test(a))
  if (broad.length === 0) return []
  return [
    {
      rule: 'trust-action-wildcard',
      severity: 'warning',
      statement: at(s),
      message: `Action ${broad.join(', ')} also grants sts:TagSession, sts:SetSourceIdentity and the other assume variants: the caller can set session tags that tag-based policies trust.`,
      fix: 'List only what the caller uses: "Action": "sts:AssumeRole" (or sts:AssumeRoleWithWebIdentity for OIDC).'
    }
  ]
}

/**
 * A session action (sts:TagSession, sts:SetSourceIdentity) granted only behind sts:ExternalId
 * (docs/aws-facts.md sts.session-actions.context): no AWS source shows the ExternalId reaching the
 * session action, and AWS's session-tags example grants TagSession in a statement of its own without
 * it. If AWS leaves the key out, every tagged (or source-identity) AssumeRole is refused; our sandbox
 * does so. Only actions named outright: sts:* is trust-action-wildcard's business.
 */
export const sessionActionBehindExternalId: StatementRule = (s, ctx) => {
  if (ctx.kind !== 'trust' || s.effect !== 'Allow' || !hasConditionKey(s, 'sts:ExternalId')) return []
  const named = s.actions.filter((a) => SESSION_ACTIONS.some((action) => action.toLowerCase() === a.toLowerCase()))
  if (named.length === 0) return []
  return [
    {
      rule: 'session-action-behind-external-id',
      severity: 'warning',
      statement: at(s),
      message: `${named.join(', ')} sits behind the sts:ExternalId condition: no AWS source shows the ExternalId in the context of ${named.length > 1 ? 'these permissions-only actions' : 'this permissions-only action'}, so a tagged AssumeRole may be refused.`,
      fix: `Grant ${named.join(', ')} in a statement of its own for the same principal, without the ExternalId condition (AWS's session-tags example; init --allow-session-tags / --allow-source-identity writes it): sts:AssumeRole keeps the ExternalId.`
    }
  ]
}

export const serviceTrustWithoutSourceGuard: StatementRule = (s, ctx) => {
  const services = s.principals.Service ?? []
  if (ctx.kind !== 'trust' || s.effect !== 'Allow' || services.length === 0) return []
  if (['aws:SourceAccount', 'aws:SourceArn', 'aws:SourceOrgID', 'aws:SourceOrgPaths'].some((k) => hasConditionKey(s, k))) return []
  return [
    {
      rule: 'service-trust-without-source-guard',
      severity: 'warning',
      statement: at(s),
      message: `${services.join(', ')} may assume this role while acting for any AWS account, not only yours (confused deputy).`,
      fix: 'Add "Condition": { "StringEquals": { "aws:SourceAccount": "SOURCE_ACCOUNT" } } (or aws:SourceArn for one resource).'
    }
  ]
}

export const assumeRoleResourceWildcard: StatementRule = (s) => {
  if (s.effect !== 'Allow' || s.hasPrincipal || !allowsAction(s, 'sts:AssumeRole')) return []
  const broad = s.resources.filter((r) => r === '*' || /^arn:[^:]+:iam::[^:]*:role\/\*$/.test(r) || /^arn:[^:]+:iam::\*:/.test(r))
  if (broad.length === 0) return []
  return [
    {
      rule: 'assume-role-resource-wildcard',
      severity: 'warning',
      statement: at(s),
      message: `sts:AssumeRole on ${broad.join(', ')} lets this caller assume any role, in any account, whose trust policy admits it, not only the Bedrock access role.`,
      fix: 'Set Resource to exactly the access role ARN, e.g. arn:aws:iam::TARGET_ACCOUNT:role/BedrockAccessRole (bedrock-xacct init writes source-policy.json that way).'
    }
  ]
}

export const TRUST_RULES: StatementRule[] = [
  assumeRoleResourceWildcard,
  serviceTrustWithoutSourceGuard,
  durationSecondsCondition,
  principalWildcard,
  notPrincipalAllow,
  rootTrustWithoutExternalId,
  externalIdFormat,
  webIdentityConditions,
  trustActionWildcard,
  sessionActionBehindExternalId
]
