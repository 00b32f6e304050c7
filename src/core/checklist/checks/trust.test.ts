/**
 * verify's trust diagnosis is explain's: trust-includes-source (and the live AssumeRole's denial)
 * name the statement and condition that refuse with the diagnose module's own evidence, the
 * sentence explain prints for the same trust. Accounts: A = 111111111111 (user `caller`),
 * B = 222222222222 (role BedrockAccessRole); fixture in test/helpers/checklist-fixture.ts.
 */
import { describe, expect, it } from 'vitest'
import { ACCOUNT_B, EXTERNAL_ID, fixtureSetup, fixtureWorld, manualClock, runFixture } from '../../../../test/helpers/checklist-fixture.js'
import { parseAccessDenied } from '../../access-denied/parse.js'
import { createEvaluator, type PolicyDocument } from '../../evaluate.js'
import { diagnose } from '../../diagnose/diagnose.js'
import type { Setup } from '../../setup/model.js'
import type { SetupVerification } from '../verify-setup.js'

const ROLE = `arn:aws:iam::${ACCOUNT_B}:role/BedrockAccessRole`
const CALLER = 'arn:aws:iam::111111111111:user/caller'

async function verifyWithTrust(setup: Setup, trust: PolicyDocument): Promise<SetupVerification> {
  const clock = manualClock()
  const aws = fixtureWorld(setup, clock)
  aws.setTrustPolicy(ACCOUNT_B, 'BedrockAccessRole', trust)
  return runFixture(setup, aws, clock)
}

const check = (result: SetupVerification, id: string) => result.checks.find((c) => c.id === id)!

/** What explain says about the same trust and request (policies given, the caller's side allowed). */
async function explainEvidence(trust: PolicyDocument, answers: Parameters<typeof diagnose>[0]['answers']): Promise<string[]> {
  const message = `User: ${CALLER} is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`
  const allowAssume = { name: 'source', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Action: 'sts:AssumeRole', Resource: ROLE }] } }
  const diagnosis = await diagnose({ parsed: parseAccessDenied(message), answers, policies: { trust, identity: [allowAssume] } }, createEvaluator())
  return diagnosis.candidates.flatMap((c) => c.evidence)
}

const trustWith = (statement: Record<string, unknown>): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [{ Sid: 'BedrockXacctTrust', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole', ...statement }]
})

describe("trust-includes-source uses explain's trust diagnosis", () => {
  it('names the aws:SourceIp condition and its allow-list, with the sentence explain prints', async () => {
    const setup = fixtureSetup({ sourceIpCidrs: ['203.0.113.0/24'] })
    const trust = trustWith({ Condition: { StringEquals: { 'sts:ExternalId': EXTERNAL_ID }, IpAddress: { 'aws:SourceIp': ['198.51.100.0/24'] } } })
    const result = await verifyWithTrust(setup, trust)
    const trustCheck = check(result, 'trust-includes-source')
    expect(trustCheck.status).toBe('fail')
    const expected = 'trust policy statement BedrockXacctTrust: IpAddress aws:SourceIp: policy wants "198.51.100.0/24", request has "203.0.113.0".'
    expect(trustCheck.hint).toContain(expected)
    expect(trustCheck.hint).toMatch(/^Trust policy of BedrockAccessRole in account 222222222222 does not admit arn:aws:iam::111111111111:user\/caller: /)
    expect(trustCheck.evidence).toMatchObject({ findings: [{ cause: 'source-ip-outside', confidence: 'certain', evidence: expected }] })
    expect(await explainEvidence(trust, { sourceIp: '203.0.113.0', externalId: EXTERNAL_ID })).toContain(expected)
  })

  it('names a Deny statement that applies', async () => {
    const trust: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'BedrockXacctTrust', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole' },
        { Sid: 'OnlyFromTheOffice', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { NotIpAddress: { 'aws:SourceIp': '198.51.100.0/24' } } }
      ]
    }
    const trustCheck = check(await verifyWithTrust(fixtureSetup({ sourceIpCidrs: ['203.0.113.0/24'] }), trust), 'trust-includes-source')
    expect(trustCheck.status).toBe('fail')
    expect(trustCheck.hint).toMatch(/trust policy statement OnlyFromTheOffice explicitly denies: NotIpAddress aws:SourceIp: policy wants "198\.51\.100\.0\/24", request has "203\.0\.113\.0"\./)
    expect(trustCheck.evidence).toMatchObject({ findings: [{ cause: 'trust-condition-failed' }] })
  })

  it('names the principal the trust lacks', async () => {
    const trust = trustWith({ Principal: { AWS: 'arn:aws:iam::333333333333:root' } })
    const trustCheck = check(await verifyWithTrust(fixtureSetup(), trust), 'trust-includes-source')
    expect(trustCheck.status).toBe('fail')
    expect(trustCheck.hint).toMatch(/does not admit arn:aws:iam::111111111111:user\/caller: No Allow statement of the trust policy names .* \(checked: trust policy statement BedrockXacctTrust\)\. Fix the trust statement/)
  })

  it("says an ExternalId is required when none is configured, and never prints the trust's ExternalId", async () => {
    const setup = fixtureSetup()
    const result = await verifyWithTrust({ ...setup, externalId: undefined }, trustWith({ Condition: { StringEquals: { 'sts:ExternalId': EXTERNAL_ID } } }))
    const trustCheck = check(result, 'trust-includes-source')
    expect(trustCheck.status).toBe('fail')
    expect(trustCheck.hint).toMatch(/^The trust statement \(Sid BedrockXacctTrust\) requires an sts:ExternalId and none is configured/)
    expect(trustCheck.evidence).toMatchObject({ findings: [{ cause: 'external-id-missing', confidence: 'certain' }] })
    const printed = JSON.stringify(result.checks.map((c) => [c.evidence, c.hint]))
    expect(printed).not.toContain(EXTERNAL_ID)
  })

  it('a wrong ExternalId: the finding hides both values', async () => {
    const setup = fixtureSetup({ externalId: 'another-external-id' })
    const trust = trustWith({ Condition: { StringEquals: { 'sts:ExternalId': EXTERNAL_ID } } })
    const result = await verifyWithTrust(setup, trust)
    const trustCheck = check(result, 'trust-includes-source')
    expect(trustCheck.hint).toMatch(/^The trust statement \(Sid BedrockXacctTrust\) requires a different sts:ExternalId than the one configured\. Fix the caller first/)
    expect(trustCheck.evidence).toMatchObject({ findings: [{ cause: 'external-id-wrong', confidence: 'certain' }] })
    expect(JSON.stringify(result.checks.map((c) => [c.evidence, c.hint]))).not.toContain(EXTERNAL_ID)
  })

  it("the live AssumeRole's denial quotes the trust's findings", async () => {
    const trust = trustWith({ Principal: { AWS: 'arn:aws:iam::333333333333:root' } })
    const result = await verifyWithTrust(fixtureSetup(), trust)
    const assume = check(result, 'assume-role')
    expect(assume.status).toBe('fail')
    expect(assume.evidence).toContainEqual(expect.stringMatching(/^the trust policy read from B refuses the caller: No Allow statement of the trust policy names/))
    expect(assume.hint).toMatch(/^The trust policy refuses the caller: No Allow statement .* Both sides must allow it/)
  })
})
