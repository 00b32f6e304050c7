/**
 * The session actions (sts:TagSession, sts:SetSourceIdentity) beside an ExternalId or OIDC
 * conditions, for every caller kind of a trust (issue 18; docs/aws-facts.md
 * sts.session-actions.context). Expected shapes come from AWS's examples: the IAM user guide's
 * session-tags trust grants TagSession in its own statement without the ExternalId condition; its
 * source-identity trust for an OIDC provider and Cognito's session-tags trust put the session
 * action beside AssumeRoleWithWebIdentity under `<host>:aud`. Evaluations use `during`, i.e. the
 * assume request's context, as the sandbox does.
 * Fixture accounts: A = 111111111111 (source, the caller), B = 222222222222 (target, the role).
 */
import { describe, expect, it } from 'vitest'
import { evaluateOnce, type PolicyDocument, type PolicyStatement } from '../evaluate.js'
import type { CallerPrincipal, Setup } from '../setup/model.js'
import { fixtureSetup, type FixtureOverrides } from '../../../test/helpers/setup-fixture.js'
import { buildDocuments } from './index.js'

const ROLE_CALLER: CallerPrincipal = { kind: 'role', arn: 'arn:aws:iam::111111111111:role/gateway' }
const PROVIDER = 'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com'
const GITHUB: CallerPrincipal = { kind: 'oidc', providerArn: PROVIDER, providerHost: 'token.actions.githubusercontent.com', audiences: ['sts.amazonaws.com'], subjects: ['repo:acme/gateway:*'] }
const SAGEMAKER: CallerPrincipal = { kind: 'service', services: ['sagemaker.amazonaws.com'] }
const EXTERNAL_ID = 'ext-tags-0001'
const TAGS = { 'aws:TagKeys': ['GitHub', 'Repository'], 'aws:RequestTag/GitHub': 'Actions', 'aws:RequestTag/Repository': 'acme/gateway' }
const RIGHT_TOKEN = { 'token.actions.githubusercontent.com:sub': 'repo:acme/gateway:ref:refs/heads/main', 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' }

const statementsOf = (doc: PolicyDocument): PolicyStatement[] => (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement])

async function decide(setup: Setup, principal: string, action: string, context: Record<string, string | string[]>, during?: string, trust = buildDocuments(setup).trustPolicy) {
  const docs = buildDocuments(setup)
  const isAwsPrincipal = principal.startsWith('arn:aws:iam::111111111111:')
  return (
    await evaluateOnce({
      principal,
      action,
      resource: docs.roleArn,
      resourceAccount: setup.targetAccountId,
      context,
      identityPolicies: isAwsPrincipal ? [{ name: setup.sourcePolicyName, document: docs.sourcePolicy }] : [],
      resourcePolicy: trust,
      during
    })
  ).allowed
}

const both = (overrides: FixtureOverrides) => fixtureSetup({ allowSessionTags: true, allowSourceIdentity: true, ...overrides })

describe('AWS principals with an ExternalId', () => {
  const setup = both({ caller: ROLE_CALLER, externalId: EXTERNAL_ID })

  it('the session actions get their own statement: same principal, no ExternalId', () => {
    const statements = statementsOf(buildDocuments(setup).trustPolicy)
    expect(statements.map((s) => s.Sid)).toEqual(['BedrockXacctTrust', 'BedrockXacctTrustSession'])
    expect(statements[0]).toMatchObject({ Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': EXTERNAL_ID } } })
    expect(statements[1]).toEqual({ Sid: 'BedrockXacctTrustSession', Effect: 'Allow', Principal: { AWS: ROLE_CALLER.arn }, Action: ['sts:TagSession', 'sts:SetSourceIdentity'] })
  })

  it('a tagged AssumeRole with the ExternalId may tag and keep a source identity', async () => {
    const context = { ...TAGS, 'sts:ExternalId': EXTERNAL_ID, 'sts:RoleSessionName': 'gw', 'sts:SourceIdentity': 'alice' }
    expect(await decide(setup, ROLE_CALLER.arn, 'sts:AssumeRole', context)).toBe(true)
    expect(await decide(setup, ROLE_CALLER.arn, 'sts:TagSession', context, 'sts:AssumeRole')).toBe(true)
    expect(await decide(setup, ROLE_CALLER.arn, 'sts:SetSourceIdentity', context, 'sts:AssumeRole')).toBe(true)
  })

  it('the ExternalId still guards sts:AssumeRole', async () => {
    expect(await decide(setup, ROLE_CALLER.arn, 'sts:AssumeRole', { ...TAGS, 'sts:RoleSessionName': 'gw' })).toBe(false)
    expect(await decide(setup, ROLE_CALLER.arn, 'sts:AssumeRole', { ...TAGS, 'sts:RoleSessionName': 'gw', 'sts:ExternalId': 'ext-wrong-01' })).toBe(false)
  })

  it('nobody the setup does not name may tag', async () => {
    expect(await decide(setup, 'arn:aws:iam::111111111111:role/other', 'sts:TagSession', TAGS, 'sts:AssumeRole')).toBe(false)
    expect(await decide(setup, 'arn:aws:iam::999999999999:role/gateway', 'sts:TagSession', TAGS, 'sts:AssumeRole')).toBe(false)
  })

  it('the IP list binds the session statement too', async () => {
    const fenced = both({ caller: ROLE_CALLER, externalId: EXTERNAL_ID, sourceIpCidrs: ['203.0.113.0/24'] })
    expect(await decide(fenced, ROLE_CALLER.arn, 'sts:TagSession', { ...TAGS, 'aws:SourceIp': '203.0.113.9' }, 'sts:AssumeRole')).toBe(true)
    expect(await decide(fenced, ROLE_CALLER.arn, 'sts:TagSession', { ...TAGS, 'aws:SourceIp': '198.51.100.9' }, 'sts:AssumeRole')).toBe(false)
  })

  it('the shape written before (TagSession behind the ExternalId condition) is refused: no source shows the ExternalId reaching TagSession', async () => {
    const old: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ROLE_CALLER.arn }, Action: ['sts:AssumeRole', 'sts:TagSession'], Condition: { StringEquals: { 'sts:ExternalId': EXTERNAL_ID } } }] }
    expect(await decide(setup, ROLE_CALLER.arn, 'sts:TagSession', { ...TAGS, 'sts:ExternalId': EXTERNAL_ID }, 'sts:AssumeRole', old)).toBe(false)
  })

  it('without the flags nothing but sts:AssumeRole is written', () => {
    const statements = statementsOf(buildDocuments(fixtureSetup({ caller: ROLE_CALLER, externalId: EXTERNAL_ID })).trustPolicy)
    expect(statements.map((s) => s.Action)).toEqual(['sts:AssumeRole'])
  })
})

