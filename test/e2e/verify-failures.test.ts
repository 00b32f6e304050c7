/**
 * verify end to end, more failure cases of issue 5: each fails the right item with the right hint,
 * and environmental failures (Bedrock 5xx) are never a pass. CloudTrail throttling still gives the
 * correct answer. Accounts: A = 111111111111 (app-caller, IP 203.0.113.10), B = 222222222222.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildDocuments } from '../../src/core/policies/index.js'
import { PLACEHOLDER } from '../../src/core/fix-command.js'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js'
import { cliEnv, createSetup, e2eSetup, runCli, setupFlags, statuses, type CliRun, type JsonReport, parseReport } from './verify-world.js'

let sandbox: TestSandbox
const outputs: CliRun[] = []

beforeAll(async () => {
  sandbox = await startTestSandbox()
})
afterAll(async () => {
  await sandbox?.stop()
})

async function verify(args: string[]): Promise<CliRun & { report: JsonReport }> {
  const run = await runCli(['verify', ...args, '--target-profile', 'target', '--json'], await cliEnv(sandbox))
  outputs.push(run)
  return { ...run, report: parseReport(run.stdout) }
}

function hintOf(report: JsonReport, id: string): string {
  return report.setups[0]!.checks.find((c) => c.id === id)!.hint ?? ''
}

describe('verify failure cases (e2e, sandbox)', () => {
  it('missing trust for A: trust-includes-source fails', async () => {
    const setup = e2eSetup('VerifyNoTrustRole')
    const trust = { Version: '2012-10-17', Statement: [{ Sid: 'BedrockXacctTrust', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::333333333333:root' }, Action: 'sts:AssumeRole' }] }
    await createSetup(sandbox, setup, { trustPolicy: trust })
    const run = await verify([...setupFlags(setup), '--no-trail'])
    expect(run.code).toBe(1)
    const s = statuses(run.report)
    expect(s['trust-includes-source']).toBe('fail')
    expect(s['assume-role']).toBe('fail')
    expect(hintOf(run.report, 'trust-includes-source')).toMatch(/Trust policy of VerifyNoTrustRole in account 222222222222 does not admit/)
  })

  it("wrong ExternalId configured: the hint fixes the caller's configuration first, the trust rewrite only as a warned alternative", async () => {
    const setup = e2eSetup('VerifyWrongExtIdHintRole')
    await createSetup(sandbox, setup)
    const run = await verify([...setupFlags({ ...setup, externalId: 'not-the-right-one' }), '--no-trail'])
    expect(run.code).toBe(1)
    const s = statuses(run.report)
    // Only the ExternalId is wrong: the static checks of B pass; A's side cannot be told (no SimulatePrincipalPolicy, AssumeRole denied).
    expect(s).toMatchObject({
      'role-exists': 'pass',
      'trust-includes-source': 'fail',
      'role-allows-bedrock': 'pass',
      'source-can-assume': 'skip',
      'config-role-arn': 'pass',
      'config-region': 'pass',
      'assume-role': 'fail',
      'external-id-enforced': 'skip',
      'session-duration': 'pass',
      converse: 'skip'
    })
    const hint = hintOf(run.report, 'trust-includes-source')
    expect(hint).toMatch(/requires a different sts:ExternalId than the one configured\. Fix the caller first: set the ExternalId the trust requires in BEDROCK_XACCT_EXTERNAL_ID, or --external-id\./)
    expect(hint).toMatch(/Only if the trust's ExternalId itself must change: bedrock-xacct init --apply .*--external-id <redacted>.* — warning: every other caller that uses the current ExternalId will then be refused\./)
    // The assume-role hint keeps the trust's ExternalId (a placeholder: verify never prints the trust's value), not the wrong one.
    expect(hintOf(run.report, 'assume-role')).toContain(`--external-id ${PLACEHOLDER.externalId}`)
    expect(run.stdout).not.toContain(setup.externalId!)
  })

  it('profile missing a destination-region ARN: role-allows-bedrock fails naming it', async () => {
    const setup = e2eSetup('VerifyProfileRole', { models: ['us.anthropic.claude-3-5-haiku-20241022-v1:0'] })
    const docs = buildDocuments(setup)
    const missing = 'arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0'
    const statements = (Array.isArray(docs.permissionsPolicy.Statement) ? docs.permissionsPolicy.Statement : [docs.permissionsPolicy.Statement]).map((st) =>
      Array.isArray(st.Resource) ? { ...st, Resource: st.Resource.filter((r) => r !== missing) } : st
    )
    await createSetup(sandbox, setup, { permissionsPolicy: { ...docs.permissionsPolicy, Statement: statements } })
    const run = await verify([...setupFlags(setup), '--no-trail'])
    expect(statuses(run.report)['role-allows-bedrock']).toBe('fail')
    expect(hintOf(run.report, 'role-allows-bedrock')).toContain(missing)
    expect(run.code).toBe(1)
  })

  it('duration over max: session-duration and assume-role fail', async () => {
    const setup = e2eSetup('VerifyDurationRole')
    await createSetup(sandbox, setup)
    const run = await verify([...setupFlags({ ...setup, sessionDurationSeconds: 7200, maxSessionDurationSeconds: 7200 }), '--no-trail'])
    const s = statuses(run.report)
    expect(s['session-duration']).toBe('fail')
    expect(s['assume-role']).toBe('fail')
    expect(hintOf(run.report, 'session-duration')).toMatch(/--session-duration 3600|--max-session-duration 7200/)
    expect(run.code).toBe(1)
  })

  it('IP outside the allow-list: assume-role fails with a hint naming the allow-list', async () => {
    const setup = e2eSetup('VerifyIpRole', { sourceIpCidrs: ['198.51.100.0/24'] })
    await createSetup(sandbox, setup)
    const run = await verify([...setupFlags(setup), '--no-trail'])
    expect(statuses(run.report)['assume-role']).toBe('fail')
    expect(hintOf(run.report, 'assume-role')).toMatch(/aws:SourceIp allow-list 198\.51\.100\.0\/24/)
    expect(run.code).toBe(1)
  })

  it('Bedrock 5xx that survives retries: converse fails of kind error, exit 3, never a pass', async () => {
    const setup = e2eSetup('VerifyBedrock5xxRole')
    await createSetup(sandbox, setup)
    sandbox.setFaults([{ service: 'bedrock', kind: 'error503' }])
    try {
      const run = await verify([...setupFlags(setup), '--no-trail'])
      const converse = run.report.setups[0]!.checks.find((c) => c.id === 'converse')!
      expect(converse.status).toBe('fail')
      expect(converse.kind).toBe('error')
      expect(run.code).toBe(3)
    } finally {
      sandbox.setFaults([])
    }
  })

  it('CloudTrail throttling: the checks still find this run', async () => {
    const setup = e2eSetup('VerifyThrottleRole')
    await createSetup(sandbox, setup)
    sandbox.setFaults([{ service: 'cloudtrail', operation: 'LookupEvents', kind: 'throttle', rate: 0.5 }])
    try {
      const run = await verify([...setupFlags(setup), '--trail-timeout', '60s'])
      const s = statuses(run.report)
      expect(s['cloudtrail-assume-role']).toBe('pass')
      expect(s['cloudtrail-invoke']).toBe('pass')
      expect(run.code).toBe(0)
    } finally {
      sandbox.setFaults([])
    }
  }, 90_000)

  it('never printed a secret the sandbox minted', () => {
    const all = outputs.map((o) => o.stdout + o.stderr).join('\n')
    for (const secret of sandbox.mintedSecrets()) expect(all).not.toContain(secret)
  })
})
