/**
 * What an apply still wants of every statement the tool owns in the trust (issue 17, point 1): a
 * condition someone added to the service or the web-identity statement is carried over like one on
 * `BedrockXacctTrust`. Expected documents are written by hand. Accounts: A = 111111111111 (the
 * caller's), B = 222222222222 (the role's); the SageMaker notebook ARN is made up.
 */
import { describe, expect, it } from 'vitest'
import type { PolicyDocument, PolicyStatement } from '../evaluate.js'
import { keptByHand, stillWanted } from './still-wanted.js'

const A = '111111111111'
const HOST = 'token.actions.githubusercontent.com'
const PROVIDER = `arn:aws:iam::222222222222:oidc-provider/${HOST}`
const NOTEBOOK = 'arn:aws:sagemaker:us-east-1:111111111111:notebook-instance/research'

const awsStatement: PolicyStatement = { Sid: 'BedrockXacctTrust', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'ext-12345678' } } }
const service = (sid: string, condition: PolicyStatement['Condition']): PolicyStatement => ({ Sid: sid, Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: condition })
const webIdentity = (condition: PolicyStatement['Condition']): PolicyStatement => ({ Sid: 'BedrockXacctTrustWebIdentity', Effect: 'Allow', Principal: { Federated: PROVIDER }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: condition })
const doc = (...Statement: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement })

