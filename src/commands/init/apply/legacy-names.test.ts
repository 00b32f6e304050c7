/**
 * Policy-name migration (issue 19): an install made when policy names ignored --role-name is found
 * under its earlier names and updated (then removed) there, never duplicated. Fixture accounts:
 * A = 111111111111 (user app-caller is the caller; user admin is profile `a-admin`),
 * B = 222222222222 (user admin is profile `b-admin`).
 */
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
