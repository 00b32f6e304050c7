/**
 * Faults matrix (issue 8): for every AWS call `verify` makes, each fault kind the sandbox injects —
 * throttling, 500, 503, connection reset, malformed and empty 200s, and a hang past the request
 * timeout — against a correct setup. A fault that the SDK's retries ride out (count-limited) still
 * passes; one that persists ends with exit 3, a hint, and never a `pass` for any check that depends
 * on the faulted call. The CLI runs with AWS_MAX_ATTEMPTS=2 to keep persistent cases fast; the
 * timeout column runs verify in-process with a 300 ms request timeout (the CLI's is 20 s).
 *
 * One sandbox per operation, seeded from a world file (fault-world.ts), faults set and cleared
 * between cases. Accounts: A = 111111111111 (app-caller), B = 222222222222 (admin: `target`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAwsFactory } from '../../src/aws/factory.js'
import { VERIFY_CHECK_IDS } from '../../src/core/checklist/checks/index.js'
import type { FaultRule, FaultService } from '../../src/sandbox/world-types.js'
import { verifySetups } from '../../src/commands/verify/index.js'
import { memoryIo } from '../../src/ui/io.js'
import { nonInteractivePrompter } from '../../src/ui/prompts.js'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js'
import { faultSetup, faultWorld } from './fault-world.js'
import { cliEnv, parseReport, runCli, setupFlags, statuses, type CliEnv, type JsonReport } from './verify-world.js'

/** Every AWS call verify makes, and the checks whose answer depends on it (the never-pass set). */
const OPERATIONS: { service: FaultService; operation: string; checks: string[]; trail?: boolean }[] = [
  { service: 'sts', operation: 'GetCallerIdentity', checks: ['trust-includes-source', 'source-can-assume', 'session-duration'] },
  { service: 'sts', operation: 'AssumeRole', checks: ['assume-role', 'external-id-enforced', 'converse', 'cloudtrail-assume-role', 'cloudtrail-invoke'] },
  { service: 'iam', operation: 'GetRole', checks: ['role-exists', 'trust-includes-source', 'role-allows-bedrock'] },
  { service: 'iam', operation: 'ListRolePolicies', checks: ['role-allows-bedrock'] },
  { service: 'iam', operation: 'GetRolePolicy', checks: ['role-allows-bedrock'] },
  { service: 'iam', operation: 'ListAttachedRolePolicies', checks: ['role-allows-bedrock'] },
  { service: 'iam', operation: 'GetPolicy', checks: ['role-allows-bedrock'] },
  { service: 'iam', operation: 'GetPolicyVersion', checks: ['role-allows-bedrock'] },
  { service: 'iam', operation: 'SimulatePrincipalPolicy', checks: ['source-can-assume'] },
  { service: 'bedrock', operation: 'Converse', checks: ['converse', 'cloudtrail-invoke'], trail: true },
  { service: 'bedrock', operation: 'ConverseStream', checks: ['converse', 'cloudtrail-invoke'], trail: true },
  { service: 'bedrock', operation: 'GetFoundationModelAvailability', checks: ['model-availability'] },
  { service: 'cloudtrail', operation: 'LookupEvents', checks: ['cloudtrail-assume-role', 'cloudtrail-invoke'], trail: true }
]

/** Checks that make no AWS call (they compare the setup with the app's config and env): nothing to fault. */
const NO_AWS_CALL = ['config-role-arn', 'config-region']

/** Fault kinds the SDK retries (a count-limited one must still pass). */
const TRANSIENT: FaultRule['kind'][] = ['throttle', 'error500', 'error503', 'reset']
/** Every kind, left on for the whole run. */
const PERSISTENT: FaultRule['kind'][] = ['throttle', 'error500', 'error503', 'reset', 'malformed', 'empty']

/** Short CloudTrail wait: events are visible at once in the sandbox; a persistent fault ends the poll at this deadline. */
const TRAIL_TIMEOUT = '4s'
const STACK_TRACE = /\n\s+at .*(\.js|\.ts):\d+/

const setup = faultSetup()
const asserted = new Set<string>()
let injected = 0

function flagsFor(trail: boolean | undefined): string[] {
  return [...setupFlags(setup), '--target-profile', 'target', '--stream', '--json', ...(trail ? ['--trail-timeout', TRAIL_TIMEOUT] : ['--no-trail'])]
}

async function runVerify(env: CliEnv, trail: boolean | undefined): Promise<{ code: number | null; report: JsonReport; stderr: string }> {
  const run = await runCli(['verify', ...flagsFor(trail)], env)
  let report: JsonReport
  try {
    report = parseReport(run.stdout)
  } catch (error) {
    throw new Error(`no JSON report (exit ${run.code}): ${run.stderr.slice(0, 500)} ${String(error)}`, { cause: error })
  }
  return { code: run.code, report, stderr: run.stderr }
}

