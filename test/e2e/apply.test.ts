/**
 * `init --apply` / `--restore` end to end: the built CLI (`node bin/bedrock-xacct.js`) against the
 * sandbox over HTTP, with endpoints resolved by the SDK from AWS_ENDPOINT_URL and credentials from a
 * shared credentials file (the path LocalStack/moto users rely on). Build first:
 * `npm run build`.
 *
 * Accounts (src/sandbox/worlds/default-world.ts, plus one user): A = 111111111111 (user app-caller:
 * the caller, and the default credentials of every run; user admin: profile `source`),
 * B = 222222222222 (user admin: profile `target`; user `no-inline`: admin except
 * iam:PutRolePolicy, profile `no-inline`, for the denied-write-midway case).
 */
import { readFile, readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { CreatePolicyVersionCommand, CreateRoleCommand, GetRoleCommand, ListPolicyVersionsCommand, GetRolePolicyCommand, GetUserPolicyCommand } from '@aws-sdk/client-iam'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultWorld } from '../../src/sandbox/index.js'
import { ACCOUNT_A, ACCOUNT_B, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js'
import { cliEnv, runCli, type CliEnv, type CliRun } from './verify-world.js'

const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0'
const EXTERNAL_ID = 'e2e-apply-external-id-4d2b'
const CALLER = `arn:aws:iam::${ACCOUNT_A}:user/app-caller`
const NO_INLINE_KEYS = { accessKeyId: 'AKIASANDBOXBNOINLINE', secretAccessKey: 'sandboxBnoInlineSecretKey00000000000000B' }

let sandbox: TestSandbox

beforeAll(async () => {
  const world = defaultWorld()
  const b = world.accounts.find((account) => account.id === ACCOUNT_B)!
  b.users.push({
    name: 'no-inline',
    accessKeys: [NO_INLINE_KEYS],
    sourceIp: '198.51.100.21',
    inlinePolicies: [
      {
        name: 'AdminButNoInline',
        document: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: '*', Resource: '*' },
            { Effect: 'Deny', Action: 'iam:PutRolePolicy', Resource: '*' }
          ]
        }
      }
    ]
  })
  sandbox = await startTestSandbox({ world })
})
afterAll(async () => {
  await sandbox?.stop()
})

/** The run's temp dir, with profiles `target` (B admin), `source` (A admin) and `no-inline` (B). */
async function env(): Promise<CliEnv> {
  const base = await cliEnv(sandbox)
  const a = sandbox.principals.sourceAdmin
  const b = sandbox.principals.targetAdmin
  const { writeFile } = await import('node:fs/promises')
  await writeFile(
    join(base.dir, 'credentials'),
    [
      `[target]\naws_access_key_id = ${b.accessKeyId}\naws_secret_access_key = ${b.secretAccessKey}`,
      `[source]\naws_access_key_id = ${a.accessKeyId}\naws_secret_access_key = ${a.secretAccessKey}`,
      `[no-inline]\naws_access_key_id = ${NO_INLINE_KEYS.accessKeyId}\naws_secret_access_key = ${NO_INLINE_KEYS.secretAccessKey}`
    ].join('\n') + '\n'
  )
  await writeFile(join(base.dir, 'config'), ['[profile target]', '[profile source]', '[profile no-inline]'].map((p) => `${p}\nregion = us-east-1`).join('\n') + '\n')
  return base
}

/** Each test its own use case, so the convention's policy names do not overlap between tests. */
const useCaseOf = (roleName: string) => roleName.toLowerCase()
// Policy names follow --role-name (issue 19).
const permissionsName = (roleName: string) => `${roleName}-Anthropic-InvokePolicy`
const sourceName = (roleName: string) => `Assume${roleName}`

/** What apply printed (init prints the generated documents, ExternalId included, before it). */
const applyPart = (run: CliRun) => run.stdout.slice(run.stdout.indexOf('Plan for setup'))

