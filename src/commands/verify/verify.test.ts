/**
 * `verify` as a command over the in-memory AWS: a config of many setups runs with bounded
 * concurrency, one summary line per setup, JSON on stdout with the ExternalId redacted, the exit
 * code by the summary rule, and bad input rejected before any AWS call.
 * Accounts: A = 111111111111 (user caller, profile source), B = 222222222222 (profile admin-b).
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isXacctError } from '../../core/errors.js'
import { buildDocuments } from '../../core/policies/index.js'
import { ACCOUNT_B, EXTERNAL_ID, MODEL, fixtureSetup, fixtureWorld, manualClock } from '../../../test/helpers/checklist-fixture.js'
import type { AwsFactory } from '../../core/ports/aws.js'
import { testDeps } from '../../../test/helpers/command-deps.js'
import { screenAfter } from '../../../test/helpers/terminal-screen.js'
import { runVerify as runVerifyEntry } from './index.js'

/** The command's exit code, which these tests assert (its typed result is what --json prints). */
const runVerify = async (...args: Parameters<typeof runVerifyEntry>): Promise<number> => (await runVerifyEntry(...args)).exitCode

async function depsFor(config: unknown | undefined, json: boolean, aws: AwsFactory, interactive = false) {
  const cwd = await mkdtemp(join(tmpdir(), 'xacct-verify-'))
  if (config) await writeFile(join(cwd, 'bedrock-xacct.json'), JSON.stringify(config))
  const deps = testDeps(cwd, { aws, interactive, now: () => new Date(), global: { json, yes: true, profile: 'source', config: config ? join(cwd, 'bedrock-xacct.json') : undefined } })
  return { io: deps.io, deps, cwd }
}

function manySetupsWorld(count: number) {
  const clock = manualClock(Date.now())
  const base = fixtureSetup()
  const aws = fixtureWorld(base, clock)
  const setups = Array.from({ length: count }, (_, i) => fixtureSetup({ name: `s${i}`, roleName: `Role${i}` }))
  for (const setup of setups) {
    const docs = buildDocuments(setup)
    aws.addRole(ACCOUNT_B, { name: setup.roleName, trustPolicy: docs.trustPolicy, inlinePolicies: { p: docs.permissionsPolicy } })
    aws.putUserPolicy('111111111111', 'caller', `assume-${setup.roleName}`, docs.sourcePolicy)
  }
  const config = {
    defaults: { sourceAccountId: '111111111111', targetAccountId: ACCOUNT_B, region: 'us-east-1', models: [MODEL], externalId: EXTERNAL_ID, caller: 'arn:aws:iam::111111111111:user/caller', sessionDurationSeconds: 3600 },
    setups: setups.map((s) => ({ name: s.name, roleName: s.roleName }))
  }
  return { clock, aws, config }
}

