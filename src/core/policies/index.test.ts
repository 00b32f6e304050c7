import { describe, expect, it } from 'vitest'
import { isXacctError } from '../errors.js'
import type { PolicyStatement } from '../evaluate.js'
import { PROFILE_GEOGRAPHIES } from '../models.js'
import type { CallerPrincipal } from '../setup/model.js'
import { fixtureSetup, type FixtureOverrides } from '../../../test/helpers/setup-fixture.js'
import { buildDocuments, policySize, STATEMENT_IDS } from './index.js'

/** Fixture accounts: A = 111111111111 (source, the caller), B = 222222222222 (target, Bedrock). */
const statements = (doc: { Statement: PolicyStatement | PolicyStatement[] }): PolicyStatement[] => (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement])
const only = (doc: { Statement: PolicyStatement | PolicyStatement[] }): PolicyStatement => {
  const list = statements(doc)
  expect(list).toHaveLength(1)
  return list[0]!
}

const GITHUB: CallerPrincipal = {
  kind: 'oidc',
  providerArn: 'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com',
  providerHost: 'token.actions.githubusercontent.com',
  audiences: ['sts.amazonaws.com'],
  subjects: ['repo:acme/gateway:ref:refs/heads/main']
}

describe('trust policy per caller kind', () => {
  it.each<[string, FixtureOverrides, PolicyStatement]>([
    [
      'account root with ExternalId',
      {},
      {
        Sid: 'BedrockXacctTrust',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111111111111:root' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': 'bedrock-xacct-fixture-ext-0001' } }
      }
    ],
    [
      'account root, no ExternalId, two CIDRs',
      { externalId: undefined, sourceIpCidrs: ['203.0.113.0/24', '2001:db8::/32'] },
      {
        Sid: 'BedrockXacctTrust',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111111111111:root' },
        Action: 'sts:AssumeRole',
        Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/32'] } }
      }
    ],
    [
      'role caller with ExternalId and one CIDR',
      { caller: { kind: 'role', arn: 'arn:aws:iam::111111111111:role/gateway' }, sourceIpCidrs: ['203.0.113.0/24'] },
      {
        Sid: 'BedrockXacctTrust',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111111111111:role/gateway' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': 'bedrock-xacct-fixture-ext-0001' }, IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }
      }
    ],
    [
      'user caller, no conditions',
      { caller: { kind: 'user', arn: 'arn:aws:iam::111111111111:user/ci' }, externalId: undefined },
      { Sid: 'BedrockXacctTrust', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:user/ci' }, Action: 'sts:AssumeRole' }
    ],
    [
      'service principals: SourceAccount guard, no ExternalId, no IP',
      { caller: { kind: 'service', services: ['sagemaker.amazonaws.com', 'lambda.amazonaws.com'] }, sourceIpCidrs: ['203.0.113.0/24'] },
      {
        Sid: 'BedrockXacctTrust',
        Effect: 'Allow',
        Principal: { Service: ['sagemaker.amazonaws.com', 'lambda.amazonaws.com'] },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } }
      }
    ],
    [
      'OIDC provider: web identity with aud and sub, no ExternalId',
      { caller: GITHUB },
      {
        Sid: 'BedrockXacctTrust',
        Effect: 'Allow',
        Principal: { Federated: 'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
          StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/gateway:ref:refs/heads/main' }
        }
      }
    ],
    [
      'OIDC provider with groups: ForAnyValue:StringLike on the multi-valued claim',
      { caller: { ...GITHUB, groups: ['team-ai-*', 'admins'] } },
      {
        Sid: 'BedrockXacctTrust',
        Effect: 'Allow',
        Principal: { Federated: 'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
          StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/gateway:ref:refs/heads/main' },
          'ForAnyValue:StringLike': { 'token.actions.githubusercontent.com:groups': ['team-ai-*', 'admins'] }
        }
      }
    ],
    [
      'OIDC provider with an empty group list: no group condition',
      { caller: { ...GITHUB, groups: [] } },
      {
        Sid: 'BedrockXacctTrust',
        Effect: 'Allow',
        Principal: { Federated: 'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
          StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/gateway:ref:refs/heads/main' }
        }
      }
    ]
  ])('%s', (_label, overrides, expected) => {
    const docs = buildDocuments(fixtureSetup(overrides))
    expect(docs.trustPolicy.Version).toBe('2012-10-17')
    expect(only(docs.trustPolicy)).toEqual(expected)
  })

  it.each<FixtureOverrides>([{}, { caller: GITHUB }, { caller: { kind: 'service', services: ['sagemaker.amazonaws.com'] } }, { maxSessionDurationSeconds: 43_200, sessionDurationSeconds: 43_200 }])(
    'never emits sts:DurationSeconds nor a "*" principal (%#)',
    (overrides) => {
      const text = JSON.stringify(buildDocuments(fixtureSetup(overrides)).trustPolicy)
      expect(text).not.toContain('DurationSeconds')
      expect(text).not.toContain('"*"')
    }
  )
})

