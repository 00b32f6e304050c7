/**
 * Scenario 7: one config, three setups across two target accounts, two of them sharing one role
 * (two use cases, each with its own permissions policy on SharedRole). Each setup is applied from
 * the config with `--only` and its account's admin; one verify run proves every setup live (through
 * each role: cloudTrailLookup), and a run per target account with its reader proves the static
 * checks too. Break: b-batch's permissions policy is deleted from the shared role. Only b-batch
 * fails; explain names the permissions policy; the printed fix (config form) restores it and keeps
 * b-chat's policy and the shared trust as they were.
 *
 * Accounts: A = 111111111111 (app-caller), B = 222222222222 (profile target), D = 444444444444
 * (user admin, profile target-d; models enabled in us-east-1).
 */
import { appendFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { DeleteRolePolicyCommand, ListRolePoliciesCommand } from '@aws-sdk/client-iam'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultWorld } from '../../../src/sandbox/index.js'
import { DEFAULT_ENABLED_MODELS } from '../../../src/sandbox/worlds/default-world.js'
import { ACCOUNT_A, ACCOUNT_B, MODEL, SCENARIO_TIMEOUT_MS, apply, explainCauses, notPassing, openScenario, outcomes, printedFix, runFix, trustOf, verify, widenedBy, type Scenario } from './scenario-kit.js'

const ACCOUNT_D = '444444444444'
const D_ADMIN = { accessKeyId: 'AKIASANDBOXDADMIN001', secretAccessKey: 'sandboxDadminSecretKey00000000000000000D' }
const EXTERNAL_ID = 'scenario7-many-external-id-2b8f'
const BATCH_MODEL = 'amazon.nova-lite-v1:0'
const CONFIG = {
  defaults: { sourceAccountId: ACCOUNT_A, region: 'us-east-1', caller: `arn:aws:iam::${ACCOUNT_A}:user/app-caller`, externalId: EXTERNAL_ID, cloudTrailLookup: true },
  setups: [
    { name: 'b-chat', targetAccountId: ACCOUNT_B, roleName: 'SharedRole', models: [MODEL], permissionsPolicyName: 'b-chat-invoke', sourcePolicyName: 'assume-b-shared-chat' },
    { name: 'b-batch', targetAccountId: ACCOUNT_B, roleName: 'SharedRole', models: [BATCH_MODEL], permissionsPolicyName: 'b-batch-invoke', sourcePolicyName: 'assume-b-shared-batch' },
    { name: 'd-chat', targetAccountId: ACCOUNT_D, roleName: 'ChatRole', models: [MODEL], permissionsPolicyName: 'd-chat-invoke', sourcePolicyName: 'assume-d-chat' }
  ]
}
const SHARED_ARN = `arn:aws:iam::${ACCOUNT_B}:role/SharedRole`
/** verify's environment for the whole config: no single reader (two target accounts), the trail read through each role. */
const ALL = ['verify', '--config', 'bedrock-xacct.json', '--trail-timeout', '20s', '--json']

let s: Scenario