function initFlags(roleName: string): string[] {
  return ['init', '--source-account', ACCOUNT_A, '--caller', CALLER, '--target-account', ACCOUNT_B, '--role-name', roleName, '--region', 'us-east-1', '--models', MODEL, '--external-id', EXTERNAL_ID, '--use-case', useCaseOf(roleName)]
}

async function apply(roleName: string, where: CliEnv, extra: string[] = ['--target-profile', 'target', '--source-profile', 'source']): Promise<CliRun> {
  return runCli([...initFlags(roleName), '--apply', '--yes', ...extra], where)
}

/** IAM calls that change state, since `from` (index into sandbox.calls). */
function writeCalls(from: number): string[] {
  return sandbox.calls
    .slice(from)
    .filter((c) => c.service === 'iam' && !/^(Get|List|Simulate)/.test(c.operation))
    .map((c) => c.operation)
}

const iamB = () => sandbox.iam(sandbox.principals.targetAdmin)
const iamA = () => sandbox.iam(sandbox.principals.sourceAdmin)

async function trustOf(roleName: string): Promise<{ Sid?: string }[]> {
  const role = await iamB().send(new GetRoleCommand({ RoleName: roleName }))
  const doc = JSON.parse(decodeURIComponent(role.Role!.AssumeRolePolicyDocument!)) as { Statement: { Sid?: string }[] }
  return doc.Statement
}

