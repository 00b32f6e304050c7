/**
 * The verify checklist against the in-memory AWS (test/helpers/memory-aws.ts), world built from the setup's
 * own documents. Accounts: A = 111111111111 (caller), B = 222222222222 (role).
 */
import { describe, expect, it } from 'vitest'
import { ACCOUNT_B, EXTERNAL_ID, fixtureSetup, fixtureWorld, manualClock, runFixture as runFixtureRaw, statusOf } from '../../../test/helpers/checklist-fixture.js'
import type { SetupVerification } from './verify-setup.js'

/** Every result of this file, so the last test can check that every non-pass carries a one-line hint. */
const results: SetupVerification[] = []
const runFixture: typeof runFixtureRaw = async (...args) => {
  const result = await runFixtureRaw(...args)
  results.push(result)
  return result
}
import { VERIFY_CHECK_IDS } from './checks/index.js'

describe('verifySetup', () => {
  it('passes every check for a correct setup, in the guide order', async () => {
    const clock = manualClock()
    const setup = fixtureSetup()
    const result = await runFixture(setup, fixtureWorld(setup, clock), clock, { stream: true })
    expect(result.checks.map((c) => c.id)).toEqual(VERIFY_CHECK_IDS)
    for (const check of result.checks) expect({ id: check.id, status: check.status, evidence: check.evidence }).toMatchObject({ id: check.id, status: 'pass' })
    expect(result.checks.find((c) => c.id === 'cloudtrail-assume-role')!.evidence).toMatchObject({ sourceAccountSide: expect.stringMatching(/^visible in account 111111111111/) })
  })

  it.each([
    ['the whole source account (root trust)', { kind: 'account' as const }],
    ['a user', { kind: 'user' as const, arn: 'arn:aws:iam::111111111111:user/caller' }]
  ])('passes every check when the trust admits %s', async (_label, caller) => {
    const clock = manualClock()
    const setup = fixtureSetup({ caller })
    const result = await runFixture(setup, fixtureWorld(setup, clock), clock)
    expect(result.checks.filter((c) => c.status !== 'pass').map((c) => c.id)).toEqual([])
  })

  it('probesAfterTrail (many setups): the ExternalId probes come after the AssumeRole lookup, with the same results', async () => {
    const clock = manualClock()
    const setup = fixtureSetup()
    const aws = fixtureWorld(setup, clock)
    const result = await runFixture(setup, aws, clock, { probesAfterTrail: true })
    expect(result.checks.filter((c) => c.status !== 'pass').map((c) => c.id)).toEqual([])
    const order = aws.calls.filter((c) => c.operation === 'AssumeRole' || c.operation === 'LookupEvents').map((c) => c.operation)
    // The live AssumeRole, then the first lookup, then the four probes.
    expect(order.slice(0, 2)).toEqual(['AssumeRole', 'LookupEvents'])
    expect(order.lastIndexOf('AssumeRole')).toBeGreaterThan(order.indexOf('LookupEvents'))
    expect(order.filter((o) => o === 'AssumeRole')).toHaveLength(5)
  })

  it('sends the four ExternalId probes together, not one after the other', async () => {
    const clock = manualClock()
    const setup = fixtureSetup()
    const aws = fixtureWorld(setup, clock)
    const fromChain = aws.fromChain.bind(aws)
    let inFlight = 0
    let mostInFlight = 0
    aws.fromChain = (...args) => {
      const ports = fromChain(...args)
      const assumeRole = ports.sts.assumeRole.bind(ports.sts)
      ports.sts.assumeRole = async (request) => {
        if (!/extid$/.test(request.roleSessionName)) return assumeRole(request)
        mostInFlight = Math.max(mostInFlight, ++inFlight)
        try {
          return await assumeRole(request)
        } finally {
          inFlight--
        }
      }
      return ports
    }
    const result = await runFixture(setup, aws, clock)
    expect(statusOf(result)['external-id-enforced']).toBe('pass')
    expect(mostInFlight).toBe(4)
  })

  it('fails external-id-enforced when the trust accepts any ExternalId (confused deputy)', async () => {
    const clock = manualClock()
    const setup = fixtureSetup()
    const aws = fixtureWorld(setup, clock)
    aws.setTrustPolicy(ACCOUNT_B, 'BedrockAccessRole', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole' }] })
    const result = await runFixture(setup, aws, clock)
    const check = result.checks.find((c) => c.id === 'external-id-enforced')!
    expect(check.status).toBe('fail')
    expect(check.hint).toMatch(/confused-deputy/)
    expect(check.hint).toMatch(/bedrock-xacct init --apply/)
    expect(statusOf(result)['assume-role']).toBe('pass')
  })

  it('fails trust-includes-source and assume-role when a wrong ExternalId is configured', async () => {
    const clock = manualClock()
    const aws = fixtureWorld(fixtureSetup(), clock)
    const result = await runFixture(fixtureSetup({ externalId: 'another-external-id' }), aws, clock)
    const statuses = statusOf(result)
    expect(statuses['trust-includes-source']).toBe('fail')
    expect(statuses['assume-role']).toBe('fail')
    expect(statuses['converse']).toBe('skip')
    expect(result.checks.find((c) => c.id === 'trust-includes-source')!.hint).toMatch(/different sts:ExternalId/)
  })

  it('fails source-can-assume when the caller lacks sts:AssumeRole (inferred from the live step)', async () => {
    const clock = manualClock()
    const setup = fixtureSetup()
    const aws = fixtureWorld(setup, clock)
    aws.setUserPolicies('111111111111', 'caller', {})
    const statuses = statusOf(await runFixture(setup, aws, clock))
    expect(statuses['source-can-assume']).toBe('fail')
    expect(statuses['trust-includes-source']).toBe('pass')
  })

  it('fails role-allows-bedrock and converse when the model is not in the permissions policy', async () => {
    const clock = manualClock()
    const aws = fixtureWorld(fixtureSetup(), clock)
    aws.enableModels(ACCOUNT_B, '*', ['anthropic.claude-3-haiku-20240307-v1:0', 'amazon.nova-lite-v1:0'])
    const result = await runFixture(fixtureSetup({ models: ['anthropic.claude-3-haiku-20240307-v1:0', 'amazon.nova-lite-v1:0'] }), aws, clock)
    const statuses = statusOf(result)
    expect(statuses['role-allows-bedrock']).toBe('fail')
    expect(statuses['converse']).toBe('fail')
    expect(result.checks.find((c) => c.id === 'role-allows-bedrock')!.hint).toMatch(/nova-lite/)
  })

  it('fails session-duration when the request exceeds MaxSessionDuration', async () => {
    const clock = manualClock()
    const aws = fixtureWorld(fixtureSetup(), clock)
    const statuses = statusOf(await runFixture(fixtureSetup({ sessionDurationSeconds: 7200, maxSessionDurationSeconds: 7200 }), aws, clock))
    expect(statuses['session-duration']).toBe('fail')
    expect(statuses['assume-role']).toBe('fail')
  })

  it('warns on role chaining when the caller is itself a role session asking for more than 1 h', async () => {
    const clock = manualClock()
    const setup = fixtureSetup({ caller: { kind: 'account' }, sessionDurationSeconds: 7200, maxSessionDurationSeconds: 7200 })
    const aws = fixtureWorld(setup, clock)
    aws.addRole('111111111111', { name: 'ci-runner', trustPolicy: { Version: '2012-10-17', Statement: [] }, inlinePolicies: { assume: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] } } })
    aws.setProfile('source', 'arn:aws:sts::111111111111:assumed-role/ci-runner/job-42')
    const result = await runFixture(setup, aws, clock)
    const statuses = statusOf(result)
    expect(statuses['session-duration']).toBe('warn')
    expect(result.checks.find((c) => c.id === 'session-duration')!.hint).toMatch(/role chaining caps sessions at 1 h/)
    expect(statuses['assume-role']).toBe('fail')
    expect(result.checks.find((c) => c.id === 'assume-role')!.hint).toMatch(/role chaining/)
  })

  it('reports pending, not fail, when CloudTrail has not delivered by the deadline', async () => {
    const clock = manualClock()
    const setup = fixtureSetup()
    const aws = fixtureWorld(setup, clock, { trailDelayMs: 10 * 60_000 })
    const result = await runFixture(setup, aws, clock, { trailTimeoutMs: 90_000 })
    const statuses = statusOf(result)
    expect(statuses['cloudtrail-assume-role']).toBe('pending')
    expect(statuses['cloudtrail-invoke']).toBe('pending')
    // Polling stayed within the deadline and backed off.
    expect(aws.callsTo('LookupEvents').length).toBeLessThan(30)
  })

  it('finds CloudTrail events delivered before the deadline', async () => {
    const clock = manualClock()
    const setup = fixtureSetup()
    const aws = fixtureWorld(setup, clock, { trailDelayMs: 20_000 })
    const statuses = statusOf(await runFixture(setup, aws, clock, { trailTimeoutMs: 90_000 }))
    expect(statuses['cloudtrail-assume-role']).toBe('pass')
    expect(statuses['cloudtrail-invoke']).toBe('pass')
  })

  it('skips the CloudTrail checks with a reason under --no-trail and without a reader', async () => {
    const clock = manualClock()
    const setup = fixtureSetup()
    const noTrail = await runFixture(setup, fixtureWorld(setup, clock), clock, { trail: false })
    expect(statusOf(noTrail)['cloudtrail-invoke']).toBe('skip')
    // Without --target-profile the role itself is tried; this role may not call LookupEvents.
    const roleDenied = fixtureWorld(setup, clock)
    roleDenied.failNext('LookupEvents', 'access-denied')
    const noReader = await runFixture(setup, roleDenied, clock, { target: false })
    const check = noReader.checks.find((c) => c.id === 'cloudtrail-assume-role')!
    expect(check.status).toBe('skip')
    expect(check.hint).toMatch(/cloudtrail:LookupEvents/)
  })

  it('reads B through the role itself without --target-profile', async () => {
    const clock = manualClock()
    const setup = fixtureSetup()
    const aws = fixtureWorld(setup, clock)
    // The role may read itself, so reads go through the role.
    aws.putRolePolicy(ACCOUNT_B, setup.roleName, 'ReadSelf', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' }] })
    const result = await runFixture(setup, aws, clock, { target: false })
    const statuses = statusOf(result)
    expect(statuses['role-exists']).toBe('pass')
    expect(result.checks.find((c) => c.id === 'role-exists')!.evidence).toMatchObject({ readVia: 'role' })
    expect(statuses['converse']).toBe('pass')
  })

  it('never prints credentials in evidence', async () => {
    const clock = manualClock()
    const setup = fixtureSetup()
    const aws = fixtureWorld(setup, clock)
    const text = JSON.stringify(await runFixture(setup, aws, clock, { stream: true }))
    expect(text).not.toMatch(/memory-secret|memory-token|ASIA/)
    expect(text).toContain(EXTERNAL_ID) // redaction is the reporters' job (tested there)
  })

  it('gives every non-pass outcome of this file a one-line hint', () => {
    const nonPass = results.flatMap((r) => r.checks.filter((c) => c.status !== 'pass'))
    expect(nonPass.length).toBeGreaterThan(20)
    for (const c of nonPass) {
      expect({ id: c.id, status: c.status, hint: typeof c.hint }).toEqual({ id: c.id, status: c.status, hint: 'string' })
      expect(c.hint).not.toContain('\n')
    }
  })
})
