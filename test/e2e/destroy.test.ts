/**
 * `init --destroy` end to end (issue 19): the built CLI against the sandbox over HTTP, and the AWS
 * CLI (botocore, not our code) reading IAM of both accounts with GetAccountAuthorizationDetails
 * before the apply and after the teardown: the two readings must be equal. Build first:
 * `npm run build`. Accounts (src/sandbox/worlds/default-world.ts): A = 111111111111 (user
 * app-caller: the caller; user admin: profile `source`), B = 222222222222 (user admin: profile `target`).
 */
import { GetAccountAuthorizationDetailsCommand, GetUserPolicyCommand, ListRolePoliciesCommand, ListUserPoliciesCommand } from '@aws-sdk/client-iam'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { defaultWorld } from '../../src/sandbox/index.js'
import { ACCOUNT_A, ACCOUNT_B, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js'
import { cliEnv, runCli, type CliEnv } from './verify-world.js'

let sandbox: TestSandbox

beforeAll(async () => {
  sandbox = await startTestSandbox({ world: defaultWorld() })
})
afterAll(async () => {
  await sandbox?.stop()
})

async function env(): Promise<CliEnv> {
  const base = await cliEnv(sandbox)
  const a = sandbox.principals.sourceAdmin
  const b = sandbox.principals.targetAdmin
  await writeFile(join(base.dir, 'credentials'), `[target]\naws_access_key_id = ${b.accessKeyId}\naws_secret_access_key = ${b.secretAccessKey}\n[source]\naws_access_key_id = ${a.accessKeyId}\naws_secret_access_key = ${a.secretAccessKey}\n`)
  await writeFile(join(base.dir, 'config'), '[profile target]\nregion = us-east-1\n[profile source]\nregion = us-east-1\n')
  return base
}

/** B's roles with their policies (GetAccountAuthorizationDetails, Filter=Role), and the caller's inline policies in A. */
async function state(): Promise<unknown[]> {
  const b = sandbox.iam(sandbox.principals.targetAdmin)
  const a = sandbox.iam(sandbox.principals.sourceAdmin)
  const { RoleDetailList } = await b.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }))
  const { PolicyNames = [] } = await a.send(new ListUserPoliciesCommand({ UserName: 'app-caller' }))
  const callerPolicies = await Promise.all(PolicyNames.map(async (PolicyName) => (await a.send(new GetUserPolicyCommand({ UserName: 'app-caller', PolicyName }))).PolicyDocument))
  return [RoleDetailList, PolicyNames, callerPolicies]
}

const FLAGS = [
  'init',
  '--source-account',
  ACCOUNT_A,
  '--caller',
  `arn:aws:iam::${ACCOUNT_A}:user/app-caller`,
  '--target-account',
  ACCOUNT_B,
  '--role-name',
  'DestroyE2eRole',
  '--region',
  'us-east-1',
  '--models',
  'anthropic.claude-3-haiku-20240307-v1:0',
  '--external-id',
  'e2e-destroy-external-id-7f3c'
]
const PROFILES = ['--target-profile', 'target', '--source-profile', 'source']

it("apply then --destroy leaves B's roles and the caller's policies in A as they were; a second --destroy changes nothing", async () => {
  const where = await env()
  const before = await state()
  const applied = await runCli([...FLAGS, '--apply', '--yes', ...PROFILES], where)
  expect(applied.code).toBe(0)
  expect(await state()).not.toEqual(before)

  const destroyed = await runCli([...FLAGS, '--destroy', '--yes', ...PROFILES], where)
  expect(destroyed.stderr).not.toMatch(/Error:/)
  expect(destroyed.code).toBe(0)
  expect(destroyed.stdout).toMatch(/Teardown plan[\s\S]*Deleted: 3 calls made/)
  expect(await state()).toEqual(before)

  const again = await runCli([...FLAGS, '--destroy', '--yes', ...PROFILES], where)
  expect(again.code).toBe(0)
  expect(await state()).toEqual(before)
})

it('an inline install under the names of an earlier version (before policy names followed --role-name) is found and removed, even by a --destroy told --managed-policy', async () => {
  const where = await env()
  const before = await state()
  // The earlier version's names, given outright: what it wrote for --role-name DestroyE2eRole.
  const earlierNames = ['--permissions-policy-name', 'BedrockAccessRole-InvokePolicy', '--source-policy-name', 'AssumeBedrockAccessRole']
  expect((await runCli([...FLAGS, ...earlierNames, '--apply', '--yes', ...PROFILES], where)).code).toBe(0)
  const role = await sandbox.iam(sandbox.principals.targetAdmin).send(new ListRolePoliciesCommand({ RoleName: 'DestroyE2eRole' }))
  expect(role.PolicyNames).toEqual(['BedrockAccessRole-InvokePolicy'])

  const destroyed = await runCli([...FLAGS, '--managed-policy', '--destroy', '--yes', ...PROFILES], where)
  expect(destroyed.stderr).not.toMatch(/Error:/)
  expect(destroyed.code).toBe(0)
  expect(destroyed.stderr).toMatch(/exists under its earlier name BedrockAccessRole-InvokePolicy/)
  expect(destroyed.stdout).toMatch(/Teardown plan[\s\S]*inline policy BedrockAccessRole-InvokePolicy on role DestroyE2eRole[\s\S]*Backup of the current state: [\s\S]*Deleted: 3 calls made/)
  expect(await state()).toEqual(before)
})
