/**
 * The steps every scenario of the guides goes through (issue 16), against one in-process sandbox
 * per test file, with the built CLI (`npm run build` first) and the AWS CLI (botocore) as the
 * outside oracle:
 *   init --apply → verify passes → one realistic break → verify fails exactly the checks it should,
 *   with a hint → explain names the cause → the printed fix, run as printed, passes verify again and
 *   admits nothing the good trust refused (src/core/apply/trust-weakening.ts's evaluator).
 * "Run as printed" adds only what is the user's environment, never the setup: `--yes` and the two
 * admin profiles (`--target-profile target --source-profile source`).
 *
 * Accounts (src/sandbox/worlds/default-world.ts, plus what a scenario adds): A = 111111111111
 * (user app-caller 203.0.113.10; user admin, profile `source`), B = 222222222222 (user admin,
 * profile `target`; GitHub OIDC provider).
 */
import { spawn } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { GetRoleCommand, GetRolePolicyCommand, ListRolePoliciesCommand, PutRolePolicyCommand, PutUserPolicyCommand, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam'
import { AssumeRoleCommand } from '@aws-sdk/client-sts'
import { expect } from 'vitest'
import { newlyAdmitted } from '../../../src/core/apply/trust-weakening.js'
import { createEvaluator, type PolicyDocument } from '../../../src/core/evaluate.js'
import type { WorldFile } from '../../../src/sandbox/world-types.js'
import { commandsIn } from '../../helpers/printed-commands.js'
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js'
import { adminProfilesEnv, parseReport, runCli, type CliEnv, type CliRun, type JsonReport } from '../verify-world.js'

export { ACCOUNT_A, ACCOUNT_B } from '../../helpers/sandbox.js'

export const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0'
/**
 * A scenario step spawns the CLI five or six times; on a shared two-core machine under load each
 * spawn can take seconds, so a step gets more than vitest's default 30 s (a hang still fails).
 */
export const SCENARIO_TIMEOUT_MS = 180_000
/** What a user adds to a printed `init --apply` command: consent and the admins' profiles (their environment, not the setup). */
export const APPLY_ENVIRONMENT = ['--yes', '--target-profile', 'target', '--source-profile', 'source']
/** verify's read access to B, and a short CloudTrail wait (the sandbox delivers at once). */
export const VERIFY_ENVIRONMENT = ['--target-profile', 'target', '--trail-timeout', '20s', '--json']

export type Keys = { accessKeyId: string; secretAccessKey: string; sessionToken?: string | undefined }

export interface Scenario {
  sandbox: TestSandbox
  env: CliEnv
  /** The built CLI in the scenario's directory, as `keys` (default: app-caller), with `extraEnv` on top. */
  cli(args: string[], options?: { keys?: Keys; extraEnv?: NodeJS.ProcessEnv }): Promise<CliRun>
  stop(): Promise<void>
}

export async function openScenario(world?: WorldFile): Promise<Scenario> {
  const sandbox = await startTestSandbox(world ? { world } : {})
  const env = await adminProfilesEnv(sandbox)
  return {
    sandbox,
    env,
    cli: (args, options = {}) => {
      const keys = options.keys
      const auth = keys ? { AWS_ACCESS_KEY_ID: keys.accessKeyId, AWS_SECRET_ACCESS_KEY: keys.secretAccessKey, ...(keys.sessionToken ? { AWS_SESSION_TOKEN: keys.sessionToken } : {}) } : {}
      return runCli(args, { dir: env.dir, env: { ...env.env, ...auth, ...options.extraEnv } })
    },
    stop: () => sandbox.stop()
  }
}

/** `init FLAGS --apply` with the admins' profiles; must succeed. */
export async function apply(s: Scenario, initFlags: string[], environment = APPLY_ENVIRONMENT): Promise<CliRun> {
  const run = await s.cli(['init', ...initFlags, '--apply', ...environment])
  expect(run.stderr + run.stdout, 'init --apply').not.toMatch(/\n\s+at /)
  expect(run.code, `init --apply failed:\n${run.stderr}`).toBe(0)
  return run
}

export interface Verified {
  run: CliRun
  report: JsonReport
  /** check id → status (`error` for a failure of kind error). */
  statuses: Record<string, string>
  check(id: string): JsonReport['setups'][number]['checks'][number]
}

export async function verify(s: Scenario, flags: string[], options: { keys?: Keys; extraEnv?: NodeJS.ProcessEnv; index?: number } = {}): Promise<Verified> {
  const run = await s.cli(['verify', ...flags, ...VERIFY_ENVIRONMENT], options)
  let report: JsonReport
  try {
    report = parseReport(run.stdout)
  } catch (error) {
    throw new Error(`verify printed no report (exit ${run.code}): ${run.stderr}`, { cause: error })
  }
  const setup = report.setups[options.index ?? 0]!
  return {
    run,
    report,
    statuses: Object.fromEntries(setup.checks.map((c) => [c.id, c.kind === 'error' ? 'error' : c.status])),
    check: (id) => setup.checks.find((c) => c.id === id)!
  }
}

/** The checks that did not pass, id → status. */
export function notPassing(verified: Verified): Record<string, string> {
  return Object.fromEntries(Object.entries(verified.statuses).filter(([, status]) => status !== 'pass'))
}

/** What A's admin does for a root trust (NEXT-STEPS): allow one principal of A to assume the role. */
export async function allowAssume(s: Scenario, principal: { kind: 'user' | 'role'; name: string }, roleArn: string, admin: Keys = s.sandbox.principals.sourceAdmin): Promise<void> {
  const iam = s.sandbox.iam(admin)
  const PolicyDocument = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn }] })
  const PolicyName = `assume-${roleArn.split('/').pop()}`
  if (principal.kind === 'user') await iam.send(new PutUserPolicyCommand({ UserName: principal.name, PolicyName, PolicyDocument }))
  else await iam.send(new PutRolePolicyCommand({ RoleName: principal.name, PolicyName, PolicyDocument }))
}

