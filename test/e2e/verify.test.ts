/**
 * verify end to end: the built CLI, as A's caller (app-caller's keys), against the sandbox over
 * HTTP. A correct setup passes every item; each broken variant fails the right item with a hint.
 * Accounts: A = 111111111111, B = 222222222222 (see verify-world.ts).
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { VERIFY_CHECK_IDS } from '../../src/core/checklist/checks/index.js'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js'
import { EXTERNAL_ID, cliEnv, createSetup, e2eSetup, runCli, setupFlags, statuses, type CliRun, type JsonReport, parseReport } from './verify-world.js'

let sandbox: TestSandbox
const outputs: CliRun[] = []

beforeAll(async () => {
  sandbox = await startTestSandbox()
})
afterAll(async () => {
  await sandbox?.stop()
})

async function verify(args: string[], caller?: TestSandbox['principals']['sourceCaller']): Promise<CliRun & { report: JsonReport | undefined }> {
  const run = await runCli(['verify', ...args], await cliEnv(sandbox, caller))
  outputs.push(run)
  let report: JsonReport | undefined
  try {
    report = parseReport(run.stdout)
  } catch {
    report = undefined
  }
  return { ...run, report }
}

describe('verify (e2e, sandbox)', () => {
  it('passes every item for a correct setup, with JSON and JUnit output and no secret', async () => {
    const setup = e2eSetup('VerifyHappyRole')
    await createSetup(sandbox, setup)
    const env = await cliEnv(sandbox)
    const run = await runCli(['verify', ...setupFlags(setup), '--target-profile', 'target', '--stream', '--trail-timeout', '30s', '--json', '--junit', 'report.xml'], env)
    outputs.push(run)
    expect(run.stderr).not.toMatch(/Error:/)
    const report = parseReport(run.stdout)
    expect(report.setups[0]!.checks.map((c) => c.id)).toEqual(VERIFY_CHECK_IDS)
    expect(statuses(report)).toEqual(Object.fromEntries(VERIFY_CHECK_IDS.map((id) => [id, 'pass'])))
    expect(run.code).toBe(0)
    expect(run.stdout).not.toContain(EXTERNAL_ID)
    const junit = await readFile(join(env.dir, 'report.xml'), 'utf8')
    expect(junit).toMatch(/^<\?xml/)
    expect(junit.match(/<testcase /g)).toHaveLength(VERIFY_CHECK_IDS.length)
    expect(junit).not.toMatch(/<failure|<error /)
    expect(junit).not.toContain(EXTERNAL_ID)
  })

  it('prints the human checklist and exits 0', async () => {
    const setup = e2eSetup('VerifyHumanRole')
    await createSetup(sandbox, setup)
    const run = await verify([...setupFlags(setup), '--target-profile', 'target', '--no-trail'])
    expect(run.code).toBe(0)
    for (const id of VERIFY_CHECK_IDS.filter((id) => !id.startsWith('cloudtrail'))) expect(run.stdout).toMatch(new RegExp(`✔ ${id}`))
    expect(run.stdout).toMatch(/– cloudtrail-invoke/)
    expect(run.stdout).toMatch(/--no-trail/)
  })

  it('fails external-id-enforced when the trust has no ExternalId condition', async () => {
    const setup = e2eSetup('VerifyNoExtIdRole')
    const trust = { Version: '2012-10-17', Statement: [{ Sid: 'BedrockXacctTrust', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::111111111111:user/app-caller` }, Action: 'sts:AssumeRole' }] }
    await createSetup(sandbox, setup, { trustPolicy: trust })
    const run = await verify([...setupFlags(setup), '--target-profile', 'target', '--no-trail', '--json'])
    expect(run.code).toBe(1)
    const s = statuses(run.report!)
    expect(s['external-id-enforced']).toBe('fail')
    expect(s['assume-role']).toBe('pass')
    const hint = run.report!.setups[0]!.checks.find((c) => c.id === 'external-id-enforced')!.hint!
    expect(hint).toMatch(/confused-deputy/)
    expect(hint).toMatch(/bedrock-xacct init --apply/)
  })

  it('fails trust-includes-source and assume-role when a wrong ExternalId is configured', async () => {
    const setup = e2eSetup('VerifyWrongExtIdRole')
    await createSetup(sandbox, setup)
    const run = await verify([...setupFlags({ ...setup, externalId: 'not-the-right-one' }), '--target-profile', 'target', '--no-trail', '--json'])
    expect(run.code).toBe(1)
    const s = statuses(run.report!)
    expect(s['trust-includes-source']).toBe('fail')
    expect(s['assume-role']).toBe('fail')
    expect(s['converse']).toBe('skip')
  })

  it('fails source-can-assume when the caller lacks sts:AssumeRole', async () => {
    const setup = e2eSetup('VerifyNoSourceRole')
    await createSetup(sandbox, setup)
    // Remove the caller's grant: each earlier setup's source policy names only its own role.
    const { DeleteUserPolicyCommand } = await import('@aws-sdk/client-iam')
    await sandbox.iam(sandbox.principals.sourceAdmin).send(new DeleteUserPolicyCommand({ UserName: 'app-caller', PolicyName: setup.sourcePolicyName }))
    const run = await verify([...setupFlags(setup), '--target-profile', 'target', '--no-trail', '--json'])
    expect(run.code).toBe(1)
    const s = statuses(run.report!)
    expect(s['source-can-assume']).toBe('fail')
    expect(s['trust-includes-source']).toBe('pass')
    expect(s['assume-role']).toBe('fail')
    expect(run.report!.setups[0]!.checks.find((c) => c.id === 'source-can-assume')!.hint).toMatch(/sts:AssumeRole.*111111111111/)
  })

  it('fails role-allows-bedrock and converse when the model is not in the permissions policy', async () => {
    const setup = e2eSetup('VerifyModelRole')
    await createSetup(sandbox, setup)
    const run = await verify([...setupFlags({ ...setup, models: [setup.models[0]!, 'amazon.nova-lite-v1:0'] }), '--target-profile', 'target', '--no-trail', '--json'])
    expect(run.code).toBe(1)
    const s = statuses(run.report!)
    expect(s['role-allows-bedrock']).toBe('fail')
    expect(s['converse']).toBe('fail')
    expect(run.report!.setups[0]!.checks.find((c) => c.id === 'role-allows-bedrock')!.hint).toMatch(/nova-lite/)
  })

  it('reports pending (exit 0) when CloudTrail is delayed past the deadline', async () => {
    const setup = e2eSetup('VerifyTrailRole')
    await createSetup(sandbox, setup)
    sandbox.setCloudTrailDelay(10 * 60_000)
    try {
      const run = await verify([...setupFlags(setup), '--target-profile', 'target', '--trail-timeout', '2s', '--json'])
      const s = statuses(run.report!)
      expect(s['cloudtrail-assume-role']).toBe('pending')
      expect(s['cloudtrail-invoke']).toBe('pending')
      expect(run.code).toBe(0)
    } finally {
      sandbox.setCloudTrailDelay(0)
    }
  })

  it('rejects bad input with exit 2 before any AWS call', async () => {
    const run = await verify(['--role-arn', 'arn:aws:iam::222222222222:role/X', '--source-account', '111111111111', '--region', 'us-east-1', '--models', 'amazon.nova-lite-v1:0', '--trail-timeout', 'soon'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/--trail-timeout "soon" is invalid/)
  })

  it('exits 3 with a credentials hint when the caller has no valid credentials', async () => {
    const setup = e2eSetup('VerifyNoCredsRole')
    const run = await verify([...setupFlags(setup), '--no-trail', '--json'], { ...sandbox.principals.sourceCaller, accessKeyId: 'AKIANOSUCHKEY0000000', secretAccessKey: 'nope' })
    expect(run.code).toBe(3)
    const errored = run.report!.setups[0]!.checks.filter((c) => c.kind === 'error')
    expect(errored.length).toBeGreaterThan(0)
    expect(errored[0]!.hint).toMatch(/credentials/i)
    expect(run.report!.setups[0]!.checks.some((c) => c.status === 'pass' && !c.id.startsWith('config-'))).toBe(false)
  })

  it('never printed a secret the sandbox minted', () => {
    const secrets = sandbox.mintedSecrets()
    const all = outputs.map((o) => o.stdout + o.stderr).join('\n')
    for (const secret of secrets) expect(all).not.toContain(secret)
  })
})
