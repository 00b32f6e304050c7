import { describe, expect, it } from 'vitest'
import { isXacctError } from '../errors.js'
import { fixtureSetup } from '../../../test/helpers/setup-fixture.js'
import { buildDocuments } from '../policies/index.js'
import { lintPolicy, type PolicyKind } from './index.js'

/** Fixture accounts: A = 111111111111 (source, the caller), B = 222222222222 (target, Bedrock). */
const ROOT_A = 'arn:aws:iam::111111111111:root'
const GH = 'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com'
const HAIKU = 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0'
const SONNET4 = 'anthropic.claude-sonnet-4-20250514-v1:0'
const US_REGIONS = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2']

const policy = (...statements: Record<string, unknown>[]) => ({ Version: '2012-10-17', Statement: statements })
const trust = (extra: Record<string, unknown> = {}) => ({ Sid: 'T', Effect: 'Allow', Principal: { AWS: ROOT_A }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'ext-123' } }, ...extra })
const invoke = (resource: unknown, extra: Record<string, unknown> = {}) => ({ Sid: 'I', Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: resource, ...extra })
const usProfileResources = [`arn:aws:bedrock:us-east-1:222222222222:inference-profile/us.${SONNET4}`, ...US_REGIONS.map((r) => `arn:aws:bedrock:${r}::foundation-model/${SONNET4}`)]

type Case = [label: string, document: unknown, options: { kind?: PolicyKind; models?: string[] }, rule: string | undefined, severity?: 'error' | 'warning']

const rulesOf = (document: unknown, options: { kind?: PolicyKind; models?: string[] } = {}) => lintPolicy(document, options).map((f) => f.rule)