describe('permissions policy', () => {
  const resources = (overrides: FixtureOverrides): string[] => buildDocuments(fixtureSetup(overrides)).invokeResources

  it('a foundation model is its regional ARN; streaming adds InvokeModelWithResponseStream', () => {
    const docs = buildDocuments(fixtureSetup())
    expect(docs.permissionsPolicy).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'BedrockXacctInvoke',
          Effect: 'Allow',
          Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
          Resource: 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0'
        }
      ]
    })
    expect(only(buildDocuments(fixtureSetup({ streaming: false })).permissionsPolicy).Action).toBe('bedrock:InvokeModel')
  })

  it.each([
    ['us', 'us-east-1', 'us.anthropic.claude-sonnet-4-20250514-v1:0'],
    ['eu', 'eu-west-1', 'eu.anthropic.claude-sonnet-4-20250514-v1:0'],
    ['apac', 'ap-northeast-1', 'apac.anthropic.claude-sonnet-4-20250514-v1:0']
  ] as const)('a %s. profile grants the profile ARN and the model in every destination region', (geo, region, model) => {
    const list = resources({ region, models: [model] })
    const modelId = model.slice(geo.length + 1)
    expect(list[0]).toBe(`arn:aws:bedrock:${region}:222222222222:inference-profile/${model}`)
    expect(list.slice(1).sort()).toEqual(PROFILE_GEOGRAPHIES[geo].map((r) => `arn:aws:bedrock:${r}::foundation-model/${modelId}`).sort())
  })

  it('a profile called from outside its geography also grants the source region', () => {
    expect(resources({ region: 'ca-central-1', models: ['us.amazon.nova-lite-v1:0'] })).toContain('arn:aws:bedrock:ca-central-1::foundation-model/amazon.nova-lite-v1:0')
  })

  it('a global profile grants the profile, the regional and the region-less model ARN', () => {
    expect(resources({ region: 'eu-west-1', models: ['global.anthropic.claude-sonnet-4-5-20250929-v1:0'] })).toEqual([
      'arn:aws:bedrock:eu-west-1:222222222222:inference-profile/global.anthropic.claude-sonnet-4-5-20250929-v1:0',
      'arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0',
      'arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0'
    ])
  })

  it('an application profile grants its ARN as given', () => {
    const arn = 'arn:aws:bedrock:us-east-1:222222222222:application-inference-profile/a1b2c3d4e5f6'
    expect(resources({ models: [arn] })).toEqual([arn])
  })

  it('deduplicates in a stable order (model order, profile first)', () => {
    const list = resources({ models: ['anthropic.claude-sonnet-4-20250514-v1:0', 'us.anthropic.claude-sonnet-4-20250514-v1:0', 'anthropic.claude-sonnet-4-20250514-v1:0'] })
    expect(new Set(list).size).toBe(list.length)
    expect(list[0]).toBe('arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0')
    expect(list[1]).toContain(':inference-profile/us.')
    expect(list).toHaveLength(1 + 1 + PROFILE_GEOGRAPHIES.us.length - 1)
    expect(buildDocuments(fixtureSetup({ models: ['amazon.nova-lite-v1:0', 'amazon.nova-pro-v1:0'] }))).toEqual(buildDocuments(fixtureSetup({ models: ['amazon.nova-lite-v1:0', 'amazon.nova-pro-v1:0'] })))
  })

  it('uses the partition of the setup', () => {
    expect(resources({ partition: 'aws-us-gov', region: 'us-gov-west-1', models: ['us-gov.anthropic.claude-3-5-sonnet-20240620-v1:0'] })[0]).toBe(
      'arn:aws-us-gov:bedrock:us-gov-west-1:222222222222:inference-profile/us-gov.anthropic.claude-3-5-sonnet-20240620-v1:0'
    )
  })

  it('adds the IP allow-list, Marketplace and CloudTrail statements when asked', () => {
    const list = statements(buildDocuments(fixtureSetup({ sourceIpCidrs: ['203.0.113.0/24'], marketplace: true, cloudTrailLookup: true })).permissionsPolicy)
    expect(list.map((s) => s.Sid)).toEqual([STATEMENT_IDS.invoke, STATEMENT_IDS.marketplace, STATEMENT_IDS.cloudTrail])
    expect(list[0]!.Condition).toEqual({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } })
    // docs/aws-facts.md bedrock.marketplace.actions (Bedrock user guide, model-access): Subscribe, Unsubscribe, ViewSubscriptions.
    expect(list[1]).toMatchObject({ Action: ['aws-marketplace:Subscribe', 'aws-marketplace:Unsubscribe', 'aws-marketplace:ViewSubscriptions'], Resource: '*' })
    expect(list[2]).toMatchObject({ Action: 'cloudtrail:LookupEvents', Resource: '*' })
  })

  it('rejects a model it cannot parse, naming it', () => {
    expect(() => buildDocuments(fixtureSetup({ models: ['Claude Sonnet'] }))).toThrow(/models "Claude Sonnet" is invalid/)
  })
})

