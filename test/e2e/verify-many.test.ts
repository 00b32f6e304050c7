/**
 * verify --config with 20 setups, all at once: one summary line per setup,
 * totals, all passing; and the sandbox proves LookupEvents never exceeded CloudTrail's 2 requests/s
 * per account-region (no request was throttled, none of the sandbox's 1 s windows held more than 2).
 * Run it under machine load too: the limiter's bound must hold as the server counts, whatever the
 * delays (src/aws/rate-limit.ts). Accounts: A = 111111111111, B = 222222222222.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js'
import { EXTERNAL_ID, MODEL, cliEnv, createSetup, e2eSetup, runCli, parseReport } from './verify-world.js'

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
    const assumeAll = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::222222222222:role/ManyRole*' },
        { Effect: 'Allow', Action: 'iam:SimulatePrincipalPolicy', Resource: 'arn:aws:iam::111111111111:user/app-caller' }
      ]
    }
    await sandbox.iam(sandbox.principals.sourceAdmin).send(new PutUserPolicyCommand({ UserName: 'app-caller', PolicyName: 'AssumeManyRoles', PolicyDocument: JSON.stringify(assumeAll) }))
    const env = await cliEnv(sandbox)
    const config = {
      defaults: { sourceAccountId: '111111111111', targetAccountId: '222222222222', region: 'us-east-1', models: [MODEL], externalId: EXTERNAL_ID, caller: 'arn:aws:iam::111111111111:user/app-caller', sessionDurationSeconds: 900 },
      setups: setups.map((s) => ({ name: s.name, roleName: s.roleName }))
    }
    await writeFile(join(env.dir, 'bedrock-xacct.json'), JSON.stringify(config))
    sandbox.trail.lookupLog.length = 0
    const http2Before = sandbox.connections().http2
    const run = await runCli(['verify', '--config', 'bedrock-xacct.json', '--target-profile', 'target', '--trail-timeout', '2m', '--json', '--concurrency', String(COUNT)], env, 170_000)
    const report = parseReport(run.stdout)
    expect(report.setups).toHaveLength(COUNT)
    const notPassing = report.setups.flatMap((s) => s.checks.filter((c) => c.status !== 'pass').map((c) => `${s.name}:${c.id}:${c.status}`))
    expect(notPassing).toEqual([])
    expect(run.code).toBe(0)
    // 13 checks per setup (model-availability is the 13th).
    expect(report.summary).toMatchObject({ setups: COUNT, total: COUNT * 13, pass: COUNT * 13 })
    const lookups = sandbox.trail.lookupLog
    const t0 = lookups[0]?.at.getTime() ?? 0
    const timeline = lookups.map((l) => `${l.accountId.slice(0, 1)}@${l.at.getTime() - t0}${l.throttled ? '!' : ''}`).join(' ')
    // The point of this test: no request was throttled (a retried throttle still passes the checks).
    expect(
      lookups.filter((l) => l.throttled),
      timeline
    ).toEqual([])
    // Concurrent setups share lookups (src/aws/shared-lookups.ts). In B, the two CloudTrail checks
    // of each setup: at least one lookup, fewer than one per check. In A, the informational
    // source-side lookup (the caller's half of AssumeRole): at most one per setup.
    const inB = lookups.filter((l) => l.accountId === '222222222222')
    const inA = lookups.filter((l) => l.accountId === '111111111111')
    expect(inA.length + inB.length).toBe(lookups.length)
    expect(inB.length).toBeGreaterThanOrEqual(2)
    expect(inB.length, timeline).toBeLessThan(COUNT * 2)
    expect(inA.length, timeline).toBeLessThanOrEqual(COUNT)
    for (const side of [inA, inB]) {
      const times = side.map((l) => l.at.getTime())
      expect(Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u < t + 1_000).length)), timeline).toBeLessThanOrEqual(2)
    }
    // The caller may simulate its own policies: the setups' SimulatePrincipalPolicy questions (one
    // role each) share one request, up to 50 role ARNs per request (src/aws/shared-simulations.ts).
    const simulations = sandbox.calls.filter((c) => c.operation === 'SimulatePrincipalPolicy')
    expect(simulations.map((c) => c.status)).toEqual([200])
    expect(report.setups.every((s) => JSON.stringify(s.checks.find((c) => c.id === 'source-can-assume')?.evidence).includes('SimulatePrincipalPolicy'))).toBe(true)
    // The 20 roles and their policies come from two account listings, not 4 reads per role
    // (src/aws/shared-role-reads.ts).
    const iamReads = ['GetRole', 'ListRolePolicies', 'GetRolePolicy', 'ListAttachedRolePolicies', 'ListRoles', 'GetAccountAuthorizationDetails']
    const readCounts = Object.fromEntries(iamReads.map((op) => [op, sandbox.calls.filter((c) => c.operation === op && c.status === 200).length]))
    expect(readCounts).toEqual({ GetRole: 0, ListRolePolicies: 0, GetRolePolicy: 0, ListAttachedRolePolicies: 0, ListRoles: 1, GetAccountAuthorizationDetails: 1 })
    // Every role's Converse rides one HTTP/2 connection: the Bedrock clients share one handler
    // (src/aws/bedrock.ts), instead of one connection (a TLS handshake, on AWS) per role.
    expect(sandbox.calls.filter((c) => c.operation === 'Converse')).toHaveLength(COUNT)
    expect(sandbox.connections().http2 - http2Before).toBe(1)
    for (const secret of sandbox.mintedSecrets()) expect(run.stdout + run.stderr).not.toContain(secret)
  }, 180_000)
})
