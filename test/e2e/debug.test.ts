/**
 * `--debug` end to end: the built CLI against the sandbox traces every AWS call on stderr, one line
 * each with AWS's request id (the sandbox sends `x-amzn-requestid` like AWS), never on stdout and
 * never with a credential; an AWS failure's error text carries its request id.
 * Accounts: A = 111111111111 (caller), B = 222222222222 (role DebugRole).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js'
import { cliEnv, createSetup, e2eSetup, parseReport, runCli, setupFlags, statuses } from './verify-world.js'

let sandbox: TestSandbox
const setup = e2eSetup('DebugRole')
const ROLE = `arn:aws:iam::222222222222:role/${setup.roleName}`

beforeAll(async () => {
  sandbox = await startTestSandbox()
  await createSetup(sandbox, setup)
})
afterAll(async () => {
  await sandbox?.stop()
})

/** `debug: aws <service> <Operation> <region> <outcome> <n> ms, <n> attempt(s), request id <uuid>` */
const TRACE = /^debug: aws (sts|iam|bedrock|cloudtrail) ([A-Za-z]+) ([a-z0-9-]+) ([a-z-]+) (\d+) ms, (\d+) attempts?, request id ([0-9a-f-]{36})$/
const traceLines = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('debug: aws '))

describe('--debug (e2e, sandbox)', () => {
  it('verify --debug: one stderr line per AWS call with its request id; stdout is the same report', async () => {
    const env = await cliEnv(sandbox)
    const args = ['verify', ...setupFlags(setup), '--no-trail', '--json']
    const plain = await runCli(args, env)
    const callsBefore = sandbox.calls.length
    const debug = await runCli(['--debug', ...args], env)
    const callsDuring = sandbox.calls.length - callsBefore

    expect(debug.code).toBe(plain.code)
    // stdout unchanged: still exactly one JSON document, the same checks with the same statuses.
    expect(statuses(parseReport(debug.stdout))).toEqual(statuses(parseReport(plain.stdout)))
    expect(debug.stdout).not.toContain('debug:')
    expect(traceLines(plain.stderr)).toEqual([])

    const lines = traceLines(debug.stderr)
    for (const line of lines) expect(line).toMatch(TRACE)
    // One line per request the sandbox answered, each with its own request id.
    expect(lines).toHaveLength(callsDuring)
    const ids = lines.map((line) => TRACE.exec(line)![7])
    expect(new Set(ids).size).toBe(ids.length)
    const operations = lines.map((line) => `${TRACE.exec(line)![1]} ${TRACE.exec(line)![2]}`)
    expect(operations).toEqual(expect.arrayContaining(['sts GetCallerIdentity', 'sts AssumeRole', 'bedrock Converse']))
    // The ExternalId probes are refused: their lines say so.
    expect(lines.some((line) => / sts AssumeRole \S+ access-denied /.test(line))).toBe(true)
    for (const secret of [sandbox.principals.sourceCaller.secretAccessKey, sandbox.principals.targetAdmin.secretAccessKey, ...sandbox.mintedSecrets()]) {
      expect(debug.stderr).not.toContain(secret)
    }
  })

  it('trail --debug: the failed LookupEvents is traced and the error names its request id', async () => {
    const env = await cliEnv(sandbox)
    const r = await runCli(['--debug', 'trail', '--role-arn', ROLE, '--region', 'us-east-1', '--account', 'source', '--json'], env)
    expect(r.code).toBe(3)
    expect(r.stdout).toBe('')
    const denied = traceLines(r.stderr).filter((line) => / cloudtrail LookupEvents \S+ access-denied /.test(line))
    expect(denied.length).toBeGreaterThan(0)
    const id = TRACE.exec(denied[0]!)![7]
    expect(r.stderr).toContain(`AWS request id: ${id}`)
    const without = await runCli(['trail', '--role-arn', ROLE, '--region', 'us-east-1', '--account', 'source', '--json'], env)
    expect(without.stderr).not.toMatch(/request id/i)
  })
})
