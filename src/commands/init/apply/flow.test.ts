/**
 * `init --apply` / `--restore` over the in-memory AWS (test/helpers/memory-aws.ts): the safety properties
 * of issue 4, counted in calls. Fixture accounts: A = 111111111111 (source; user app-caller is the
 * caller and the default credentials, user admin is profile `a-admin`), B = 222222222222 (target;
 * user admin is profile `b-admin`).
 */
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ACCOUNT_A, ACCOUNT_B, MemoryAws } from '../../../../test/helpers/memory-aws.js'
import type { PolicyDocument, PolicyStatement } from '../../../core/evaluate.js'
import { isXacctError } from '../../../core/errors.js'
import { buildDocuments } from '../../../core/policies/index.js'
import { FIXTURE_EXTERNAL_ID, fixtureSetup, type FixtureOverrides } from '../../../../test/helpers/setup-fixture.js'
import type { Setup } from '../../../core/setup/model.js'
import { statementsOf } from '../../../core/policy-document.js'
import { memoryIo, type MemoryIo } from '../../../ui/io.js'
import { nonInteractivePrompter, scriptedPrompter, type Prompter } from '../../../ui/prompts.js'
import type { CommandDeps } from '../../deps.js'
import { applySetup, restoreBackup, type ApplyOptions, type ApplyTestHooks } from './index.js'

const CALLER_ARN = `arn:aws:iam::${ACCOUNT_A}:user/app-caller`
const ROLE = 'BedrockAccessRole'
const OPTIONS: ApplyOptions = { dryRun: false, yes: true, targetProfile: 'b-admin', sourceProfile: 'a-admin', managedPolicy: false, showSecrets: false }

let cwd: string
let aws: MemoryAws
let io: MemoryIo

function world(): MemoryAws {
  const memory = new MemoryAws({ now: () => new Date('2026-11-23T08:00:00.000Z') })
  memory.addUser(ACCOUNT_A, 'app-caller', { profile: 'default' })
  memory.addUser(ACCOUNT_A, 'admin', { profile: 'a-admin', attachedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] })
  memory.addUser(ACCOUNT_B, 'admin', { profile: 'b-admin', attachedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] })
  return memory
}

function setupOf(overrides: FixtureOverrides = {}): Setup {
  return fixtureSetup({ caller: { kind: 'user', arn: CALLER_ARN }, useCase: 'chat', ...overrides })
}

function depsOf(options: { json?: boolean; prompter?: Prompter; interactive?: boolean } = {}): CommandDeps {
  io = memoryIo({ interactive: options.interactive ?? false })
  return {
    io,
    env: {},
    now: () => new Date('2026-11-23T08:00:00.000Z'),
    cwd,
    prompter: options.prompter ?? nonInteractivePrompter(),
    global: { json: options.json ?? false, color: false, debug: false, yes: false },
    aws
  }
}

const hooks = (): ApplyTestHooks => ({ sleep: async () => undefined, onInterrupt: () => () => undefined })

async function apply(setup = setupOf(), options: Partial<ApplyOptions> = {}, deps = depsOf()): Promise<number> {
  return applySetup(setup, buildDocuments(setup), { ...OPTIONS, ...options }, deps, hooks())
}

const writes = () => aws.writeCalls().map((c) => c.operation)
const stdout = () => io.stdout.join('\n')
const stderr = () => io.stderr.join('\n')

async function backups(): Promise<string[]> {
  try {
    return (await readdir(join(cwd, '.bedrock-xacct/backups'))).map((name) => join(cwd, '.bedrock-xacct/backups', name))
  } catch {
    return []
  }
}

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'apply-flow-'))
  aws = world()
})
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true })
})