/** The dependent checks must not pass; some check says it was the environment, naming the operation. */
function expectNoFalsePass(label: string, report: JsonReport, checks: string[], operation: string): void {
  const s = statuses(report)
  for (const id of checks) {
    expect(s[id], `${label}: ${id}`).not.toBe('pass')
    expect(s[id], `${label}: ${id}`).toBeDefined()
    asserted.add(id)
  }
  const errored = report.setups[0]!.checks.filter((c) => c.kind === 'error')
  expect(errored.length, `${label}: an error-kind check`).toBeGreaterThan(0)
  expect(JSON.stringify(errored.map((c) => c.evidence)), `${label}: evidence names the call`).toContain(operation)
  for (const c of errored) expect(c.hint, `${label}: ${c.id} has a hint`).toMatch(/not a pass|run verify again|credentials|--debug/)
}

function expectAllPass(label: string, report: JsonReport, trail: boolean | undefined): void {
  const s = statuses(report)
  for (const id of VERIFY_CHECK_IDS) {
    const expected = !trail && id.startsWith('cloudtrail-') ? 'skip' : 'pass'
    const evidence = JSON.stringify(report.setups[0]!.checks.find((c) => c.id === id)?.evidence)
    expect(s[id], `${label}: ${id} ${evidence}`).toBe(expected)
  }
}

/** A sandbox seeded with the fault world for the enclosing describe, and the CLI's env at 2 attempts per call. */
function useFaultSandbox(): { sandbox: TestSandbox; env: CliEnv } {
  const world = {} as { sandbox: TestSandbox; env: CliEnv }
  beforeAll(async () => {
    world.sandbox = await startTestSandbox({ world: faultWorld(setup) })
    world.env = await cliEnv(world.sandbox)
    world.env.env.AWS_MAX_ATTEMPTS = '2'
  })
  afterAll(async () => {
    await world.sandbox?.stop()
  })
  return world
}

describe('verify under injected faults (built CLI, AWS_MAX_ATTEMPTS=2)', () => {
  it('a baseline run with no fault makes every call of the matrix and passes', async () => {
    const sandbox = await startTestSandbox({ world: faultWorld(setup) })
    try {
      const env = await cliEnv(sandbox)
      const run = await runVerify(env, true)
      expectAllPass('baseline', run.report, true)
      expect(run.code).toBe(0)
      const made = new Set(sandbox.calls.map((c) => c.operation))
      expect(OPERATIONS.map((o) => o.operation).filter((op) => !made.has(op))).toEqual([])
    } finally {
      await sandbox.stop()
    }
  })

  /**
   * A one-off fault on EVERY operation at once, one run per kind: each call must ride out its own
   * retry within the same run (as strong as one run per call, at a twelfth of the cost).
   */
  describe('transient faults on every call at once', () => {
    const world = useFaultSandbox()

    it.each(TRANSIENT)('one %s on each call is retried: every check still passes', async (kind) => {
      world.sandbox.setFaults(OPERATIONS.map(({ service, operation }) => ({ service, operation, kind, count: 1 })))
      injected += OPERATIONS.length
      try {
        const run = await runVerify(world.env, true)
        for (const { operation } of OPERATIONS) {
          expect(
            world.sandbox.calls.some((c) => c.operation === operation && (c.status >= 400 || c.status === 0)),
            `${operation} was faulted`
          ).toBe(true)
        }
        expectAllPass(`every call ${kind} ×1`, run.report, true)
        expect(run.code).toBe(0)
      } finally {
        world.sandbox.setFaults([])
        world.sandbox.calls.length = 0
      }
    })
  })

  describe.each(OPERATIONS)('$service $operation', ({ service, operation, checks, trail }) => {
    const world = useFaultSandbox()

    it.each(PERSISTENT)('persistent %s: exit 3, a hint, never a pass for the checks that depend on it', async (kind) => {
      world.sandbox.setFaults([{ service, operation, kind }])
      injected++
      try {
        const run = await runVerify(world.env, trail)
        expectNoFalsePass(`${operation} ${kind}`, run.report, checks, operation)
        expect(run.code).toBe(3)
        expect(run.stderr).not.toMatch(STACK_TRACE)
      } finally {
        world.sandbox.setFaults([])
      }
    })
  })
})

