/**
 * Scale, correctness only (the figures are bench/scale.mjs's job, never a timed test): 30 setups in
 * one config, all verified at once, all pass; LookupEvents never above CloudTrail's 2 requests/s
 * per account-region as the sandbox saw them; concurrent setups share lookups (fewer lookups than
 * setups); and throttling that CloudTrail does send is waited out with backoff, not reported.
 *
 * Accounts: A = 111111111111 (app-caller), B = 222222222222 (roles ScaleE2eRole0…29, created
 * through the sandbox's state API from the tool's own policy builder).
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildDocuments } from '../../src/core/policies/index.js'
import { ACCOUNT_A, ACCOUNT_B, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js'
import { EXTERNAL_ID, MODEL, cliEnv, e2eSetup, parseReport, runCli } from './verify-world.js'

const COUNT = 30

let sandbox: TestSandbox

beforeAll(async () => {
  sandbox = await startTestSandbox()
  const now = new Date()
  for (let i = 0; i < COUNT; i++) {
    const setup = e2eSetup(`ScaleE2eRole${i}`)
    const docs = buildDocuments(setup)
    sandbox.state.putRole(ACCOUNT_B, { name: setup.roleName, trustPolicy: docs.trustPolicy, inlinePolicies: [{ name: setup.permissionsPolicyName, document: docs.permissionsPolicy }], maxSessionDurationSeconds: 3600 }, now)
  }
  // One source policy for all (IAM caps a user's inline policies at 2,048 bytes in total).
  sandbox.state.putUserPolicy(ACCOUNT_A, 'app-caller', 'AssumeScaleRoles', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${ACCOUNT_B}:role/ScaleE2eRole*` }] })
})
afterAll(async () => {
  await sandbox?.stop()
})

/** Most accepted LookupEvents in any 1 s window, per account-region. */
function peakPerSecond(log: TestSandbox['trail']['lookupLog']): number {
  const byKey = new Map<string, number[]>()
  for (const entry of log.filter((e) => !e.throttled)) byKey.set(`${entry.accountId}/${entry.region}`, [...(byKey.get(`${entry.accountId}/${entry.region}`) ?? []), entry.at.getTime()])
  let peak = 0
  for (const times of byKey.values()) for (const t of times) peak = Math.max(peak, times.filter((u) => u >= t && u < t + 1000).length)
  return peak
}

async function verifyAll(): Promise<{ notPassing: string[]; code: number | null; setups: number }> {
  const env = await cliEnv(sandbox)
  const config = {
    defaults: { sourceAccountId: ACCOUNT_A, targetAccountId: ACCOUNT_B, region: 'us-east-1', models: [MODEL], externalId: EXTERNAL_ID, caller: `arn:aws:iam::${ACCOUNT_A}:user/app-caller`, sessionDurationSeconds: 900 },
    setups: Array.from({ length: COUNT }, (_, i) => ({ name: `ScaleE2eRole${i}`, roleName: `ScaleE2eRole${i}` }))
  }
  await writeFile(join(env.dir, 'bedrock-xacct.json'), JSON.stringify(config))
  const run = await runCli(['verify', '--config', 'bedrock-xacct.json', '--target-profile', 'target', '--concurrency', String(COUNT), '--trail-timeout', '2m', '--json'], env, 170_000)
  const report = parseReport(run.stdout)
  return {
    code: run.code,
    setups: report.setups.length,
    notPassing: report.setups.flatMap((s) => s.checks.filter((c) => c.status !== 'pass').map((c) => `${s.name}:${c.id}:${c.status}`))
  }
}

describe(`verify --config with ${COUNT} setups at once (e2e, sandbox)`, () => {
  it('all pass, within 2 LookupEvents/s per account-region, sharing lookups between setups', async () => {
    sandbox.trail.lookupLog.length = 0
    const result = await verifyAll()
    expect(result).toEqual({ code: 0, setups: COUNT, notPassing: [] })
    const lookups = sandbox.trail.lookupLog
    expect(peakPerSecond(lookups)).toBeLessThanOrEqual(2)
    // Each setup looks for two events in B (and one in A); shared lookups need far fewer requests.
    expect(lookups.length).toBeLessThan(COUNT)
  }, 180_000)

  it('throttled lookups are retried with backoff: still all pass, never a false failure', async () => {
    sandbox.trail.lookupLog.length = 0
    sandbox.setFaults([{ service: 'cloudtrail', operation: 'LookupEvents', kind: 'throttle', count: 4 }])
    const from = sandbox.calls.length
    try {
      const result = await verifyAll()
      const throttled = sandbox.calls.slice(from).filter((c) => c.operation === 'LookupEvents' && c.errorCode === 'ThrottlingException')
      expect(throttled).toHaveLength(4)
      expect(result).toEqual({ code: 0, setups: COUNT, notPassing: [] })
      expect(peakPerSecond(sandbox.trail.lookupLog)).toBeLessThanOrEqual(2)
    } finally {
      sandbox.setFaults([])
    }
  }, 180_000)
})
