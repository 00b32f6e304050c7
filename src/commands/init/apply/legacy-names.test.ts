/**
 * Policy-name migration (issue 19): an install made when policy names ignored --role-name is found
 * under its earlier names and updated (then removed) there, never duplicated. Fixture accounts:
 * A = 111111111111 (user app-caller is the caller; user admin is profile `a-admin`),
 * B = 222222222222 (user admin is profile `b-admin`).
 */
import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { APPLY_OPTIONS as OPTIONS, CALLER_ARN, applyTestContext, instantHooks } from '../../../../test/helpers/apply-world.js'
import { ACCOUNT_A, ACCOUNT_B } from '../../../../test/helpers/memory-aws.js'
import { fixtureSetup } from '../../../../test/helpers/setup-fixture.js'
import { DEFAULT_NAMES } from '../../../core/naming.js'
import { buildDocuments } from '../../../core/policies/index.js'
import type { Setup } from '../../../core/setup/model.js'
import type { CommandDeps } from '../../deps.js'
import { destroySetup } from '../destroy/index.js'
import { applySetup, type ApplyOptions } from './index.js'

const hooks = instantHooks()
const ctx = applyTestContext('legacy-names-')
const deps = (): CommandDeps => ctx.deps()

/** Today's names for --role-name GatewayRole, and the names an earlier version gave it. */
const today = fixtureSetup({ caller: { kind: 'user', arn: CALLER_ARN }, roleName: 'GatewayRole', permissionsPolicyName: 'GatewayRole-InvokePolicy', sourcePolicyName: 'AssumeGatewayRole' })
const earlier: Setup = { ...today, permissionsPolicyName: DEFAULT_NAMES.permissionsPolicyName, sourcePolicyName: DEFAULT_NAMES.sourcePolicyName }

it.each<[string, Partial<ApplyOptions>]>([
  ['inline', {}],
  ['managed', { managedPolicy: true }]
])('an install under the earlier names is updated there, not duplicated, and destroy removes it (%s)', async (_label, options) => {
  const before = JSON.parse(JSON.stringify(ctx.aws.accounts)) as unknown
  expect(await applySetup(earlier, buildDocuments(earlier), { ...OPTIONS, ...options }, deps(), hooks)).toBe(0)
  const changed = { ...today, marketplace: true }
  expect(await applySetup(changed, buildDocuments(changed), { ...OPTIONS, ...options }, deps(), hooks)).toBe(0)
  expect(ctx.io.stderr.join('\n')).toMatch(/exists under its earlier name/)
  const role = ctx.aws.accounts[ACCOUNT_B]!.roles.GatewayRole!
  if (options.managedPolicy) {
    expect(role.attachedPolicyArns).toEqual([`arn:aws:iam::${ACCOUNT_B}:policy/${DEFAULT_NAMES.permissionsPolicyName}`])
    expect(Object.keys(ctx.aws.accounts[ACCOUNT_B]!.policies)).toEqual([`arn:aws:iam::${ACCOUNT_B}:policy/${DEFAULT_NAMES.permissionsPolicyName}`])
  } else {
    expect(Object.keys(role.inlinePolicies)).toEqual([DEFAULT_NAMES.permissionsPolicyName])
    expect(JSON.stringify(role.inlinePolicies)).toContain('BedrockXacctMarketplace')
  }
  expect(Object.keys(ctx.aws.accounts[ACCOUNT_A]!.users['app-caller']!.inlinePolicies)).toEqual([DEFAULT_NAMES.sourcePolicyName])

  expect(await destroySetup(changed, buildDocuments(changed), { ...OPTIONS, ...options }, deps(), hooks)).toBe(0)
  expect(JSON.parse(JSON.stringify(ctx.aws.accounts))).toEqual(before)
})

it.each<[string, Partial<ApplyOptions>, Partial<ApplyOptions>]>([
  ['an inline install, destroy run with --managed-policy', {}, { managedPolicy: true }],
  ['a managed install, destroy run without --managed-policy', { managedPolicy: true }, {}]
])('%s: destroy finds the earlier names whichever form it is told, backs them up and removes them', async (_label, applyOptions, destroyOptions) => {
  const before = JSON.parse(JSON.stringify(ctx.aws.accounts)) as unknown
  expect(await applySetup(earlier, buildDocuments(earlier), { ...OPTIONS, ...applyOptions }, deps(), hooks)).toBe(0)
  const installed = JSON.parse(JSON.stringify(ctx.aws.accounts[ACCOUNT_B]!.roles.GatewayRole)) as { inlinePolicies: Record<string, unknown> }
  expect(await destroySetup(today, buildDocuments(today), { ...OPTIONS, ...destroyOptions }, deps(), hooks)).toBe(0)
  expect(ctx.io.stderr.join('\n')).toMatch(/exists under its earlier name/)
  expect(JSON.parse(JSON.stringify(ctx.aws.accounts))).toEqual(before)
  if (!applyOptions.managedPolicy) {
    // The backup holds the inline policy under the name it had, so --restore can put it back.
    const [file] = await readdir(join(ctx.cwd, '.bedrock-xacct', 'backups'))
    const backup = JSON.parse(await readFile(join(ctx.cwd, '.bedrock-xacct', 'backups', file!), 'utf8')) as { target: { inlinePolicy: { name: string; document: unknown } } }
    expect(backup.target.inlinePolicy).toEqual({ name: DEFAULT_NAMES.permissionsPolicyName, document: installed.inlinePolicies[DEFAULT_NAMES.permissionsPolicyName] })
  }
})

it("a role holding the tool's permissions under both the earlier and today's name: destroy deletes both (no false 'changed since the plan')", async () => {
  const before = JSON.parse(JSON.stringify(ctx.aws.accounts)) as unknown
  expect(await applySetup(earlier, buildDocuments(earlier), OPTIONS, deps(), hooks)).toBe(0)
  // A second copy under today's name, as a version that did not look for the earlier one would have written it.
  const wider = buildDocuments({ ...today, marketplace: true }).permissionsPolicy
  const stored = [...ctx.aws.store.accounts.get(ACCOUNT_B)!.roles.values()].find((role) => role.name === 'GatewayRole')!
  stored.inlinePolicies.set(today.permissionsPolicyName, JSON.stringify(wider))
  expect(Object.keys(ctx.aws.accounts[ACCOUNT_B]!.roles.GatewayRole!.inlinePolicies)).toHaveLength(2)
  expect(await destroySetup(today, buildDocuments(today), OPTIONS, deps(), hooks)).toBe(0)
  expect(ctx.io.stdout.join('')).not.toMatch(/changed since the plan/)
  expect(JSON.parse(JSON.stringify(ctx.aws.accounts))).toEqual(before)
  // Both documents are in the backup, each under its own name.
  const [file] = await readdir(join(ctx.cwd, '.bedrock-xacct', 'backups'))
  const backup = JSON.parse(await readFile(join(ctx.cwd, '.bedrock-xacct', 'backups', file!), 'utf8')) as { target: { inlinePolicy: { name: string }; otherInlinePolicies?: { name: string }[] } }
  expect([backup.target.inlinePolicy.name, ...(backup.target.otherInlinePolicies ?? []).map((p) => p.name)].sort()).toEqual([DEFAULT_NAMES.permissionsPolicyName, today.permissionsPolicyName].sort())
})
