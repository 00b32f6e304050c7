/**
 * User-facing CLI plumbing, end to end through the BUILT CLI (`node bin/bedrock-xacct.js`; build
 * first with `npm run build`): the `--dotenv` file (Node 20 intercepts
 * `--env-file` itself, nodejs/node#54232), explain reading a slow pipe or a redirected file to its
 * end, and `sandbox --port` on a busy port. No AWS: fake keys, the SDK pointed at a closed port.
 * Fixture accounts: A = 111111111111 (source, the caller's), B = 222222222222 (target, the role's).
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer, type AddressInfo, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const CLI = resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/bedrock-xacct.js')
const INIT_FLAGS = ['init', '--yes', '--json', '--source-account', '111111111111', '--target-account', '222222222222', '--models', 'amazon.nova-lite-v1:0']
const DENIAL = 'User: arn:aws:iam::111111111111:user/x is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/R'

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

function baseEnv(dir: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    NO_COLOR: '1',
    AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKEFAKE',
    AWS_SECRET_ACCESS_KEY: 'fake-secret-for-tests',
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    AWS_EC2_METADATA_DISABLED: 'true'
  }
}

/** Run `command` (argv, or a shell line when a string) in `dir`, stdin closed unless a shell pipes it. */
function run(command: string[] | string, dir: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child =
      typeof command === 'string'
        ? spawn('sh', ['-c', command], { cwd: dir, env: { ...baseEnv(dir), ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
        : spawn(process.execPath, [CLI, ...command], { cwd: dir, env: { ...baseEnv(dir), ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolvePromise({ code, stdout, stderr })
    })
  })
}

const tempDir = () => mkdtempSync(join(tmpdir(), 'cli-flags-'))
const errorLines = (stderr: string) => stderr.split('\n').filter((line) => line.trim() !== '')

describe.concurrent('--dotenv (e2e)', () => {
  it('a missing file: exit 2, one line naming --dotenv and the file', async () => {
    const result = await run(['--dotenv', 'missing.env', ...INIT_FLAGS], tempDir())
    expect(result.code, result.stderr).toBe(2)
    const lines = errorLines(result.stderr)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^Error: --dotenv "missing\.env" /)
    expect(result.stdout).toBe('')
  })

  it('after the command name too, and its values are used (BEDROCK_REGION=eu-west-1)', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'my.env'), 'BEDROCK_REGION=eu-west-1\n')
    const result = await run([...INIT_FLAGS, '--dotenv', 'my.env'], dir)
    expect(result.code, result.stderr).toBe(0)
    const document = JSON.parse(result.stdout) as { setups: { setup: { region: string } }[] }
    expect(document.setups[0]?.setup.region).toBe('eu-west-1')
  })

  it('$BEDROCK_XACCT_DOTENV names the file; errors name the variable', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'ci.env'), 'BEDROCK_REGION=eu-central-1\n')
    const used = await run(INIT_FLAGS, dir, { BEDROCK_XACCT_DOTENV: 'ci.env' })
    expect(used.code, used.stderr).toBe(0)
    expect((JSON.parse(used.stdout) as { setups: { setup: { region: string } }[] }).setups[0]?.setup.region).toBe('eu-central-1')
    const missing = await run(INIT_FLAGS, dir, { BEDROCK_XACCT_DOTENV: 'gone.env' })
    expect(missing.code).toBe(2)
    expect(errorLines(missing.stderr)[0]).toMatch(/^Error: BEDROCK_XACCT_DOTENV "gone\.env" /)
  })

  it('--help offers --dotenv and says to use it on Node 20 instead of --env-file', async () => {
    const result = await run(['--help'], tempDir())
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('--dotenv <file>')
    expect(result.stdout).toMatch(/--env-file <file>\s+same as --dotenv; on Node 20 use --dotenv/)
  })
})

describe.concurrent('explain reads a piped or redirected message to its end (e2e)', () => {
  it('a slow producer: waits (saying so on stderr) and parses the message', async () => {
    // The producer writes only once the CLI has said it waits (at most 20 s), so a slow start of
    // the CLI on a loaded machine cannot make the producer finish first.
    const producer = `(i=0; while [ $i -lt 200 ] && ! grep -q "waiting for the error text" err.txt 2>/dev/null; do sleep 0.1; i=$((i+1)); done; echo "${DENIAL}")`
    const result = await run(`${producer} | "${process.execPath}" "${CLI}" explain 2>err.txt; code=$?; cat err.txt >&2; exit $code`, tempDir())
    expect([0, 1], result.stderr).toContain(result.code)
    expect(result.stdout).toContain('may not sts:AssumeRole on arn:aws:iam::222222222222:role/R')
    expect(result.stderr).toContain('waiting for the error text on stdin')
    expect(result.stderr).not.toContain('Missing <message>')
  })

  it('a redirected file: read at once, no waiting note', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'error.txt'), `${DENIAL}\n`)
    const result = await run(`"${process.execPath}" "${CLI}" explain --json < error.txt`, dir)
    expect([0, 1], result.stderr).toContain(result.code)
    expect(JSON.parse(result.stdout)).toBeTypeOf('object')
    expect(result.stderr).not.toContain('waiting for the error text')
  })
})

describe('sandbox --port on a busy port (e2e)', () => {
  let busy: Server
  let port = 0
  beforeAll(async () => {
    busy = createServer()
    await new Promise<void>((resolvePromise) => busy.listen(0, '127.0.0.1', resolvePromise))
    port = (busy.address() as AddressInfo).port
  })
  afterAll(() => new Promise<void>((resolvePromise) => busy.close(() => resolvePromise())))

  it('exit 2: one Error line naming --port and the port, a Hint to leave it out; no "unexpected failure"', async () => {
    const result = await run(['sandbox', '--port', String(port)], tempDir())
    expect(result.code, result.stderr).toBe(2)
    const lines = errorLines(result.stderr)
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(new RegExp(`^Error: --port "${port}" .*in use`))
    expect(lines[1]).toMatch(/^Hint: .*--port/)
    expect(result.stderr).not.toContain('unexpected failure')
    expect(result.stdout).toBe('')
  })
})

describe('a reader that closes stdout early (e2e)', () => {
  it('`--help | head -c 1`-style: stops quietly, exit 0, no EPIPE stack trace', async () => {
    const result = await new Promise<{ code: number | null; stderr: string }>((resolvePromise, reject) => {
      const child = spawn(process.execPath, [CLI, 'init', '--help'], { cwd: tempDir(), env: baseEnv(tempDir()), stdio: ['ignore', 'pipe', 'pipe'] })
      // Closed before Node has even started, so the CLI's first write meets a closed pipe.
      child.stdout.destroy()
      let stderr = ''
      child.stderr.on('data', (chunk) => (stderr += chunk))
      child.on('error', reject)
      child.on('close', (code) => resolvePromise({ code, stderr }))
    })
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
  })
})