describe('verify when a call hangs past the request timeout (in-process, real SDK over HTTP, 300 ms timeout)', () => {
  let sandbox: TestSandbox
  const validated = { stream: true, trail: true, trailTimeoutMs: 4_000, strict: false, concurrency: 1, showSecrets: false }
  beforeAll(async () => {
    sandbox = await startTestSandbox({ world: faultWorld(setup) })
    const env = await cliEnv(sandbox)
    // The default credential chain of this process: app-caller's keys, and the `target` profile.
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: env.env.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: env.env.AWS_SECRET_ACCESS_KEY, AWS_SHARED_CREDENTIALS_FILE: env.env.AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE: env.env.AWS_CONFIG_FILE })
  })
  afterAll(async () => {
    await sandbox?.stop()
  })

  async function verifyInProcess() {
    const factory = createAwsFactory({ endpointUrl: sandbox.endpoint, requestTimeoutMs: 300, maxAttempts: 2 })
    const io = memoryIo()
    const deps = { io, env: {}, now: () => new Date(), cwd: process.cwd(), prompter: nonInteractivePrompter('test'), global: { json: true, color: false, debug: false, yes: true }, aws: factory }
    const { report, exitCode } = await verifySetups([setup], validated, deps, { callerProfile: undefined, targetProfile: 'target', configFile: undefined })
    return { report: JSON.parse(JSON.stringify(report)) as JsonReport, exitCode }
  }

  it.each(OPERATIONS)('$operation: one hang is retried and passes; a hang on every attempt is exit 3 and never a pass', async ({ service, operation, checks }) => {
    sandbox.setFaults([{ service, operation, kind: 'latency', latencyMs: 1_500, count: 1 }])
    injected++
    const once = await verifyInProcess().finally(() => sandbox.setFaults([]))
    expectAllPass(`${operation} hang ×1`, once.report, true)
    expect(once.exitCode).toBe(0)

    sandbox.setFaults([{ service, operation, kind: 'latency', latencyMs: 1_500 }])
    injected++
    const always = await verifyInProcess().finally(() => sandbox.setFaults([]))
    expectNoFalsePass(`${operation} hang`, always.report, checks, operation)
    expect(always.exitCode).toBe(3)
  })
})

describe('trail under injected faults (built CLI): an unreadable CloudTrail is exit 3, never an empty listing', () => {
  let sandbox: TestSandbox
  let env: CliEnv
  const trailArgs = ['trail', '--role-arn', `arn:aws:iam::222222222222:role/${setup.roleName}`, '--region', 'us-east-1', '--json']
  beforeAll(async () => {
    sandbox = await startTestSandbox({ world: faultWorld(setup) })
    env = await cliEnv(sandbox)
    env.env.AWS_MAX_ATTEMPTS = '2'
    await runVerify(env, false)
  })
  afterAll(async () => {
    await sandbox?.stop()
  })

  /** The adapter's own LookupEvents retry (backoff, ~13 s) runs for throttle/5xx/reset alike; one of each family keeps this quick. */
  const TRAIL_KINDS: FaultRule['kind'][] = ['throttle', 'reset', 'malformed', 'empty']

  it.each(TRAIL_KINDS)('LookupEvents, persistent %s → exit 3 naming CloudTrail', async (kind) => {
    sandbox.setFaults([{ service: 'cloudtrail', operation: 'LookupEvents', kind }])
    injected++
    try {
      // One attempt per call: trail makes several queries, each paced by the LookupEvents limiter; the retry itself is covered below.
      const run = await runCli([...trailArgs, '--target-profile', 'target'], { ...env, env: { ...env.env, AWS_MAX_ATTEMPTS: '1' } })
      expect(run.code, run.stderr).toBe(3)
      expect(run.stdout).toBe('')
      expect(run.stderr).toMatch(/CloudTrail could not be searched/)
      expect(run.stderr).not.toMatch(STACK_TRACE)
    } finally {
      sandbox.setFaults([])
    }
  })

  it.each(['empty', 'malformed'] as const)('AssumeRole for reading through the role, %s 200 → exit 3, not a listing', async (kind) => {
    sandbox.setFaults([{ service: 'sts', operation: 'AssumeRole', kind }])
    injected++
    try {
      const run = await runCli([...trailArgs, '--external-id', setup.externalId!], env)
      expect(run.code, run.stderr).toBe(3)
      expect(run.stdout).toBe('')
      expect(run.stderr).toMatch(/malformed response/)
      expect(run.stderr).not.toMatch(STACK_TRACE)
    } finally {
      sandbox.setFaults([])
    }
  })

  it('one throttled LookupEvents is retried: the events are listed', async () => {
    sandbox.setFaults([{ service: 'cloudtrail', operation: 'LookupEvents', kind: 'throttle', count: 1 }])
    injected++
    try {
      const run = await runCli([...trailArgs, '--target-profile', 'target'], env)
      expect(run.code, run.stderr).toBe(0)
      expect((JSON.parse(run.stdout) as { events: unknown[] }).events.length).toBeGreaterThan(0)
    } finally {
      sandbox.setFaults([])
    }
  })
})

describe('coverage of the matrix', () => {
  it('asserted never-false-pass for every check id that makes an AWS call', () => {
    expect(VERIFY_CHECK_IDS.filter((id) => !asserted.has(id) && !NO_AWS_CALL.includes(id))).toEqual([])
    expect(asserted.size + NO_AWS_CALL.length).toBe(VERIFY_CHECK_IDS.length)
    // verify: 13 operations × (4 transient + 6 persistent) through the CLI + 13 × 2 hangs in-process;
    // trail: 4 persistent LookupEvents + 2 broken AssumeRole answers + 1 transient.
    expect(injected).toBe(OPERATIONS.length * (TRANSIENT.length + PERSISTENT.length + 2) + 4 + 3)
  })
})
