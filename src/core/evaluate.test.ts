import { describe, expect, it } from 'vitest'
import { createEvaluator, evaluateOnce, type EvaluationRequest, type PolicyDocument } from './evaluate.js'

/** Fixture accounts: A = 111111111111 (source, the caller), B = 222222222222 (target, Bedrock). */
const ROLE = 'arn:aws:iam::222222222222:role/BedrockAccessRole'
const CALLER = 'arn:aws:iam::111111111111:role/app'

const trust = (condition?: Record<string, Record<string, string | string[]>>): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [{ Sid: 'BedrockXacctTrust', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) }]
})

const sourcePolicy = { name: 'source', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Action: 'sts:AssumeRole', Resource: ROLE }] } }

const assume = (resourcePolicy: PolicyDocument, context: Record<string, string> = {}, identityPolicies = [sourcePolicy]): EvaluationRequest => ({
  principal: CALLER,
  action: 'sts:AssumeRole',
  resource: ROLE,
  resourceAccount: '222222222222',
  context,
  identityPolicies,
  resourcePolicy
})

describe('evaluate: cross-account AssumeRole', () => {
  const withExternalId = trust({ StringEquals: { 'sts:ExternalId': 'ext-123' } })
  it.each([
    ['right ExternalId', withExternalId, { 'sts:ExternalId': 'ext-123' }, 'Allowed'],
    ['no ExternalId', withExternalId, {}, 'ImplicitlyDenied'],
    ['wrong ExternalId', withExternalId, { 'sts:ExternalId': 'other' }, 'ImplicitlyDenied'],
    ['IP inside the list', trust({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }), { 'aws:SourceIp': '203.0.113.9' }, 'Allowed'],
    ['IP outside the list', trust({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }), { 'aws:SourceIp': '198.51.100.9' }, 'ImplicitlyDenied'],
    // DESIGN §4: AssumeRole never sets sts:DurationSeconds, so this Allow can never match.
    ['sts:DurationSeconds condition', trust({ NumericLessThanEquals: { 'sts:DurationSeconds': '3600' } }), { 'sts:DurationSeconds': '900' }, 'ImplicitlyDenied']
  ])('%s → %s', async (_label, policy, context, decision) => {
    expect((await evaluateOnce(assume(policy, context))).decision).toBe(decision)
  })

  it('names the trust policy as the denying layer', async () => {
    const result = await evaluateOnce(assume(withExternalId, {}))
    expect(result.denials).toEqual([{ layer: 'trust', explicit: false, policyName: undefined }])
  })

  it('needs the caller side too: no sts:AssumeRole in A is an identity denial', async () => {
    const result = await evaluateOnce(assume(trust(), {}, []))
    expect(result.allowed).toBe(false)
    expect(result.denials.map((d) => d.layer)).toEqual(['identity'])
  })

  it('reports sts:DurationSeconds as a key AWS never sets', async () => {
    const result = await evaluateOnce(assume(trust({ NumericLessThanEquals: { 'sts:DurationSeconds': '3600' } }), { 'sts:DurationSeconds': '900' }))
    expect(result.ignoredContextKeys).toContain('sts:DurationSeconds')
  })
})