describe('init --apply (e2e, sandbox over AWS_ENDPOINT_URL)', () => {
  it('creates from nothing, waits for propagation, and a second apply makes zero write calls', async () => {
    const where = await env()
    const start = sandbox.calls.length
    const first = await apply('ApplyFreshRole', where)
    expect(first.stderr).not.toMatch(/Error:/)
    expect(first.code).toBe(0)
    expect(writeCalls(start)).toEqual(['CreateRole', 'PutRolePolicy', 'PutUserPolicy'])
    expect(first.stdout).toContain('Applied: 3 calls made.')
    expect(first.stderr).toMatch(/The caller can assume arn:aws:iam::222222222222:role\/ApplyFreshRole/)
    expect(applyPart(first)).toContain('Plan for setup')
    expect(applyPart(first) + first.stderr).not.toContain(EXTERNAL_ID)
    for (const secret of sandbox.mintedSecrets()) expect(first.stdout + first.stderr).not.toContain(secret)
    // Every call went over HTTP to the sandbox: the role and both policies are really there.
    expect((await trustOf('ApplyFreshRole')).map((s) => s.Sid)).toEqual(['BedrockXacctTrust'])
    await iamB()
      .send(new GetRolePolicyCommand({ RoleName: 'ApplyFreshRole', PolicyName: permissionsName('ApplyFreshRole') }))
      .catch(async () => {
        const names = await readdir(where.dir)
        throw new Error(`permissions policy missing; files: ${names.join(', ')}`)
      })

    const second = sandbox.calls.length
    const again = await apply('ApplyFreshRole', where)
    expect(again.code).toBe(0)
    expect(writeCalls(second)).toEqual([])
    expect(again.stdout).toContain('No changes')
  })

  it('keeps an existing trust policy’s two unrelated statements, changes only its own; backup + restore bring the old documents back', async () => {
    const original = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Ec2', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
        { Sid: 'PartnerAudit', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::333333333333:root' }, Action: 'sts:AssumeRole' }
      ]
    }
    await iamB().send(new CreateRoleCommand({ RoleName: 'ApplyMergeRole', AssumeRolePolicyDocument: JSON.stringify(original), Description: 'hand-made', MaxSessionDuration: 7200 }))
    const where = await env()
    const start = sandbox.calls.length
    const run = await apply('ApplyMergeRole', where)
    expect(run.code).toBe(0)
    expect((await trustOf('ApplyMergeRole')).map((s) => s.Sid)).toEqual(['Ec2', 'PartnerAudit', 'BedrockXacctTrust'])
    expect(writeCalls(start)).toEqual(['UpdateAssumeRolePolicy', 'UpdateRole', 'TagRole', 'PutRolePolicy', 'PutUserPolicy'])
    const role = await iamB().send(new GetRoleCommand({ RoleName: 'ApplyMergeRole' }))
    expect(role.Role?.Description).toBe('hand-made')

    const backupDir = join(where.dir, '.bedrock-xacct', 'backups')
    const [name] = await readdir(backupDir)
    const file = join(backupDir, name!)
    expect(run.stdout).toContain(`Backup of the current state: ${file}`)
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    expect((await stat(backupDir)).mode & 0o777).toBe(0o700)
    expect(JSON.parse(await readFile(file, 'utf8')).target.trustPolicy).toEqual(original)

    const restoreStart = sandbox.calls.length
    const restore = await runCli(['init', '--restore', file, '--yes', '--target-profile', 'target', '--source-profile', 'source'], where)
    expect(restore.stderr).not.toMatch(/Error:/)
    expect(restore.code).toBe(0)
    // The tags the apply added are removed (UntagRole), and the user policy it added is deleted too (issue 19: DeleteUserPolicy is a port call now).
    expect(writeCalls(restoreStart)).toEqual(['UpdateAssumeRolePolicy', 'UpdateRole', 'UntagRole', 'DeleteRolePolicy', 'DeleteUserPolicy'])
    expect(await trustOf('ApplyMergeRole')).toEqual(original.Statement)
    const restored = await iamB().send(new GetRoleCommand({ RoleName: 'ApplyMergeRole' }))
    expect(restored.Role?.MaxSessionDuration).toBe(7200)
    expect(restored.Role?.Tags ?? []).toEqual([])
    await expect(iamB().send(new GetRolePolicyCommand({ RoleName: 'ApplyMergeRole', PolicyName: permissionsName('ApplyMergeRole') }))).rejects.toThrow()
  })

  it('refuses wrong-account credentials before any write (exit 2)', async () => {
    const where = await env()
    const start = sandbox.calls.length
    const run = await apply('ApplyWrongRole', where, ['--target-profile', 'source'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/--target-profile "source" belong to account 111111111111/)
    expect(writeCalls(start)).toEqual([])
  })

  it('stops at a denied write with a clear report (exit 3); a rerun completes the rest', async () => {
    const where = await env()
    const start = sandbox.calls.length
    const denied = await apply('ApplyPartialRole', where, ['--target-profile', 'no-inline', '--source-profile', 'source'])
    expect(denied.code).toBe(3)
    expect(denied.stdout).toMatch(/Done:\n {2}✓ CreateRole ApplyPartialRole/)
    expect(denied.stdout).toContain(`✗ PutRolePolicy ${permissionsName('ApplyPartialRole')} on role ApplyPartialRole: iam PutRolePolicy failed: AccessDenied`)
    expect(denied.stdout).toMatch(/Not done:\n {2}· PutUserPolicy/)
    expect(denied.stderr).toMatch(/grant iam:PutRolePolicy/)
    const rerun = await apply('ApplyPartialRole', where)
    expect(rerun.code).toBe(0)
    expect(writeCalls(start)).toEqual(['CreateRole', 'PutRolePolicy', 'PutRolePolicy', 'PutUserPolicy'])
    const policy = await iamA().send(new GetUserPolicyCommand({ UserName: 'app-caller', PolicyName: sourceName('ApplyPartialRole') }))
    expect(policy.PolicyName).toBe(sourceName('ApplyPartialRole'))
  })

  it('--managed-policy: creates, attaches, then rotates versions at 5 and is idempotent', async () => {
    const where = await env()
    const flags = ['--managed-policy', '--target-profile', 'target', '--source-profile', 'source']
    const start = sandbox.calls.length
    const first = await apply('ApplyManagedRole', where, flags)
    expect(first.stderr).not.toMatch(/Error:/)
    expect(first.code).toBe(0)
    expect(writeCalls(start)).toEqual(['CreateRole', 'CreatePolicy', 'AttachRolePolicy', 'PutUserPolicy'])
    const arn = `arn:aws:iam::${ACCOUNT_B}:policy/${permissionsName('ApplyManagedRole')}`
    // Four more versions by hand (5 in all), then a changed setup: the oldest non-default goes first.
    for (let n = 0; n < 4; n += 1) {
      await iamB().send(
        new CreatePolicyVersionCommand({
          PolicyArn: arn,
          PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'BedrockXacctInvoke', Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: `arn:aws:bedrock:us-east-1::foundation-model/hand-${n}` }] }),
          SetAsDefault: false
        })
      )
    }
    const rotate = sandbox.calls.length
    const second = await runCli([...initFlags('ApplyManagedRole'), '--marketplace', '--apply', '--yes', ...flags], where)
    expect(second.code).toBe(0)
    expect(writeCalls(rotate)).toEqual(['DeletePolicyVersion', 'CreatePolicyVersion'])
    const versions = await iamB().send(new ListPolicyVersionsCommand({ PolicyArn: arn }))
    expect(versions.Versions?.map((v) => v.VersionId).sort()).toEqual(['v1', 'v3', 'v4', 'v5', 'v6'])
    expect(versions.Versions?.find((v) => v.IsDefaultVersion)?.VersionId).toBe('v6')
    const third = sandbox.calls.length
    expect((await runCli([...initFlags('ApplyManagedRole'), '--marketplace', '--apply', '--yes', ...flags], where)).code).toBe(0)
    expect(writeCalls(third)).toEqual([])
  })

  it('--dry-run shows the plan and writes nothing', async () => {
    const where = await env()
    const start = sandbox.calls.length
    const run = await runCli([...initFlags('ApplyDryRole'), '--apply', '--dry-run', '--target-profile', 'target', '--source-profile', 'source'], where)
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('+ create    role ApplyDryRole')
    expect(run.stdout).toContain('Dry run: nothing was changed.')
    expect(writeCalls(start)).toEqual([])
    await expect(readdir(join(where.dir, '.bedrock-xacct'))).rejects.toThrow()
  })

  it('--json prints exactly one JSON document (the plan, redacted); without --yes and a TTY it refuses (exit 2)', async () => {
    const where = await env()
    const start = sandbox.calls.length
    const json = await runCli([...initFlags('ApplyJsonRole'), '--apply', '--dry-run', '--json', '--target-profile', 'target', '--source-profile', 'source'], where)
    expect(json.code).toBe(0)
    const doc = JSON.parse(json.stdout) as { status: string; plan: { hasChanges: boolean; changes: { resource: string; action: string }[] } }
    expect(doc.status).toBe('dry-run')
    expect(doc.plan.changes.map((c) => `${c.resource}:${c.action}`)).toContain('role:create')
    expect(json.stdout).not.toContain(EXTERNAL_ID)
    const refused = await runCli([...initFlags('ApplyJsonRole'), '--apply', '--target-profile', 'target', '--source-profile', 'source'], where)
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/--yes/)
    expect(writeCalls(start)).toEqual([])
  })

  it('with a config of two setups and --json, prints exactly one JSON document', async () => {
    const where = await env()
    const { writeFile } = await import('node:fs/promises')
    const setup = (name: string) => ({ name, targetAccountId: ACCOUNT_B, caller: CALLER, roleName: name, useCase: name.toLowerCase(), models: [MODEL], externalId: EXTERNAL_ID })
    const config = join(where.dir, 'bedrock-xacct.json')
    await writeFile(config, JSON.stringify({ defaults: { sourceAccountId: ACCOUNT_A, region: 'us-east-1' }, setups: [setup('ApplyJsonOne'), setup('ApplyJsonTwo')] }))
    const run = await runCli(['init', '--config', config, '--apply', '--yes', '--json', '--target-profile', 'target', '--source-profile', 'source'], where)
    expect(run.stderr).not.toMatch(/Error:/)
    expect(run.code).toBe(0)
    const document = JSON.parse(run.stdout) as { setups: unknown[] }
    expect(document.setups).toHaveLength(2)
    expect(run.stdout).not.toContain(EXTERNAL_ID)
  })
})
