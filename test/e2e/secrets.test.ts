/**
 * Secrets (issue 8): the e2e suite's kinds of commands — init --apply (backups, --json, --debug),
 * verify (--json, --junit, --debug, --show-secrets), trail, explain --fetch / --from-trail, demo,
 * the sandbox command, and error paths (bad signature, a session token that is not accepted, a
 * denied apply, bad input) — run against one sandbox; every stdout, stderr, JSON, JUnit, backup and
 * other file they wrote is scanned for every secret access key, session token and signing secret
 * the sandbox holds or minted, and (unless --show-secrets) for the ExternalId: zero hits. Backups
 * and credential files are 0600, backup folders 0700.
 *
 * The ExternalId is by design in full in two places, which are therefore not scanned for it (keys
 * and tokens still are): the files `init --out` writes (the configuration; 0600) and backups (a
 * restore must put back the exact trust policy — hence 0600). What init prints — the generated
 * documents on a terminal or as --json — shows it redacted unless --show-secrets.
 *
 * Accounts: A = 111111111111 (app-caller; admin: profile `source`), B = 222222222222 (admin:
 * profile `target`; user `reader` with no policies: profile `reader`, for denied paths).
 */
import { spawn } from 'node:child_process'
import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { AssumeRoleCommand } from '@aws-sdk/client-sts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultWorld } from '../../src/sandbox/index.js'
import { ACCOUNT_A, ACCOUNT_B, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js'
import { MODEL, cliEnv, runCli, type CliEnv, type CliRun } from './verify-world.js'

const CLI = join(import.meta.dirname, '../../bin/bedrock-xacct.js')
const EXTERNAL_ID = 'e2e-secret-ext-id-5b1e07'
const ROLE = 'SecretsRole'
const ROLE_ARN = `arn:aws:iam::${ACCOUNT_B}:role/${ROLE}`
const READER_KEYS = { accessKeyId: 'AKIASANDBOXBREADER01', secretAccessKey: 'sandboxBreaderSecretKey000000000000000B0' }
/** The shape of every session token the sandbox mints (src/sandbox/engine/ids.ts), for outputs of demo's own sandbox. */
const SESSION_TOKEN_SHAPE = /IQoJb3JpZ2luX2VjE[A-Za-z0-9+/=]{40,}/

interface Output {
  label: string
  text: string
  /** False where the ExternalId is there by design (backups, --out files, --show-secrets). */
  externalIdForbidden: boolean
}

let sandbox: TestSandbox
let where: CliEnv
const outputs: Output[] = []

beforeAll(async () => {
  const world = defaultWorld()
  world.accounts.find((a) => a.id === ACCOUNT_B)!.users.push({ name: 'reader', accessKeys: [READER_KEYS], sourceIp: '198.51.100.30' })
  sandbox = await startTestSandbox({ world })
  where = await cliEnv(sandbox)
  const a = sandbox.principals.sourceAdmin
  const b = sandbox.principals.targetAdmin
  await writeFile(
    join(where.dir, 'credentials'),
    [
      `[target]`,
      `aws_access_key_id = ${b.accessKeyId}`,
      `aws_secret_access_key = ${b.secretAccessKey}`,
      `[source]`,
      `aws_access_key_id = ${a.accessKeyId}`,
      `aws_secret_access_key = ${a.secretAccessKey}`,
      `[reader]`,
      `aws_access_key_id = ${READER_KEYS.accessKeyId}`,
      `aws_secret_access_key = ${READER_KEYS.secretAccessKey}`
    ].join('\n') + '\n'
  )
  await writeFile(join(where.dir, 'config'), ['target', 'source', 'reader'].map((p) => `[profile ${p}]\nregion = us-east-1`).join('\n') + '\n')
}, 60_000)
afterAll(async () => {
  await sandbox?.stop()
})

const initFlags = [
  'init',
  '--source-account',
  ACCOUNT_A,
  '--caller',
  `arn:aws:iam::${ACCOUNT_A}:user/app-caller`,
  '--target-account',
  ACCOUNT_B,
  '--role-name',
  ROLE,
  '--region',
  'us-east-1',
  '--models',
  MODEL,
  '--external-id',
  EXTERNAL_ID,
  '--use-case',
  'secrets'
]
const verifyFlags = ['verify', '--source-account', ACCOUNT_A, '--caller', `arn:aws:iam::${ACCOUNT_A}:user/app-caller`, '--role-arn', ROLE_ARN, '--region', 'us-east-1', '--models', MODEL, '--external-id', EXTERNAL_ID]
const profiles = ['--target-profile', 'target', '--source-profile', 'source']

/** Run the CLI and keep both streams for the scan. */
async function run(label: string, args: string[], options: { env?: NodeJS.ProcessEnv; showSecrets?: boolean } = {}): Promise<CliRun> {
  const r = await runCli(args, options.env ? { ...where, env: { ...where.env, ...options.env } } : where)
  outputs.push({ label: `${label} stdout`, text: r.stdout, externalIdForbidden: !options.showSecrets })
  outputs.push({ label: `${label} stderr`, text: r.stderr, externalIdForbidden: !options.showSecrets })
  return r
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true })
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : Promise.resolve([join(dir, e.name)]))))
  return nested.flat()
}

