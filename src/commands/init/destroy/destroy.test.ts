/**
 * `init --destroy` over the in-memory AWS (test/helpers/memory-aws.ts), issue 19: after apply then
 * teardown, IAM in both accounts is as before the apply; a second teardown makes no call; a role
 * holding what the tool did not write is refused (exit 2) with nothing changed. Fixture accounts:
 * A = 111111111111 (source; user app-caller is the caller and the default credentials, user admin
 * is profile `a-admin`), B = 222222222222 (target; user admin is profile `b-admin`).
 */
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { APPLY_OPTIONS as OPTIONS, applyTestContext, callerSetup as setupOf, instantHooks } from '../../../../test/helpers/apply-world.js'
import { ACCOUNT_A, ACCOUNT_B } from '../../../../test/helpers/memory-aws.js'
import { isXacctError } from '../../../core/errors.js'
import type { PolicyDocument } from '../../../core/evaluate.js'
import { buildDocuments } from '../../../core/policies/index.js'
import type { Setup } from '../../../core/setup/model.js'
import type { CommandDeps } from '../../deps.js'
import { applySetup, restoreBackup, type ApplyOptions } from '../apply/index.js'
import { destroySetup } from './index.js'

const hooks = instantHooks()
const OTHER_ROLE = `arn:aws:iam::${ACCOUNT_B}:role/SomeOtherRole`

const ctx = applyTestContext('destroy-')
const deps = (): CommandDeps => ctx.deps()

const apply = (setup: Setup, options: Partial<ApplyOptions> = {}) => applySetup(setup, buildDocuments(setup), { ...OPTIONS, ...options }, deps(), hooks)
const destroy = (setup: Setup, options: Partial<ApplyOptions> = {}) => destroySetup(setup, buildDocuments(setup), { ...OPTIONS, ...options }, deps(), hooks)
/** IAM of both accounts as plain data (the views are live). */
const iamState = () => JSON.parse(JSON.stringify(ctx.aws.accounts)) as unknown
const writes = () => ctx.aws.writeCalls().map((call) => `${call.accountId} ${call.operation}`)

async function expectRefused(run: Promise<number>, message: RegExp): Promise<void> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(isXacctError(error) && error.exitCode).toBe(2)
  expect((error as Error).message).toMatch(message)
}

