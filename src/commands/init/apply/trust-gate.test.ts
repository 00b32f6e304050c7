/**
 * The trust gate (issue 17, point 6/7): each loss is reported once, by meaning; a principal
 * narrowed is a lock-out of its own; a widening the setup asks for (an OIDC sub narrowed by hand
 * and widened back) is a notice in the plan, not a silent pass. Accounts: A = 111111111111
 * (source, user app-caller), B = 222222222222 (the role's).
 */
import { describe, expect, it } from 'vitest'
import type { ApplyObservation } from '../../../core/apply/desired-observed.js'
import { planApply } from '../../../core/apply/plan.js'
import { planRestore } from '../../../core/apply/restore-plan.js'
import type { PolicyDocument, PolicyStatement } from '../../../core/evaluate.js'
import { buildDocuments } from '../../../core/policies/index.js'
import type { RoleInfo } from '../../../core/ports/aws.js'
import type { CallerPrincipal } from '../../../core/setup/model.js'
import { fixtureSetup, type FixtureOverrides } from '../../../../test/helpers/setup-fixture.js'
import { trustFindingsOf } from './trust-gate.js'

const A = '111111111111'
const CALLER = `arn:aws:iam::${A}:user/app-caller`
const EXT = 'ext-abcdef12'

function roleWith(statement: Omit<PolicyStatement, 'Sid' | 'Effect'>): RoleInfo {
  return roleHolding({ Version: '2012-10-17', Statement: [{ Sid: 'BedrockXacctTrust', Effect: 'Allow', ...statement }] })
}

function roleHolding(trustPolicy: PolicyDocument): RoleInfo {
  return { arn: 'arn:aws:iam::222222222222:role/BedrockAccessRole', name: 'BedrockAccessRole', path: '/', roleId: 'AROAEXAMPLE', trustPolicy, maxSessionDurationSeconds: 3600, tags: {} }
}

async function gate(role: RoleInfo, overrides: FixtureOverrides) {
  // The user caller unless the case names its callers.
  const setup = fixtureSetup({ ...(overrides.callers ? {} : { caller: { kind: 'user', arn: CALLER } }), sourceIpCidrs: [], ...overrides })
  const docs = buildDocuments(setup)
  const observation: ApplyObservation = { target: { role, inlinePermissions: docs.permissionsPolicy, attachedPolicyArns: [] } }
  const plan = planApply({ setup, trustPolicy: docs.trustPolicy, permissionsPolicy: docs.permissionsPolicy, sourcePolicy: docs.sourcePolicy, permissionsMode: 'inline' }, observation)
  return trustFindingsOf(plan, observation, docs.trustPolicy)
}

const mentions = (lines: readonly string[], pattern: RegExp) => lines.filter((line) => pattern.test(line)).length

