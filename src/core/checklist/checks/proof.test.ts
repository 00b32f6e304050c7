/**
 * verify cannot be fooled (issue 16): documents whose flaw the live probes never meet fail on the
 * static proof, disagreements are evidence, and an IP-allow-listed setup whose caller IP is unknown
 * is "not provable offline" rather than failed. Accounts: A = 111111111111 (user `caller`),
 * B = 222222222222 (role BedrockAccessRole); fixture in test/helpers/checklist-fixture.ts.
 */
import { describe, expect, it } from 'vitest'
import { ACCOUNT_A, ACCOUNT_B, EXTERNAL_ID, FAST_OPTIONS, MODEL, fixtureSetup, fixtureWorld, manualClock, runFixture, statusOf } from '../../../../test/helpers/checklist-fixture.js'
import { createEvaluator, type PolicyDocument, type PolicyStatement } from '../../evaluate.js'
import type { Setup } from '../../setup/model.js'
import { verifySetup, type SetupVerification } from '../verify-setup.js'

const CALLER = `arn:aws:iam::${ACCOUNT_A}:user/caller`
const doc = (...Statement: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement })
const allowCaller = (Condition?: PolicyStatement['Condition'], Principal: unknown = { AWS: CALLER }): PolicyStatement => ({ Sid: 'BedrockXacctTrust', Effect: 'Allow', Principal, Action: 'sts:AssumeRole', ...(Condition ? { Condition } : {}) })
const EXT = { StringEquals: { 'sts:ExternalId': EXTERNAL_ID } }

async function verifyWith(setup: Setup, documents: { trust?: PolicyDocument; permissions?: PolicyDocument }, options: { callerIp?: string } = {}): Promise<SetupVerification> {
  const clock = manualClock()
  const aws = fixtureWorld(setup, clock)
  if (documents.trust) aws.setTrustPolicy(ACCOUNT_B, setup.roleName, documents.trust)
  if (documents.permissions) aws.putRolePolicy(ACCOUNT_B, setup.roleName, setup.permissionsPolicyName, documents.permissions)
  return runFixture(setup, aws, clock, options)
}

const outcome = (result: SetupVerification, id: string) => result.checks.find((c) => c.id === id)!
const evidenceText = (result: SetupVerification, id: string) => JSON.stringify(outcome(result, id).evidence)

describe('external-id-enforced: the static proof over the whole trust', () => {
  it('fails a second statement that admits without the ExternalId from an address the probes never use, and reports the disagreement', async () => {
    const setup = fixtureSetup()
    const trust = doc(allowCaller(EXT), { ...allowCaller({ IpAddress: { 'aws:SourceIp': '198.51.100.0/24' } }), Sid: 'Office' })
    const result = await verifyWith(setup, { trust })
    const check = outcome(result, 'external-id-enforced')
    expect(check.status).toBe('fail')
    expect(evidenceText(result, 'external-id-enforced')).toMatch(/AssumeRole without an ExternalId: denied/)
    expect(evidenceText(result, 'external-id-enforced')).toMatch(/DISAGREEMENT: the live probes say enforced, the static proof says not enforced/)
    expect(check.hint).toMatch(/admits requests without the right ExternalId/)
    expect(JSON.stringify(check.evidence)).not.toContain(EXTERNAL_ID)
  })

  it('fails a StringLike prefix pattern: the right value with one character more is accepted live', async () => {
    const setup = fixtureSetup()
    const result = await verifyWith(setup, { trust: doc(allowCaller({ StringLike: { 'sts:ExternalId': `${EXTERNAL_ID}*` } })) })
    expect(outcome(result, 'external-id-enforced').status).toBe('fail')
    expect(evidenceText(result, 'external-id-enforced')).toContain('AssumeRole with the right ExternalId and one character more: ACCEPTED')
  })

  it('fails a second, wrong ExternalId accepted beside the right one', async () => {
    const setup = fixtureSetup()
    const result = await verifyWith(setup, { trust: doc(allowCaller({ StringEquals: { 'sts:ExternalId': [EXTERNAL_ID, 'legacy-shared-id'] } })) })
    expect(outcome(result, 'external-id-enforced').status).toBe('fail')
  })

  it('passes the setup trust, with the proof in the evidence', async () => {
    const setup = fixtureSetup()
    const result = await verifyWith(setup, {})
    expect(outcome(result, 'external-id-enforced').status).toBe('pass')
    expect(evidenceText(result, 'external-id-enforced')).toMatch(/static proof over the whole trust policy \(\d+ requests\): ExternalId enforced/)
  })
})

describe('trust-includes-source: admits the caller and nobody the setup does not', () => {
  it('fails Principal "*" guarded only by the ExternalId', async () => {
    const setup = fixtureSetup()
    const result = await verifyWith(setup, { trust: doc(allowCaller(EXT, '*')) })
    const check = outcome(result, 'trust-includes-source')
    expect(check.status).toBe('fail')
    expect(check.hint).toMatch(/admits more than the setup asks: .*a principal the setup does not name/)
  })

  it('fails the account root where the setup names one user', async () => {
    const setup = fixtureSetup()
    const result = await verifyWith(setup, { trust: doc(allowCaller(EXT, { AWS: `arn:aws:iam::${ACCOUNT_A}:root` })) })
    expect(outcome(result, 'trust-includes-source').status).toBe('fail')
  })

  it("fails lint's error rules on the live trust even when the proof finds no gap", async () => {
    const setup = fixtureSetup()
    const trust = doc(allowCaller({ StringEquals: { 'sts:ExternalId': EXTERNAL_ID, 'aws:PrincipalArn': CALLER } }, '*'))
    const result = await verifyWith(setup, { trust })
    const check = outcome(result, 'trust-includes-source')
    expect(check.status).toBe('fail')
    expect(evidenceText(result, 'trust-includes-source')).toContain('lint principal-wildcard')
  })
})