describe('init --destroy', () => {
  it.each<[string, Partial<ApplyOptions>]>([
    ['inline permissions', {}],
    ['managed permissions', { managedPolicy: true }]
  ])('leaves IAM in both accounts as before the apply (%s), with a backup; a second run makes no call', async (_label, options) => {
    const before = iamState()
    const setup = setupOf()
    expect(await apply(setup, options)).toBe(0)
    expect(iamState()).not.toEqual(before)
    const applied = ctx.aws.writeCalls().length

    expect(await destroy(setup, options)).toBe(0)
    expect(iamState()).toEqual(before)
    expect(
      writes()
        .slice(applied)
        .map((w) => w.split(' ')[1])
    ).toEqual(options.managedPolicy ? ['DeleteUserPolicy', 'DetachRolePolicy', 'DeletePolicy', 'DeleteRole'] : ['DeleteUserPolicy', 'DeleteRolePolicy', 'DeleteRole'])
    expect(ctx.io.stdout.join('\n')).toMatch(/Teardown plan[\s\S]*Deleted: \d+ calls made/)
    expect((await readdir(join(ctx.cwd, '.bedrock-xacct/backups'))).length).toBe(2)

    const calls = ctx.aws.writeCalls().length
    expect(await destroy(setup, options)).toBe(0)
    expect(ctx.aws.writeCalls().length).toBe(calls)
  })

  it("keeps the rest of a shared source policy: only this role's ARN leaves the caller's grant", async () => {
    const setup = setupOf()
    const roleArn = buildDocuments(setup).roleArn
    const shared: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'BedrockXacctAssumeRole', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: [OTHER_ROLE] },
        { Sid: 'Mine', Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::mine' }
      ]
    }
    ctx.aws.putUserPolicy(ACCOUNT_A, 'app-caller', setup.sourcePolicyName, shared)
    expect(await apply(setup)).toBe(0)
    const granted = ctx.aws.accounts[ACCOUNT_A]!.users['app-caller']!.inlinePolicies[setup.sourcePolicyName]!
    expect(JSON.stringify(granted)).toContain(roleArn)
    expect(await destroy(setup)).toBe(0)
    expect(ctx.aws.accounts[ACCOUNT_A]!.users['app-caller']!.inlinePolicies[setup.sourcePolicyName]).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'BedrockXacctAssumeRole', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: OTHER_ROLE },
        { Sid: 'Mine', Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::mine' }
      ]
    })
    expect(ctx.aws.accounts[ACCOUNT_B]!.roles[setup.roleName]).toBeUndefined()
  })

  it.each([
    [
      'a trust statement',
      (setup: Setup) => ctx.aws.addRole(ACCOUNT_B, { name: setup.roleName, trustPolicy: { Version: '2012-10-17', Statement: [{ Sid: 'Ec2', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] } }),
      /trust policy Sid Ec2/
    ],
    [
      'an inline policy',
      (setup: Setup) => ctx.aws.putRolePolicy(ACCOUNT_B, setup.roleName, 'Theirs', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }),
      /inline policy Theirs \(statement #1 \(no Sid\)\)/
    ],
    [
      'an attached policy',
      (setup: Setup) => ctx.aws.addRole(ACCOUNT_B, { name: setup.roleName, trustPolicy: { Version: '2012-10-17', Statement: [] }, attachedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] }),
      /attached policy arn:aws:iam::aws:policy\/ReadOnlyAccess/
    ]
  ])('refuses a role holding %s it did not write: exit 2, nothing changed', async (_label, addForeign, message) => {
    const setup = setupOf()
    if (!/inline/.test(String(message))) addForeign(setup)
    expect(await apply(setup)).toBe(0)
    if (/inline/.test(String(message))) addForeign(setup)
    const before = iamState()
    const calls = ctx.aws.writeCalls().length
    await expectRefused(destroy(setup), message)
    expect(ctx.aws.writeCalls().length).toBe(calls)
    expect(iamState()).toEqual(before)
  })

  it('--dry-run shows the plan and changes nothing', async () => {
    const setup = setupOf()
    expect(await apply(setup)).toBe(0)
    const before = iamState()
    expect(await destroy(setup, { dryRun: true })).toBe(0)
    expect(iamState()).toEqual(before)
    expect(ctx.io.stdout.join('\n')).toMatch(/Teardown plan[\s\S]*delete role arn:aws:iam::222222222222:role\/BedrockAccessRole/)
  })

  it("vendor mode: nothing is touched in the third party's account", async () => {
    const setup = setupOf({ thirdPartyCaller: true })
    ctx.aws.putUserPolicy(ACCOUNT_A, 'app-caller', setup.sourcePolicyName, buildDocuments(setup).sourcePolicy)
    expect(await apply(setup)).toBe(0)
    expect(await destroy(setup)).toBe(0)
    expect(writes().filter((w) => w.startsWith(ACCOUNT_A))).toEqual([])
    expect(ctx.aws.accounts[ACCOUNT_B]!.roles[setup.roleName]).toBeUndefined()
  })

  it.each<[string, Partial<ApplyOptions>]>([
    ['inline permissions', {}],
    ['managed permissions', { managedPolicy: true }]
  ])('--restore of the backup taken before the apply that created the role deletes the role (%s)', async (_label, options) => {
    const before = iamState()
    const setup = setupOf()
    expect(await apply(setup, options)).toBe(0)
    const [backup] = await readdir(join(ctx.cwd, '.bedrock-xacct/backups'))
    expect(await restoreBackup(join(ctx.cwd, '.bedrock-xacct/backups', backup!), { ...OPTIONS, ...options }, deps(), hooks)).toBe(0)
    expect(iamState()).toEqual(before)
  })

  it('--restore keeps a created role that someone has added to since (manual step instead)', async () => {
    const setup = setupOf()
    expect(await apply(setup)).toBe(0)
    ctx.aws.putRolePolicy(ACCOUNT_B, setup.roleName, 'Theirs', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] })
    const [backup] = await readdir(join(ctx.cwd, '.bedrock-xacct/backups'))
    expect(await restoreBackup(join(ctx.cwd, '.bedrock-xacct/backups', backup!), OPTIONS, deps(), hooks)).toBe(0)
    expect(ctx.aws.accounts[ACCOUNT_B]!.roles[setup.roleName]).toBeDefined()
    expect(ctx.io.stdout.join('\n')).toMatch(/also holds inline policy Theirs/)
  })
})
