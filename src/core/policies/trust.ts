/**
 * The access role's trust policy (its AssumeRolePolicyDocument): one statement per kind of caller
 * the setup names (issue 16: several callers of different kinds in one trust), in a fixed order —
 * AWS principals of A, then service principals, then the OIDC provider — because each kind needs
 * its own conditions (DESIGN §4 "Principals"):
 * - account → `arn:P:iam::A:root`; role/user → that ARN; all of them in one statement with
 *   `sts:AssumeRole` and the ExternalId and IP conditions.
 * - service → `{ Service: [...] }` guarded by `aws:SourceAccount = A` (confused-deputy protection:
 *   without it the service acting for ANY account could assume the role). Services cannot send an
 *   ExternalId, and the IP they call from is AWS's, so neither condition is written for them.
 * - oidc → `{ Federated: provider }` with `sts:AssumeRoleWithWebIdentity`, `StringEquals <host>:aud`
 *   and `StringLike <host>:sub`, plus `ForAnyValue:StringLike <host>:groups` when groups are given:
 *   `groups` is multi-valued, so the token passes when ANY of its groups matches ANY pattern (a plain
 *   StringLike on a multi-valued key is undefined behaviour; ForAllValues would pass a token with no
 *   groups at all). ExternalId does not exist for web identity.
 *
 * Never `Principal: "*"`. Never `sts:DurationSeconds`: AssumeRole does not set that key, so a
 * condition on it makes the Allow never match; session length is the role's MaxSessionDuration.
 * Session actions (`sts:TagSession` with `allowSessionTags`, `sts:SetSourceIdentity` with
 * `allowSourceIdentity`; docs/aws-facts.md sts.tag-session.required, sts.set-source-identity.required,
 * sts.session-actions.context) are granted only when the setup asks, to the same principals:
 * - AWS principals get them in a statement of their own (`BedrockXacctTrustSession`), as in AWS's
 *   session-tags example: same principal and IP list, no ExternalId condition, because no AWS source
 *   shows sts:ExternalId reaching TagSession. It grants nothing alone: assuming the role still needs
 *   the first statement and its ExternalId.
 * - services and the OIDC provider get them beside the assume action in their own statement, as in
 *   AWS's examples (source identity with an OIDC provider, Cognito's session tags, EKS Pod Identity):
 *   the request's `<host>:aud`/`:sub` and `aws:SourceAccount` reach them, so those conditions stay.
 *
 * Sids: the first statement is `BedrockXacctTrust` (what a one-caller setup always wrote, so its
 * trust is unchanged); the others are `BedrockXacctTrustSession`, `BedrockXacctTrustService` and
 * `BedrockXacctTrustWebIdentity`. Every Sid starts with `BedrockXacctTrust`: apply owns them all
 * (TRUST_SID_PREFIX).
 */
import { accountRootArn } from '../arn.js'
import type { PolicyDocument, PolicyStatement } from '../evaluate.js'
import { awsCallersOf, oidcCallerOf, servicesOf } from '../setup/caller.js'
import type { Setup } from '../setup/model.js'
import { SET_SOURCE_IDENTITY_ACTION, TAG_SESSION_ACTION } from '../session-actions.js'
import { POLICY_VERSION, STATEMENT_IDS } from './statement-ids.js'

type Condition = NonNullable<PolicyStatement['Condition']>

/** A single value stays a string, several become a list: the shape people write by hand. */
export function oneOrMany(values: readonly string[]): string | string[] {
  return values.length === 1 ? values[0]! : [...values]
}

function sourceIpCondition(setup: Setup): Condition {
  return setup.sourceIpCidrs.length > 0 ? { IpAddress: { 'aws:SourceIp': oneOrMany(setup.sourceIpCidrs) } } : {}
}

function externalIdCondition(setup: Setup): Condition {
  return setup.externalId !== undefined ? { StringEquals: { 'sts:ExternalId': setup.externalId } } : {}
}

/** Merge condition blocks; operators never collide across the helpers above except StringEquals, which is merged key-wise. */
function mergeConditions(...blocks: Condition[]): Condition | undefined {
  const merged: Condition = {}
  for (const block of blocks) {
    for (const [operator, entries] of Object.entries(block)) merged[operator] = { ...merged[operator], ...entries }
  }
  return Object.keys(merged).length > 0 ? merged : undefined
}

