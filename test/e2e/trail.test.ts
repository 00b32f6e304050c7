/**
 * `trail` end to end: the built CLI reads B's CloudTrail in the sandbox (through --target-profile
 * and through the role itself), shows the role's AssumeRole and Converse, filters errors, and turns
 * a reader without cloudtrail:LookupEvents into the hint. Accounts: A = 111111111111, B = 222222222222.
 */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js'
import { EXTERNAL_ID, cliEnv, createSetup, e2eSetup, runCli, setupFlags } from './verify-world.js'

let sandbox: TestSandbox
const ROLE = 'arn:aws:iam::222222222222:role/TrailRole'

beforeAll(async () => {
  sandbox = await startTestSandbox()
  const setup = e2eSetup('TrailRole', { cloudTrailLookup: true })
  await createSetup(sandbox, setup)
  // Activity to find: a verify run (AssumeRole + Converse), and a denied Converse on a model the role may not call.
  const env = await cliEnv(sandbox)
  await runCli(['verify', ...setupFlags(setup), '--no-trail'], env)
  await runCli(['verify', ...setupFlags({ ...setup, models: ['amazon.nova-lite-v1:0'] }), '--no-trail'], env)
})
afterAll(async () => {
  await sandbox?.stop()
})

interface TrailDoc {
  roleArn: string
  events: { eventName: string; errorCode?: string; side: string; roleSessionName?: string; sourceIPAddress?: string }[]
  notes: string[]
}

describe('trail (e2e, sandbox)', () => {
  it("shows the role's AssumeRole and Bedrock events through --target-profile", async () => {
    const r = await runCli(['trail', '--role-arn', ROLE, '--region', 'us-east-1', '--target-profile', 'target', '--since', '15m', '--json'], await cliEnv(sandbox))
    expect(r.code).toBe(0)
    const doc = JSON.parse(r.stdout) as TrailDoc
    const names = new Set(doc.events.map((e) => e.eventName))
    expect(names.has('AssumeRole')).toBe(true)
    expect(names.has('Converse')).toBe(true)
    expect(doc.events.some((e) => e.sourceIPAddress === '203.0.113.10')).toBe(true)
    expect(r.stdout).not.toMatch(/AKIA|ASIA/)
    for (const secret of sandbox.mintedSecrets()) expect(r.stdout + r.stderr).not.toContain(secret)
  })

  it('--errors shows only denied calls', async () => {
    const r = await runCli(['trail', '--role-arn', ROLE, '--region', 'us-east-1', '--target-profile', 'target', '--errors', '--json'], await cliEnv(sandbox))
    const doc = JSON.parse(r.stdout) as TrailDoc
    expect(doc.events.length).toBeGreaterThan(0)
    for (const e of doc.events) expect(e.errorCode).toMatch(/AccessDenied|Validation/)
  })

  it('reads through the role itself (cloudtrail:LookupEvents granted) and prints a table', async () => {
    const r = await runCli(['trail', '--role-arn', ROLE, '--region', 'us-east-1', '--external-id', EXTERNAL_ID, '--account', 'both'], await cliEnv(sandbox))
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/CloudTrail for arn:aws:iam::222222222222:role\/TrailRole/)
    expect(r.stdout).toMatch(/target .*AssumeRole/)
  })

  it('a reader without cloudtrail:LookupEvents gets the hint', async () => {
    const r = await runCli(['trail', '--role-arn', ROLE, '--region', 'us-east-1', '--account', 'source'], await cliEnv(sandbox))
    expect(r.code).toBe(3)
    expect(r.stderr).toMatch(/cloudtrail:LookupEvents/)
  })

  it('--follow polls until Ctrl-C, then exits 130 without a stack trace', async () => {
    const env = await cliEnv(sandbox)
    const child = spawn(process.execPath, [join(import.meta.dirname, '../../bin/bedrock-xacct.js'), 'trail', '--role-arn', ROLE, '--region', 'us-east-1', '--target-profile', 'target', '--follow'], { env: env.env, cwd: env.dir })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => {
      stderr += d
      if (String(d).includes('Following')) child.kill('SIGINT')
    })
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    expect(code).toBe(130)
    expect(stdout).toMatch(/AssumeRole/)
    expect(stderr).not.toMatch(/at .*\.js:\d+/)
  })
})