describe('evaluate: web identity', () => {
  const provider = 'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com'
  const oidcTrust: PolicyDocument = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: provider },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
          StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/gateway:*' }
        }
      }
    ]
  }
  const request = (sub: string): EvaluationRequest => ({
    principal: provider,
    action: 'sts:AssumeRoleWithWebIdentity',
    resource: ROLE,
    resourceAccount: '222222222222',
    context: { 'token.actions.githubusercontent.com:sub': sub, 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
    identityPolicies: [],
    resourcePolicy: oidcTrust
  })

  it('evaluates any provider’s sub/aud claims', async () => {
    expect((await evaluateOnce(request('repo:acme/gateway:ref:refs/heads/main'))).decision).toBe('Allowed')
    expect((await evaluateOnce(request('repo:evil/fork:ref:refs/heads/main'))).decision).toBe('ImplicitlyDenied')
  })

  const GROUPS_KEY = 'token.actions.githubusercontent.com:groups'
  const groupsTrust = (extra: Record<string, Record<string, string | string[]>> = {}): PolicyDocument => ({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Federated: provider }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { 'ForAnyValue:StringLike': { [GROUPS_KEY]: ['team-ai-*', 'admins'] }, ...extra } }]
  })
  it.each([
    { name: 'one of several groups matches a pattern', groups: ['readers', 'team-ai-prod'], decision: 'Allowed' },
    { name: 'a single group matching exactly', groups: 'admins', decision: 'Allowed' },
    { name: 'no group matches', groups: ['readers', 'team-web'], decision: 'ImplicitlyDenied' },
    { name: 'an empty groups claim', groups: [], decision: 'ImplicitlyDenied' },
    { name: 'a token without groups', groups: undefined, decision: 'ImplicitlyDenied' },
    { name: 'groups next to a real sts:TransitiveTagKeys are not aliased (fail closed)', groups: ['admins'], tagKeys: ['admins'], decision: 'ImplicitlyDenied' }
  ])('evaluates the multi-valued groups claim: $name → $decision', async ({ groups, tagKeys, decision }) => {
    const context: Record<string, string | string[]> = { ...(groups === undefined ? {} : { [GROUPS_KEY]: groups }), ...(tagKeys ? { 'sts:TransitiveTagKeys': tagKeys } : {}) }
    expect((await evaluateOnce({ ...request('repo:acme/gateway:x'), context, resourcePolicy: groupsTrust() })).decision).toBe(decision)
  })

  it('does not alias groups when the trust policy itself conditions on sts:TransitiveTagKeys', async () => {
    const trust = groupsTrust({ 'ForAllValues:StringLike': { 'sts:TransitiveTagKeys': ['*'] } })
    expect((await evaluateOnce({ ...request('repo:acme/gateway:x'), context: { [GROUPS_KEY]: ['admins'] }, resourcePolicy: trust })).decision).toBe('ImplicitlyDenied')
  })
})

describe('evaluate: Bedrock and SCP', () => {
  const model = 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0'
  const permissions = { name: 'perm', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Action: 'bedrock:InvokeModel', Resource: model }] } }
  const invoke = (resource: string, scp?: PolicyDocument): EvaluationRequest => ({
    principal: 'arn:aws:sts::222222222222:assumed-role/BedrockAccessRole/s',
    action: 'bedrock:InvokeModel',
    resource,
    resourceAccount: '222222222222',
    context: { 'aws:RequestedRegion': 'us-west-2' },
    identityPolicies: [permissions],
    serviceControlPolicies: scp ? [{ target: '222222222222', policies: [{ name: 'region-lock', document: scp }] }] : undefined
  })

  it('allows the listed model and denies the same model in another region', async () => {
    expect((await evaluateOnce(invoke(model))).allowed).toBe(true)
    expect((await evaluateOnce(invoke(model.replace('us-east-1', 'us-west-2')))).allowed).toBe(false)
  })

  it('an SCP region lock is an explicit SCP denial with its statement', async () => {
    const scp: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [{ Sid: 'RegionLock', Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1'] } } }]
    }
    const result = await evaluateOnce(invoke(model, scp))
    expect(result.decision).toBe('ExplicitlyDenied')
    expect(result.denials).toContainEqual(expect.objectContaining({ layer: 'scp', explicit: true, statementId: 'RegionLock' }))
  })

  it('an invalid policy is an input error, not a crash', async () => {
    const bad = { ...invoke(model), identityPolicies: [{ name: 'bad', document: { Statement: [{ Effect: 'Maybe' }] } as never }] }
    await expect(evaluateOnce(bad)).rejects.toMatchObject({ code: 'invalidInput' })
  })
})

describe('createEvaluator', () => {
  it('caches identical requests', async () => {
    const evaluator = createEvaluator()
    const request = assume(trust(), {})
    await evaluator.evaluate(request)
    await evaluator.evaluate(request)
    expect(evaluator.stats).toEqual({ evaluations: 1, cacheHits: 1 })
  })
})

describe('evaluate: session policies', () => {
  it('names a session policy that allows nothing as the denying layer', async () => {
    const model = 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0'
    const result = await evaluateOnce({
      principal: 'arn:aws:sts::222222222222:assumed-role/BedrockAccessRole/s',
      action: 'bedrock:InvokeModel',
      resource: model,
      resourceAccount: '222222222222',
      context: {},
      identityPolicies: [{ name: 'perm', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: model }] } }],
      sessionPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' }] }
    })
    expect(result.allowed).toBe(false)
    expect(result.denials).toContainEqual({ layer: 'session', explicit: false })
  })
})