describe('trust gate: one message per loss', () => {
  it('a dropped ExternalId is reported once (by meaning), the principal narrowed once more as a lock-out', async () => {
    const findings = await gate(roleWith({ Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': EXT } } }), { externalId: undefined })
    expect(mentions(findings.losses, /ExternalId/)).toBe(1)
    expect(findings.losses.find((line) => /ExternalId/.test(line))).toMatch(/would newly be allowed sts:AssumeRole with no sts:ExternalId/)
    expect(mentions(findings.losses, /would no longer be trusted/)).toBe(1)
    expect(findings.losses).toHaveLength(2)
    expect(findings.hint).toMatch(/--external-id/)
    expect(findings.losses.join('\n')).not.toContain(EXT)
  })

  it('a dropped ExternalId and IP list: each once', async () => {
    const findings = await gate(roleWith({ Principal: { AWS: CALLER }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': EXT }, IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }), { externalId: undefined })
    expect(findings.losses.length).toBeGreaterThan(0)
    expect(findings.losses.length).toBeLessThanOrEqual(2)
    expect(findings.hint).toMatch(/--external-id/)
    expect(findings.hint).toMatch(/--source-ip/)
  })

  it('an MFA condition added by hand and dropped by the rewrite: refused once, and shown in the plan', async () => {
    const findings = await gate(roleWith({ Principal: { AWS: CALLER }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': EXT }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }), { externalId: EXT })
    expect(findings.losses).toHaveLength(1)
    expect(findings.losses[0]).toMatch(/would newly be allowed sts:AssumeRole with .*aws:MultiFactorAuthPresent/)
    expect(findings.plan.notes.join('\n')).toMatch(/WEAKER TRUST[^\n]*aws:MultiFactorAuthPresent/)
    expect(findings.plan.trustLosses).toEqual(findings.losses)
  })

  it('a never-matching sts:DurationSeconds condition dropped is the fix, not a loss', async () => {
    const findings = await gate(roleWith({ Principal: { AWS: CALLER }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': EXT }, NumericLessThanEquals: { 'sts:DurationSeconds': '3600' } } }), { externalId: EXT })
    expect(findings.losses).toEqual([])
  })
})

describe('trust gate: an OIDC sub narrowed by hand (point 7)', () => {
  const host = 'token.actions.githubusercontent.com'
  const provider = `arn:aws:iam::222222222222:oidc-provider/${host}`
  const oidcRole = (sub: string) => roleWith({ Principal: { Federated: provider }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${host}:aud`]: 'sts.amazonaws.com' }, StringLike: { [`${host}:sub`]: sub } } })

  it('widened back by the setup: not refused, but a notice in the plan naming what is newly allowed', async () => {
    const findings = await gate(oidcRole('repo:acme/app:ref:refs/heads/main'), { caller: { kind: 'oidc', providerArn: provider, providerHost: host, audiences: ['sts.amazonaws.com'], subjects: ['repo:acme/app:*'] }, externalId: undefined })
    expect(findings.losses).toEqual([])
    expect(findings.notices.join('\n')).toMatch(/newly be allowed sts:AssumeRoleWithWebIdentity/)
    expect(findings.plan.notes.join('\n')).toMatch(/Trust change[^\n]*newly be allowed/)
  })
})

describe('trust gate: a condition added by hand to any statement the tool owns (point 1)', () => {
  const host = 'token.actions.githubusercontent.com'
  const provider = `arn:aws:iam::222222222222:oidc-provider/${host}`
  const notebook = `arn:aws:sagemaker:us-east-1:${A}:notebook-instance/research`
  const oidc: CallerPrincipal = { kind: 'oidc', providerArn: provider, providerHost: host, audiences: ['sts.amazonaws.com'], subjects: ['repo:acme/app:*'] }

  /** The trust the setup writes, with `edit` applied by hand to the statement with `sid`. */
  function handEdited(overrides: FixtureOverrides, sid: string, edit: Record<string, Record<string, string>>): RoleInfo {
    const written = buildDocuments(fixtureSetup({ sourceIpCidrs: [], ...overrides })).trustPolicy
    const statements = (written.Statement as PolicyStatement[]).map((statement) => (statement.Sid === sid ? { ...statement, Condition: { ...statement.Condition, ...edit } } : statement))
    expect(statements.some((statement) => statement.Sid === sid)).toBe(true)
    return roleHolding({ ...written, Statement: statements })
  }

  it('an aws:SourceArn added to the service statement and dropped by a re-apply: refused, naming what would newly be allowed', async () => {
    const overrides: FixtureOverrides = { externalId: EXT, callers: [{ kind: 'account' }, { kind: 'service', services: ['sagemaker.amazonaws.com'] }] }
    const findings = await gate(handEdited(overrides, 'BedrockXacctTrustService', { ArnLike: { 'aws:SourceArn': notebook } }), overrides)
    expect(findings.losses).toHaveLength(1)
    expect(findings.losses[0]).toMatch(/sagemaker\.amazonaws\.com[^\n]*would newly be allowed sts:AssumeRole with [^\n]*aws:SourceArn/)
    expect(findings.hint).toMatch(/aws:SourceArn/)
  })

  it('an IP list added by hand to the web-identity statement and dropped: refused, with the flag that keeps it', async () => {
    const overrides: FixtureOverrides = { externalId: EXT, callers: [{ kind: 'account' }, oidc] }
    const findings = await gate(handEdited(overrides, 'BedrockXacctTrustWebIdentity', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }), overrides)
    expect(findings.losses).toHaveLength(1)
    expect(findings.losses[0]).toMatch(/oidc-provider[^\n]*would newly be allowed sts:AssumeRoleWithWebIdentity with [^\n]*aws:SourceIp/)
    expect(findings.hint).toMatch(/--source-ip/)
  })

  it('a groups narrowing added to the only (web-identity) statement and dropped: refused', async () => {
    const overrides: FixtureOverrides = { externalId: undefined, caller: oidc }
    const findings = await gate(handEdited(overrides, 'BedrockXacctTrust', { 'ForAnyValue:StringLike': { [`${host}:groups`]: 'platform' } }), overrides)
    expect(findings.losses).toHaveLength(1)
    expect(findings.losses[0]).toMatch(/would newly be allowed sts:AssumeRoleWithWebIdentity with [^\n]*groups/)
  })

  it('a Deny someone added under one of the tool’s Sids, dropped by the merge: refused', async () => {
    const overrides: FixtureOverrides = { externalId: EXT, callers: [{ kind: 'account' }] }
    const written = buildDocuments(fixtureSetup({ sourceIpCidrs: [], ...overrides })).trustPolicy
    const deny: PolicyStatement = { Sid: 'BedrockXacctDenyWithoutMfa', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }
    const findings = await gate(roleHolding({ ...written, Statement: [...(written.Statement as PolicyStatement[]), deny] }), overrides)
    expect(findings.losses.length).toBeGreaterThan(0)
    expect(findings.losses.join('\n')).toMatch(/would newly be allowed sts:AssumeRole with [^\n]*aws:MultiFactorAuthPresent/)
  })

  it('the same trust re-applied as it stands is not refused', async () => {
    const overrides: FixtureOverrides = { externalId: EXT, callers: [{ kind: 'account' }, { kind: 'service', services: ['sagemaker.amazonaws.com'] }, oidc] }
    const findings = await gate(handEdited(overrides, 'BedrockXacctTrustService', {}), overrides)
    expect(findings.losses).toEqual([])
  })
})

describe('trust gate on --restore: a crafted backup asks for nothing new (point 1)', () => {
  const services: FixtureOverrides = { externalId: EXT, callers: [{ kind: 'account' }, { kind: 'service', services: ['sagemaker.amazonaws.com'] }] }

  /** The gate as restore runs it: what AWS holds now against the backup's trust, nothing intended. */
  async function restoreGate(edit: (statement: PolicyStatement) => PolicyStatement) {
    const now = buildDocuments(fixtureSetup({ sourceIpCidrs: [], ...services })).trustPolicy
    const backup = { ...now, Statement: (now.Statement as PolicyStatement[]).map((statement) => (statement.Sid === 'BedrockXacctTrustService' ? edit(statement) : statement)) }
    const role = roleHolding(now)
    const observation: ApplyObservation = { target: { role, attachedPolicyArns: [] } }
    const plan = planRestore(
      {
        kind: 'bedrock-xacct-backup',
        formatVersion: 1,
        createdAt: '2026-11-23T08:00:00.000Z',
        setup: 's',
        permissionsMode: 'inline',
        target: { accountId: '222222222222', roleName: role.name, roleExisted: true, trustPolicy: backup, inlinePolicy: { name: 'P', document: null } }
      },
      observation,
      role.arn
    )
    return trustFindingsOf(plan, observation)
  }

  it('the service statement without its aws:SourceAccount: refused, naming the confused deputy', async () => {
    const findings = await restoreGate(({ Condition: _dropped, ...statement }) => statement)
    expect(findings.losses.length).toBeGreaterThan(0)
    expect(findings.losses.join('\n')).toMatch(/sagemaker\.amazonaws\.com[^\n]*would newly be allowed sts:AssumeRole with [^\n]*aws:SourceAccount/)
  })

  it('the service statement opened to Principal "*": refused, naming a stranger', async () => {
    const findings = await restoreGate((statement) => ({ ...statement, Principal: '*' }))
    expect(findings.losses.join('\n')).toMatch(/would newly be allowed sts:AssumeRole/)
    expect(findings.losses.join('\n')).toMatch(/arn:aws:iam::999999999999:root[^\n]*would newly be allowed sts:AssumeRole/)
  })
})
