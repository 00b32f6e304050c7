/**
 * verify --config with 20 setups: verified concurrently (bounded), one summary line per setup,
 * totals, all passing; and the sandbox proves LookupEvents never exceeded CloudTrail's 2 requests/s
 * per account-region (no request was throttled). Accounts: A = 111111111111, B = 222222222222.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js'
import { EXTERNAL_ID, MODEL, cliEnv, createSetup, e2eSetup, runCli, type JsonReport, parseReport } from './verify-world.js'

const COUNT = 20

let sandbox: TestSandbox

beforeAll(async () => {
  sandbox = await startTestSandbox()
})
afterAll(async () => {
  await sandbox?.stop()
})

describe('verify many setups (e2e, sandbox)', () => {
  it(`verifies ${COUNT} setups concurrently within CloudTrail's rate limit`, async () => {
    const setups = Array.from({ length: COUNT }, (_, i) => e2eSetup(`ManyRole${i}`))
    for (const setup of setups) await createSetup(sandbox, setup, { skipSourcePolicy: true })
    // One source policy for all (IAM caps a user's inline policies at 2,048 bytes in total).
    const { PutUserPolicyCommand } = await import('@aws-sdk/client-iam')
    const assumeAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::222222222222:role/ManyRole*' }] }
    await sandbox.iam(sandbox.principals.sourceAdmin).send(new PutUserPolicyCommand({ UserName: 'app-caller', PolicyName: 'AssumeManyRoles', PolicyDocument: JSON.stringify(assumeAll) }))
    const env = await cliEnv(sandbox)
    const config = {
      defaults: { sourceAccountId: '111111111111', targetAccountId: '222222222222', region: 'us-east-1', models: [MODEL], externalId: EXTERNAL_ID, caller: 'arn:aws:iam::111111111111:user/app-caller', sessionDurationSeconds: 900 },
      setups: setups.map((s) => ({ name: s.name, roleName: s.roleName }))
    }
    await writeFile(join(env.dir, 'bedrock-xacct.json'), JSON.stringify(config))
    sandbox.trail.lookupLog.length = 0
    const run = await runCli(['verify', '--config', 'bedrock-xacct.json', '--target-profile', 'target', '--trail-timeout', '2m', '--json'], env, 170_000)
    const report = parseReport(run.stdout)
    expect(report.setups).toHaveLength(COUNT)
    const notPassing = report.setups.flatMap((s) => s.checks.filter((c) => c.status !== 'pass').map((c) => `${s.name}:${c.id}:${c.status}`))
    expect(notPassing).toEqual([])
    expect(run.code).toBe(0)
    expect(report.summary).toMatchObject({ setups: COUNT, total: COUNT * 12, pass: COUNT * 12 })
    const lookups = sandbox.trail.lookupLog
    // Concurrent setups share lookups (src/aws/shared-lookups.ts): at least one, fewer than one per check.
    expect(lookups.length).toBeGreaterThanOrEqual(2)
    expect(lookups.length).toBeLessThan(COUNT * 2)
    expect(lookups.filter((l) => l.throttled)).toEqual([])
    for (const secret of sandbox.mintedSecrets()) expect(run.stdout + run.stderr).not.toContain(secret)
  }, 180_000)
})
