/**
 * `init --destroy` over the in-memory AWS (test/helpers/memory-aws.ts), issue 19: after apply then
 * teardown, IAM in both accounts is as before the apply; a second teardown makes no call; a role
 * holding what the tool did not write is refused (exit 2) with nothing changed. Fixture accounts:
 * A = 111111111111 (source; user app-caller is the caller and the default credentials, user admin
 * is profile `a-admin`), B = 222222222222 (target; user admin is profile `b-admin`).
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ACCOUNT_A, ACCOUNT_B, MemoryAws } from '../../../../test/helpers/memory-aws.js'
import { fixtureSetup } from '../../../../test/helpers/setup-fixture.js'
import { isXacctError } from '../../../core/errors.js'
import type { PolicyDocument } from '../../../core/evaluate.js'
import { buildDocuments } from '../../../core/policies/index.js'
import type { Setup } from '../../../core/setup/model.js'
import { memoryIo, type MemoryIo } from '../../../ui/io.js'
import { nonInteractivePrompter } from '../../../ui/prompts.js'
import type { CommandDeps } from '../../deps.js'
import { applySetup, restoreBackup, type ApplyOptions } from '../apply/index.js'
import { destroySetup } from './index.js'

const CALLER_ARN = `arn:aws:iam::${ACCOUNT_A}:user/app-caller`
const OPTIONS: ApplyOptions = { dryRun: false, yes: true, targetProfile: 'b-admin', sourceProfile: 'a-admin', managedPolicy: false, showSecrets: false }
const hooks = { sleep: async () => undefined, onInterrupt: () => () => undefined }
const OTHER_ROLE = `arn:aws:iam::${ACCOUNT_B}:role/SomeOtherRole`

let cwd: string
let aws: MemoryAws
let io: MemoryIo

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'destroy-'))
  aws = new MemoryAws({ now: () => new Date('2026-11-23T08:00:00.000Z') })
  aws.addUser(ACCOUNT_A, 'app-caller', { profile: 'default' })
  aws.addUser(ACCOUNT_A, 'admin', { profile: 'a-admin', attachedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] })
  aws.addUser(ACCOUNT_B, 'admin', { profile: 'b-admin', attachedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] })
})
afterEach(async () => rm(cwd, { recursive: true, force: true }))

function deps(): CommandDeps {
  io = memoryIo({ interactive: false })
  return { io, env: {}, now: () => new Date('2026-11-23T08:00:00.000Z'), cwd, prompter: nonInteractivePrompter(), global: { json: false, color: false, debug: false, yes: false }, aws }
}

const setupOf = (overrides: Partial<Setup> = {}) => fixtureSetup({ caller: { kind: 'user', arn: CALLER_ARN }, useCase: 'chat', ...overrides })
const apply = (setup: Setup, options: Partial<ApplyOptions> = {}) => applySetup(setup, buildDocuments(setup), { ...OPTIONS, ...options }, deps(), hooks)
const destroy = (setup: Setup, options: Partial<ApplyOptions> = {}) => destroySetup(setup, buildDocuments(setup), { ...OPTIONS, ...options }, deps(), hooks)
/** IAM of both accounts as plain data (the views are live). */
const iamState = () => JSON.parse(JSON.stringify(aws.accounts)) as unknown
const writes = () => aws.writeCalls().map((call) => `${call.accountId} ${call.operation}`)

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
    const applied = aws.writeCalls().length

    expect(await destroy(setup, options)).toBe(0)
    expect(iamState()).toEqual(before)
    expect(
      writes()
        .slice(applied)
        .map((w) => w.split(' ')[1])
    ).toEqual(options.managedPolicy ? ['DeleteUserPolicy', 'DetachRolePolicy', 'DeletePolicy', 'DeleteRole'] : ['DeleteUserPolicy', 'DeleteRolePolicy', 'DeleteRole'])
    expect(io.stdout.join('\n')).toMatch(/Teardown plan[\s\S]*Deleted: \d+ calls made/)
    expect((await readdir(join(cwd, '.bedrock-xacct/backups'))).length).toBe(2)

    const calls = aws.writeCalls().length
    expect(await destroy(setup, options)).toBe(0)
    expect(aws.writeCalls().length).toBe(calls)
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
    aws.putUserPolicy(ACCOUNT_A, 'app-caller', setup.sourcePolicyName, shared)
    expect(await apply(setup)).toBe(0)
    const granted = aws.accounts[ACCOUNT_A]!.users['app-caller']!.inlinePolicies[setup.sourcePolicyName]!
    expect(JSON.stringify(granted)).toContain(roleArn)
    expect(await destroy(setup)).toBe(0)
    expect(aws.accounts[ACCOUNT_A]!.users['app-caller']!.inlinePolicies[setup.sourcePolicyName]).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'BedrockXacctAssumeRole', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: OTHER_ROLE },
        { Sid: 'Mine', Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::mine' }
      ]
    })
    expect(aws.accounts[ACCOUNT_B]!.roles[setup.roleName]).toBeUndefined()
  })

  it.each([
    [
      'a trust statement',
      (setup: Setup) => aws.addRole(ACCOUNT_B, { name: setup.roleName, trustPolicy: { Version: '2012-10-17', Statement: [{ Sid: 'Ec2', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] } }),
      /trust policy Sid Ec2/
    ],
    [
      'an inline policy',
      (setup: Setup) => aws.putRolePolicy(ACCOUNT_B, setup.roleName, 'Theirs', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }),
      /inline policy Theirs \(statement #1 \(no Sid\)\)/
    ],
    [
      'an attached policy',
      (setup: Setup) => aws.addRole(ACCOUNT_B, { name: setup.roleName, trustPolicy: { Version: '2012-10-17', Statement: [] }, attachedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] }),
      /attached policy arn:aws:iam::aws:policy\/ReadOnlyAccess/
    ]
  ])('refuses a role holding %s it did not write: exit 2, nothing changed', async (_label, addForeign, message) => {
    const setup = setupOf()
    if (!/inline/.test(String(message))) addForeign(setup)
    expect(await apply(setup)).toBe(0)
    if (/inline/.test(String(message))) addForeign(setup)
    const before = iamState()
    const calls = aws.writeCalls().length
    await expectRefused(destroy(setup), message)
    expect(aws.writeCalls().length).toBe(calls)
    expect(iamState()).toEqual(before)
  })

  it('--dry-run shows the plan and changes nothing', async () => {
    const setup = setupOf()
    expect(await apply(setup)).toBe(0)
    const before = iamState()
    expect(await destroy(setup, { dryRun: true })).toBe(0)
    expect(iamState()).toEqual(before)
    expect(io.stdout.join('\n')).toMatch(/Teardown plan[\s\S]*delete role arn:aws:iam::222222222222:role\/BedrockAccessRole/)
  })

  it("vendor mode: nothing is touched in the third party's account", async () => {
    const setup = setupOf({ thirdPartyCaller: true })
    aws.putUserPolicy(ACCOUNT_A, 'app-caller', setup.sourcePolicyName, buildDocuments(setup).sourcePolicy)
    expect(await apply(setup)).toBe(0)
    expect(await destroy(setup)).toBe(0)
    expect(writes().filter((w) => w.startsWith(ACCOUNT_A))).toEqual([])
    expect(aws.accounts[ACCOUNT_B]!.roles[setup.roleName]).toBeUndefined()
  })

  it.each<[string, Partial<ApplyOptions>]>([
    ['inline permissions', {}],
    ['managed permissions', { managedPolicy: true }]
  ])('--restore of the backup taken before the apply that created the role deletes the role (%s)', async (_label, options) => {
    const before = iamState()
    const setup = setupOf()
    expect(await apply(setup, options)).toBe(0)
    const [backup] = await readdir(join(cwd, '.bedrock-xacct/backups'))
    expect(await restoreBackup(join(cwd, '.bedrock-xacct/backups', backup!), { ...OPTIONS, ...options }, deps(), hooks)).toBe(0)
    expect(iamState()).toEqual(before)
  })

  it('--restore keeps a created role that someone has added to since (manual step instead)', async () => {
    const setup = setupOf()
    expect(await apply(setup)).toBe(0)
    aws.putRolePolicy(ACCOUNT_B, setup.roleName, 'Theirs', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] })
    const [backup] = await readdir(join(cwd, '.bedrock-xacct/backups'))
    expect(await restoreBackup(join(cwd, '.bedrock-xacct/backups', backup!), OPTIONS, deps(), hooks)).toBe(0)
    expect(aws.accounts[ACCOUNT_B]!.roles[setup.roleName]).toBeDefined()
    expect(io.stdout.join('\n')).toMatch(/also holds inline policy Theirs/)
  })
})
