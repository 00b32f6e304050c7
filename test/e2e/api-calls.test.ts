/**
 * What one verify costs in AWS calls, counted by the sandbox (RunningSandbox.calls): no call with the
 * same (service, operation, principal) is made twice, except where intended — AssumeRole by the
 * caller is the live call plus the two negative ExternalId probes (distinct inputs), and CloudTrail
 * LookupEvents polls by design (counted separately). And independent checks run concurrently: with
 * a fixed latency on every call, calls that arrive less than that latency apart were in flight
 * together (a sequential client waits for each answer before it sends the next).
 *
 * Accounts: A = 111111111111 (app-caller), B = 222222222222 (the role; admin = --target-profile).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CallRecord } from '../../src/sandbox/index.js'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js'
import { cliEnv, createSetup, e2eSetup, parseReport, runCli, setupFlags } from './verify-world.js'

/** Latency added to every call in the concurrency test; large against a loaded machine's jitter. */
const LATENCY_MS = 400

let sandbox: TestSandbox

beforeAll(async () => {
  sandbox = await startTestSandbox()
})
afterAll(async () => {
  await sandbox?.stop()
})

/** Run one verify of a fresh, correct setup; return the calls it made (and its report). */
async function verifyCalls(roleName: string): Promise<{ calls: CallRecord[]; passed: boolean }> {
  const setup = e2eSetup(roleName)
  await createSetup(sandbox, setup)
  const env = await cliEnv(sandbox)
  const from = sandbox.calls.length
  const run = await runCli(['verify', ...setupFlags(setup), '--target-profile', 'target', '--trail-timeout', '30s', '--json'], env, 120_000)
  const report = parseReport(run.stdout)
  return { calls: sandbox.calls.slice(from), passed: run.code === 0 && report.setups[0]!.checks.every((c) => c.status === 'pass') }
}

const keyOf = (call: CallRecord) => `${call.service}:${call.operation} as ${call.principalArn}`

describe('API calls of one verify (e2e, sandbox)', () => {
  it('makes no call twice, apart from the ExternalId probes and CloudTrail polling', async () => {
    const { calls, passed } = await verifyCalls('ApiCallsRole')
    expect(passed).toBe(true)
    const counts = new Map<string, number>()
    for (const call of calls) counts.set(keyOf(call), (counts.get(keyOf(call)) ?? 0) + 1)

    const caller = 'arn:aws:iam::111111111111:user/app-caller'
    const assumeRoles = calls.filter((c) => c.service === 'sts' && c.operation === 'AssumeRole')
    // One live AssumeRole (with the ExternalId) and four probes (without it, a wrong one, the right one a character longer and shorter): all denied.
    expect(assumeRoles.map((c) => [c.principalArn, c.status])).toEqual(
      expect.arrayContaining([
        [caller, 200],
        [caller, 403],
        [caller, 403],
        [caller, 403],
        [caller, 403]
      ])
    )
    expect(assumeRoles).toHaveLength(5)

    const lookups = calls.filter((c) => c.service === 'cloudtrail' && c.operation === 'LookupEvents')
    // CloudTrail visible at once: one lookup per event in B, plus at most A's half of the AssumeRole.
    expect(lookups.length).toBeGreaterThanOrEqual(2)
    expect(lookups.length).toBeLessThanOrEqual(4)

    const repeated = [...counts].filter(([key, n]) => n > 1 && !key.startsWith('sts:AssumeRole') && !key.startsWith('cloudtrail:LookupEvents'))
    expect(repeated).toEqual([])
    // The whole bill, so a new duplicate or a new call shows up here first: it grew by two probes
    // (the right ExternalId a character longer and shorter) and GetFoundationModelAvailability.
    expect(calls.length).toBeLessThanOrEqual(19)
  }, 150_000)

  it('runs independent checks concurrently (calls overlap in flight)', async () => {
    sandbox.setFaults([{ service: '*', kind: 'latency', latencyMs: LATENCY_MS }])
    try {
      const { calls, passed } = await verifyCalls('ApiConcurrentRole')
      expect(passed).toBe(true)
      // Each call is in flight for at least LATENCY_MS after it arrives: the most calls whose arrival
      // windows overlap is a lower bound on how many were in flight at once.
      const arrivals = calls.map((c) => c.at.getTime()).sort((a, b) => a - b)
      let mostInFlight = 0
      for (const [i, start] of arrivals.entries()) {
        const together = arrivals.slice(i).filter((t) => t < start + LATENCY_MS).length
        mostInFlight = Math.max(mostInFlight, together)
      }
      expect(mostInFlight).toBeGreaterThanOrEqual(3)
    } finally {
      sandbox.setFaults([])
    }
  }, 150_000)
})