describe('role-allows-bedrock: the setup models and nothing else', () => {
  it('fails Resource "*"', async () => {
    const setup = fixtureSetup()
    const result = await verifyWith(setup, { permissions: doc({ Effect: 'Allow', Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'], Resource: '*' }) })
    const check = outcome(result, 'role-allows-bedrock')
    expect(check.status).toBe('fail')
    expect(check.hint).toMatch(/allow more than the setup asks/)
  })

  it('fails an IP allow-list the setup asks for but the policy drops', async () => {
    const setup = fixtureSetup({ sourceIpCidrs: ['203.0.113.0/24'] })
    const model = `arn:aws:bedrock:us-east-1::foundation-model/${MODEL}`
    const result = await verifyWith(setup, { permissions: doc({ Effect: 'Allow', Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'], Resource: model }) })
    expect(outcome(result, 'role-allows-bedrock').status).toBe('fail')
    expect(evidenceText(result, 'role-allows-bedrock')).toMatch(/aws:SourceIp allow-list is not enforced/)
  })
})

describe('an IP-allow-listed setup verified without the CIDRs (the false failure of issue 16)', () => {
  const cidrs = ['203.0.113.0/24']
  /** The setup as applied (with the allow-list), and as verify is told it (without). */
  const applied = fixtureSetup({ sourceIpCidrs: cidrs })
  const told = fixtureSetup()
  async function run(callerIp?: string): Promise<SetupVerification> {
    const clock = manualClock()
    const aws = fixtureWorld(applied, clock)
    return runFixture(told, aws, clock, callerIp ? { callerIp } : {})
  }

  it('is "not provable offline" (warn), not a failure, when the caller IP is unknown', async () => {
    const result = await run()
    expect(statusOf(result)['trust-includes-source']).toBe('warn')
    expect(statusOf(result)['role-allows-bedrock']).toBe('warn')
    expect(outcome(result, 'trust-includes-source').hint).toMatch(/^Not provable offline: pass --caller-ip/)
  })

  it('passes with --caller-ip inside the list', async () => {
    const result = await run('203.0.113.7')
    expect(statusOf(result)['trust-includes-source']).toBe('pass')
    expect(statusOf(result)['role-allows-bedrock']).toBe('pass')
  })

  it('fails with --caller-ip outside the list', async () => {
    const result = await run('198.51.100.7')
    expect(statusOf(result)['trust-includes-source']).toBe('fail')
    expect(statusOf(result)['role-allows-bedrock']).toBe('fail')
  })
})

describe("CloudTrail gives the caller's real IP for the static checks", () => {
  it('names the address AWS saw, to pass as --caller-ip, when the setup has no allow-list', async () => {
    const setup = fixtureSetup()
    const result = await verifyWith(setup, {})
    expect(outcome(result, 'cloudtrail-assume-role').evidence).toMatchObject({ sourceIpCheck: expect.stringMatching(/verify --caller-ip 203\.0\.113\.10 proves/) })
  })

  it('warns when --caller-ip disagrees with the address CloudTrail recorded', async () => {
    const setup = fixtureSetup()
    const result = await verifyWith(setup, {}, { callerIp: '198.51.100.9' })
    expect(statusOf(result)['cloudtrail-assume-role']).toBe('warn')
    expect(outcome(result, 'cloudtrail-assume-role').hint).toMatch(/rerun verify with --caller-ip 203\.0\.113\.10/)
  })
})

describe('setups sharing one role', () => {
  it("holds the role to the union of their documents: the other setup's caller is not 'beyond the setup'", async () => {
    const clock = manualClock()
    const mine = fixtureSetup()
    const theirs = fixtureSetup({ name: 'other', caller: { kind: 'role', arn: `arn:aws:iam::${ACCOUNT_A}:role/batch` } })
    const aws = fixtureWorld(mine, clock)
    aws.setTrustPolicy(ACCOUNT_B, mine.roleName, doc(allowCaller(EXT), { ...allowCaller(EXT, { AWS: `arn:aws:iam::${ACCOUNT_A}:role/batch` }), Sid: 'Other' }))
    const alone = await runFixture(mine, aws, clock)
    expect(statusOf(alone)['trust-includes-source']).toBe('fail')
    const shared = await verifySetup({
      setup: mine,
      sharingRole: [theirs],
      ports: { caller: aws.fromChain({ profile: 'source' }, mine.region), target: aws.fromChain({ profile: 'admin-b' }, mine.region), factory: aws },
      evaluator: createEvaluator(),
      clock,
      options: FAST_OPTIONS,
      origin: {},
      appEnv: {},
      runId: 'abcd1234'
    })
    expect(statusOf(shared)['trust-includes-source']).toBe('pass')
  })
})