/** The Sids of the other trust statements (the first is always STATEMENT_IDS.trust). */
export const TRUST_SIDS = { session: `${STATEMENT_IDS.trust}Session`, service: `${STATEMENT_IDS.trust}Service`, webIdentity: `${STATEMENT_IDS.trust}WebIdentity` } as const

/** The session actions the setup grants with the assume action (trust and source policy). */
export function sessionActionsOf(setup: Pick<Setup, 'allowSessionTags' | 'allowSourceIdentity'>): string[] {
  return [...(setup.allowSessionTags === true ? [TAG_SESSION_ACTION] : []), ...(setup.allowSourceIdentity === true ? [SET_SOURCE_IDENTITY_ACTION] : [])]
}

/** Every trust statement the tool writes has a Sid starting with this. */
export const TRUST_SID_PREFIX = STATEMENT_IDS.trust

/** The AWS principals of A: the account root once (it admits every role and user of A), else each ARN. */
function awsPrincipalArns(setup: Setup): string[] {
  const arns = awsCallersOf(setup.callers).map((caller) => (caller.kind === 'account' ? accountRootArn(setup.partition, setup.sourceAccountId) : caller.arn))
  return [...new Set(arns)]
}

type StatementKind = 'aws' | 'session' | 'service' | 'webIdentity'

/** The assume action, then the session actions the setup grants. */
function withSessionActions(assume: string, session: readonly string[]): string | string[] {
  return session.length > 0 ? [assume, ...session] : assume
}

/** The statements without Sids, in the fixed order (AWS, its session actions, service, web identity). */
function unnamedStatements(setup: Setup): { kind: StatementKind; statement: PolicyStatement }[] {
  const out: { kind: StatementKind; statement: PolicyStatement }[] = []
  const session = sessionActionsOf(setup)
  const aws = awsPrincipalArns(setup)
  if (aws.length > 0) {
    const condition = mergeConditions(externalIdCondition(setup), sourceIpCondition(setup))
    out.push({ kind: 'aws', statement: { Effect: 'Allow', Principal: { AWS: oneOrMany(aws) }, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) } })
    if (session.length > 0) {
      // Same principals and IP list, no ExternalId: see the module comment.
      const ip = mergeConditions(sourceIpCondition(setup))
      out.push({ kind: 'session', statement: { Effect: 'Allow', Principal: { AWS: oneOrMany(aws) }, Action: oneOrMany(session), ...(ip ? { Condition: ip } : {}) } })
    }
  }
  const services = servicesOf(setup.callers)
  if (services.length > 0) {
    // aws:SourceAccount: the confused-deputy guard AWS recommends for service principals.
    out.push({ kind: 'service', statement: { Effect: 'Allow', Principal: { Service: oneOrMany(services) }, Action: withSessionActions('sts:AssumeRole', session), Condition: { StringEquals: { 'aws:SourceAccount': setup.sourceAccountId } } } })
  }
  const oidc = oidcCallerOf(setup.callers)
  if (oidc) {
    const condition = mergeConditions(
      oidc.audiences.length > 0 ? { StringEquals: { [`${oidc.providerHost}:aud`]: oneOrMany(oidc.audiences) } } : {},
      { StringLike: { [`${oidc.providerHost}:sub`]: oneOrMany(oidc.subjects) } },
      oidc.groups !== undefined && oidc.groups.length > 0 ? { 'ForAnyValue:StringLike': { [`${oidc.providerHost}:groups`]: oneOrMany(oidc.groups) } } : {},
      sourceIpCondition(setup)
    )
    out.push({ kind: 'webIdentity', statement: { Effect: 'Allow', Principal: { Federated: oidc.providerArn }, Action: withSessionActions('sts:AssumeRoleWithWebIdentity', session), ...(condition ? { Condition: condition } : {}) } })
  }
  return out
}

/** The trust policy for a setup: one statement per kind of caller (plus the AWS principals' session actions), the first with Sid `BedrockXacctTrust`. */
export function buildTrustPolicy(setup: Setup): PolicyDocument {
  const statements = unnamedStatements(setup).map(({ kind, statement }, index) => {
    const Sid = index === 0 || kind === 'aws' ? STATEMENT_IDS.trust : TRUST_SIDS[kind]
    const { Effect, Principal, Action, Condition } = statement
    return { Sid, Effect, Principal, Action, ...(Condition ? { Condition } : {}) } as PolicyStatement
  })
  return { Version: POLICY_VERSION, Statement: statements }
}
