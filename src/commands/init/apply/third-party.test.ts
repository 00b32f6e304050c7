/**
 * Vendor mode (issue 19): when account A belongs to a third party, `init --apply` writes nothing
 * there, even with credentials for A at hand; the plan says what to send the vendor instead.
 * Fixture accounts: A = 111111111111 (the vendor's; user app-caller is the caller, user admin is
 * profile `a-admin`), B = 222222222222 (ours; user admin is profile `b-admin`).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { ACCOUNT_A, ACCOUNT_B, MemoryAws } from '../../../../test/helpers/memory-aws.js'
import { fixtureSetup } from '../../../../test/helpers/setup-fixture.js'
import { buildDocuments } from '../../../core/policies/index.js'
import { memoryIo, type MemoryIo } from '../../../ui/io.js'
import { nonInteractivePrompter } from '../../../ui/prompts.js'
import type { CommandDeps } from '../../deps.js'
import { applySetup } from './index.js'

let cwd: string
let aws: MemoryAws
let io: MemoryIo

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'apply-vendor-'))
  aws = new MemoryAws({ now: () => new Date('2026-11-23T08:00:00.000Z') })
  aws.addUser(ACCOUNT_A, 'app-caller', { profile: 'default' })
  aws.addUser(ACCOUNT_A, 'admin', { profile: 'a-admin', attachedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] })
  aws.addUser(ACCOUNT_B, 'admin', { profile: 'b-admin', attachedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] })
})
afterEach(async () => rm(cwd, { recursive: true, force: true }))

function deps(): CommandDeps {
  io = memoryIo({ interactive: false })
  const now = () => new Date('2026-11-23T08:00:00.000Z')
  return { io, env: {}, now, cwd, prompter: nonInteractivePrompter(), global: { json: false, color: false, debug: false, yes: false }, aws }
}

it.each([
  ['ours: the source policy is written in A', false],
  ["a third party's: nothing is written in A", true]
])('account A %s', async (_label, thirdParty) => {
  const setup = fixtureSetup({ caller: { kind: 'user', arn: `arn:aws:iam::${ACCOUNT_A}:user/app-caller` }, thirdPartyCaller: thirdParty })
  const code = await applySetup(setup, buildDocuments(setup), { dryRun: false, yes: true, targetProfile: 'b-admin', sourceProfile: 'a-admin', managedPolicy: false, showSecrets: false }, deps(), {
    sleep: async () => undefined,
    onInterrupt: () => () => undefined
  })
  expect(code).toBe(0)
  const inA = aws.writeCalls().filter((call) => call.accountId === ACCOUNT_A)
  expect(inA.map((call) => call.operation)).toEqual(thirdParty ? [] : ['PutUserPolicy'])
  if (thirdParty) expect(io.stdout.join('\n')).toMatch(/not ours: account A belongs to a third party[\s\S]*VENDOR-HANDOFF\.md/)
})