describe('a GitHub workflow (web identity)', () => {
  const setup = both({ caller: GITHUB, externalId: undefined })

  it('the session actions sit beside AssumeRoleWithWebIdentity, under its aud/sub conditions', () => {
    const [statement] = statementsOf(buildDocuments(setup).trustPolicy)
    expect(statement?.Action).toEqual(['sts:AssumeRoleWithWebIdentity', 'sts:TagSession', 'sts:SetSourceIdentity'])
    expect(Object.keys(statement?.Condition ?? {})).toEqual(['StringEquals', 'StringLike'])
  })

  it.each([
    ['the right token', RIGHT_TOKEN, true],
    ['another repository', { ...RIGHT_TOKEN, 'token.actions.githubusercontent.com:sub': 'repo:evil/fork:ref:refs/heads/main' }, false],
    ['another audience', { ...RIGHT_TOKEN, 'token.actions.githubusercontent.com:aud': 'someone-else' }, false]
  ])('tags with %s', async (_label, token, allowed) => {
    expect(await decide(setup, PROVIDER, 'sts:TagSession', { ...TAGS, ...token }, 'sts:AssumeRoleWithWebIdentity')).toBe(allowed)
    expect(await decide(setup, PROVIDER, 'sts:SetSourceIdentity', { ...token, 'sts:SourceIdentity': 'octocat' }, 'sts:AssumeRoleWithWebIdentity')).toBe(allowed)
  })
})

describe('several callers in one trust', () => {
  const setup = both({ callers: [ROLE_CALLER, SAGEMAKER, GITHUB], externalId: EXTERNAL_ID })

  it('each kind gets the session actions with its own conditions, and only its own principals', () => {
    const statements = statementsOf(buildDocuments(setup).trustPolicy)
    expect(statements.map((s) => [s.Sid, s.Action])).toEqual([
      ['BedrockXacctTrust', 'sts:AssumeRole'],
      ['BedrockXacctTrustSession', ['sts:TagSession', 'sts:SetSourceIdentity']],
      ['BedrockXacctTrustService', ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity']],
      ['BedrockXacctTrustWebIdentity', ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession', 'sts:SetSourceIdentity']]
    ])
    expect(statements[2]?.Condition).toEqual({ StringEquals: { 'aws:SourceAccount': '111111111111' } })
  })

  it('a service tags only for account A (aws:SourceAccount)', async () => {
    expect(await decide(setup, 'sagemaker.amazonaws.com', 'sts:TagSession', { ...TAGS, 'aws:SourceAccount': '111111111111' }, 'sts:AssumeRole')).toBe(true)
    expect(await decide(setup, 'sagemaker.amazonaws.com', 'sts:TagSession', { ...TAGS, 'aws:SourceAccount': '999999999999' }, 'sts:AssumeRole')).toBe(false)
  })

  it('the source policy allows the same session actions on the role', () => {
    expect(statementsOf(buildDocuments(setup).sourcePolicy)[0]?.Action).toEqual(['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'])
  })
})
