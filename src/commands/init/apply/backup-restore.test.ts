/**
 * `init --apply`'s backup and `init --restore` over the in-memory AWS (test/helpers/apply-world.ts):
 * the backup's mode and content, tags, edits by someone else after the plan, an unwritable backup,
 * restore through lint. Accounts: A = 111111111111 (source; user app-caller is the caller, user
 * admin is profile `a-admin`), B = 222222222222 (target; profile `b-admin`).
 */
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { APPLY_OPTIONS as OPTIONS, CALLER_ARN, applyTestContext, callerSetup as setupOf, instantHooks } from '../../../../test/helpers/apply-world.js'
import { ACCOUNT_A, ACCOUNT_B } from '../../../../test/helpers/memory-aws.js'
import type { PolicyDocument } from '../../../core/evaluate.js'
import { isXacctError } from '../../../core/errors.js'
import { statementsOf } from '../../../core/policy-document.js'
import { restoreBackup } from './index.js'

const ROLE = 'BedrockAccessRole'
const ctx = applyTestContext('backup-restore-')
const { apply, writes, stdout, stderr, backups } = ctx
const depsOf = ctx.deps

describe('backup and --restore', () => {
  it('writes a 0600 backup in a 0700 directory before changing, and restore brings the old documents back', async () => {
    const original: PolicyDocument = { Version: '2012-10-17', Statement: [{ Sid: 'Mine', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }
    ctx.aws.addRole(ACCOUNT_B, { name: ROLE, trustPolicy: original, maxSessionDurationSeconds: 7200 })
    expect(await apply()).toBe(0)
    const [file] = await backups()
    expect(file).toMatch(/\.bedrock-xacct\/backups\/2026-11-23T08-00-00-000Z-BedrockAccessRole\.json$/)
    expect((await stat(file!)).mode & 0o777).toBe(0o600)
    expect((await stat(join(ctx.cwd, '.bedrock-xacct/backups'))).mode & 0o777).toBe(0o700)
    expect(stdout()).toContain(`Backup of the current state: ${file}`)
    const saved = JSON.parse(await readFile(file!, 'utf8')) as { target: { trustPolicy: PolicyDocument; maxSessionDurationSeconds: number } }
    expect(saved.target.trustPolicy).toEqual(original)
    expect(saved.target.maxSessionDurationSeconds).toBe(7200)

    const role = ctx.aws.accounts[ACCOUNT_B]!.roles[ROLE]!
    expect(statementsOf(role.trustPolicy)).toHaveLength(2)
    const writesBefore = ctx.aws.writeCalls().length
    expect(await restoreBackup(file!, OPTIONS, depsOf(), instantHooks())).toBe(0)
    expect(role.trustPolicy).toEqual(original)
    expect(role.maxSessionDurationSeconds).toBe(7200)
    expect(role.inlinePolicies).toEqual({})
    expect(writes().slice(writesBefore)).toEqual(['UpdateAssumeRolePolicy', 'UpdateRole', 'DeleteRolePolicy', 'DeleteUserPolicy'])
    // The tags are a manual step, said so; the user policy the apply added is deleted (issue 19: DeleteUserPolicy is a port call now).
    expect(stdout()).toMatch(/Restore does not remove tags/)
    expect(ctx.aws.accounts[ACCOUNT_A]!.users['app-caller']!.inlinePolicies).toEqual({})
    expect(await backups()).toHaveLength(2)
    // Restoring again changes nothing.
    const after = ctx.aws.writeCalls().length
    expect(await restoreBackup(file!, OPTIONS, depsOf(), instantHooks())).toBe(0)
    expect(ctx.aws.writeCalls().length).toBe(after)
  })

  it('backs up every tag of the role, and restore puts back one changed since (issue 17)', async () => {
    ctx.aws.addRole(ACCOUNT_B, { name: ROLE, trustPolicy: { Version: '2012-10-17', Statement: [{ Sid: 'Ec2', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }, tags: { team: 'ml', 'cost-center': '42' } })
    expect(await apply()).toBe(0)
    const [file] = await backups()
    await ctx.aws.fromChain({ profile: 'b-admin' }, 'us-east-1').iam.tagRole(ROLE, { team: 'someone-else' })
    expect(await restoreBackup(file!, OPTIONS, depsOf(), instantHooks())).toBe(0)
    expect(ctx.aws.accounts[ACCOUNT_B]!.roles[ROLE]!.tags).toMatchObject({ team: 'ml', 'cost-center': '42' })
  })

  it('a trust edited by someone else after the plan: stops (exit 3), writes nothing more, and the backup holds their edit (issue 17)', async () => {
    const trust = (sid: string): PolicyDocument => ({ Version: '2012-10-17', Statement: [{ Sid: sid, Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] })
    ctx.aws.addRole(ACCOUNT_B, { name: ROLE, trustPolicy: trust('Original'), maxSessionDurationSeconds: 7200 })
    // The first GetRole is the plan's read; before the second (the re-read right before the write) a colleague edits the trust.
    let reads = 0
    ctx.aws.failWhen((call) => {
      if (call.operation === 'GetRole' && ++reads === 2) ctx.aws.setTrustPolicy(ACCOUNT_B, ROLE, trust('Theirs'))
      return undefined
    })
    expect(await apply()).toBe(3)
    expect(writes()).toEqual([])
    expect(ctx.aws.accounts[ACCOUNT_B]!.roles[ROLE]!.trustPolicy).toEqual(trust('Theirs'))
    expect(stdout() + stderr()).toMatch(/trust policy of role BedrockAccessRole changed since the plan was made/)
    expect(stdout()).not.toMatch(/Nothing was changed/)
    const [file] = await backups()
    const saved = JSON.parse(await readFile(file!, 'utf8')) as { target: { trustPolicy: PolicyDocument; maxSessionDurationSeconds: number } }
    expect(saved.target.trustPolicy).toEqual(trust('Theirs'))
    expect(saved.target.maxSessionDurationSeconds).toBe(7200)
    expect(stdout() + stderr()).toMatch(/backup .*holds what was read last/i)
  })

  it('an inline policy edited after the first write: the done write stays in the report, the backup holds their policy (issue 17)', async () => {
    const trust: PolicyDocument = { Version: '2012-10-17', Statement: [{ Sid: 'Ec2', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }
    const theirs: PolicyDocument = { Version: '2012-10-17', Statement: [{ Sid: 'Theirs', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }
    ctx.aws.addRole(ACCOUNT_B, { name: ROLE, trustPolicy: trust, tags: {} })
    ctx.aws.failWhen((call) => {
      if (call.operation === 'UpdateAssumeRolePolicy') ctx.aws.putRolePolicy(ACCOUNT_B, ROLE, 'BedrockAccessRole-InvokePolicy', theirs)
      return undefined
    })
    expect(await apply(setupOf(), {}, depsOf({ json: true }))).toBe(3)
    expect(writes()).toEqual(['UpdateAssumeRolePolicy', 'TagRole'])
    expect(ctx.io.stdout).toHaveLength(1)
    const doc = JSON.parse(ctx.io.stdout[0]!) as { status: string; done: string[]; backup: string }
    expect(doc.status).toBe('failed')
    const saved = JSON.parse(await readFile(doc.backup, 'utf8')) as { target: { trustPolicy: PolicyDocument; inlinePolicy: { document: PolicyDocument | null } } }
    expect(saved.target.inlinePolicy.document).toEqual(theirs)
    // What the apply replaced is still what it was before the apply.
    expect(saved.target.trustPolicy).toEqual(trust)
  })

  it('stops before any AWS write when the backup cannot be written (exit 3)', async () => {
    const { writeFile } = await import('node:fs/promises')
    await writeFile(join(ctx.cwd, '.bedrock-xacct'), 'a file where the backup folder should be')
    const error = await apply().catch((e: unknown) => e)
    expect(isXacctError(error) && error.code).toBe('fileSystem')
    expect(isXacctError(error) && error.exitCode).toBe(3)
    expect(writes()).toEqual([])
  })

  it('--restore goes through lint: a backup whose trust fails an error rule is refused (exit 2, nothing written) unless --allow-weaker-trust (issue 17)', async () => {
    const original: PolicyDocument = { Version: '2012-10-17', Statement: [{ Sid: 'Mine', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }
    ctx.aws.addRole(ACCOUNT_B, { name: ROLE, trustPolicy: original, tags: {} })
    expect(await apply()).toBe(0)
    const [file] = await backups()
    const backup = JSON.parse(await readFile(file!, 'utf8')) as { target: { trustPolicy: PolicyDocument } }
    // Narrower, not weaker: a condition on sts:DurationSeconds never matches for AssumeRole, so this statement admits no one.
    backup.target.trustPolicy = {
      Version: '2012-10-17',
      Statement: [...statementsOf(original), { Sid: 'Caller', Effect: 'Allow', Principal: { AWS: CALLER_ARN }, Action: 'sts:AssumeRole', Condition: { NumericLessThanEquals: { 'sts:DurationSeconds': '3600' } } }]
    }
    const { writeFile } = await import('node:fs/promises')
    await writeFile(file!, JSON.stringify(backup))
    const before = ctx.aws.writeCalls().length
    const error = await restoreBackup(file!, OPTIONS, depsOf(), instantHooks()).catch((e: unknown) => e)
    expect(isXacctError(error) && error.exitCode).toBe(2)
    expect((error as Error).message).toMatch(/duration-seconds-condition/)
    expect(isXacctError(error) && error.field).toBe('--allow-weaker-trust')
    expect(ctx.aws.writeCalls().length).toBe(before)
    expect(stdout()).toMatch(/LINT ERROR/)
    expect(await restoreBackup(file!, { ...OPTIONS, allowWeakerTrust: true }, depsOf(), instantHooks())).toBe(0)
    expect(statementsOf(ctx.aws.accounts[ACCOUNT_B]!.roles[ROLE]!.trustPolicy).map((s) => s.Sid)).toEqual(['Mine', 'Caller'])
  })

  it('--restore rejects a file that is not a backup (exit 2)', async () => {
    const error = await restoreBackup(join(ctx.cwd, 'missing.json'), OPTIONS, depsOf(), instantHooks()).catch((e: unknown) => e)
    expect(isXacctError(error) && error.exitCode).toBe(2)
  })
})