const oidcAsWritten = { StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com' }, StringLike: { [`${HOST}:sub`]: 'repo:acme/app:*' } }
const serviceAsWritten = { StringEquals: { 'aws:SourceAccount': A } }

describe('stillWanted: every statement the tool owns', () => {
  it('carries an aws:SourceArn added by hand to the service statement', () => {
    const before = doc(awsStatement, service('BedrockXacctTrustService', { ...serviceAsWritten, ArnLike: { 'aws:SourceArn': NOTEBOOK } }))
    const desired = doc(awsStatement, service('BedrockXacctTrustService', serviceAsWritten))
    const { intended, carried } = stillWanted(before, desired)
    expect(intended).toEqual(doc(awsStatement, service('BedrockXacctTrustService', { StringEquals: { 'aws:SourceAccount': A }, ArnLike: { 'aws:SourceArn': NOTEBOOK } })))
    expect(carried).toEqual(['aws:SourceArn'])
  })

  it('carries an org id and a groups narrowing added by hand to the web-identity statement', () => {
    const before = doc(awsStatement, webIdentity({ ...oidcAsWritten, StringEquals: { ...oidcAsWritten.StringEquals, 'aws:PrincipalOrgID': 'o-abc123def4' }, 'ForAnyValue:StringLike': { [`${HOST}:groups`]: 'platform' } }))
    const desired = doc(awsStatement, webIdentity(oidcAsWritten))
    const { intended, carried } = stillWanted(before, desired)
    expect(intended).toEqual(
      doc(awsStatement, webIdentity({ StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com', 'aws:PrincipalOrgID': 'o-abc123def4' }, StringLike: { [`${HOST}:sub`]: 'repo:acme/app:*' }, 'ForAnyValue:StringLike': { [`${HOST}:groups`]: 'platform' } }))
    )
    expect(carried.sort()).toEqual(['aws:PrincipalOrgID', `${HOST}:groups`])
  })

  it('a key the setup names in that statement is the setup’s (a sub narrowed by hand is not carried)', () => {
    const before = doc(webIdentity({ StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com' }, StringLike: { [`${HOST}:sub`]: 'repo:acme/app:ref:refs/heads/main' } }))
    const desired = doc({ ...webIdentity(oidcAsWritten), Sid: 'BedrockXacctTrust' })
    expect(stillWanted(before, desired).carried).toEqual([])
  })

  it('follows the kind of caller when Sids shift: a service-only trust gains an account caller', () => {
    // Alone, the service statement was BedrockXacctTrust; with an AWS caller first it becomes BedrockXacctTrustService.
    const before = doc(service('BedrockXacctTrust', { ...serviceAsWritten, ArnLike: { 'aws:SourceArn': NOTEBOOK } }))
    const desired = doc(awsStatement, service('BedrockXacctTrustService', serviceAsWritten))
    const { intended, carried } = stillWanted(before, desired)
    expect(intended).toEqual(doc(awsStatement, service('BedrockXacctTrustService', { StringEquals: { 'aws:SourceAccount': A }, ArnLike: { 'aws:SourceArn': NOTEBOOK } })))
    expect(carried).toEqual(['aws:SourceArn'])
  })

  it('a statement with another Sid of the tool is matched by its Sid first (its conditions stay its own)', () => {
    const tagSession = (condition?: PolicyStatement['Condition']): PolicyStatement => ({
      Sid: 'BedrockXacctTagSession',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${A}:root` },
      Action: 'sts:TagSession',
      ...(condition ? { Condition: condition } : {})
    })
    const before = doc(awsStatement, tagSession({ StringEquals: { 'aws:RequestTag/team': 'ml' } }))
    const desired = doc(awsStatement, tagSession())
    const { intended } = stillWanted(before, desired)
    expect(intended).toEqual(doc(awsStatement, tagSession({ StringEquals: { 'aws:RequestTag/team': 'ml' } })))
  })

  it('a caller kind the setup drops carries nothing, and statements the user owns are not the gate’s to carry', () => {
    const mine: PolicyStatement = { Sid: 'BreakGlass', Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }
    const before = doc(awsStatement, service('BedrockXacctTrustService', { ...serviceAsWritten, ArnLike: { 'aws:SourceArn': NOTEBOOK } }), mine)
    const desired = doc(awsStatement)
    expect(stillWanted(before, desired)).toEqual({ intended: desired, carried: [], denies: 0 })
  })

  it('a Deny someone added under one of the tool’s Sids is still wanted as a Deny: kept whole, never carried into an Allow', () => {
    const deny: PolicyStatement = { Sid: 'BedrockXacctDenyOutsideOrg', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abc123def4' } } }
    const before = doc(awsStatement, deny)
    const desired = doc(awsStatement)
    const { intended } = stillWanted(before, desired)
    expect(intended).toEqual(doc(awsStatement, deny))
  })
})

describe('keptByHand: what apply writes keeps what someone added by hand', () => {
  const bare = { ...awsStatement, Condition: {} }
  it('keeps an MFA condition and an aws:SourceArn the setup cannot name, in the statements they were added to', () => {
    const before = doc({ ...awsStatement, Condition: { ...awsStatement.Condition, Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }, service('BedrockXacctTrustService', { ...serviceAsWritten, ArnLike: { 'aws:SourceArn': NOTEBOOK } }))
    const desired = doc(awsStatement, service('BedrockXacctTrustService', serviceAsWritten))
    const { trust, kept } = keptByHand(before, desired)
    expect(trust).toEqual(before)
    expect(kept.sort()).toEqual(['aws:MultiFactorAuthPresent', 'aws:SourceArn'])
  })

  it('does not keep an ExternalId or an IP list the setup leaves out: the setup names those by flag, so the trust gate refuses with the flag to pass', () => {
    const before = doc({ ...awsStatement, Condition: { ...awsStatement.Condition, IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } })
    const desired = doc(bare)
    expect(keptByHand(before, desired)).toEqual({ trust: desired, kept: [] })
  })

  it('keeps a Deny written under one of the tool’s Sids, whole', () => {
    const deny: PolicyStatement = { Sid: 'BedrockXacctDenyWithoutMfa', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }
    const { trust, kept } = keptByHand(doc(awsStatement, deny), doc(awsStatement))
    expect(trust).toEqual(doc(awsStatement, deny))
    expect(kept).toEqual(['1 Deny statement'])
  })

  it('a role that does not exist yet gets the setup’s trust as it is', () => {
    expect(keptByHand(undefined, doc(awsStatement))).toEqual({ trust: doc(awsStatement), kept: [] })
  })
})
