/**
 * The bad-input corpus (issue 8): hostile or mistaken inputs to every command, its flags, the
 * config file and the `.env` file, each run through the BUILT CLI (`node bin/bedrock-xacct.js`,
 * build first: `npm run build`) in a fresh temp dir. Every case must end with:
 * exit 2, stderr of ONE `Error:` line (plus at most one `Hint:`) naming the field or flag and
 * quoting the bad value, no stack trace, nothing on stdout, and the temp dir unchanged (no file
 * written or half-written; `init --out` targets do not exist afterwards).
 *
 * A second, smaller table holds inputs that look odd but are valid (aws-cn / aws-us-gov ARNs, a
 * config with a BOM, a `.env` with `export` and CRLF): they must be accepted.
 *
 * Fixture accounts: A = 111111111111 (source, the caller's), B = 222222222222 (target, the role's).
 * No AWS is reachable: the environment has fake keys and points the SDK at a closed loopback port,
 * so a case that wrongly passes validation ends fast with exit 3 instead of hanging.
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { createServer, type AddressInfo, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ACCEPTED, CASES, HANDLED } from './bad-input-cases.js'

const CLI = resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/bedrock-xacct.js')
/** Spawns at once: two cores, each spawn ~150–300 ms of CPU. */
const PARALLEL_SPAWNS = 4

const BASE_ENV: Record<string, string> = {
  PATH: process.env.PATH ?? '',
  NO_COLOR: '1',
  CI: 'true',
  AWS_ACCESS_KEY_ID: 'AKIACORPUSFAKEKEY000',
  AWS_SECRET_ACCESS_KEY: 'corpusFakeSecretKey0000000000000000000000',
  AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_MAX_ATTEMPTS: '1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true'
}

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/** Bounds concurrent spawns (vitest runs the concurrent tests' bodies all at once). */
function limiter(max: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0
  const waiting: (() => void)[] = []
  return async (task) => {
    if (active >= max) await new Promise<void>((resolve) => waiting.push(resolve))
    active++
    try {
      return await task()
    } finally {
      active--
      waiting.shift()?.()
    }
  }
}
const limit = limiter(PARALLEL_SPAWNS)

function runCli(args: string[], cwd: string, env: Record<string, string>, stdin?: string): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...BASE_ENV, HOME: cwd, ...env } })
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
    // The CLI may stop reading a huge stdin early (bounded input); that is not a test failure.
    child.stdin.on('error', () => undefined)
    child.stdin.end(stdin ?? '')
  })
}

/** Every path under `dir` with a hash of its content (directories marked): the before/after snapshot. */
async function snapshot(dir: string, prefix = ''): Promise<Record<string, string>> {
  const result: Record<string, string> = {}
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const rel = join(prefix, entry.name)
    if (entry.isDirectory()) Object.assign(result, { [`${rel}/`]: 'dir' }, await snapshot(dir, rel))
    else {
      const info = await stat(join(dir, rel))
      result[rel] = `${info.size}:${createHash('sha256')
        .update(await readFile(join(dir, rel)))
        .digest('hex')}`
    }
  }
  return result
}

async function inTempDir<T>(files: Record<string, string | (() => string)> | undefined, body: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'bxa-bad-input-'))
  try {
    for (const [name, content] of Object.entries(files ?? {})) {
      await mkdir(dirname(join(dir, name)), { recursive: true })
      await writeFile(join(dir, name), typeof content === 'function' ? content() : content)
    }
    return await body(dir)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** A port this file keeps busy, for `sandbox --port` in use; `{BUSY_PORT}` in a case stands for it. */
let BUSY_PORT = 0
const withBusyPort = (text: string) => text.replace('{BUSY_PORT}', String(BUSY_PORT))
let busyServer: Server | undefined
beforeAll(async () => {
  busyServer = createServer()
  await new Promise<void>((resolvePromise) => busyServer!.listen(0, '127.0.0.1', resolvePromise))
  BUSY_PORT = (busyServer.address() as AddressInfo).port
})
afterAll(() => new Promise<void>((resolvePromise) => (busyServer ? busyServer.close(() => resolvePromise()) : resolvePromise())))

describe.concurrent(`bad input: ${CASES.length} cases, each exit 2 with one line and nothing written`, () => {
  it.each(CASES)('$name', async (item) => {
    await inTempDir(item.files, async (dir) => {
      const before = await snapshot(dir)
      const run = await limit(() => runCli(item.args.map(withBusyPort), dir, item.env ?? {}, item.stdin))
      const after = await snapshot(dir)
      const report = `args: ${JSON.stringify(item.args).slice(0, 300)}\nexit: ${run.code}\nstderr:\n${run.stderr}\nstdout:\n${run.stdout.slice(0, 500)}`
      expect(run.code, report).toBe(2)
      const lines = run.stderr.split('\n').filter((line) => line.trim() !== '')
      expect(lines.length, report).toBeGreaterThanOrEqual(1)
      expect(lines.length, report).toBeLessThanOrEqual(2)
      expect(lines[0], report).toMatch(/^Error: /)
      if (lines[1] !== undefined) expect(lines[1], report).toMatch(/^Hint: /)
      expect(run.stderr, report).not.toMatch(/^\s+at /m)
      // No raw control characters from the input (a pasted escape sequence must not reach the terminal).
      expect(run.stderr, report).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/)
      for (const mention of item.mentions) expect(run.stderr, report).toContain(withBusyPort(mention))
      expect(run.stdout, report).toBe('')
      expect(after, report).toEqual(before)
    })
  })
})

describe.concurrent(`hostile free text: ${HANDLED.length} cases handled without a crash or raw control characters`, () => {
  it.each(HANDLED)('$name', async (item) => {
    await inTempDir(undefined, async (dir) => {
      const started = Date.now()
      const run = await limit(() => runCli(item.args, dir, {}, item.stdin))
      const report = `exit: ${run.code}\nstderr:\n${run.stderr.slice(0, 500)}\nstdout:\n${run.stdout.slice(0, 500)}`
      expect(run.code, report).toBe(item.exit)
      expect(run.stderr + run.stdout, report).not.toMatch(/^\s+at /m)
      expect(run.stderr + run.stdout, report).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/)
      expect(Date.now() - started).toBeLessThan(15_000)
    })
  })
})

describe.concurrent(`accepted input: ${ACCEPTED.length} unusual but valid cases`, () => {
  it.each(ACCEPTED)('$name', async (item) => {
    await inTempDir(item.files, async (dir) => {
      const run = await limit(() => runCli(item.args, dir, {}))
      const report = `args: ${JSON.stringify(item.args).slice(0, 300)}\nexit: ${run.code}\nstderr:\n${run.stderr}`
      expect(run.code, report).toBe(0)
      for (const text of item.expect) expect(run.stdout, report).toContain(text)
    })
  })
})
