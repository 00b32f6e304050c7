/**
 * Hostile trust rewrites, each judged by meaning with the evaluator (issue 17). Accounts: A =
 * 111111111111 (source), B = 222222222222 (the role's).
 */
import { describe, expect, it } from 'vitest'
import { createEvaluator, type PolicyDocument, type PolicyStatement } from '../evaluate.js'
import { newlyAdmitted } from './trust-weakening.js'

const A = '111111111111'
const B = '222222222222'
const subject = { roleArn: `arn:aws:iam::${B}:role/BedrockAccessRole`, accountId: B }
const CALLER = `arn:aws:iam::${A}:role/gateway`
const doc = (...Statement: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement })
const trust = (principal: unknown, condition?: PolicyStatement['Condition'], sid = 'BedrockXacctTrust'): PolicyStatement => ({
  Sid: sid,
  Effect: 'Allow',
  Principal: principal,
  Action: 'sts:AssumeRole',
  ...(condition ? { Condition: condition } : {})
})
const ext = (id = 'ext-7f3a9c21') => ({ StringEquals: { 'sts:ExternalId': id } })
const BASE = doc(trust({ AWS: CALLER }, ext()))

const evaluator = createEvaluator()
const weaker = (before: PolicyDocument, after: PolicyDocument) => newlyAdmitted(before, after, subject, evaluator)

describe('newlyAdmitted: weaker in meaning', () => {
  it.each<[string, PolicyDocument]>([
    ['a second statement admitting the caller without the ExternalId', doc(trust({ AWS: CALLER }, ext()), trust({ AWS: CALLER }, undefined, 'Other'))],
    ['a second statement making the ExternalId optional from another IP', doc(trust({ AWS: CALLER }, ext()), trust({ AWS: CALLER }, { IpAddress: { 'aws:SourceIp': '198.51.100.0/24' } }, 'Office'))],
    ['the ExternalId matched with StringLike on a prefix', doc(trust({ AWS: CALLER }, { StringLike: { 'sts:ExternalId': 'ext-*' } }))],
    ['the ExternalId made optional with …IfExists', doc(trust({ AWS: CALLER }, { StringEqualsIfExists: { 'sts:ExternalId': 'ext-7f3a9c21' } }))],
    ['the principal widened to the account root', doc(trust({ AWS: `arn:aws:iam::${A}:root` }, ext()))],
    ['the principal widened to a bare account id', doc(trust({ AWS: A }, ext()))],
    ['Principal "*" guarded only by the ExternalId', doc(trust('*', ext()))],
    ['a stranger account added', doc(trust({ AWS: [CALLER, 'arn:aws:iam::999999999999:root'] }, ext()))]
  ])('%s', async (_label, after) => {
    const found = await weaker(BASE, after)
    expect(found.length).toBeGreaterThan(0)
    expect(found.join('\n')).not.toContain('ext-7f3a9c21')
  })

  it('dropping a condition someone added (MFA, org id) is weaker', async () => {
    const hardened = doc(trust({ AWS: `arn:aws:iam::${A}:root` }, { ...ext(), Bool: { 'aws:MultiFactorAuthPresent': 'true' }, StringEquals: { 'sts:ExternalId': 'ext-7f3a9c21', 'aws:PrincipalOrgID': 'o-abc123' } }))
    expect(await weaker(hardened, doc(trust({ AWS: `arn:aws:iam::${A}:root` }, ext())))).not.toEqual([])
  })

  it('dropping a Deny statement is weaker', async () => {
    const withDeny = doc(trust({ AWS: `arn:aws:iam::${A}:root` }, ext()), { Sid: 'NoStrangers', Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${A}:user/${'bedrock-xacct-probe'}` }, Action: 'sts:AssumeRole' })
    expect(await weaker(withDeny, doc(trust({ AWS: `arn:aws:iam::${A}:root` }, ext())))).not.toEqual([])
  })

  it('an OIDC sub narrowed by hand and widened back is weaker', async () => {
    const host = 'token.actions.githubusercontent.com'
    const oidc = (sub: string): PolicyDocument =>
      doc({
        Sid: 'BedrockXacctTrust',
        Effect: 'Allow',
        Principal: { Federated: `arn:aws:iam::${B}:oidc-provider/${host}` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${host}:aud`]: 'sts.amazonaws.com' }, StringLike: { [`${host}:sub`]: sub } }
      })
    expect(await weaker(oidc('repo:acme/app:ref:refs/heads/main'), oidc('repo:acme/*'))).not.toEqual([])
  })
})

describe('newlyAdmitted: not weaker', () => {
  it.each<[string, PolicyDocument]>([
    ['the same document', BASE],
    ['an ExternalId rotation', doc(trust({ AWS: CALLER }, ext('ext-rotated-5521')))],
    ['an added IP condition', doc(trust({ AWS: CALLER }, { ...ext(), IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }))],
    ['a narrower principal', doc(trust({ AWS: CALLER }, { ...ext(), Bool: { 'aws:MultiFactorAuthPresent': 'true' } }))],
    ['statements reordered and lists as strings', { Version: '2012-10-17', Statement: { ...trust({ AWS: [CALLER] }, ext()), Action: ['sts:AssumeRole'] } }]
  ])('%s', async (_label, after) => {
    expect(await weaker(BASE, after)).toEqual([])
  })
})
