/**
 * Shared bench plumbing: start the sandbox in-process (from dist/), write an AWS shared credentials
 * and config file for it in a temp dir, and spawn the built CLI or any command against it. Only
 * loopback. Build first: `npm run build`.
 *
 * Accounts (src/sandbox/worlds/default-world.ts): A = 111111111111 (users app-caller: the caller,
 * admin: profile `source`), B = 222222222222 (user admin: profile `target`).
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startSandbox } from '../../dist/sandbox/index.js'

export const ROOT = join(import.meta.dirname, '..', '..')
export const CLI = join(ROOT, 'bin', 'bedrock-xacct.js')
export const ACCOUNT_A = '111111111111'
export const ACCOUNT_B = '222222222222'
export const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0'
export const EXTERNAL_ID = 'bench-external-id-5c1e'
export const CALLER = `arn:aws:iam::${ACCOUNT_A}:user/app-caller`
export const REGION = 'us-east-1'

/** Start a sandbox and a temp dir whose env points the CLI (and `aws`) at it as A's caller. */
export async function benchSandbox(options = {}) {
  const sandbox = await startSandbox(options)
  const dir = mkdtempSync(join(tmpdir(), 'xacct-bench-'))
  const { sourceCaller: caller, sourceAdmin: a, targetAdmin: b } = sandbox.principals
  writeFileSync(
    join(dir, 'credentials'),
    [
      `[default]\naws_access_key_id = ${caller.accessKeyId}\naws_secret_access_key = ${caller.secretAccessKey}`,
      `[target]\naws_access_key_id = ${b.accessKeyId}\naws_secret_access_key = ${b.secretAccessKey}`,
      `[source]\naws_access_key_id = ${a.accessKeyId}\naws_secret_access_key = ${a.secretAccessKey}`
    ].join('\n') + '\n',
    { mode: 0o600 }
  )
  writeFileSync(join(dir, 'config'), ['[default]', '[profile target]', '[profile source]'].map((p) => `${p}\nregion = ${REGION}`).join('\n') + '\n', { mode: 0o600 })
  const env = {
    PATH: process.env.PATH,
    HOME: dir,
    AWS_ENDPOINT_URL: sandbox.endpoint,
    AWS_REGION: REGION,
    AWS_DEFAULT_REGION: REGION,
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_EC2_METADATA_DISABLED: 'true',
    NO_COLOR: '1'
  }
  return {
    sandbox,
    dir,
    env,
    async stop() {
      await sandbox.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

/**
 * Run a command asynchronously (the in-process sandbox must keep answering meanwhile). Resolves
 * with the exit code, stdout, stderr and wall milliseconds.
 */
export function run(command, args, { env, cwd, timeoutMs = 120_000 }) {
  return new Promise((resolve, reject) => {
    const start = performance.now()
    const child = spawn(command, args, { env, cwd })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr, ms: performance.now() - start })
    })
  })
}

/** The CLI, as `node bin/bedrock-xacct.js …`. */
export const runCli = (args, where, options = {}) => run(process.execPath, [CLI, ...args], { env: where.env, cwd: where.dir, ...options })

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

/** `init … --apply` for one role: the role in B, the source policy on app-caller in A. */
export function initApplyArgs(roleName, useCase = roleName.toLowerCase()) {
  return [
    'init',
    '--source-account',
    ACCOUNT_A,
    '--caller',
    CALLER,
    '--target-account',
    ACCOUNT_B,
    '--role-name',
    roleName,
    '--region',
    REGION,
    '--models',
    MODEL,
    '--external-id',
    EXTERNAL_ID,
    '--use-case',
    useCase,
    '--apply',
    '--yes',
    '--target-profile',
    'target',
    '--source-profile',
    'source'
  ]
}

/**
 * Wait until CloudTrail's 1-second rate window holds none of the lookups made so far. Each bench
 * run is a new process with its own limiter, so back-to-back runs would otherwise meet the
 * sandbox's throttling (and the SDK's backoff) on their first lookups, and time that instead.
 */
export async function clearTrailRateWindow(sandbox) {
  const last = sandbox.trail.lookupLog.at(-1)?.at.getTime()
  if (last !== undefined) await new Promise((resolve) => setTimeout(resolve, Math.max(0, last + 1_100 - Date.now())))
}