describe('init --apply over the in-memory AWS', () => {
  it('creates everything from nothing, then waits until the caller can assume the role', async () => {
    expect(await apply()).toBe(0)
    expect(writes()).toEqual(['CreateRole', 'PutRolePolicy', 'PutUserPolicy'])
    const role = aws.accounts[ACCOUNT_B]!.roles[ROLE]!
    expect(role.tags).toEqual({ 'managed-by': 'bedrock-xacct', 'use-case': 'chat' })
    expect(role.maxSessionDurationSeconds).toBe(3600)
    expect(statementsOf(role.trustPolicy).map((s) => s.Sid)).toEqual(['BedrockXacctTrust'])
    expect(Object.keys(role.inlinePolicies)).toEqual(['BedrockAccessRole-InvokePolicy'])
    expect(Object.keys(aws.accounts[ACCOUNT_A]!.users['app-caller']!.inlinePolicies)).toEqual(['AssumeBedrockAccessRole'])
    // The propagation wait assumed the role as the caller (default credentials), with the ExternalId.
    const assumes = aws.callsTo('AssumeRole')
    expect(assumes.at(-1)?.error).toBeUndefined()
    expect(assumes.at(-1)?.callerArn).toBe(CALLER_ARN)
    expect(stdout()).toContain('Applied: 3 calls made.')
    expect(stdout() + stderr()).not.toContain(FIXTURE_EXTERNAL_ID)
  })

  it('makes zero write calls on a second apply and says so', async () => {
    await apply()
    const before = aws.writeCalls().length
    expect(await apply()).toBe(0)
    expect(aws.writeCalls().length).toBe(before)
    expect(stdout()).toContain('No changes')
    expect(await backups()).toHaveLength(1)
  })

  it('keeps unrelated trust statements and replaces only its own, in place', async () => {
    const ec2: PolicyStatement = { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }
    const partner: PolicyStatement = { Sid: 'PartnerAudit', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::333333333333:root' }, Action: 'sts:AssumeRole' }
    // Stale: no ExternalId condition yet (adding one loses nothing; a narrower principal would be refused, see below).
    const staleOurs: PolicyStatement = { Sid: 'BedrockXacctTrust', Effect: 'Allow', Principal: { AWS: CALLER_ARN }, Action: 'sts:AssumeRole' }
    aws.addRole(ACCOUNT_B, {
      name: ROLE,
      trustPolicy: { Version: '2012-10-17', Statement: [ec2, staleOurs, partner] },
      description: 'hand-made',
      tags: { team: 'ml' },
      inlinePolicies: { 'BedrockAccessRole-InvokePolicy': { Version: '2012-10-17', Statement: [{ Sid: 'Logs', Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: '*' }] } }
    })
    expect(await apply()).toBe(0)
    const role = aws.accounts[ACCOUNT_B]!.roles[ROLE]!
    const trust = statementsOf(role.trustPolicy)
    expect(trust).toHaveLength(3)
    expect(trust[0]).toEqual(ec2)
    expect(trust[1]).toMatchObject({ Sid: 'BedrockXacctTrust', Principal: { AWS: CALLER_ARN } })
    expect(trust[2]).toEqual(partner)
    expect(statementsOf(role.inlinePolicies['BedrockAccessRole-InvokePolicy']).map((s) => s.Sid)).toEqual(['Logs', 'BedrockXacctInvoke'])
    expect(role.description).toBe('hand-made')
    expect(role.tags).toEqual({ team: 'ml', 'managed-by': 'bedrock-xacct', 'use-case': 'chat' })
    expect(writes()).toEqual(['UpdateAssumeRolePolicy', 'TagRole', 'PutRolePolicy', 'PutUserPolicy'])
    expect(stdout()).toMatch(/~ BedrockXacctTrust changed \(Condition\)/)
  })

  it('refuses to narrow the trusted principal or drop the ExternalId unless --allow-weaker-trust (exit 2, nothing written)', async () => {
    const rootTrust = {
      Version: '2012-10-17',
      Statement: [{ Sid: 'BedrockXacctTrust', Effect: 'Allow' as const, Principal: { AWS: `arn:aws:iam::${ACCOUNT_A}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': FIXTURE_EXTERNAL_ID } } }]
    }
    aws.addRole(ACCOUNT_B, { name: ROLE, trustPolicy: rootTrust, tags: {} })
    const error = await apply(setupOf({ externalId: undefined })).catch((e: unknown) => e)
    expect(error).toMatchObject({ exitCode: 2, message: expect.stringMatching(/would newly be allowed sts:AssumeRole with no sts:ExternalId.*principal arn:aws:iam::111111111111:root would no longer be trusted/) })
    expect(error).toMatchObject({ hint: expect.stringMatching(/pass --external-id/) })
    expect(writes()).toEqual([])
    expect(aws.accounts[ACCOUNT_B]!.roles[ROLE]!.trustPolicy).toEqual(rootTrust)
    expect(stdout()).toMatch(/WEAKER TRUST/)
    expect(stdout()).not.toContain(FIXTURE_EXTERNAL_ID)
    expect(await apply(setupOf({ externalId: undefined }), { allowWeakerTrust: true })).toBe(0)
    expect(statementsOf(aws.accounts[ACCOUNT_B]!.roles[ROLE]!.trustPolicy)[0]).toEqual({ Sid: 'BedrockXacctTrust', Effect: 'Allow', Principal: { AWS: CALLER_ARN }, Action: 'sts:AssumeRole' })
  })

  it('the plan names what the permissions and source policies would newly allow, by meaning (issue 17)', async () => {
    const oldModel = 'arn:aws:bedrock:us-east-1::foundation-model/some.other-model-v1:0'
    aws.addRole(ACCOUNT_B, {
      name: ROLE,
      trustPolicy: { Version: '2012-10-17', Statement: [{ Sid: 'Ec2', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
      tags: {},
      inlinePolicies: { 'BedrockAccessRole-InvokePolicy': { Version: '2012-10-17', Statement: [{ Sid: 'Mine', Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: oldModel }] } }
    })
    aws.putUserPolicy(ACCOUNT_A, 'app-caller', 'AssumeBedrockAccessRole', { Version: '2012-10-17', Statement: [{ Sid: 'Other', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${ACCOUNT_B}:role/Other` }] })
    expect(await apply(setupOf(), { dryRun: true })).toBe(0)
    expect(stdout()).toMatch(/inline policy BedrockAccessRole-InvokePolicy on role BedrockAccessRole\n[\s\S]*?newly allows:\n {8}bedrock:InvokeModel on arn:aws:bedrock:/)
    expect(stdout()).not.toMatch(/newly allows:[^~]*some\.other-model/)
    expect(stdout()).toMatch(/newly allows:\n {8}sts:AssumeRole on arn:aws:iam::222222222222:role\/BedrockAccessRole\n/)
    await apply(setupOf(), { dryRun: true }, depsOf({ json: true }))
    const doc = JSON.parse(io.stdout[0]!) as { plan: { changes: { resource: string; newlyAllowed?: string[] }[] } }
    expect(doc.plan.changes.find((change) => change.resource === 'source-policy')?.newlyAllowed).toEqual([`sts:AssumeRole on arn:aws:iam::${ACCOUNT_B}:role/${ROLE}`])
    expect(doc.plan.changes.find((change) => change.resource === 'permissions-policy')?.newlyAllowed?.join('\n')).toMatch(/bedrock:InvokeModel on/)
  })

  it('rotates managed policy versions: deletes the oldest non-default before the sixth', async () => {
    const arn = `arn:aws:iam::${ACCOUNT_B}:policy/BedrockAccessRole-InvokePolicy`
    const old = (n: number): PolicyDocument => ({ Version: '2012-10-17', Statement: [{ Sid: 'BedrockXacctInvoke', Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: `arn:aws:bedrock:us-east-1::foundation-model/old-${n}` }] })
    const policy = aws.addManagedPolicy(ACCOUNT_B, { name: 'BedrockAccessRole-InvokePolicy', documents: [1, 2, 3, 4, 5].map(old) })
    // Make v1 the default, so the oldest NON-default (v2) is the one to go.
    aws.setDefaultPolicyVersion(policy.arn, 'v1')
    expect(await apply(setupOf(), { managedPolicy: true })).toBe(0)
    expect(writes()).toEqual(['CreateRole', 'DeletePolicyVersion', 'CreatePolicyVersion', 'AttachRolePolicy', 'PutUserPolicy'])
    expect(aws.callsTo('DeletePolicyVersion')[0]?.input).toMatchObject({ versionId: 'v2' })
    const versions = aws.accounts[ACCOUNT_B]!.policies[arn]!.versions
    expect(versions).toHaveLength(5)
    expect(versions.find((v) => v.isDefault)?.versionId).toBe('v6')
    expect(aws.accounts[ACCOUNT_B]!.roles[ROLE]!.attachedPolicyArns).toEqual([arn])
    const before = aws.writeCalls().length
    expect(await apply(setupOf(), { managedPolicy: true })).toBe(0)
    expect(aws.writeCalls().length).toBe(before)
  })

  it.each([
    ['target', { targetProfile: 'a-admin' }, '--target-profile'],
    ['source', { sourceProfile: 'b-admin' }, '--source-profile'],
    ['default chain (in A) for target', { targetProfile: undefined }, '--target-profile']
  ])('refuses %s credentials of the wrong account before any write (exit 2)', async (_label, options, field) => {
    const error = await apply(setupOf(), options as Partial<ApplyOptions>).catch((e: unknown) => e)
    expect(isXacctError(error) && error.code).toBe('wrongAccount')
    expect(isXacctError(error) && error.exitCode).toBe(2)
    expect(isXacctError(error) && error.field).toBe(field)
    expect(writes()).toEqual([])
  })

  it('stops at a denied write, reports done / not done (exit 3), and a rerun completes the rest', async () => {
    aws.failNext('PutRolePolicy', 'access-denied')
    expect(await apply()).toBe(3)
    expect(stdout()).toMatch(/Done:\n {2}✓ CreateRole BedrockAccessRole/)
    expect(stdout()).toMatch(/✗ PutRolePolicy BedrockAccessRole-InvokePolicy on role BedrockAccessRole: .*AccessDenied/)
    expect(stdout()).toMatch(/Not done:\n {2}· PutUserPolicy/)
    expect(stderr()).toMatch(/grant iam:PutRolePolicy/)
    expect(await apply()).toBe(0)
    expect(writes()).toEqual(['CreateRole', 'PutRolePolicy', 'PutRolePolicy', 'PutUserPolicy'])
    expect(aws.callsTo('CreateRole')).toHaveLength(1)
  })

  it('--dry-run shows the plan and writes nothing, not even a backup', async () => {
    expect(await apply(setupOf(), { dryRun: true })).toBe(0)
    expect(writes()).toEqual([])
    expect(stdout()).toContain('Dry run: nothing was changed.')
    expect(stdout()).toContain('+ create    role BedrockAccessRole')
    expect(await backups()).toEqual([])
  })

  it('without a TTY and without --yes refuses (exit 2) after showing the plan', async () => {
    const error = await apply(setupOf(), { yes: false }).catch((e: unknown) => e)
    expect(isXacctError(error) && error.field).toBe('--yes')
    expect(isXacctError(error) && error.exitCode).toBe(2)
    expect(writes()).toEqual([])
  })

  it('asks on a TTY; "no" changes nothing (exit 130)', async () => {
    const prompter = scriptedPrompter({ '--yes': false })
    expect(await apply(setupOf(), { yes: false }, depsOf({ prompter, interactive: true }))).toBe(130)
    expect(prompter.asked).toEqual(['--yes'])
    expect(writes()).toEqual([])
  })

  it('--json prints exactly one document, ExternalId redacted unless --show-secrets', async () => {
    expect(await apply(setupOf(), {}, depsOf({ json: true }))).toBe(0)
    expect(io.stdout).toHaveLength(1)
    const doc = JSON.parse(io.stdout[0]!) as { status: string; plan: { changes: { resource: string; action: string }[] }; done: string[]; propagation: { status: string } }
    expect(doc.status).toBe('applied')
    expect(doc.done).toEqual(['CreateRole BedrockAccessRole', 'PutRolePolicy BedrockAccessRole-InvokePolicy on role BedrockAccessRole', 'PutUserPolicy AssumeBedrockAccessRole on user app-caller'])
    expect(doc.propagation.status).toBe('ready')
    expect(io.stdout[0]).not.toContain(FIXTURE_EXTERNAL_ID)
    await apply(setupOf(), { dryRun: true, showSecrets: true }, depsOf({ json: true }))
    expect(io.stdout[0]).toContain(FIXTURE_EXTERNAL_ID)
  })

  it('hands the JSON document to onJson instead of stdout (init combines several setups)', async () => {
    const documents: Record<string, unknown>[] = []
    const setup = setupOf()
    const deps = depsOf({ json: true })
    expect(await applySetup(setup, buildDocuments(setup), OPTIONS, deps, { ...hooks(), onJson: (doc) => documents.push(doc) })).toBe(0)
    expect(io.stdout).toEqual([])
    expect(documents.map((d) => d.status)).toEqual(['applied'])
    expect(JSON.stringify(documents)).not.toContain(FIXTURE_EXTERNAL_ID)
  })

  it('says what A’s admin must do for an account-root caller, and writes nothing in A', async () => {
    expect(await apply(setupOf({ caller: { kind: 'account' } }))).toBe(0)
    expect(aws.writeCalls().every((c) => c.accountId === ACCOUNT_B)).toBe(true)
    expect(stdout()).toMatch(/! manual +source policy in account 111111111111/)
  })

  it('reports what was done when Ctrl-C lands mid-apply', async () => {
    let interrupt = () => undefined as void
    aws.failWhen((call) => {
      if (call.operation === 'PutRolePolicy') interrupt()
      return undefined
    })
    const setup = setupOf()
    await applySetup(setup, buildDocuments(setup), OPTIONS, depsOf(), {
      sleep: async () => undefined,
      onInterrupt: (listener) => {
        interrupt = listener
        return () => undefined
      }
    })
    expect(stderr()).toMatch(/Interrupted during apply\.[\s\S]*✓ CreateRole[\s\S]*Not done:[\s\S]*PutRolePolicy[\s\S]*may or may not have been made/)
  })

  it('tries AssumeRole once (no 30 s wait) when the source policy was left to A’s admin', async () => {
    expect(await apply(setupOf(), { sourceProfile: undefined })).toBe(0)
    expect(aws.callsTo('AssumeRole')).toHaveLength(1)
    expect(stderr()).toMatch(/source policy in A was not applied by this run/)
  })

  it('gives up waiting after the bound when AssumeRole stays denied, and says so', async () => {
    aws.failWhen((call) => (call.operation === 'AssumeRole' ? 'access-denied' : undefined))
    expect(await apply()).toBe(0)
    expect(stderr()).toMatch(/still denied after/)
    expect(aws.callsTo('AssumeRole').length).toBeLessThanOrEqual(15)
  })
})

describe('backup and --restore', () => {
  it('writes a 0600 backup in a 0700 directory before changing, and restore brings the old documents back', async () => {
    const original: PolicyDocument = { Version: '2012-10-17', Statement: [{ Sid: 'Mine', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }
    aws.addRole(ACCOUNT_B, { name: ROLE, trustPolicy: original, maxSessionDurationSeconds: 7200 })
    expect(await apply()).toBe(0)
    const [file] = await backups()
    expect(file).toMatch(/\.bedrock-xacct\/backups\/2026-11-23T08-00-00-000Z-BedrockAccessRole\.json$/)
    expect((await stat(file!)).mode & 0o777).toBe(0o600)
    expect((await stat(join(cwd, '.bedrock-xacct/backups'))).mode & 0o777).toBe(0o700)
    expect(stdout()).toContain(`Backup of the current state: ${file}`)
    const saved = JSON.parse(await readFile(file!, 'utf8')) as { target: { trustPolicy: PolicyDocument; maxSessionDurationSeconds: number } }
    expect(saved.target.trustPolicy).toEqual(original)
    expect(saved.target.maxSessionDurationSeconds).toBe(7200)

    const role = aws.accounts[ACCOUNT_B]!.roles[ROLE]!
    expect(statementsOf(role.trustPolicy)).toHaveLength(2)
    const writesBefore = aws.writeCalls().length
    expect(await restoreBackup(file!, OPTIONS, depsOf(), hooks())).toBe(0)
    expect(role.trustPolicy).toEqual(original)
    expect(role.maxSessionDurationSeconds).toBe(7200)
    expect(role.inlinePolicies).toEqual({})
    expect(
      aws
        .writeCalls()
        .slice(writesBefore)
        .map((c) => c.operation)
    ).toEqual(['UpdateAssumeRolePolicy', 'UpdateRole', 'UntagRole', 'DeleteRolePolicy', 'DeleteUserPolicy'])
    // The tags the apply added are removed, said so in the plan; the user policy the apply added is deleted (issue 19: DeleteUserPolicy is a port call now).
    expect(stdout()).toMatch(/tags of role BedrockAccessRole\n\s+remove managed-by, use-case \(added by the apply\)/)
    expect(role.tags).toEqual({})
    expect(aws.accounts[ACCOUNT_A]!.users['app-caller']!.inlinePolicies).toEqual({})
    expect(await backups()).toHaveLength(2)
    // Restoring again changes nothing.
    const after = aws.writeCalls().length
    expect(await restoreBackup(file!, OPTIONS, depsOf(), hooks())).toBe(0)
    expect(aws.writeCalls().length).toBe(after)
  })

  it('backs up every tag of the role, and restore puts back one changed since (issue 17)', async () => {
    aws.addRole(ACCOUNT_B, { name: ROLE, trustPolicy: { Version: '2012-10-17', Statement: [{ Sid: 'Ec2', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }, tags: { team: 'ml', 'cost-center': '42' } })
    expect(await apply()).toBe(0)
    const [file] = await backups()
    await aws.fromChain({ profile: 'b-admin' }, 'us-east-1').iam.tagRole(ROLE, { team: 'someone-else' })
    expect(await restoreBackup(file!, OPTIONS, depsOf(), hooks())).toBe(0)
    expect(aws.accounts[ACCOUNT_B]!.roles[ROLE]!.tags).toMatchObject({ team: 'ml', 'cost-center': '42' })
  })

  it('a trust edited by someone else after the plan: stops (exit 3), writes nothing more, and the backup holds their edit (issue 17)', async () => {
    const trust = (sid: string): PolicyDocument => ({ Version: '2012-10-17', Statement: [{ Sid: sid, Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] })
    aws.addRole(ACCOUNT_B, { name: ROLE, trustPolicy: trust('Original'), maxSessionDurationSeconds: 7200 })
    // The first GetRole is the plan's read; before the second (the re-read right before the write) a colleague edits the trust.
    let reads = 0
    aws.failWhen((call) => {
      if (call.operation === 'GetRole' && ++reads === 2) aws.setTrustPolicy(ACCOUNT_B, ROLE, trust('Theirs'))
      return undefined
    })
    expect(await apply()).toBe(3)
    expect(writes()).toEqual([])
    expect(aws.accounts[ACCOUNT_B]!.roles[ROLE]!.trustPolicy).toEqual(trust('Theirs'))
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
    aws.addRole(ACCOUNT_B, { name: ROLE, trustPolicy: trust, tags: {} })
    aws.failWhen((call) => {
      if (call.operation === 'UpdateAssumeRolePolicy') aws.putRolePolicy(ACCOUNT_B, ROLE, 'BedrockAccessRole-InvokePolicy', theirs)
      return undefined
    })
    expect(await apply(setupOf(), {}, depsOf({ json: true }))).toBe(3)
    expect(writes()).toEqual(['UpdateAssumeRolePolicy', 'TagRole'])
    expect(io.stdout).toHaveLength(1)
    const doc = JSON.parse(io.stdout[0]!) as { status: string; done: string[]; backup: string }
    expect(doc.status).toBe('failed')
    const saved = JSON.parse(await readFile(doc.backup, 'utf8')) as { target: { trustPolicy: PolicyDocument; inlinePolicy: { document: PolicyDocument | null } } }
    expect(saved.target.inlinePolicy.document).toEqual(theirs)
    // What the apply replaced is still what it was before the apply.
    expect(saved.target.trustPolicy).toEqual(trust)
  })

  it('stops before any AWS write when the backup cannot be written (exit 3)', async () => {
    const { writeFile } = await import('node:fs/promises')
    await writeFile(join(cwd, '.bedrock-xacct'), 'a file where the backup folder should be')
    const error = await apply().catch((e: unknown) => e)
    expect(isXacctError(error) && error.code).toBe('fileSystem')
    expect(isXacctError(error) && error.exitCode).toBe(3)
    expect(writes()).toEqual([])
  })

  it('--restore goes through lint: a backup whose trust fails an error rule is refused (exit 2, nothing written) unless --allow-weaker-trust (issue 17)', async () => {
    const original: PolicyDocument = { Version: '2012-10-17', Statement: [{ Sid: 'Mine', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }
    aws.addRole(ACCOUNT_B, { name: ROLE, trustPolicy: original, tags: {} })
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
    const before = aws.writeCalls().length
    const error = await restoreBackup(file!, OPTIONS, depsOf(), hooks()).catch((e: unknown) => e)
    expect(isXacctError(error) && error.exitCode).toBe(2)
    expect((error as Error).message).toMatch(/duration-seconds-condition/)
    expect(isXacctError(error) && error.field).toBe('--allow-weaker-trust')
    expect(aws.writeCalls().length).toBe(before)
    expect(stdout()).toMatch(/LINT ERROR/)
    expect(await restoreBackup(file!, { ...OPTIONS, allowWeakerTrust: true }, depsOf(), hooks())).toBe(0)
    expect(statementsOf(aws.accounts[ACCOUNT_B]!.roles[ROLE]!.trustPolicy).map((s) => s.Sid)).toEqual(['Mine', 'Caller'])
  })

  it('--restore rejects a file that is not a backup (exit 2)', async () => {
    const error = await restoreBackup(join(cwd, 'missing.json'), OPTIONS, depsOf(), hooks()).catch((e: unknown) => e)
    expect(isXacctError(error) && error.exitCode).toBe(2)
  })
})
