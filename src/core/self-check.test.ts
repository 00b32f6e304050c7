import { describe, expect, it } from 'vitest'
import { createEvaluator, type PolicyDocument } from './evaluate.js'
import { fixtureSetup, type FixtureOverrides } from '../../test/helpers/setup-fixture.js'
import { buildDocuments, type SetupDocuments } from './policies/index.js'
import { selfCheck } from './self-check.js'
import type { CallerPrincipal } from './setup/model.js'

/** Fixture accounts: A = 111111111111 (source, the caller), B = 222222222222 (target, Bedrock). */
const evaluator = createEvaluator()

const GITHUB: CallerPrincipal = {
  kind: 'oidc',
  providerArn: 'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com',
  providerHost: 'token.actions.githubusercontent.com',
  audiences: ['sts.amazonaws.com'],
  subjects: ['repo:acme/gateway:*']
}

async function check(overrides: FixtureOverrides, tamper?: (docs: SetupDocuments) => SetupDocuments) {
  const setup = fixtureSetup(overrides)
  const docs = buildDocuments(setup)
  return selfCheck(setup, tamper ? tamper(docs) : docs, evaluator)
}

const ids = (report: { cases: { id: string }[] }) => report.cases.map((c) => c.id)
const failed = (report: { cases: { id: string; ok: boolean }[] }) => report.cases.filter((c) => !c.ok).map((c) => c.id)

describe('selfCheck: generated documents pass', () => {
  it.each<[string, FixtureOverrides, string[]]>([
    ['account root + ExternalId', {}, ['assume-allowed', 'assume-without-external-id', 'assume-wrong-external-id', 'assume-from-other-account', 'source-policy-scoped']],
    ['account root + CIDRs', { sourceIpCidrs: ['203.0.113.0/24', '2001:db8::/32'] }, ['assume-from-outside-ip', 'invoke-from-outside-ip']],
    ['role caller', { caller: { kind: 'role', arn: 'arn:aws:iam::111111111111:role/gateway' } }, ['assume-by-other-principal']],
    ['user caller without ExternalId', { caller: { kind: 'user', arn: 'arn:aws:iam::111111111111:user/ci' }, externalId: undefined }, ['assume-allowed', 'assume-by-other-principal']],
    [
      'service caller',
      { caller: { kind: 'service', services: ['sagemaker.amazonaws.com', 'lambda.amazonaws.com'] } },
      ['assume-allowed:sagemaker.amazonaws.com', 'assume-allowed:lambda.amazonaws.com', 'assume-for-other-account', 'assume-by-other-service']
    ],
    ['OIDC caller + CIDR', { caller: GITHUB, sourceIpCidrs: ['203.0.113.0/24'] }, ['assume-allowed', 'assume-other-subject', 'assume-wrong-audience', 'assume-from-outside-ip', 'assume-other-provider']],
    ['OIDC caller + groups', { caller: { ...GITHUB, groups: ['team-ai-*', 'admins'] } }, ['assume-allowed', 'assume-other-groups', 'assume-without-groups', 'assume-other-subject']],
    ['OIDC caller + LDAP-style group', { caller: { ...GITHUB, groups: ['cn=ai,ou=teams,dc=example'] } }, ['assume-allowed', 'assume-other-groups', 'assume-without-groups']],
    ['us. profile', { models: ['us.anthropic.claude-sonnet-4-20250514-v1:0'] }, ['invoke:arn:aws:bedrock:us-west-1::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0', 'invoke-outside-fan-out']],
    ['eu. profile', { region: 'eu-west-1', models: ['eu.amazon.nova-pro-v1:0'] }, ['invoke:arn:aws:bedrock:eu-south-2::foundation-model/amazon.nova-pro-v1:0']],
    ['apac. profile', { region: 'ap-southeast-2', models: ['apac.anthropic.claude-3-5-sonnet-20241022-v2:0'] }, ['invoke:arn:aws:bedrock:ap-south-1::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0']],
    ['global. profile (region-less ARN)', { models: ['global.anthropic.claude-sonnet-4-5-20250929-v1:0'] }, ['invoke:arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0']],
    ['application profile', { models: ['arn:aws:bedrock:us-east-1:222222222222:application-inference-profile/a1b2c3d4e5f6'] }, ['invoke:arn:aws:bedrock:us-east-1:222222222222:application-inference-profile/a1b2c3d4e5f6', 'invoke-unchosen-model']],
    ['aws-cn partition', { partition: 'aws-cn', region: 'cn-north-1', models: ['amazon.nova-lite-v1:0'] }, ['invoke:arn:aws-cn:bedrock:cn-north-1::foundation-model/amazon.nova-lite-v1:0', 'invoke-outside-fan-out']],
    [
      'aws-us-gov partition, us-gov. profile',
      { partition: 'aws-us-gov', region: 'us-gov-west-1', models: ['us-gov.anthropic.claude-3-5-sonnet-20240620-v1:0'] },
      ['invoke:arn:aws-us-gov:bedrock:us-gov-east-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0']
    ],
    ['no streaming, Marketplace and CloudTrail on', { streaming: false, marketplace: true, cloudTrailLookup: true }, ['marketplace-subscribe', 'cloudtrail-lookup']]
  ])('%s', async (_label, overrides, expectedIds) => {
    const report = await check(overrides)
    expect(failed(report)).toEqual([])
    expect(report.ok).toBe(true)
    expect(ids(report)).toEqual(expect.arrayContaining(expectedIds))
  })

  it('a group pattern matching every group skips the other-groups case (nothing to deny) but still denies a token without groups', async () => {
    const report = await check({ caller: { ...GITHUB, groups: ['*'] } })
    expect(failed(report)).toEqual([])
    expect(ids(report)).not.toContain('assume-other-groups')
    expect(ids(report)).toContain('assume-without-groups')
  })

  it('covers every invoke resource, and expects the right outcomes', async () => {
    const setup = fixtureSetup({ models: ['us.anthropic.claude-sonnet-4-20250514-v1:0', 'amazon.nova-lite-v1:0'], streaming: false })
    const docs = buildDocuments(setup)
    const report = await selfCheck(setup, docs, evaluator)
    for (const arn of docs.invokeResources) expect(report.cases.find((c) => c.id === `invoke:${arn}`)).toMatchObject({ expected: 'allow', ok: true })
    expect(report.cases.find((c) => c.id.startsWith('stream:'))).toMatchObject({ expected: 'deny', actual: 'deny' })
    expect(report.cases.find((c) => c.id === 'marketplace-subscribe')).toMatchObject({ expected: 'deny', actual: 'deny' })
  })
})

