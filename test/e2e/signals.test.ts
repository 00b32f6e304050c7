/**
 * Ctrl-C (issue 8): in a prompt (a real terminal through `script`, which gives the CLI a pty), in
 * verify's CloudTrail poll, in the middle of `init --apply` (a write held up by injected latency),
 * and in `trail --follow --json`: exit 130, "Cancelled." or the apply's report of what was done, no
 * stack trace; an interrupted apply is completed by a rerun.
 *
 * Accounts: A = 111111111111 (app-caller: the caller; admin: profile `source`), B = 222222222222
 * (admin: profile `target`).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ACCOUNT_A, ACCOUNT_B, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js'
import { MODEL, cliEnv, createSetup, e2eSetup, runCli, setupFlags, type CliEnv } from './verify-world.js'

const CLI = join(import.meta.dirname, '../../bin/bedrock-xacct.js')
const STACK_TRACE = /\n\s+at .*(\.js|\.ts):\d+/

let sandbox: TestSandbox
let where: CliEnv

beforeAll(async () => {
  sandbox = await startTestSandbox()
  where = await cliEnv(sandbox)
  const a = sandbox.principals.sourceAdmin
  const b = sandbox.principals.targetAdmin
  await writeFile(join(where.dir, 'credentials'), `[target]\naws_access_key_id = ${b.accessKeyId}\naws_secret_access_key = ${b.secretAccessKey}\n[source]\naws_access_key_id = ${a.accessKeyId}\naws_secret_access_key = ${a.secretAccessKey}\n`)
  await writeFile(join(where.dir, 'config'), '[profile target]\nregion = us-east-1\n[profile source]\nregion = us-east-1\n')
})
afterAll(async () => {
  await sandbox?.stop()
})

interface Interrupted {
  code: number | null
  stdout: string
  stderr: string
}

/**
 * Spawn the CLI, wait until `ready` matches its output (stdout + stderr), then `interrupt` it;
 * resolve with the exit code and both streams. Fails the wait after `timeoutMs`.
 */
function interruptWhen(child: ChildProcessWithoutNullStreams, ready: RegExp, interrupt: () => void, timeoutMs = 30_000): Promise<Interrupted & { fired: boolean }> {
  return new Promise((resolve) => {
    let stdout = ''
    let stderr = ''
    let fired = false
    const check = () => {
      if (!fired && ready.test(stdout + stderr)) {
        fired = true
        interrupt()
      }
    }
    child.stdout.on('data', (d) => ((stdout += d), check()))
    child.stderr.on('data', (d) => ((stderr += d), check()))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr, fired })
    })
  })
}

function cli(args: string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [CLI, ...args], { env: where.env, cwd: where.dir })
}

/** The CLI on a real pseudo-terminal (util-linux `script`), its terminal output on stdout. */
function cliOnTty(args: string[]): ChildProcessWithoutNullStreams {
  const command = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')
  return spawn('script', ['-qefc', command, '/dev/null'], { env: { ...where.env, TERM: 'xterm' }, cwd: where.dir })
}

const initFlags = (role: string) => [
  'init',
  '--source-account',
  ACCOUNT_A,
  '--caller',
  `arn:aws:iam::${ACCOUNT_A}:user/app-caller`,
  '--target-account',
  ACCOUNT_B,
  '--role-name',
  role,
  '--region',
  'us-east-1',
  '--models',
  MODEL,
  '--external-id',
  'signals-ext-id-2c9d',
  '--use-case',
  role.toLowerCase()
]
const writesSince = (from: number) =>
  sandbox.calls
    .slice(from)
    .filter((c) => c.service === 'iam' && !/^(Get|List|Simulate)/.test(c.operation) && c.status === 200)
    .map((c) => c.operation)

