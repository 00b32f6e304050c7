/**
 * verify without --target-profile reads B's CloudTrail through the role itself whenever its policy
 * allows — whatever the setup says about --cloudtrail-lookup — and skips the CloudTrail checks with
 * a hint naming cloudtrail:LookupEvents and the `init --apply … --cloudtrail-lookup` fix when it
 * does not. Real CLI, real SDK, the sandbox deciding LookupEvents from the role's policies.
 * Accounts: A = 111111111111 (app-caller), B = 222222222222 (the roles).
 */
import { PutRolePolicyCommand } from '@aws-sdk/client-iam'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ACCOUNT_B, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js'
import { cliEnv, createSetup, e2eSetup, parseReport, runCli, setupFlags, statuses } from './verify-world.js'

let sandbox: TestSandbox

beforeAll(async () => {
  sandbox = await startTestSandbox()
})
afterAll(async () => {
  await sandbox?.stop()
})

const TRAIL_CHECKS = ['cloudtrail-assume-role', 'cloudtrail-invoke']

/**
 * The LookupEvents limiter is per process; CloudTrail's 2/s is per account and region. Runs one
 * after another in the same sandbox account must leave a window between them, as two CI jobs
 * would see too (the adapter would retry a throttle; these tests assert none happens).
 */
const BETWEEN_RUNS_MS = 1_200

async function verifyWithoutTargetProfile(flags: string[]) {
  await new Promise((resolve) => setTimeout(resolve, BETWEEN_RUNS_MS))
  sandbox.trail.lookupLog.length = 0
  const run = await runCli(['verify', ...flags, '--trail-timeout', '30s', '--json'], await cliEnv(sandbox), 90_000)
  return { run, report: parseReport(run.stdout), lookupsInB: sandbox.trail.lookupLog.filter((l) => l.accountId === ACCOUNT_B) }
}

describe('verify reads CloudTrail through the role without --target-profile (e2e, sandbox)', () => {
  it('role without cloudtrail:LookupEvents: the CloudTrail checks skip with the permission and the fix', async () => {
    const setup = e2eSetup('RoleTrailDenied')
    await createSetup(sandbox, setup)
    const { run, report, lookupsInB } = await verifyWithoutTargetProfile(setupFlags(setup))
    const s = statuses(report)
    expect(s['converse']).toBe('pass')
    for (const id of TRAIL_CHECKS) {
      const check = report.setups[0]!.checks.find((c) => c.id === id)!
      expect(check.status).toBe('skip')
      expect(check.hint).toMatch(/cloudtrail:LookupEvents/)
      expect(check.hint).toMatch(/bedrock-xacct init --apply .*--cloudtrail-lookup/)
    }
    // The role was asked: at most once per check (the denial is remembered, but the two checks may
    // ask at the same moment), and never throttled.
    expect(lookupsInB.length).toBeGreaterThanOrEqual(1)
    expect(lookupsInB.length).toBeLessThanOrEqual(2)
    expect(lookupsInB.filter((l) => l.throttled)).toEqual([])
    expect(run.stderr).not.toMatch(/\n\s+at /)
  }, 100_000)

  it('role allowed LookupEvents by another policy, setup without --cloudtrail-lookup: the CloudTrail checks run and pass', async () => {
    const setup = e2eSetup('RoleTrailAllowed', { cloudTrailLookup: false })
    await createSetup(sandbox, setup)
    await sandbox.iam(sandbox.principals.targetAdmin).send(
      new PutRolePolicyCommand({
        RoleName: setup.roleName,
        PolicyName: 'ReadTrail',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'cloudtrail:LookupEvents', Resource: '*' }] })
      })
    )
    const { report, lookupsInB } = await verifyWithoutTargetProfile(setupFlags(setup))
    const s = statuses(report)
    for (const id of TRAIL_CHECKS) expect(s[id]).toBe('pass')
    expect(lookupsInB.length).toBeGreaterThanOrEqual(2)
    expect(lookupsInB.filter((l) => l.throttled)).toEqual([])
  }, 100_000)
})