beforeAll(async () => {
  const world = defaultWorld()
  world.accounts.push({
    id: ACCOUNT_D,
    alias: 'target-d',
    users: [{ name: 'admin', accessKeys: [D_ADMIN], sourceIp: '198.51.100.40', attachedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'] }],
    roles: [],
    models: { 'us-east-1': [...DEFAULT_ENABLED_MODELS] }
  })
  s = await openScenario(world)
  await appendFile(join(s.env.dir, 'credentials'), `[target-d]\naws_access_key_id = ${D_ADMIN.accessKeyId}\naws_secret_access_key = ${D_ADMIN.secretAccessKey}\n`)
  await appendFile(join(s.env.dir, 'config'), '[profile target-d]\nregion = us-east-1\n')
  await writeFile(join(s.env.dir, 'bedrock-xacct.json'), JSON.stringify(CONFIG, null, 2), { mode: 0o600 })
  for (const name of ['b-chat', 'b-batch']) await apply(s, ['--config', 'bedrock-xacct.json', '--only', name])
  await apply(s, ['--config', 'bedrock-xacct.json', '--only', 'd-chat'], ['--yes', '--target-profile', 'target-d', '--source-profile', 'source'])
}, SCENARIO_TIMEOUT_MS)
afterAll(async () => {
  await s?.stop()
})

const LIVE_CHECKS = ['assume-role', 'external-id-enforced', 'converse', 'cloudtrail-assume-role', 'cloudtrail-invoke']

describe('scenario 7: many setups across target accounts from one config, two sharing a role', { timeout: SCENARIO_TIMEOUT_MS }, () => {
  it('one verify run proves every setup live; a run per account with its reader proves everything', async () => {
    const [all, b, d, live] = await Promise.all([
      s.cli(ALL),
      verify(s, ['--config', 'bedrock-xacct.json', '--only', 'b-batch']),
      s.cli(['verify', '--config', 'bedrock-xacct.json', '--only', 'd-chat', '--target-profile', 'target-d', '--trail-timeout', '20s', '--json']),
      outcomes(s, [
        { op: 'assume-role', keys: s.sandbox.principals.sourceCaller, roleArn: SHARED_ARN, externalId: EXTERNAL_ID },
        { op: 'converse', keysFrom: 0, modelId: MODEL },
        { op: 'converse', keysFrom: 0, modelId: BATCH_MODEL }
      ])
    ])
    const report = JSON.parse(all.stdout) as { setups: { name: string; checks: { id: string; status: string }[] }[] }
    expect(report.setups.map((setup) => setup.name)).toEqual(['b-chat', 'b-batch', 'd-chat'])
    for (const setup of report.setups) {
      const live = Object.fromEntries(setup.checks.filter((c) => LIVE_CHECKS.includes(c.id)).map((c) => [c.id, c.status]))
      expect(live, setup.name).toEqual(Object.fromEntries(LIVE_CHECKS.map((id) => [id, 'pass'])))
      expect(setup.checks.filter((c) => c.status === 'fail')).toEqual([])
    }
    expect(notPassing(b)).toEqual({})
    const dReport = JSON.parse(d.stdout) as { setups: { checks: { id: string; status: string }[] }[] }
    expect(dReport.setups[0]!.checks.filter((c) => c.status !== 'pass')).toEqual([])
    expect(live).toEqual(['accepted', 'accepted', 'accepted'])
  })

  it("break: b-batch's permissions policy deleted from the shared role → only b-batch fails; the printed fix restores it and keeps b-chat's policy and the trust", async () => {
    const good = await trustOf(s, 'SharedRole')
    const iam = s.sandbox.iam(s.sandbox.principals.targetAdmin)
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'SharedRole', PolicyName: 'b-batch-invoke' }))
    const [all, failed] = await Promise.all([s.cli(ALL), verify(s, ['--config', 'bedrock-xacct.json', '--only', 'b-batch', '--show-secrets'])])
    const report = JSON.parse(all.stdout) as { setups: { name: string; checks: { id: string; status: string }[] }[] }
    expect(Object.fromEntries(report.setups.map((setup) => [setup.name, setup.checks.filter((c) => c.status === 'fail').map((c) => c.id)]))).toEqual({ 'b-chat': [], 'b-batch': ['converse'], 'd-chat': [] })
    expect(all.code).toBe(1)
    expect(Object.entries(notPassing(failed)).filter(([, status]) => status === 'fail')).toEqual([
      ['role-allows-bedrock', 'fail'],
      ['converse', 'fail']
    ])
    const converse = failed.check('converse')
    const denial = String((converse.evidence as { failed: { error: string } }).failed.error).replace(/^bedrock Converse: \w+ \(HTTP 403\): /, '')
    expect((await explainCauses(s, denial, ['--fetch', '--target-profile', 'target'])).causes[0]).toBe('identity-policy-missing-bedrock')

    const fix = printedFix(converse.hint)
    expect(fix).toEqual(expect.arrayContaining(['--config', '--only', 'b-batch']))
    await runFix(s, fix)
    expect(notPassing(await verify(s, ['--config', 'bedrock-xacct.json', '--only', 'b-batch']))).toEqual({})
    expect((await iam.send(new ListRolePoliciesCommand({ RoleName: 'SharedRole' }))).PolicyNames?.sort()).toEqual(['b-batch-invoke', 'b-chat-invoke'])
    expect(await widenedBy(good, await trustOf(s, 'SharedRole'), SHARED_ARN, ACCOUNT_B)).toEqual([])
  })
})