describe('lintPolicy rules (positive and negative)', () => {
  it.each<Case>([
    // sts:DurationSeconds
    ['DurationSeconds in a trust policy', policy(trust({ Condition: { NumericLessThanEquals: { 'sts:DurationSeconds': '3600' } } })), {}, 'duration-seconds-condition', 'error'],
    ['DurationSeconds, other case, IfExists', policy(trust({ Condition: { NumericLessThanIfExists: { 'STS:durationSeconds': 3600 }, StringEquals: { 'sts:ExternalId': 'x1' } } })), {}, 'duration-seconds-condition', 'warning'],
    ['no DurationSeconds', policy(trust()), {}, undefined],
    // Principal "*"
    ['Principal "*"', policy(trust({ Principal: '*' })), {}, 'principal-wildcard', 'error'],
    ['Principal { AWS: "*" }', policy(trust({ Principal: { AWS: ['*'] } })), {}, 'principal-wildcard', 'error'],
    ['Principal "*" in a Deny is fine', policy(trust(), { Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }), {}, undefined],
    // NotPrincipal
    ['NotPrincipal with Allow', policy(trust({ Principal: undefined, NotPrincipal: { AWS: ROOT_A } })), { kind: 'trust' }, 'not-principal-allow', 'error'],
    // root trust without ExternalId
    ['account root without ExternalId', policy(trust({ Condition: undefined })), {}, 'root-trust-without-external-id', 'warning'],
    ['bare account id without ExternalId', policy(trust({ Principal: { AWS: '111111111111' }, Condition: undefined })), {}, 'root-trust-without-external-id', 'warning'],
    ['role principal without ExternalId is fine', policy(trust({ Principal: { AWS: 'arn:aws:iam::111111111111:role/gw' }, Condition: undefined })), {}, undefined],
    // ExternalId format
    ['ExternalId with a space', policy(trust({ Condition: { StringEquals: { 'sts:ExternalId': 'my external id' } } })), {}, 'external-id-format', 'error'],
    ['ExternalId of one character', policy(trust({ Condition: { StringEquals: { 'sts:ExternalId': 'x' } } })), {}, 'external-id-format', 'error'],
    // OIDC
    [
      'OIDC without sub',
      policy({ Effect: 'Allow', Principal: { Federated: GH }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } } }),
      {},
      'oidc-without-sub',
      'error'
    ],
    [
      'OIDC sub "*"',
      policy({
        Effect: 'Allow',
        Principal: { Federated: GH },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' }, StringLike: { 'token.actions.githubusercontent.com:sub': '*' } }
      }),
      {},
      'oidc-sub-wildcard',
      'error'
    ],
    [
      'OIDC without aud',
      policy({ Effect: 'Allow', Principal: { Federated: GH }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/gw:*' } } }),
      {},
      'oidc-without-aud',
      'warning'
    ],
    [
      'OIDC with sub and aud',
      policy({
        Effect: 'Allow',
        Principal: { Federated: GH },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' }, StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/gw:*' } }
      }),
      {},
      undefined
    ],
    // trust action wildcard
    ['trust with sts:*', policy(trust({ Action: 'sts:*' })), {}, 'trust-action-wildcard', 'warning'],
    // session actions behind the ExternalId (issue 18)
    ['TagSession behind the ExternalId', policy(trust({ Action: ['sts:AssumeRole', 'sts:TagSession'] })), {}, 'session-action-behind-external-id', 'warning'],
    ['SetSourceIdentity behind the ExternalId', policy(trust({ Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'] })), {}, 'session-action-behind-external-id', 'warning'],
    ['session actions in their own statement (what init writes)', policy(trust(), { Sid: 'S', Effect: 'Allow', Principal: { AWS: ROOT_A }, Action: ['sts:TagSession', 'sts:SetSourceIdentity'] }), {}, undefined],
    [
      'TagSession beside AssumeRoleWithWebIdentity under aud/sub',
      policy({
        Effect: 'Allow',
        Principal: { Federated: 'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com' },
        Action: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'],
        Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' }, StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/app:*' } }
      }),
      {},
      undefined
    ],
    // aws:SourceIp
    ['SourceIp "*"', policy(invoke(HAIKU, { Condition: { IpAddress: { 'aws:SourceIp': '*' } } })), {}, 'source-ip-wildcard', 'error'],
    ['SourceIp 0.0.0.0/0', policy(trust({ Condition: { StringEquals: { 'sts:ExternalId': 'ext-123' }, IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '0.0.0.0/0'] } } })), {}, 'source-ip-wildcard', 'error'],
    ['SourceIp ::/0', policy(invoke(HAIKU, { Condition: { IpAddress: { 'aws:SourceIp': '::/0' } } })), {}, 'source-ip-wildcard', 'error'],
    ['SourceIp 10.0.0.0/8 in an Allow', policy(invoke(HAIKU, { Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })), {}, 'source-ip-private', 'error'],
    ['SourceIp 172.20.1.0/24 in an Allow', policy(invoke(HAIKU, { Condition: { IpAddress: { 'aws:SourceIp': '172.20.1.0/24' } } })), {}, 'source-ip-private', 'error'],
    ['SourceIp 192.168.1.10 (bare) in a trust', policy(trust({ Condition: { StringEquals: { 'sts:ExternalId': 'ext-123' }, IpAddress: { 'aws:SourceIp': '192.168.1.10' } } })), {}, 'source-ip-private', 'error'],
    ['SourceIp fd00::/8 in an Allow', policy(invoke(HAIKU, { Condition: { IpAddress: { 'aws:SourceIp': 'fd00::/8' } } })), {}, 'source-ip-private', 'error'],
    [
      'private range in a NotIpAddress Deny is a warning',
      policy(invoke(HAIKU), { Effect: 'Deny', Action: '*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' }, Bool: { 'aws:ViaAWSService': 'false' } } }),
      {},
      'source-ip-private',
      'warning'
    ],
    ['SourceIp not a CIDR', policy(invoke(HAIKU, { Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/33' } } })), {}, 'source-ip-invalid', 'error'],
    ['public CIDRs are fine', policy(invoke(HAIKU, { Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/32', '172.32.0.0/16'] } } })), {}, undefined],
    ['NotIpAddress Deny without aws:ViaAWSService', policy(invoke(HAIKU), { Effect: 'Deny', Action: '*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }), {}, 'source-ip-deny-blocks-services', 'warning'],
    // Bedrock resources
    ['Resource "*" for bedrock:InvokeModel', policy(invoke('*')), {}, 'bedrock-resource-wildcard', 'warning'],
    ['Resource "*" for bedrock:*', policy({ Effect: 'Allow', Action: 'bedrock:*', Resource: '*' }), {}, 'bedrock-resource-wildcard', 'warning'],
    ['every foundation model', policy(invoke('arn:aws:bedrock:*::foundation-model/*')), {}, 'bedrock-resource-wildcard', 'warning'],
    ['Resource "*" for cloudtrail only is fine', policy(invoke(HAIKU), { Effect: 'Allow', Action: 'cloudtrail:LookupEvents', Resource: '*' }), {}, undefined],
    ['Allow with NotAction', policy({ Effect: 'Allow', NotAction: 'iam:*', Resource: HAIKU }), {}, 'allow-not-action', 'warning'],
    // models
    ['FM-only policy with a us. profile', policy(invoke(`arn:aws:bedrock:us-east-1::foundation-model/${SONNET4}`)), { models: [`us.${SONNET4}`] }, 'inference-profile-incomplete', 'error'],
    ['profile ARN but one destination region missing', policy(invoke(usProfileResources.filter((r) => !r.includes('us-west-1')))), { models: [`us.${SONNET4}`] }, 'inference-profile-incomplete', 'error'],
    ['complete us. profile grant', policy(invoke(usProfileResources)), { models: [`us.${SONNET4}`] }, undefined],
    ['complete grant through wildcards', policy(invoke([`arn:aws:bedrock:*:222222222222:inference-profile/us.${SONNET4}`, `arn:aws:bedrock:us-*::foundation-model/${SONNET4}`])), { models: [`us.${SONNET4}`] }, undefined],
    [
      'global profile without the region-less ARN',
      policy(invoke([`arn:aws:bedrock:us-east-1:222222222222:inference-profile/global.${SONNET4}`, `arn:aws:bedrock:us-east-1::foundation-model/${SONNET4}`])),
      { models: [`global.${SONNET4}`] },
      'inference-profile-incomplete',
      'error'
    ],
    ['model not granted at all', policy(invoke(HAIKU)), { models: ['amazon.nova-lite-v1:0'] }, 'model-not-granted', 'error'],
    ['model granted', policy(invoke(HAIKU)), { models: ['anthropic.claude-3-5-haiku-20241022-v1:0'] }, undefined],
    [
      'application profile without its models',
      policy(invoke('arn:aws:bedrock:us-east-1:222222222222:application-inference-profile/abc123')),
      { models: ['arn:aws:bedrock:us-east-1:222222222222:application-inference-profile/abc123'] },
      'application-profile-models',
      'warning'
    ],
    ['application profile not granted', policy(invoke(HAIKU)), { models: ['arn:aws:bedrock:us-east-1:222222222222:application-inference-profile/abc123'] }, 'model-not-granted', 'error'],
    // caller side
    ['source policy on Resource "*"', policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }), {}, 'assume-role-resource-wildcard', 'warning'],
    ['source policy on every role of any account', policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/BedrockAccessRole' }), {}, 'assume-role-resource-wildcard', 'warning'],
    ['source policy on exactly one role', policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::222222222222:role/BedrockAccessRole' }), {}, undefined],
    // service trust guard
    ['service trust without aws:SourceAccount', policy({ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }), {}, 'service-trust-without-source-guard', 'warning'],
    [
      'service trust with aws:SourceArn',
      policy({ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:sagemaker:us-east-1:111111111111:*' } } }),
      {},
      undefined
    ],
    // region lock
    ['aws:RequestedRegion lock with a profile', policy(invoke(usProfileResources, { Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } })), { models: [`us.${SONNET4}`] }, 'requested-region-lock', 'warning'],
    ['aws:RequestedRegion lock without profiles is fine', policy(invoke(HAIKU, { Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } })), { models: ['anthropic.claude-3-5-haiku-20241022-v1:0'] }, undefined],
    // version
    ['missing Version', { Statement: [invoke(HAIKU)] }, {}, 'policy-version', 'warning'],
    ['old Version', { Version: '2008-10-17', Statement: invoke(HAIKU) }, {}, 'policy-version', 'warning']
  ])('%s', (_label, document, options, rule, severity) => {
    const findings = lintPolicy(document, options)
    if (rule === undefined) {
      expect(findings).toEqual([])
      return
    }
    const finding = findings.find((f) => f.rule === rule)
    expect(finding, JSON.stringify(findings)).toBeDefined()
    expect(finding!.severity).toBe(severity)
    expect(finding!.message.length).toBeGreaterThan(20)
    expect(finding!.fix.length).toBeGreaterThan(10)
  })
})

describe('lintPolicy: locations, kinds and input', () => {
  it('points at the statement by 1-based index and Sid, errors first', () => {
    const findings = lintPolicy(policy(invoke('*'), { Sid: 'Deny1', Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }))
    expect(findings[0]).toMatchObject({ rule: 'principal-wildcard', severity: 'error', statement: { index: 2, sid: 'Deny1' } })
    expect(findings.find((f) => f.rule === 'bedrock-resource-wildcard')!.statement).toEqual({ index: 1, sid: 'I' })
  })

  it('explains why sts:DurationSeconds never matches and what to use instead', () => {
    const [finding] = lintPolicy(policy(trust({ Condition: { NumericLessThan: { 'sts:DurationSeconds': '3600' }, StringEquals: { 'sts:ExternalId': 'ext-123' } } })))
    expect(finding!.message).toMatch(/AssumeRole does not set sts:DurationSeconds/)
    expect(finding!.fix).toMatch(/max-session-duration/)
  })

  // docs/aws-facts.md ctx.duration-seconds.never-on-assume-role: the key is absent from AssumeRole, so
  // "…IfExists always matches" (IAM user guide, condition keys: "The key is not present for AWS STS assume-role operations").
  it('says an IfExists condition on sts:DurationSeconds limits nothing, never that it never matches', () => {
    const [finding] = lintPolicy(policy(trust({ Condition: { NumericLessThanEqualsIfExists: { 'sts:DurationSeconds': '3600' } } })))
    expect(finding).toMatchObject({ rule: 'duration-seconds-condition', severity: 'warning' })
    expect(finding!.message).toMatch(/limits nothing/)
    expect(finding!.message).not.toMatch(/never matches|never applies/)
    expect(finding!.fix).toMatch(/3600 to 43200 seconds/)
  })

  it('detects the kind: root trust warnings only for trust policies', () => {
    const doc = policy({ Effect: 'Allow', Principal: { AWS: ROOT_A }, Action: 'sts:AssumeRole' })
    expect(rulesOf(doc)).toContain('root-trust-without-external-id')
    expect(rulesOf(doc, { kind: 'permissions' })).not.toContain('root-trust-without-external-id')
  })

  it('accepts JSON text and the URL-encoded form IAM returns', () => {
    const doc = policy(trust({ Principal: '*' }))
    expect(rulesOf(JSON.stringify(doc))).toContain('principal-wildcard')
    expect(rulesOf(encodeURIComponent(JSON.stringify(doc)))).toContain('principal-wildcard')
  })

  it.each([[null], [42], ['not json'], [[]], [{ Version: '2012-10-17' }], [{ Statement: [] }], [{ Statement: ['x'] }]])('non-policy input %j → invalidInput (exit 2)', (input) => {
    try {
      lintPolicy(input)
      expect.unreachable()
    } catch (error) {
      expect(isXacctError(error) && error.exitCode).toBe(2)
      expect((error as Error).message).toMatch(/^policy .* is invalid: expected an IAM policy document/)
    }
  })
})

describe('lintPolicy on generated documents', () => {
  it.each([
    ['account root + ExternalId', {}],
    ['role + CIDRs + profiles', { caller: { kind: 'role' as const, arn: 'arn:aws:iam::111111111111:role/gw' }, sourceIpCidrs: ['203.0.113.0/24'], models: [`us.${SONNET4}`, `global.${SONNET4}`, 'amazon.nova-lite-v1:0'] }],
    ['OIDC', { caller: { kind: 'oidc' as const, providerArn: GH, providerHost: 'token.actions.githubusercontent.com', audiences: ['sts.amazonaws.com'], subjects: ['repo:acme/gw:*'] } }],
    ['service + marketplace + cloudtrail', { caller: { kind: 'service' as const, services: ['sagemaker.amazonaws.com'] }, marketplace: true, cloudTrailLookup: true }]
  ])('%s: clean', (_label, overrides) => {
    const setup = fixtureSetup(overrides)
    const docs = buildDocuments(setup)
    expect(lintPolicy(docs.trustPolicy)).toEqual([])
    expect(lintPolicy(docs.permissionsPolicy, { models: setup.models })).toEqual([])
    expect(lintPolicy(docs.sourcePolicy)).toEqual([])
  })

  it('without an ExternalId, the generated root trust gets the warning', () => {
    expect(rulesOf(buildDocuments(fixtureSetup({ externalId: undefined })).trustPolicy)).toEqual(['root-trust-without-external-id'])
  })
})
