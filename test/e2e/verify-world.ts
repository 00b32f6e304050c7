/**
 * Shared set-up for verify's e2e tests: builds a correct cross-account setup in the sandbox as the
 * accounts' admins would (the role in B from the setup's own documents, the source policy on
 * app-caller in A), and spawns the built CLI as A's caller.
 *
 * Accounts (src/sandbox/worlds/default-world.ts): A = 111111111111 (user app-caller, IP
 * 203.0.113.10), B = 222222222222 (user admin; models enabled in us-east-1…us-west-2).
 */
import { spawn } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CreateRoleCommand, PutRolePolicyCommand, PutUserPolicyCommand, DeleteRoleCommand, DeleteRolePolicyCommand } from '@aws-sdk/client-iam'
import { buildDocuments } from '../../src/core/policies/index.js'
import { verifyJsonSchema } from '../../src/ui/reporters/json-schema.js'
import type { Setup } from '../../src/core/setup/model.js'
import { ACCOUNT_A, ACCOUNT_B, type TestSandbox } from '../helpers/sandbox.js'

export const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0'
export const EXTERNAL_ID = 'e2e-external-id-7f3a9c'
const CLI = join(import.meta.dirname, '../../bin/bedrock-xacct.js')

export function e2eSetup(roleName: string, overrides: Partial<Setup> = {}): Setup {
  return {
    name: roleName,
    partition: 'aws',
    sourceAccountId: ACCOUNT_A,
    callers: [{ kind: 'user', arn: `arn:aws:iam::${ACCOUNT_A}:user/app-caller` }],
    targetAccountId: ACCOUNT_B,
    roleName,
    rolePath: '/',
    permissionsPolicyName: 'BedrockInvoke',
    sourcePolicyName: `Assume${roleName}`,
    region: 'us-east-1',
    models: [MODEL],
    externalId: EXTERNAL_ID,
    maxSessionDurationSeconds: 3600,
    sessionDurationSeconds: 900,
    sourceIpCidrs: [],
    marketplace: false,
    streaming: true,
    cloudTrailLookup: false,
    ...overrides
  }
}

/** Create the setup's role and source policy, as B's and A's admins (what init --apply does). */
export async function createSetup(sandbox: TestSandbox, setup: Setup, tweak: { trustPolicy?: object; permissionsPolicy?: object; skipSourcePolicy?: boolean } = {}): Promise<void> {
  const docs = buildDocuments(setup)
  const iamB = sandbox.iam(sandbox.principals.targetAdmin)
  const iamA = sandbox.iam(sandbox.principals.sourceAdmin)
  await iamB.send(new DeleteRolePolicyCommand({ RoleName: setup.roleName, PolicyName: setup.permissionsPolicyName })).catch(() => undefined)
  await iamB.send(new DeleteRoleCommand({ RoleName: setup.roleName })).catch(() => undefined)
  await iamB.send(
    new CreateRoleCommand({
      RoleName: setup.roleName,
      AssumeRolePolicyDocument: JSON.stringify(tweak.trustPolicy ?? docs.trustPolicy),
      MaxSessionDuration: setup.maxSessionDurationSeconds
    })
  )
  await iamB.send(new PutRolePolicyCommand({ RoleName: setup.roleName, PolicyName: setup.permissionsPolicyName, PolicyDocument: JSON.stringify(tweak.permissionsPolicy ?? docs.permissionsPolicy) }))
  if (tweak.skipSourcePolicy) return
  await iamA.send(new PutUserPolicyCommand({ UserName: 'app-caller', PolicyName: setup.sourcePolicyName, PolicyDocument: JSON.stringify(docs.sourcePolicy) }))
}

/** The flags that describe `setup` to verify. */
export function setupFlags(setup: Setup): string[] {
  const flags = [
    '--source-account',
    setup.sourceAccountId,
    ...setup.callers.flatMap((caller) => ['--caller', caller.kind === 'user' || caller.kind === 'role' ? caller.arn : 'root']),
    '--role-arn',
    `arn:aws:iam::${setup.targetAccountId}:role/${setup.roleName}`,
    '--region',
    setup.region,
    '--models',
    setup.models.join(','),
    '--max-session-duration',
    String(setup.maxSessionDurationSeconds),
    '--session-duration',
    String(setup.sessionDurationSeconds)
  ]
  if (setup.externalId) flags.push('--external-id', setup.externalId)
  for (const cidr of setup.sourceIpCidrs) flags.push('--source-ip', cidr)
  return flags
}

export interface CliRun {
  code: number | null
  stdout: string
  stderr: string
}

export interface CliEnv {
  dir: string
  env: NodeJS.ProcessEnv
}

/** A temp dir with a credentials file: [target] = B's admin (for --target-profile); the caller's keys in env. */
export async function cliEnv(sandbox: TestSandbox, caller = sandbox.principals.sourceCaller): Promise<CliEnv> {
  const dir = await mkdtemp(join(tmpdir(), 'xacct-verify-'))
  const b = sandbox.principals.targetAdmin
  await writeFile(join(dir, 'credentials'), `[target]\naws_access_key_id = ${b.accessKeyId}\naws_secret_access_key = ${b.secretAccessKey}\n`)
  await writeFile(join(dir, 'config'), '[profile target]\nregion = us-east-1\n')
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    AWS_ENDPOINT_URL: sandbox.endpoint,
    AWS_ACCESS_KEY_ID: caller.accessKeyId,
    AWS_SECRET_ACCESS_KEY: caller.secretAccessKey,
    AWS_REGION: 'us-east-1',
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_EC2_METADATA_DISABLED: 'true',
    NO_COLOR: '1'
  }
  return { dir, env }
}

/** cliEnv plus the two admins as profiles: `target` (B's admin) and `source` (A's admin), for `init --apply`. */
export async function adminProfilesEnv(sandbox: TestSandbox): Promise<CliEnv> {
  const base = await cliEnv(sandbox)
  const a = sandbox.principals.sourceAdmin
  const b = sandbox.principals.targetAdmin
  await writeFile(join(base.dir, 'credentials'), `[target]\naws_access_key_id = ${b.accessKeyId}\naws_secret_access_key = ${b.secretAccessKey}\n[source]\naws_access_key_id = ${a.accessKeyId}\naws_secret_access_key = ${a.secretAccessKey}\n`)
  await writeFile(join(base.dir, 'config'), '[profile target]\nregion = us-east-1\n[profile source]\nregion = us-east-1\n')
  return base
}

export function runCli(args: string[], env: CliEnv, timeoutMs = 60_000): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: env.env, cwd: env.dir })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

export interface JsonReport {
  setups: { name: string; roleArn: string; sessionName: string; checks: { id: string; status: string; kind?: string; hint?: string; evidence: unknown; durationMs: number }[] }[]
  summary: Record<string, number>
}

export function statuses(report: JsonReport, index = 0): Record<string, string> {
  return Object.fromEntries(report.setups[index]!.checks.map((c) => [c.id, c.kind === 'error' ? 'error' : c.status]))
}

/** Parse verify's --json output and validate it against the published shape (throws with the zod issues). */
export function parseReport(stdout: string): JsonReport {
  const doc: unknown = JSON.parse(stdout)
  const checked = verifyJsonSchema.safeParse(doc)
  if (!checked.success) throw new Error(`verify --json output does not match its schema: ${JSON.stringify(checked.error.issues.slice(0, 3))}`)
  return doc as JsonReport
}
