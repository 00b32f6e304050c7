/**
 * Policy-name migration (issue 19): an install made when policy names ignored --role-name is found
 * under its earlier names and updated (then removed) there, never duplicated. Fixture accounts:
 * A = 111111111111 (user app-caller is the caller; user admin is profile `a-admin`),
 * B = 222222222222 (user admin is profile `b-admin`).
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { ACCOUNT_A, ACCOUNT_B, MemoryAws } from '../../../../test/helpers/memory-aws.js'
import { fixtureSetup } from '../../../../test/helpers/setup-fixture.js'
import { DEFAULT_NAMES } from '../../../core/naming.js'
import { buildDocuments } from '../../../core/policies/index.js'
import type { Setup } from '../../../core/setup/model.js'
import { memoryIo, type MemoryIo } from '../../../ui/io.js'
import { nonInteractivePrompter } from '../../../ui/prompts.js'
import type { CommandDeps } from '../../deps.js'
import { destroySetup } from '../destroy/index.js'
import { applySetup, type ApplyOptions } from './index.js'

const OPTIONS: ApplyOptions = { dryRun: false, yes: true, targetProfile: 'b-admin', sourceProfile: 'a-admin', managedPolicy: false, showSecrets: false }
const hooks = { sleep: async () => undefined, onInterrupt: () => () => undefined }
let cwd: string
let aws: MemoryAws
let io: MemoryIo

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'legacy-names-'))
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

/** Today's names for --role-name GatewayRole, and the names an earlier version gave it. */
const today = fixtureSetup({ caller: { kind: 'user', arn: `arn:aws:iam::${ACCOUNT_A}:user/app-caller` }, roleName: 'GatewayRole', permissionsPolicyName: 'GatewayRole-InvokePolicy', sourcePolicyName: 'AssumeGatewayRole' })
const earlier: Setup = { ...today, permissionsPolicyName: DEFAULT_NAMES.permissionsPolicyName, sourcePolicyName: DEFAULT_NAMES.sourcePolicyName }

it.each<[string, Partial<ApplyOptions>]>([
  ['inline', {}],
  ['managed', { managedPolicy: true }]
])('an install under the earlier names is updated there, not duplicated, and destroy removes it (%s)', async (_label, options) => {
  const before = JSON.parse(JSON.stringify(aws.accounts)) as unknown
  expect(await applySetup(earlier, buildDocuments(earlier), { ...OPTIONS, ...options }, deps(), hooks)).toBe(0)
  const changed = { ...today, marketplace: true }
  expect(await applySetup(changed, buildDocuments(changed), { ...OPTIONS, ...options }, deps(), hooks)).toBe(0)
  expect(io.stderr.join('\n')).toMatch(/exists under its earlier name/)
  const role = aws.accounts[ACCOUNT_B]!.roles.GatewayRole!
  if (options.managedPolicy) {
    expect(role.attachedPolicyArns).toEqual([`arn:aws:iam::${ACCOUNT_B}:policy/${DEFAULT_NAMES.permissionsPolicyName}`])
    expect(Object.keys(aws.accounts[ACCOUNT_B]!.policies)).toEqual([`arn:aws:iam::${ACCOUNT_B}:policy/${DEFAULT_NAMES.permissionsPolicyName}`])
  } else {
    expect(Object.keys(role.inlinePolicies)).toEqual([DEFAULT_NAMES.permissionsPolicyName])
    expect(JSON.stringify(role.inlinePolicies)).toContain('BedrockXacctMarketplace')
  }
  expect(Object.keys(aws.accounts[ACCOUNT_A]!.users['app-caller']!.inlinePolicies)).toEqual([DEFAULT_NAMES.sourcePolicyName])

  expect(await destroySetup(changed, buildDocuments(changed), { ...OPTIONS, ...options }, deps(), hooks)).toBe(0)
  expect(JSON.parse(JSON.stringify(aws.accounts))).toEqual(before)
})

it.each<[string, Partial<ApplyOptions>, Partial<ApplyOptions>]>([
  ['an inline install, destroy run with --managed-policy', {}, { managedPolicy: true }],
  ['a managed install, destroy run without --managed-policy', { managedPolicy: true }, {}]
])('%s: destroy finds the earlier names whichever form it is told, backs them up and removes them', async (_label, applyOptions, destroyOptions) => {
  const before = JSON.parse(JSON.stringify(aws.accounts)) as unknown
  expect(await applySetup(earlier, buildDocuments(earlier), { ...OPTIONS, ...applyOptions }, deps(), hooks)).toBe(0)
  const installed = JSON.parse(JSON.stringify(aws.accounts[ACCOUNT_B]!.roles.GatewayRole)) as { inlinePolicies: Record<string, unknown> }
  expect(await destroySetup(today, buildDocuments(today), { ...OPTIONS, ...destroyOptions }, deps(), hooks)).toBe(0)
  expect(io.stderr.join('\n')).toMatch(/exists under its earlier name/)
  expect(JSON.parse(JSON.stringify(aws.accounts))).toEqual(before)
  if (!applyOptions.managedPolicy) {
    // The backup holds the inline policy under the name it had, so --restore can put it back.
    const [file] = await readdir(join(cwd, '.bedrock-xacct', 'backups'))
    const backup = JSON.parse(await readFile(join(cwd, '.bedrock-xacct', 'backups', file!), 'utf8')) as { target: { inlinePolicy: { name: string; document: unknown } } }
    expect(backup.target.inlinePolicy).toEqual({ name: DEFAULT_NAMES.permissionsPolicyName, document: installed.inlinePolicies[DEFAULT_NAMES.permissionsPolicyName] })
  }
})

it("a role holding the tool's permissions under both the earlier and today's name: destroy deletes both (no false 'changed since the plan')", async () => {
  const before = JSON.parse(JSON.stringify(aws.accounts)) as unknown
  expect(await applySetup(earlier, buildDocuments(earlier), OPTIONS, deps(), hooks)).toBe(0)
  // A second copy under today's name, as a version that did not look for the earlier one would have written it.
  const wider = buildDocuments({ ...today, marketplace: true }).permissionsPolicy
  const stored = [...aws.store.accounts.get(ACCOUNT_B)!.roles.values()].find((role) => role.name === 'GatewayRole')!
  stored.inlinePolicies.set(today.permissionsPolicyName, JSON.stringify(wider))
  expect(Object.keys(aws.accounts[ACCOUNT_B]!.roles.GatewayRole!.inlinePolicies)).toHaveLength(2)
  expect(await destroySetup(today, buildDocuments(today), OPTIONS, deps(), hooks)).toBe(0)
  expect(io.stdout.join('')).not.toMatch(/changed since the plan/)
  expect(JSON.parse(JSON.stringify(aws.accounts))).toEqual(before)
  // Both documents are in the backup, each under its own name.
  const [file] = await readdir(join(cwd, '.bedrock-xacct', 'backups'))
  const backup = JSON.parse(await readFile(join(cwd, '.bedrock-xacct', 'backups', file!), 'utf8')) as { target: { inlinePolicy: { name: string }; otherInlinePolicies?: { name: string }[] } }
  expect([backup.target.inlinePolicy.name, ...(backup.target.otherInlinePolicies ?? []).map((p) => p.name)].sort()).toEqual([DEFAULT_NAMES.permissionsPolicyName, today.permissionsPolicyName].sort())
})
