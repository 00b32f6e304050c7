/**
 * Vendor mode (issue 19): when account A belongs to a third party, `init --apply` writes nothing
 * there, even with credentials for A at hand; the plan says what to send the vendor instead.
 * Fixture accounts: A = 111111111111 (the vendor's; user app-caller is the caller, user admin is
 * profile `a-admin`), B = 222222222222 (ours; user admin is profile `b-admin`).
 */
import { expect, it } from 'vitest'
import { CALLER_ARN, applyTestContext } from '../../../../test/helpers/apply-world.js'
import { ACCOUNT_A } from '../../../../test/helpers/memory-aws.js'
import { fixtureSetup } from '../../../../test/helpers/setup-fixture.js'

const ctx = applyTestContext('apply-vendor-')

it.each([
  ['ours: the source policy is written in A', false],
  ["a third party's: nothing is written in A", true]
])('account A %s', async (_label, thirdParty) => {
  const setup = fixtureSetup({ caller: { kind: 'user', arn: CALLER_ARN }, thirdPartyCaller: thirdParty })
  const code = await ctx.apply(setup)
  expect(code).toBe(0)
  const inA = ctx.aws.writeCalls().filter((call) => call.accountId === ACCOUNT_A)
  expect(inA.map((call) => call.operation)).toEqual(thirdParty ? [] : ['PutUserPolicy'])
  if (thirdParty) expect(ctx.io.stdout.join('\n')).toMatch(/not ours: account A belongs to a third party[\s\S]*VENDOR-HANDOFF\.md/)
})