const replaceStatement = (doc: PolicyDocument, patch: Record<string, unknown>, drop: string[] = []): PolicyDocument => {
  const list = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]
  return {
    ...doc,
    Statement: list.map((s, i) => {
      if (i !== 0) return s
      const copy: Record<string, unknown> = { ...s, ...patch }
      for (const key of drop) delete copy[key]
      return copy as unknown as (typeof list)[number]
    })
  }
}

describe('selfCheck: broken documents are reported', () => {
  it.each<[string, FixtureOverrides, (docs: SetupDocuments) => SetupDocuments, string[]]>([
    ['trust without its ExternalId condition', {}, (d) => ({ ...d, trustPolicy: replaceStatement(d.trustPolicy, {}, ['Condition']) }), ['assume-without-external-id', 'assume-wrong-external-id']],
    ['trust with sts:DurationSeconds (never matches)', {}, (d) => ({ ...d, trustPolicy: replaceStatement(d.trustPolicy, { Condition: { NumericLessThanEquals: { 'sts:DurationSeconds': '3600' } } }) }), ['assume-allowed']],
    ['source policy on "*"', {}, (d) => ({ ...d, sourcePolicy: replaceStatement(d.sourcePolicy, { Resource: '*' }) }), ['source-policy-scoped']],
    ['permissions on Resource "*"', {}, (d) => ({ ...d, permissionsPolicy: replaceStatement(d.permissionsPolicy, { Resource: '*' }) }), ['invoke-unchosen-model', 'invoke-outside-fan-out']],
    [
      'profile policy missing a destination region',
      { models: ['us.anthropic.claude-sonnet-4-20250514-v1:0'] },
      (d) => ({ ...d, permissionsPolicy: replaceStatement(d.permissionsPolicy, { Resource: d.invokeResources.filter((a) => !a.includes(':us-west-2:')) }) }),
      ['invoke:arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0']
    ],
    [
      'global profile policy without the region-less ARN',
      { models: ['global.anthropic.claude-sonnet-4-5-20250929-v1:0'] },
      (d) => ({ ...d, permissionsPolicy: replaceStatement(d.permissionsPolicy, { Resource: d.invokeResources.filter((a) => !a.startsWith('arn:aws:bedrock:::')) }) }),
      ['invoke:arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0']
    ],
    [
      'OIDC trust that lost its groups condition',
      { caller: { ...GITHUB, groups: ['admins'] } },
      (d) => ({
        ...d,
        trustPolicy: replaceStatement(d.trustPolicy, { Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' }, StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/gateway:*' } } })
      }),
      ['assume-other-groups', 'assume-without-groups']
    ],
    [
      'OIDC groups written as ForAllValues (passes a token with no groups)',
      { caller: { ...GITHUB, groups: ['admins'] } },
      (d) => ({
        ...d,
        trustPolicy: replaceStatement(d.trustPolicy, { Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/gateway:*' }, 'ForAllValues:StringLike': { 'token.actions.githubusercontent.com:groups': 'admins' } } })
      }),
      ['assume-without-groups']
    ],
    [
      'OIDC trust with sub "*"',
      { caller: GITHUB },
      (d) => ({ ...d, trustPolicy: replaceStatement(d.trustPolicy, { Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': '*' } } }) }),
      ['assume-other-subject', 'assume-wrong-audience']
    ],
    ['service trust without aws:SourceAccount', { caller: { kind: 'service', services: ['sagemaker.amazonaws.com'] } }, (d) => ({ ...d, trustPolicy: replaceStatement(d.trustPolicy, {}, ['Condition']) }), ['assume-for-other-account']]
  ])('%s', async (_label, overrides, tamper, expectedFailures) => {
    const report = await check(overrides, tamper)
    expect(report.ok).toBe(false)
    expect(failed(report)).toEqual(expect.arrayContaining(expectedFailures))
    for (const c of report.cases.filter((x) => !x.ok)) expect(c.detail).toMatch(/ on .* by /)
  })

  it('a resource claimed in invokeResources but not granted by the policy fails', async () => {
    const extra = 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0'
    const report = await check({}, (d) => ({ ...d, invokeResources: [...d.invokeResources, extra] }))
    expect(failed(report)).toEqual([`invoke:${extra}`])
  })

  it('an unreadable document fails its cases with the evaluator error instead of throwing', async () => {
    const report = await check({}, (d) => ({ ...d, permissionsPolicy: replaceStatement(d.permissionsPolicy, { Action: 'bedrock:NoSuchAction' }) }))
    expect(report.ok).toBe(false)
    const firstInvoke = report.cases.find((c) => c.id.startsWith('invoke:'))!
    expect(firstInvoke).toMatchObject({ expected: 'allow', actual: 'deny', ok: false })
  })
})
