/**
 * The access role's trust policy (its AssumeRolePolicyDocument), one statement per setup, shaped by
 * the caller kind (DESIGN §4 "Principals"):
 * - account → `arn:P:iam::A:root`; role/user → that ARN; both with `sts:AssumeRole`.
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
 * `sts:TagSession` is granted only when the setup says the caller passes session tags
 * (`allowSessionTags`; AWS requires it in the trust policy then:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html), since it lets the caller
 * set tags that ABAC policies may trust; in its own statement (tagSessionStatement). `sts:SetSourceIdentity` is never granted.
 */
import { accountRootArn } from '../arn.js'
import type { PolicyDocument, PolicyStatement } from '../evaluate.js'
import type { Setup } from '../setup/model.js'
import { POLICY_VERSION, STATEMENT_IDS } from './statement-ids.js'

type Condition = NonNullable<PolicyStatement['Condition']>

/** The permission a caller needs, besides the assume action, to pass session tags. */
export const TAG_SESSION_ACTION = 'sts:TagSession'

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

function trustStatement(setup: Setup): PolicyStatement {
  const caller = setup.caller
  const base = { Sid: STATEMENT_IDS.trust, Effect: 'Allow' as const }
  let statement: PolicyStatement
  let condition: Condition | undefined
  switch (caller.kind) {
    case 'account':
      statement = { ...base, Principal: { AWS: accountRootArn(setup.partition, setup.sourceAccountId) }, Action: 'sts:AssumeRole' }
      condition = mergeConditions(externalIdCondition(setup), sourceIpCondition(setup))
      break
    case 'role':
    case 'user':
      statement = { ...base, Principal: { AWS: caller.arn }, Action: 'sts:AssumeRole' }
      condition = mergeConditions(externalIdCondition(setup), sourceIpCondition(setup))
      break
    case 'service':
      statement = { ...base, Principal: { Service: oneOrMany([...new Set(caller.services)]) }, Action: 'sts:AssumeRole' }
      condition = { StringEquals: { 'aws:SourceAccount': setup.sourceAccountId } }
      break
    case 'oidc':
      statement = { ...base, Principal: { Federated: caller.providerArn }, Action: 'sts:AssumeRoleWithWebIdentity' }
      condition = mergeConditions(
        caller.audiences.length > 0 ? { StringEquals: { [`${caller.providerHost}:aud`]: oneOrMany(caller.audiences) } } : {},
        { StringLike: { [`${caller.providerHost}:sub`]: oneOrMany(caller.subjects) } },
        caller.groups !== undefined && caller.groups.length > 0 ? { 'ForAnyValue:StringLike': { [`${caller.providerHost}:groups`]: oneOrMany(caller.groups) } } : {},
        sourceIpCondition(setup)
      )
      break
  }
  return condition ? { ...statement, Condition: condition } : statement
}

/**
 * `sts:TagSession` in a statement of its own, for the same principal, as AWS's example trust policy
 * for session tags does (IAM user guide, id_session-tags): the service authorization reference
 * lists no `sts:ExternalId` and no OIDC claim keys for TagSession, so it must not sit behind those
 * conditions (the evaluator drops them for TagSession and the Allow would never apply;
 * docs/aws-facts.md sts.tag-session.conditions). It grants nothing alone: assuming the role still
 * needs the conditioned `BedrockXacctTrust` statement. Global keys (`aws:SourceIp`,
 * `aws:SourceAccount`) keep limiting it.
 */
function tagSessionStatement(setup: Setup, trust: PolicyStatement): PolicyStatement {
  const condition = setup.caller.kind === 'service' ? { StringEquals: { 'aws:SourceAccount': setup.sourceAccountId } } : mergeConditions(sourceIpCondition(setup))
  const statement: PolicyStatement = { Sid: STATEMENT_IDS.tagSession, Effect: 'Allow', Principal: trust.Principal!, Action: TAG_SESSION_ACTION }
  return condition ? { ...statement, Condition: condition } : statement
}

/** The trust policy for a setup: one `BedrockXacctTrust` statement shaped by the caller kind, plus `BedrockXacctTagSession` when the caller tags sessions. */
export function buildTrustPolicy(setup: Setup): PolicyDocument {
  const trust = trustStatement(setup)
  return { Version: POLICY_VERSION, Statement: setup.allowSessionTags === true ? [trust, tagSessionStatement(setup, trust)] : [trust] }
}
