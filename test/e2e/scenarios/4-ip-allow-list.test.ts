/**
 * Scenario 4 (the IP allow-list guide): the role's Bedrock permissions (and its trust) are limited
 * to the office CIDR 203.0.113.0/28. From an allowed address (app-caller, 203.0.113.10) verify
 * passes; from a disallowed one (user laptop, 198.51.100.77, allowed by its own policy) the live
 * AssumeRole is refused and verify says the IP list is why. Break: B's admin moves the
 * permissions' allow-list to another CIDR. The guide's direct IAM-user form (the caller in the
 * role's own account) is either supported or refused with exit 2 and a reason.
 *
 * Accounts: A = 111111111111 (app-caller 203.0.113.10; laptop 198.51.100.77), B = 222222222222.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultWorld } from '../../../src/sandbox/index.js'
import { ACCOUNT_A, ACCOUNT_B, MODEL, SCENARIO_TIMEOUT_MS, allowAssume, apply, editPermissions, explainCauses, notPassing, openScenario, outcomes, printedFix, runFix, trustOf, verify, widenedBy, type Scenario } from './scenario-kit.js'

const ROLE = 'IpListRole'
const ROLE_ARN = `arn:aws:iam::${ACCOUNT_B}:role/${ROLE}`
const EXTERNAL_ID = 'scenario4-ip-external-id-77d0'
const OFFICE = '203.0.113.0/28'
const LAPTOP = { accessKeyId: 'AKIASANDBOXALAPTOP01', secretAccessKey: 'sandboxAlaptopSecretKey0000000000000000A' }
const FLAGS = ['--source-account', ACCOUNT_A, '--target-account', ACCOUNT_B, '--caller', 'root', '--role-name', ROLE, '--region', 'us-east-1', '--models', MODEL, '--external-id', EXTERNAL_ID, '--source-ip', OFFICE, '--use-case', 'iplist']

let s: Scenario

beforeAll(async () => {
  const world = defaultWorld()
  world.accounts.find((account) => account.id === ACCOUNT_A)!.users.push({ name: 'laptop', accessKeys: [LAPTOP], sourceIp: '198.51.100.77' })
  s = await openScenario(world)
  await apply(s, FLAGS)
  await allowAssume(s, { kind: 'user', name: 'app-caller' }, ROLE_ARN)
  await allowAssume(s, { kind: 'user', name: 'laptop' }, ROLE_ARN)
}, SCENARIO_TIMEOUT_MS)
afterAll(async () => {
  await s?.stop()
})

describe('scenario 4: IP allow-list guide', { timeout: SCENARIO_TIMEOUT_MS }, () => {
  it('from an allowed address verify passes every check; from a disallowed one the live AssumeRole is refused, with the IP list as the hint; botocore agrees from both', async () => {
    const caller = s.sandbox.principals.sourceCaller
    const [inside, outside, live] = await Promise.all([
      verify(s, FLAGS),
      verify(s, FLAGS, { keys: LAPTOP }),
      outcomes(s, [
        { op: 'assume-role', keys: caller, roleArn: ROLE_ARN, externalId: EXTERNAL_ID },
        { op: 'converse', keysFrom: 0, modelId: MODEL },
        { op: 'assume-role', keys: LAPTOP, roleArn: ROLE_ARN, externalId: EXTERNAL_ID }
      ])
    ])
    expect(notPassing(inside)).toEqual({})
    expect(live).toEqual(['accepted', 'accepted', 'denied'])
    expect(outside.statuses['assume-role']).toBe('fail')
    expect(outside.check('assume-role').hint).toMatch(/aws:SourceIp allow-list 203\.0\.113\.0\/28/)
    expect(outside.run.code).toBe(1)
  })

  it("break: the permissions' allow-list moved to another CIDR → role-allows-bedrock and converse fail, explain names the permissions, the printed fix restores it", async () => {
    const good = await trustOf(s, ROLE)
    await editPermissions(s, ROLE, (text) => text.split(OFFICE).join('192.0.2.0/24'))
    const [failed, live] = await Promise.all([
      verify(s, [...FLAGS, '--show-secrets']),
      outcomes(s, [
        { op: 'assume-role', keys: s.sandbox.principals.sourceCaller, roleArn: ROLE_ARN, externalId: EXTERNAL_ID },
        { op: 'converse', keysFrom: 0, modelId: MODEL }
      ])
    ])
    expect(live).toEqual(['accepted', 'denied'])
    expect(Object.entries(notPassing(failed)).filter(([, status]) => status === 'fail')).toEqual([
      ['role-allows-bedrock', 'fail'],
      ['converse', 'fail']
    ])
    const converse = failed.check('converse')
    expect(converse.hint).toMatch(/outside the aws:SourceIp allow-list/)
    const denial = String((converse.evidence as { failed: { error: string } }).failed.error).replace(/^bedrock Converse: \w+ \(HTTP 403\): /, '')
    const explained = await explainCauses(s, denial, ['--fetch', '--target-profile', 'target', '--source-ip', '203.0.113.10'])
    expect(explained.causes[0]).toMatch(/^(identity-policy-missing-bedrock|source-ip-outside)$/)
    await runFix(s, printedFix(converse.hint))
    expect(notPassing(await verify(s, FLAGS))).toEqual({})
    expect(await widenedBy(good, await trustOf(s, ROLE), ROLE_ARN, ACCOUNT_B)).toEqual([])
  })

  // Same-account setups are supported (issue 16 "Smaller truths"); before, init's self-check called them "a bug".
  it('the direct IAM-user form (caller and role in one account) is supported, or refused with exit 2 and a reason, never "a bug"', async () => {
    const run = await s.cli(['init', '--source-account', ACCOUNT_B, '--target-account', ACCOUNT_B, '--caller', `arn:aws:iam::${ACCOUNT_B}:user/app`, '--region', 'us-east-1', '--models', MODEL, '--source-ip', OFFICE, '--out', 'same-account'])
    expect(run.stderr).not.toMatch(/bug in bedrock-xacct|\n\s+at /)
    expect([0, 2]).toContain(run.code)
    if (run.code === 2) expect(run.stderr).toMatch(new RegExp(ACCOUNT_B))
  })
})