describe('verify command', () => {
  it('verifies every setup of a config concurrently, JSON on stdout, ExternalId redacted', async () => {
    const { clock, aws, config } = manySetupsWorld(6)
    const { io, deps } = await depsFor(config, true, aws)
    const code = await runVerify({ targetProfile: 'admin-b', trailTimeout: '10s', concurrency: '3' }, deps, { clock })
    const doc = JSON.parse(io.stdout.join(''))
    expect(doc.setups.map((s: { name: string }) => s.name)).toEqual(['s0', 's1', 's2', 's3', 's4', 's5'])
    for (const setup of doc.setups) for (const check of setup.checks) expect(`${setup.name}:${check.id}:${check.status}`).toBe(`${setup.name}:${check.id}:pass`)
    expect(doc.summary).toMatchObject({ setups: 6, total: 78, pass: 78, exitCode: 0 })
    expect(code).toBe(0)
    expect(io.stdout.join('')).not.toContain(EXTERNAL_ID)
  })

  it('prints one summary line per setup and totals, and writes JUnit', async () => {
    const { clock, aws, config } = manySetupsWorld(2)
    aws.setRolePolicies(ACCOUNT_B, 'Role1', {})
    const { io, deps, cwd } = await depsFor(config, false, aws)
    const code = await runVerify({ targetProfile: 'admin-b', trail: false, junit: 'out.xml' }, deps, { clock })
    expect(code).toBe(1)
    const text = io.stdout.join('\n')
    expect(text).toMatch(/✔ s0: 11 passed, 2 skipped/)
    expect(text).toMatch(/✖ s1: .*failed/)
    expect(text).toMatch(/Total over 2 setups: .* — exit 1/)
    expect(io.stderr.join('\n')).toMatch(/Verifying 2 setups/)
    const junit = await readFile(join(cwd, 'out.xml'), 'utf8')
    expect(junit.match(/<testsuite /g)).toHaveLength(2)
    expect(junit).toContain('<failure')
  })

  it('on a terminal, draws the live checklist through the Io port (raw stderr), never process.stderr', async () => {
    const { clock, aws, config } = manySetupsWorld(1)
    const { io, deps } = await depsFor(config, false, aws, true)
    const direct: string[] = []
    const original = process.stderr.write.bind(process.stderr)
    process.stderr.write = ((chunk: string | Uint8Array) => (direct.push(String(chunk)), true)) as typeof process.stderr.write
    try {
      expect(await runVerify({ targetProfile: 'admin-b', trail: false }, deps, { clock })).toBe(0)
    } finally {
      process.stderr.write = original
    }
    const frames = io.stderrRaw.join('')
    expect(frames).toContain('\u001b[2K')
    expect(frames).toMatch(/s0/)
    expect(direct.join('')).not.toContain('\u001b[2K')
    expect(io.stdout.join('\n')).toMatch(/✔ s0/)
  })

  it.each([
    [80, 40],
    [50, 30]
  ])('on a %i-column terminal, the screen (xterm.js) shows the checklist once: live lines cut to the width, then the report once (issue 20)', async (columns, rows) => {
    const { clock, aws, config } = manySetupsWorld(1)
    const { io, deps } = await depsFor(config, false, aws, true)
    const tty = { ...io, errRaw: { write: (text: string) => void io.stderrRaw.push(text), columns, rows } }
    // Ticks of the spinner while checks run: each one redraws the checklist in place.
    expect((await runVerifyEntry({ targetProfile: 'admin-b', trail: false }, { ...deps, io: tty }, { clock })).exitCode).toBe(0)
    expect(io.stderrRaw.length).toBeGreaterThan(5)
    const screen = await screenAfter(`${io.stderrRaw.join('')}${io.stdout.map((t) => `${t}\n`).join('')}`, { columns, rows })
    const roleExists = screen.filter((line) => line.includes('role-exists'))
    expect(roleExists).toHaveLength(1)
    expect(screen.filter((line) => /^s0 — /.test(line))).toHaveLength(1)
  })

  it('without a terminal: one progress line per check on stderr, the report once on stdout (issue 20)', async () => {
    const { clock, aws, config } = manySetupsWorld(1)
    const { io, deps } = await depsFor(config, false, aws, false)
    expect(await runVerify({ targetProfile: 'admin-b', trail: false }, deps, { clock })).toBe(0)
    expect(io.stderrRaw).toEqual([])
    const progress = io.stderr.filter((line) => /^\[\d+\/\d+\]/.test(line))
    expect(progress).toHaveLength(13)
    expect(progress.filter((line) => line.includes('role-exists'))).toHaveLength(1)
    expect(io.stdout.join('\n').match(/role-exists/g)).toHaveLength(1)
  })

  it('the output format never changes the exit code: human and --json, passing and failing (issue 20)', async () => {
    const codes: Record<string, number[]> = {}
    for (const broken of [false, true]) {
      for (const json of [false, true]) {
        const { clock, aws, config } = manySetupsWorld(2)
        if (broken) aws.setRolePolicies(ACCOUNT_B, 'Role1', {})
        const { deps } = await depsFor(config, json, aws)
        ;(codes[String(broken)] ??= []).push(await runVerify({ targetProfile: 'admin-b', trail: false }, deps, { clock }))
      }
    }
    expect(codes).toEqual({ false: [0, 0], true: [1, 1] })
  })

  it('--show-secrets prints the ExternalId', async () => {
    const { clock, aws, config } = manySetupsWorld(1)
    const { io, deps } = await depsFor(config, true, aws)
    await runVerify({ targetProfile: 'admin-b', trail: false, showSecrets: true }, deps, { clock })
    expect(io.stdout.join('')).toContain(EXTERNAL_ID)
  })

  it.each([
    [{ trailTimeout: 'forever' }, '--trail-timeout'],
    [{ concurrency: '0' }, '--concurrency'],
    [{ junit: '/nonexistent-dir/x.xml' }, '--junit'],
    [{ only: 'nope' }, '--only'],
    [{ callerIp: '203.0.113.0/24' }, '--caller-ip']
  ])('rejects %o with exit 2 before any AWS call', async (options, field) => {
    const { aws, config } = manySetupsWorld(1)
    const { deps } = await depsFor(config, true, aws)
    const error = await runVerify(options, deps).catch((e: unknown) => e)
    expect(isXacctError(error) && error.exitCode).toBe(2)
    expect(isXacctError(error) && error.message).toContain(field)
    expect(aws.calls).toHaveLength(0)
  })

  it("refuses a --target-profile of another account than the role's (exit 2, naming both), before any check runs (issue 16)", async () => {
    const { clock, aws, config } = manySetupsWorld(1)
    const { io, deps } = await depsFor(config, true, aws)
    const error = await runVerify({ targetProfile: 'source', trail: false }, deps, { clock }).catch((e: unknown) => e)
    expect(isXacctError(error) && error.exitCode).toBe(2)
    expect(isXacctError(error) && error.message).toMatch(/--target-profile "source" belong to account 111111111111 .*, but the target account \(where the role lives\) is account 222222222222\. Nothing was verified\./)
    expect(aws.calls.map((c) => c.operation)).toEqual(['GetCallerIdentity'])
    expect(io.stdout.join('')).toBe('')
  })
})