describe('no secret in any output (e2e, one sandbox)', () => {
  it('init without --out prints the documents with the ExternalId redacted (human and --json)', async () => {
    expect((await run('init (print)', initFlags)).code).toBe(0)
    expect((await run('init --json (print)', ['--json', ...initFlags])).code).toBe(0)
  })

  it('init --apply (fresh, then an update with --debug, then --json dry-run) writes 0600 backups in a 0700 folder', async () => {
    expect((await run('init --apply', [...initFlags, '--apply', '--yes', ...profiles])).code).toBe(0)
    expect((await run('init --apply --debug --marketplace', ['--debug', ...initFlags, '--marketplace', '--apply', '--yes', ...profiles])).code).toBe(0)
    expect((await run('init --apply --json --dry-run', ['--json', ...initFlags, '--apply', '--dry-run', ...profiles])).code).toBe(0)
    const backupDir = join(where.dir, '.bedrock-xacct', 'backups')
    const backups = await readdir(backupDir)
    expect(backups.length).toBe(2)
    expect((await stat(backupDir)).mode & 0o777).toBe(0o700)
    for (const name of backups) expect((await stat(join(backupDir, name))).mode & 0o777).toBe(0o600)
  })

  it('init --apply --show-secrets and a denied apply with --debug', async () => {
    await run('init --apply --show-secrets', [...initFlags, '--apply', '--dry-run', '--show-secrets', ...profiles], { showSecrets: true })
    const denied = await run('init --apply denied --debug', ['--debug', ...initFlags, '--role-name', 'SecretsDenied', '--apply', '--yes', '--target-profile', 'reader'])
    expect(denied.code).toBe(3)
    expect(denied.stderr).toMatch(/AccessDenied|not authorized/)
  })

  it('verify: --json --junit, human --debug with --stream, --show-secrets', async () => {
    const json = await run('verify --json --junit', [...verifyFlags, '--target-profile', 'target', '--trail-timeout', '20s', '--json', '--junit', 'report.xml'])
    expect(json.code).toBe(0)
    expect((await run('verify --debug --stream', ['--debug', ...verifyFlags, '--target-profile', 'target', '--stream', '--no-trail'])).code).toBe(0)
    expect((await run('verify --show-secrets', [...verifyFlags, '--no-trail', '--show-secrets', '--json'], { showSecrets: true })).code).toBe(0)
  }, 60_000)

  it('verify error paths with --debug: a wrong secret key, a session token the sandbox does not accept, a denied reader', async () => {
    const badSecret = await run('verify bad signature --debug', ['--debug', ...verifyFlags, '--no-trail', '--json'], { env: { AWS_SECRET_ACCESS_KEY: 'X'.repeat(40) } })
    expect(badSecret.code).toBe(3)
    // Real minted session credentials with a wrong token: the error must not echo any of it.
    const minted = await sandbox.sts(sandbox.principals.sourceCaller).send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: 'secrets-test', ExternalId: EXTERNAL_ID }))
    const c = minted.Credentials!
    const badToken = await run('verify bad session token --debug', ['--debug', ...verifyFlags, '--no-trail'], {
      env: { AWS_ACCESS_KEY_ID: c.AccessKeyId!, AWS_SECRET_ACCESS_KEY: c.SecretAccessKey!, AWS_SESSION_TOKEN: `${c.SessionToken!.slice(0, -8)}AAAAAAAA` }
    })
    expect(badToken.code).toBe(3)
    const session2 = await run('verify as a role session --debug', ['--debug', ...verifyFlags, '--no-trail', '--json'], {
      env: { AWS_ACCESS_KEY_ID: c.AccessKeyId!, AWS_SECRET_ACCESS_KEY: c.SecretAccessKey!, AWS_SESSION_TOKEN: c.SessionToken! }
    })
    expect([1, 3]).toContain(session2.code)
    await run('verify with a reader that may not read B --debug', ['--debug', ...verifyFlags, '--target-profile', 'reader', '--no-trail'])
  }, 60_000)

  it('trail --json, trail through the role, explain --fetch and --from-trail, bad input', async () => {
    expect((await run('trail --json', ['trail', '--role-arn', ROLE_ARN, '--region', 'us-east-1', '--target-profile', 'target', '--json'])).code).toBe(0)
    await run('trail via the role --debug', ['--debug', 'trail', '--role-arn', ROLE_ARN, '--region', 'us-east-1', '--external-id', EXTERNAL_ID])
    const denial = `User: arn:aws:iam::${ACCOUNT_A}:user/app-caller is not authorized to perform: sts:AssumeRole on resource: ${ROLE_ARN}`
    const explained = await run('explain --fetch --debug', ['--debug', 'explain', denial, '--fetch', '--target-profile', 'target', '--external-id', 'wrong-external-id'])
    expect(explained.code).not.toBe(2)
    await run('explain --json --fetch', ['--json', 'explain', denial, '--fetch', '--target-profile', 'target', '--external-id', EXTERNAL_ID])
    await run('explain --from-trail --fetch', ['--json', 'explain', '--from-trail', '--since', '1h', '--fetch', '--target-profile', 'target'])
    const bad = await run('verify bad input --debug', ['--debug', ...verifyFlags, '--trail-timeout', 'soon'])
    expect(bad.code).toBe(2)
  }, 60_000)

  it('the files the commands wrote (JUnit, backups, anything else) join the scan', async () => {
    const files = (await filesUnder(where.dir)).filter((f) => !/\/(credentials|config)$/.test(f))
    expect(files.some((f) => f.endsWith('report.xml'))).toBe(true)
    for (const file of files) {
      const backup = file.includes('/.bedrock-xacct/backups/')
      outputs.push({ label: `file ${file.slice(where.dir.length)}`, text: await readFile(file, 'utf8'), externalIdForbidden: !backup })
    }
  })

  it('the sandbox command: export lines and a 0600 credentials file, no secret printed', async () => {
    const child = spawn(process.execPath, [CLI, 'sandbox'], { env: { ...where.env, TMPDIR: where.dir }, cwd: where.dir })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    const ready = new Promise<void>((resolve) => child.stderr.on('data', (d) => ((stderr += d), /Ctrl-C to stop/.test(stderr) && resolve())))
    await ready
    const credentialsFile = /AWS_SHARED_CREDENTIALS_FILE=(\S+)/.exec(stdout)![1]!
    const configFile = /AWS_CONFIG_FILE=(\S+)/.exec(stdout)![1]!
    expect((await stat(credentialsFile)).mode & 0o777).toBe(0o600)
    expect((await stat(configFile)).mode & 0o777).toBe(0o600)
    const code = await new Promise<number | null>((resolve) => (child.on('close', resolve), child.kill('SIGTERM')))
    expect(code).toBe(0)
    outputs.push({ label: 'sandbox stdout', text: stdout, externalIdForbidden: true }, { label: 'sandbox stderr', text: stderr, externalIdForbidden: true })
  })

  it('demo (its own sandbox, default world): no key of that world and nothing shaped like a session token', async () => {
    const r = await runCli(['demo', '--trail-delay', '0'], { ...where, env: { PATH: process.env.PATH, HOME: where.dir, NO_COLOR: '1', AWS_EC2_METADATA_DISABLED: 'true' } }, 90_000)
    expect(r.code).toBe(0)
    expect(r.stdout + r.stderr).not.toMatch(SESSION_TOKEN_SHAPE)
    outputs.push({ label: 'demo stdout', text: r.stdout, externalIdForbidden: false }, { label: 'demo stderr', text: r.stderr, externalIdForbidden: false })
  }, 120_000)

  it('zero hits: every minted secret × every output, and the ExternalId where it is not there by design', () => {
    const secrets = sandbox.mintedSecrets()
    expect(secrets.length).toBeGreaterThan(5)
    expect(secrets.some((s) => s.startsWith('IQoJ'))).toBe(true)
    const hits: string[] = []
    for (const output of outputs) {
      for (const secret of secrets) if (output.text.includes(secret)) hits.push(`${output.label}: ${secret.slice(0, 6)}…`)
      if (SESSION_TOKEN_SHAPE.test(output.text)) hits.push(`${output.label}: something shaped like a session token`)
      if (output.externalIdForbidden && output.text.includes(EXTERNAL_ID)) hits.push(`${output.label}: the ExternalId`)
    }
    expect(hits).toEqual([])
    // The count for the closing note.
    console.log(`secrets scan: ${secrets.length + 1} secret strings × ${outputs.length} outputs, ${hits.length} hits`)
  })
})