/** B's admin rewrites the role's trust policy (a break). */
export async function putTrust(s: Scenario, roleName: string, trust: PolicyDocument): Promise<void> {
  await s.sandbox.iam(s.sandbox.principals.targetAdmin).send(new UpdateAssumeRolePolicyCommand({ RoleName: roleName, PolicyDocument: JSON.stringify(trust) }))
}

/** B's admin rewrites every inline policy of the role as text (a break: `edit` replaces what it narrows). */
export async function editPermissions(s: Scenario, roleName: string, edit: (text: string) => string): Promise<void> {
  const iam = s.sandbox.iam(s.sandbox.principals.targetAdmin)
  const names = (await iam.send(new ListRolePoliciesCommand({ RoleName: roleName }))).PolicyNames ?? []
  expect(names.length, `inline policies of ${roleName}`).toBeGreaterThan(0)
  for (const PolicyName of names) {
    const text = decodeURIComponent((await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName }))).PolicyDocument!)
    await iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName, PolicyDocument: edit(text) }))
  }
}

/** A session of `roleArn` obtained with `keys` (e.g. an ECS task role's credentials). */
export async function sessionOf(s: Scenario, keys: Keys, roleArn: string, externalId?: string): Promise<Keys> {
  const answer = await s.sandbox.sts(keys).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'scenario-task', ExternalId: externalId }))
  const c = answer.Credentials!
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! }
}

/** The role's trust policy as B's admin reads it. */
export async function trustOf(s: Scenario, roleName: string): Promise<PolicyDocument> {
  const role = await s.sandbox.iam(s.sandbox.principals.targetAdmin).send(new GetRoleCommand({ RoleName: roleName }))
  return JSON.parse(decodeURIComponent(role.Role!.AssumeRolePolicyDocument!)) as PolicyDocument
}

/** What `after` admits that `before` refused (empty: the fix did not weaken the trust). */
export async function widenedBy(before: PolicyDocument, after: PolicyDocument, roleArn: string, accountId: string): Promise<string[]> {
  return newlyAdmitted(before, after, { roleArn, accountId }, createEvaluator())
}

/** The one `bedrock-xacct init --apply …` command a hint prints, as argv. */
export function printedFix(hint: string | undefined): string[] {
  const fixes = commandsIn(hint ?? '').filter((argv) => argv[0] === 'init' && argv.includes('--apply'))
  expect(fixes.length, `a printed init --apply in: ${hint}`).toBeGreaterThan(0)
  return fixes[0]!
}