describe('source policy', () => {
  it('allows sts:AssumeRole on exactly the role ARN (with its path)', () => {
    const docs = buildDocuments(fixtureSetup({ roleName: 'Acme-Chat-BedrockInvokeRole', rolePath: '/bedrock/' }))
    expect(docs.roleArn).toBe('arn:aws:iam::222222222222:role/bedrock/Acme-Chat-BedrockInvokeRole')
    expect(docs.sourcePolicy).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'BedrockXacctAssumeRole', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: docs.roleArn }]
    })
  })
})

describe('size limits', () => {
  const manyModels = (n: number): string[] => Array.from({ length: n }, (_, i) => `eu.vendor.model-number-${i}-v1:0`)

  it('a policy near the limit still builds, and the size is measured minified', () => {
    const docs = buildDocuments(fixtureSetup({ models: manyModels(10) }))
    expect(policySize(docs.permissionsPolicy)).toBe(JSON.stringify(docs.permissionsPolicy).length)
    expect(policySize(docs.permissionsPolicy)).toBeLessThan(10_240)
  })

  it('too many models → invalidInput naming the count and the size', () => {
    try {
      buildDocuments(fixtureSetup({ models: manyModels(20) }))
      expect.unreachable()
    } catch (error) {
      expect(isXacctError(error) && error.code).toBe('invalidInput')
      expect((error as Error).message).toMatch(/models "20 models" is invalid: .*10240 characters.*need \d{5}/)
      expect(isXacctError(error) && error.hint).toMatch(/managed policies/)
    }
  })

  it('an oversized trust policy → invalidInput naming its size', () => {
    const subjects = Array.from({ length: 60 }, (_, i) => `repo:acme/service-number-${i}:ref:refs/heads/main`)
    expect(() => buildDocuments(fixtureSetup({ caller: { ...GITHUB, subjects } }))).toThrow(/trust policy "\d+ characters" is invalid: expected at most 2048/)
  })
})

describe('unbuildable setups', () => {
  it.each<[string, FixtureOverrides, RegExp]>([
    ['no models', { models: [] }, /models "" is invalid: expected at least one model/],
    ['service caller without services', { caller: { kind: 'service', services: [] } }, /caller "service:" is invalid/],
    ['OIDC without subjects', { caller: { ...GITHUB, subjects: [] } as CallerPrincipal }, /oidc subjects "" is invalid: .*every token/]
  ])('%s → invalidInput', (_label, overrides, message) => expect(() => buildDocuments(fixtureSetup(overrides))).toThrow(message))
})