describe('Ctrl-C exits 130 cleanly (e2e)', () => {
  it('in the init wizard’s first question (a real terminal): "Cancelled.", nothing written', async () => {
    const before = await readdir(where.dir)
    const child = cliOnTty(['init'])
    const run = await interruptWhen(child, /Which scenario is this\?/, () => setTimeout(() => child.stdin.write('\x03'), 200))
    expect(run.fired).toBe(true)
    expect(run.code).toBe(130)
    expect(run.stdout).toMatch(/Cancelled\./)
    expect(run.stdout).not.toMatch(STACK_TRACE)
    expect(await readdir(where.dir)).toEqual(before)
  })

  it('at the apply confirmation (a real terminal): exit 130, no write call made', async () => {
    const start = sandbox.calls.length
    const child = cliOnTty([...initFlags('SignalConfirmRole'), '--apply', '--target-profile', 'target', '--source-profile', 'source'])
    const run = await interruptWhen(child, /Apply these changes\?/, () => setTimeout(() => child.stdin.write('\x03'), 200))
    expect(run.fired).toBe(true)
    expect(run.code).toBe(130)
    expect(run.stdout).toMatch(/Cancelled\./)
    expect(run.stdout).not.toMatch(STACK_TRACE)
    expect(writesSince(start)).toEqual([])
  })

  it.each([
    ['human', []],
    ['--json', ['--json']]
  ])('during verify’s CloudTrail poll (%s): "Cancelled." on stderr, no report half-printed', async (_name, extra) => {
    const setup = e2eSetup(`SignalVerify${extra.length}`)
    await createSetup(sandbox, setup)
    sandbox.setCloudTrailDelay(10 * 60_000)
    try {
      // Wait for the poll for the Converse event: a LookupEvents after the Converse call (the poll for
      // the AssumeRole event may start before it), and in human mode converse's progress line.
      const child = cli(['verify', ...setupFlags(setup), '--target-profile', 'target', '--trail-timeout', '10m', ...extra])
      let polled = false
      let progress = ''
      child.stderr.on('data', (d) => (progress += d))
      const started = Date.now()
      const pollingForConverse = () => {
        const converseAt = sandbox.calls.find((c) => c.operation === 'Converse' && c.at.getTime() >= started)?.at.getTime()
        const lookedUp = converseAt !== undefined && sandbox.calls.some((c) => c.operation === 'LookupEvents' && c.at.getTime() > converseAt)
        return lookedUp && (extra.length > 0 || /converse/.test(progress))
      }
      const watch = setInterval(() => {
        if (!polled && (pollingForConverse() || Date.now() - started > 20_000)) {
          polled = true
          clearInterval(watch)
          child.kill('SIGINT')
        }
      }, 100)
      const run = await interruptWhen(child, /$^/, () => undefined)
      clearInterval(watch)
      expect(run.code).toBe(130)
      expect(run.stderr).toMatch(/Cancelled\./)
      expect(run.stderr).not.toMatch(STACK_TRACE)
      if (extra.length > 0) expect(run.stdout).toBe('')
      else expect(run.stderr).toMatch(/converse/)
    } finally {
      sandbox.setCloudTrailDelay(0)
    }
  })

  it.each([
    ['SIGINT', 130, 'Cancelled.', 'SignalApplyRole'],
    ['SIGTERM', 143, 'Terminated.', 'SignalTermRole']
  ] as const)(
    '%s in the middle of init --apply: exit %i with what was done and what was not; a rerun completes',
    async (signal, exitCode, farewell, role) => {
      // Hold up the permissions policy write, so Ctrl-C lands after CreateRole and during PutRolePolicy.
      sandbox.setFaults([{ service: 'iam', operation: 'PutRolePolicy', kind: 'latency', latencyMs: 8_000 }])
      const start = sandbox.calls.length
      let run: Interrupted & { fired: boolean }
      try {
        const child = cli([...initFlags(role), '--apply', '--yes', '--target-profile', 'target', '--source-profile', 'source'])
        run = await interruptWhen(child, /✓ CreateRole/, () => setTimeout(() => child.kill(signal), 300))
      } finally {
        sandbox.setFaults([])
      }
      expect(run.fired).toBe(true)
      expect(run.code).toBe(exitCode)
      expect(run.stderr).toMatch(/Interrupted during apply\./)
      expect(run.stderr).toMatch(new RegExp(`Done:\\n\\s+✓ CreateRole ${role}`))
      expect(run.stderr).toMatch(/Not done:[\s\S]*PutRolePolicy[\s\S]*PutUserPolicy/)
      expect(run.stderr).toMatch(/The call in flight \(PutRolePolicy .*\) may or may not have been made\. Run the same command again to finish; backup: /)
      expect(run.stderr).toContain(farewell)
      expect(run.stderr + run.stdout).not.toMatch(STACK_TRACE)
      // The in-flight PutRolePolicy may be recorded (the sandbox holds up the answer, not the write): nothing after it ran.
      expect(writesSince(start).filter((op) => op !== 'PutRolePolicy')).toEqual(['CreateRole'])

      const rerunStart = sandbox.calls.length
      const rerun = await runCli([...initFlags(role), '--apply', '--yes', '--target-profile', 'target', '--source-profile', 'source'], where)
      expect(rerun.code, rerun.stderr).toBe(0)
      // The held-up PutRolePolicy may have landed after the process left: the rerun does what is still missing.
      expect(writesSince(rerunStart).filter((op) => op !== 'PutRolePolicy')).toEqual(['PutUserPolicy'])
    },
    60_000
  )

  it('SIGTERM in the middle of init --apply --json: exit 143, and stdout is exactly one JSON document saying what was done (issue 17)', async () => {
    sandbox.setFaults([{ service: 'iam', operation: 'PutRolePolicy', kind: 'latency', latencyMs: 8_000 }])
    let run: Interrupted & { fired: boolean }
    try {
      const child = cli([...initFlags('SignalTermJsonRole'), '--apply', '--yes', '--json', '--target-profile', 'target', '--source-profile', 'source'])
      run = await interruptWhen(child, /✓ CreateRole/, () => setTimeout(() => child.kill('SIGTERM'), 300))
    } finally {
      sandbox.setFaults([])
    }
    expect(run.fired).toBe(true)
    expect(run.code).toBe(143)
    const document = JSON.parse(run.stdout) as { status: string; done: string[]; notDone: string[]; inFlight: string; backup: string }
    expect(document.status).toBe('interrupted')
    expect(document.done).toEqual(['CreateRole SignalTermJsonRole'])
    expect(document.inFlight).toMatch(/^PutRolePolicy /)
    expect(document.notDone.join('\n')).toMatch(/PutUserPolicy/)
    expect(run.stderr).toMatch(/Interrupted during apply\./)
    expect(run.stderr + run.stdout).not.toMatch(STACK_TRACE)
  }, 60_000)

  it('during trail --follow --json: exit 130, every stdout line a whole JSON object', async () => {
    const setup = e2eSetup('SignalTrailRole')
    await createSetup(sandbox, setup)
    await runCli(['verify', ...setupFlags(setup), '--no-trail'], where)
    const child = cli(['trail', '--role-arn', `arn:aws:iam::${ACCOUNT_B}:role/SignalTrailRole`, '--region', 'us-east-1', '--target-profile', 'target', '--follow', '--json'])
    const run = await interruptWhen(child, /Following/, () => setTimeout(() => child.kill('SIGINT'), 300))
    expect(run.fired).toBe(true)
    expect(run.code).toBe(130)
    const lines = run.stdout.split('\n').filter((l) => l.trim() !== '')
    expect(lines.length).toBeGreaterThan(0)
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow()
    expect(run.stderr).not.toMatch(STACK_TRACE)
  })
})