/** Run a printed fix as printed (plus APPLY_ENVIRONMENT); must succeed. */
export async function runFix(s: Scenario, argv: string[], environment = APPLY_ENVIRONMENT): Promise<CliRun> {
  const run = await s.cli([...argv, ...environment])
  expect(run.code, `the printed fix failed:\n${run.stderr}`).toBe(0)
  return run
}

/** `explain --json` of a message (with the given flags): the causes it names, best first. */
export async function explainCauses(s: Scenario, message: string, flags: string[] = []): Promise<{ causes: string[]; code: number | null }> {
  const run = await s.cli(['explain', '--json', ...flags, message])
  const doc = JSON.parse(run.stdout) as { diagnoses?: { candidates: { cause: string; confidence: string }[] }[]; candidates?: { cause: string; confidence: string }[] }
  const candidates = doc.candidates ?? doc.diagnoses?.flatMap((d) => d.candidates) ?? []
  return { causes: candidates.filter((c) => c.confidence !== 'possible').map((c) => c.cause), code: run.code }
}

/** The AWS error text a failed check quotes (`sts AssumeRole: AccessDenied (HTTP 403): User: …`), as a user would paste it. */
export function awsMessageOf(evidence: unknown): string {
  const lines = Array.isArray(evidence) ? evidence.map(String) : [JSON.stringify(evidence)]
  const line = lines.find((l) => /is not authorized to perform|Not authorized to perform/.test(l))
  expect(line, `an AWS denial in ${JSON.stringify(evidence)}`).toBeDefined()
  return line!.replace(/^[a-z-]+ \w+: \w+ \(HTTP \d+\): /, '')
}

// ---------------------------------------------------------------------------------------------
// The AWS CLI's engine (botocore) as the caller against the same sandbox: an oracle we did not write.
// One Python process per batch of calls (botocore-oracle.py): `aws` itself takes seconds to start.

export type OracleCall =
  | { op: 'assume-role'; keys: Keys; roleArn: string; externalId?: string | undefined }
  | { op: 'assume-role-with-web-identity'; roleArn: string; token: string }
  /** Converse with the session call `keysFrom` (an index into the same batch) obtained. */
  | { op: 'converse'; keysFrom: number; modelId: string }

export interface OracleResult {
  outcome: 'accepted' | 'denied' | 'skipped'
  code?: string
  message?: string
  keys?: Keys
}

const ORACLE = join(import.meta.dirname, 'botocore-oracle.py')

export function botocore(s: Scenario, calls: OracleCall[]): Promise<OracleResult[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [ORACLE], { env: { PATH: process.env.PATH, HOME: s.env.dir, AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', AWS_EC2_METADATA_DISABLED: 'true' } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`botocore-oracle.py exited ${code}: ${stderr}`))
      resolve(JSON.parse(stdout) as OracleResult[])
    })
    child.stdin.end(JSON.stringify({ endpoint: s.sandbox.endpoint, calls }))
  })
}

/**
 * The `aws` command itself (the AWS CLI on this machine), as `keys`: one call, for the scenarios that
 * show the CLI a user would type agrees too (each start costs seconds, so the batches go through botocore).
 */
export function awsCli(s: Scenario, args: string[], keys: Keys): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: s.env.dir,
    AWS_CONFIG_FILE: '/nonexistent',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ACCESS_KEY_ID: keys.accessKeyId,
    AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
    ...(keys.sessionToken ? { AWS_SESSION_TOKEN: keys.sessionToken } : {})
  }
  return new Promise((resolve, reject) => {
    const child = spawn('aws', ['--endpoint-url', s.sandbox.endpoint, '--output', 'json', ...args], { env })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** Outcomes only (`accepted`/`denied`/`skipped`), for comparing with what verify reported. */
export async function outcomes(s: Scenario, calls: OracleCall[]): Promise<string[]> {
  const results = await botocore(s, calls)
  for (const r of results) if (r.outcome === 'denied') expect(r.code, r.message).toMatch(/^(AccessDenied|AccessDeniedException|InvalidIdentityToken)$/)
  return results.map((r) => r.outcome)
}

/** Write a file in the scenario's directory (tokens, configs); 0600, as secrets deserve. */
export async function writeScenarioFile(s: Scenario, name: string, text: string): Promise<string> {
  const path = join(s.env.dir, name)
  await writeFile(path, text, { mode: 0o600 })
  return path
}
