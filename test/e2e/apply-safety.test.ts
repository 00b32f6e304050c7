/**
 * `init --apply` never silently weakens a trust (issues 4–6): the built CLI against the sandbox
 * over HTTP. Apply a setup with an ExternalId, then the same without it (what a fix command that
 * forgot `--external-id` would do): exit 2, nothing written, the trust read back unchanged; then
 * with `--allow-weaker-trust` it is applied. Build first: `npm run build`.
 *
 * Accounts (src/sandbox/worlds/default-world.ts): A = 111111111111 (user app-caller, the caller;
 * user admin: profile `source`), B = 222222222222 (user admin: profile `target`).
 */
import { readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { GetRoleCommand, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ACCOUNT_A, ACCOUNT_B, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js'
import { adminProfilesEnv, runCli, type CliEnv } from './verify-world.js'

const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0'
const EXTERNAL_ID = 'e2e-apply-safety-external-id-7c1e'
const ROLE = 'ApplySafetyRole'

let sandbox: TestSandbox

beforeAll(async () => {
  sandbox = await startTestSandbox()
})
afterAll(async () => {
  await sandbox?.stop()
})

function env(): Promise<CliEnv> {
  return adminProfilesEnv(sandbox)
}

function applyArgs(extra: string[]): string[] {
  return [
    'init',
    '--apply',
    '--yes',
    '--source-account',
    ACCOUNT_A,
    '--target-account',
    ACCOUNT_B,
    '--role-name',
    ROLE,
    '--region',
    'us-east-1',
    '--models',
    MODEL,
    '--use-case',
    'safety',
    '--target-profile',
    'target',
    '--source-profile',
    'source',
    ...extra
  ]
}

async function trustDocumentOf(roleName: string): Promise<unknown> {
  const role = await sandbox.iam(sandbox.principals.targetAdmin).send(new GetRoleCommand({ RoleName: roleName }))
  return JSON.parse(decodeURIComponent(role.Role!.AssumeRolePolicyDocument!))
}

const trustDocument = () => trustDocumentOf(ROLE)

/** The newest backup init --apply wrote for `role` in this run's folder. */
async function latestBackupOf(where: CliEnv, role: string): Promise<string> {
  const dir = join(where.dir, '.bedrock-xacct', 'backups')
  const names = (await readdir(dir)).filter((name) => name.endsWith(`-${role}.json`)).sort()
  return join(dir, names.at(-1)!)
}

const writeCalls = (from: number) =>
  sandbox.calls
    .slice(from)
    .filter((c) => c.service === 'iam' && !/^(Get|List|Simulate)/.test(c.operation))
    .map((c) => c.operation)

describe('init --apply trust safety (e2e)', () => {
  it('refuses to drop the ExternalId condition (exit 2, trust unchanged) until --allow-weaker-trust', async () => {
    const where = await env()
    const first = await runCli(applyArgs(['--caller', 'root', '--external-id', EXTERNAL_ID]), where)
    expect(first.stderr).not.toMatch(/Error:/)
    expect(first.code).toBe(0)
    const applied = await trustDocument()
    expect(JSON.stringify(applied)).toContain(EXTERNAL_ID)

    const start = sandbox.calls.length
    const weaker = await runCli(applyArgs(['--caller', 'root']), where)
    expect(weaker.code).toBe(2)
    expect(weaker.stderr).toMatch(/Refusing to weaken the trust policy of role ApplySafetyRole in account 222222222222: .*would newly be allowed sts:AssumeRole with no sts:ExternalId/)
    // One message per loss (issue 17): the ExternalId is named once, by meaning, with the flag that keeps it in the hint.
    expect(
      weaker.stderr
        .split('\n')
        .find((line) => line.includes('Refusing'))!
        .match(/sts:ExternalId/g)
    ).toHaveLength(1)
    expect(weaker.stderr).toMatch(/pass --external-id with the current value/)
    expect(weaker.stderr).toMatch(/--allow-weaker-trust/)
    expect(weaker.stdout).toMatch(/WEAKER TRUST/)
    expect(weaker.stdout + weaker.stderr).not.toContain(EXTERNAL_ID)
    expect(weaker.stderr).not.toMatch(/\n\s+at /)
    expect(writeCalls(start)).toEqual([])
    expect(await trustDocument()).toEqual(applied)

    // Narrowing the account root to one user is refused as well.
    const narrower = await runCli(applyArgs(['--caller', `arn:aws:iam::${ACCOUNT_A}:user/app-caller`, '--external-id', EXTERNAL_ID]), where)
    expect(narrower.code).toBe(2)
    expect(narrower.stderr).toMatch(/principal arn:aws:iam::111111111111:root would no longer be trusted/)
    expect(await trustDocument()).toEqual(applied)

    const forced = await runCli(applyArgs(['--caller', 'root', '--allow-weaker-trust']), where)
    expect(forced.stderr).not.toMatch(/Error:/)
    expect(forced.code).toBe(0)
    expect(writeCalls(start)).toContain('UpdateAssumeRolePolicy')
    expect(JSON.stringify(await trustDocument())).not.toContain('sts:ExternalId')
  })

  it("a condition someone added to the tool's trust statement is kept: a re-apply keeps it and says so; only --allow-weaker-trust drops it (issue 17)", async () => {
    const where = await env()
    const role = 'ApplySafetyMfaRole'
    const args = (extra: string[]) => applyArgs(extra).map((arg) => (arg === ROLE ? role : arg))
    expect((await runCli(args(['--caller', 'root', '--external-id', EXTERNAL_ID]), where)).code).toBe(0)
    // Someone hardens the tool's own statement by hand: MFA required.
    const admin = sandbox.iam(sandbox.principals.targetAdmin)
    const current = JSON.parse(decodeURIComponent((await admin.send(new GetRoleCommand({ RoleName: role }))).Role!.AssumeRolePolicyDocument!)) as { Statement: { Condition?: Record<string, unknown> }[] }
    current.Statement[0]!.Condition = { ...current.Statement[0]!.Condition, Bool: { 'aws:MultiFactorAuthPresent': 'true' } }
    await admin.send(new UpdateAssumeRolePolicyCommand({ RoleName: role, PolicyDocument: JSON.stringify(current) }))

    const hardened = await trustDocumentOf(role)

    // A re-apply that also changes the permissions (another model): the trust is left as it is.
    const start = sandbox.calls.length
    const again = await runCli(args(['--caller', 'root', '--external-id', EXTERNAL_ID, '--marketplace']), where)
    expect(again.code, again.stdout + again.stderr).toBe(0)
    expect(again.stdout).toMatch(/kept what was added by hand[^\n]*aws:MultiFactorAuthPresent/)
    expect(again.stdout + again.stderr).not.toContain(EXTERNAL_ID)
    expect(writeCalls(start)).not.toContain('UpdateAssumeRolePolicy')
    expect(await trustDocumentOf(role)).toEqual(hardened)

    // --allow-weaker-trust is how to let it go.
    const forced = await runCli(args(['--caller', 'root', '--external-id', EXTERNAL_ID, '--marketplace', '--allow-weaker-trust']), where)
    expect(forced.code, forced.stdout + forced.stderr).toBe(0)
    expect(JSON.stringify(await trustDocumentOf(role))).not.toContain('MultiFactorAuthPresent')
  })

  it("an aws:SourceArn someone added to the tool's service statement is kept through a re-apply that adds a caller (issue 17)", async () => {
    const where = await env()
    const role = 'ApplySafetyServiceRole'
    const args = (extra: string[]) => applyArgs(extra).map((arg) => (arg === ROLE ? role : arg))
    const callers = ['--caller', 'root', '--caller', 'service:sagemaker.amazonaws.com', '--external-id', EXTERNAL_ID]
    const first = await runCli(args(callers), where)
    expect(first.code, first.stdout + first.stderr).toBe(0)
    // Someone narrows the service statement by hand to one notebook (confused-deputy protection beyond aws:SourceAccount).
    const admin = sandbox.iam(sandbox.principals.targetAdmin)
    const current = (await trustDocumentOf(role)) as { Statement: { Sid?: string; Condition?: Record<string, unknown> }[] }
    const service = current.Statement.find((statement) => statement.Sid === 'BedrockXacctTrustService')!
    service.Condition = { ...service.Condition, ArnLike: { 'aws:SourceArn': `arn:aws:sagemaker:us-east-1:${ACCOUNT_A}:notebook-instance/research` } }
    await admin.send(new UpdateAssumeRolePolicyCommand({ RoleName: role, PolicyDocument: JSON.stringify(current) }))
    const edited = await trustDocumentOf(role)

    const start = sandbox.calls.length
    // A user caller joins: the trust is rewritten, and the hand-added aws:SourceArn stays on the service statement.
    const again = await runCli(args([...callers, '--caller', `arn:aws:iam::${ACCOUNT_A}:user/app-caller`, '--json']), where)
    expect(again.code, again.stdout + again.stderr).toBe(0)
    expect(again.stdout + again.stderr).not.toContain(EXTERNAL_ID)
    expect(writeCalls(start)).toContain('UpdateAssumeRolePolicy')
    const after = (await trustDocumentOf(role)) as { Statement: { Sid?: string; Principal?: unknown; Condition?: Record<string, Record<string, unknown>> }[] }
    const kept = after.Statement.find((statement) => statement.Sid === 'BedrockXacctTrustService')!
    expect(kept.Condition?.ArnLike).toEqual(service.Condition.ArnLike)
    expect(JSON.stringify(after)).toContain(`arn:aws:iam::${ACCOUNT_A}:user/app-caller`)
    expect((JSON.parse(again.stdout) as { plan?: { notes?: string[] } }).plan?.notes?.join('\n') ?? again.stdout).toMatch(/kept what was added by hand[^\n]*aws:SourceArn/)
    expect(edited).not.toEqual(after)
  })

  it('--restore of an edited backup that would open the role to everyone is refused (exit 2, nothing written) (issue 17)', async () => {
    const where = await env()
    const role = 'ApplySafetyRestoreRole'
    const args = (extra: string[]) => applyArgs(extra).map((arg) => (arg === ROLE ? role : arg))
    expect((await runCli(args(['--caller', 'root', '--external-id', EXTERNAL_ID]), where)).code).toBe(0)
    // A second apply with another ExternalId (a rotation) backs up the trust the first one wrote.
    expect((await runCli(args(['--caller', 'root', '--external-id', `${EXTERNAL_ID}-rotated`]), where)).code).toBe(0)
    const file = await latestBackupOf(where, role)
    const backup = JSON.parse(await readFile(file, 'utf8')) as { target: { trustPolicy: unknown } }
    backup.target.trustPolicy = { Version: '2012-10-17', Statement: [{ Sid: 'BedrockXacctTrust', Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }] }
    await writeFile(file, JSON.stringify(backup, null, 2))

    const before = await trustDocumentOf(role)
    const start = sandbox.calls.length
    const restored = await runCli(['init', '--restore', file, '--yes', '--target-profile', 'target', '--source-profile', 'source'], where)
    expect(restored.code, restored.stdout + restored.stderr).toBe(2)
    expect(restored.stderr).toMatch(/Refusing to restore [^\n]*principal-wildcard[^\n]*would newly be allowed sts:AssumeRole/)
    expect(writeCalls(start)).toEqual([])
    expect(await trustDocumentOf(role)).toEqual(before)
  })

  it('--restore of an edited backup: a wider role policy is shown; a caller policy in A that would newly grant anything (another principal, sts:AssumeRole on *) is refused (issue 17)', async () => {
    const where = await env()
    const role = 'ApplySafetyRestoreWidenRole'
    const args = (extra: string[]) => applyArgs(extra).map((arg) => (arg === ROLE ? role : arg))
    const caller = ['--caller', `arn:aws:iam::${ACCOUNT_A}:user/app-caller`, '--external-id', EXTERNAL_ID]
    expect((await runCli(args(caller), where)).code).toBe(0)
    expect((await runCli(args([...caller, '--marketplace']), where)).code).toBe(0)
    const file = await latestBackupOf(where, role)
    const original = await readFile(file, 'utf8')
    const restore = () => runCli(['init', '--restore', file, '--yes', '--target-profile', 'target', '--source-profile', 'source'], where)

    // The role's permissions policy put back as bedrock:* on *: the plan says what it newly allows
    // (undoing an apply that narrowed the models widens back legitimately, so this is shown, not refused).
    const wide = JSON.parse(original) as { target: { inlinePolicy: { document: unknown } } }
    wide.target.inlinePolicy.document = { Version: '2012-10-17', Statement: [{ Sid: 'BedrockXacctInvoke', Effect: 'Allow', Action: 'bedrock:*', Resource: '*' }] }
    await writeFile(file, JSON.stringify(wide, null, 2))
    let start = sandbox.calls.length
    const shown = await runCli(['init', '--restore', file, '--dry-run', '--target-profile', 'target', '--source-profile', 'source'], where)
    expect(shown.code, shown.stdout + shown.stderr).toBe(0)
    expect(shown.stdout).toMatch(/newly allows:\s+bedrock:InvokeModel on arn:aws:bedrock:us-east-1::foundation-model\/bedrock-xacct-probe/)
    expect(writeCalls(start)).toEqual([])

    // Another principal of A (the admin user) named as the source, given sts:AssumeRole on every role.
    const other = JSON.parse(original) as { source: { principal: { kind: string; name: string; arn: string }; document: unknown } }
    other.source.principal = { kind: 'user', name: 'admin', arn: `arn:aws:iam::${ACCOUNT_A}:user/admin` }
    other.source.document = { Version: '2012-10-17', Statement: [{ Sid: 'BedrockXacctAssumeRole', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }
    await writeFile(file, JSON.stringify(other, null, 2))
    start = sandbox.calls.length
    const crafted = await restore()
    expect(crafted.code, crafted.stdout + crafted.stderr).toBe(2)
    expect(crafted.stderr).toMatch(/Refusing to restore[^\n]*newly allow[^\n]*sts:AssumeRole/)
    expect(writeCalls(start)).toEqual([])
  })

  it('--restore of an edited backup whose service statement lost its aws:SourceAccount is refused (exit 2, nothing written) (issue 17)', async () => {
    const where = await env()
    const role = 'ApplySafetyRestoreServiceRole'
    const args = (extra: string[]) => applyArgs(extra).map((arg) => (arg === ROLE ? role : arg))
    const callers = ['--caller', 'root', '--caller', 'service:sagemaker.amazonaws.com']
    expect((await runCli(args([...callers, '--external-id', EXTERNAL_ID]), where)).code).toBe(0)
    expect((await runCli(args([...callers, '--external-id', `${EXTERNAL_ID}-rotated`]), where)).code).toBe(0)
    const file = await latestBackupOf(where, role)
    const backup = JSON.parse(await readFile(file, 'utf8')) as { target: { trustPolicy: { Statement: { Sid?: string; Condition?: unknown }[] } } }
    const service = backup.target.trustPolicy.Statement.find((statement) => statement.Sid === 'BedrockXacctTrustService')!
    delete service.Condition
    await writeFile(file, JSON.stringify(backup, null, 2))

    const before = await trustDocumentOf(role)
    const start = sandbox.calls.length
    const restored = await runCli(['init', '--restore', file, '--yes', '--target-profile', 'target', '--source-profile', 'source'], where)
    expect(restored.code, restored.stdout + restored.stderr).toBe(2)
    expect(restored.stderr).toMatch(/sagemaker\.amazonaws\.com[^\n]*would newly be allowed sts:AssumeRole with [^\n]*aws:SourceAccount/)
    expect(writeCalls(start)).toEqual([])
    expect(await trustDocumentOf(role)).toEqual(before)
  })
})
