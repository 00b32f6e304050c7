/**
 * explain against the sandbox: produce each failure for real through the SDK (wrong ExternalId,
 * model not allowed, missing source policy, IP outside the allow-list, sts:DurationSeconds trap,
 * SCP region lock), feed the SDK's actual error text to `explain --fetch`, check the cause, then
 * apply the fix explain printed (`init --apply …`) and check that `verify` passes.
 * Build first: `npm run build`.
 *
 * Accounts (src/sandbox/worlds/default-world.ts): A = 111111111111 (user app-caller: the caller and
 * the default credentials, IP 203.0.113.10; user admin: profile `source`), B = 222222222222 (user
 * admin: profile `target`; models enabled in us-east-1…us-west-2).
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ConverseCommand } from '@aws-sdk/client-bedrock-runtime'
import { DeleteUserPolicyCommand } from '@aws-sdk/client-iam'
import { AssumeRoleCommand } from '@aws-sdk/client-sts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { configFileText } from '../../src/core/setup/serialize.js'
import type { Setup } from '../../src/core/setup/model.js'
import { ACCOUNT_A, ACCOUNT_B, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js'
import { EXTERNAL_ID, MODEL, cliEnv, createSetup, e2eSetup, runCli, setupFlags, type CliEnv, type CliRun } from './verify-world.js'

let sandbox: TestSandbox

beforeAll(async () => {
  sandbox = await startTestSandbox()
})
afterAll(async () => {
  await sandbox?.stop()
})

const CALLER_IP = '203.0.113.10'
const roleArnOf = (setup: Setup) => `arn:aws:iam::${ACCOUNT_B}:role/${setup.roleName}`

/** A temp dir with profiles `target` (B admin) and `source` (A admin), app-caller's keys as the default chain, and the setup as bedrock-xacct.json. */
async function env(setup: Setup): Promise<CliEnv> {
  const base = await cliEnv(sandbox)
  const a = sandbox.principals.sourceAdmin
  const b = sandbox.principals.targetAdmin
  await writeFile(join(base.dir, 'credentials'), `[target]\naws_access_key_id = ${b.accessKeyId}\naws_secret_access_key = ${b.secretAccessKey}\n[source]\naws_access_key_id = ${a.accessKeyId}\naws_secret_access_key = ${a.secretAccessKey}\n`)
  await writeFile(join(base.dir, 'config'), '[profile target]\nregion = us-east-1\n[profile source]\nregion = us-east-1\n')
  await writeFile(join(base.dir, 'bedrock-xacct.json'), configFileText([setup]))
  return base
}

/** The text a JS SDK user would paste: `Name: message`. */
async function errorText(call: () => Promise<unknown>): Promise<string> {
  try {
    await call()
  } catch (error) {
    const e = error as Error
    return `${e.name}: ${e.message}`
  }
  throw new Error('expected the call to fail')
}

const assumeAsCaller = (setup: Setup, externalId: string | undefined = setup.externalId) =>
  errorText(() => sandbox.sts(sandbox.principals.sourceCaller).send(new AssumeRoleCommand({ RoleArn: roleArnOf(setup), RoleSessionName: 'explain-e2e', ExternalId: externalId })))

interface Explained {
  run: CliRun
  doc: { headline?: string; identified: boolean; candidates: { cause: string; confidence: string; fix: { account: string; command?: string; snippet?: Record<string, unknown> } }[]; fetched: string[]; notes: string[] }
}

async function explain(where: CliEnv, text: string, flags: string[]): Promise<Explained> {
  // --show-secrets: these cases run the printed fix, which needs the ExternalId in full (redacted by default).
  const run = await runCli(['--json', 'explain', text, '--fetch', '--show-secrets', '--target-profile', 'target', ...flags], where)
  return { run, doc: JSON.parse(run.stdout) as Explained['doc'] }
}

/** Run explain's fix command with the credentials apply needs and no questions. */
async function applyFix(where: CliEnv, command: string): Promise<CliRun> {
  expect(command).toMatch(/^bedrock-xacct init --apply /)
  const args = command.replace(/^bedrock-xacct /, '').split(' ')
  expect(args.join(' ')).not.toMatch(/<[a-z-]+>/)
  return runCli([...args, '--yes', '--target-profile', 'target', '--source-profile', 'source'], where)
}

async function verifyPasses(where: CliEnv, setup: Setup): Promise<void> {
  const run = await runCli(['verify', ...setupFlags(setup), '--no-trail', '--target-profile', 'target', '--json'], where)
  expect(run.stderr, run.stdout).not.toMatch(/^Error:/m)
  expect(run.code, run.stdout).toBe(0)
}

describe('explain --fetch on real sandbox failures (e2e)', () => {
  it('wrong ExternalId: names the trust condition, and the required value makes verify pass', async () => {
    const setup = e2eSetup('ExplainExtIdRole')
    await createSetup(sandbox, setup)
    const where = await env(setup)
    const text = await assumeAsCaller(setup, 'not-the-right-id')
    expect(text).toContain('is not authorized to perform: sts:AssumeRole')
    const { run, doc } = await explain(where, text, ['--external-id', 'not-the-right-id'])
    expect(run.code, run.stderr).toBe(0)
    expect(doc.headline).toBe('external-id-wrong')
    const fix = doc.candidates[0]!.fix
    expect(fix).toMatchObject({ account: 'client', snippet: { ExternalId: EXTERNAL_ID } })
    expect(doc.fetched).toContain(`trust policy of role ${setup.roleName}`)
    await verifyPasses(where, { ...setup, externalId: fix.snippet!.ExternalId as string })
  })

  it('--from-trail: finds the denied AssumeRole in CloudTrail and explains it with what CloudTrail recorded', async () => {
    const setup = e2eSetup('ExplainTrailRole')
    await createSetup(sandbox, setup)
    const where = await env(setup)
    const text = await errorText(() => sandbox.sts(sandbox.principals.sourceCaller).send(new AssumeRoleCommand({ RoleArn: roleArnOf(setup), RoleSessionName: 'explain-trail' })))
    expect(text).toContain('sts:AssumeRole')
    const run = await runCli(['--json', 'explain', '--from-trail', '--since', '1h', '--fetch', '--target-profile', 'target'], where)
    expect(run.stderr).not.toMatch(/^Error:/m)
    const doc = JSON.parse(run.stdout) as { events: { parsed: { resource?: string }; externalIdSent?: boolean; sourceIp?: string; headline?: string }[] }
    const event = doc.events.find((e) => e.parsed.resource === roleArnOf(setup))
    expect(event, run.stdout).toBeDefined()
    expect(event).toMatchObject({ externalIdSent: false, sourceIp: CALLER_IP, headline: 'external-id-missing' })
  })

  it('model not allowed: names the permissions policy, and its init --apply makes verify pass', async () => {
    const setup = e2eSetup('ExplainModelRole')
    const otherModel = { Version: '2012-10-17', Statement: [{ Sid: 'BedrockXacctInvoke', Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0' }] }
    await createSetup(sandbox, setup, { permissionsPolicy: otherModel })
    const where = await env(setup)
    const role = sandbox.assumeRoleCredentials(sandbox.principals.sourceCaller, { RoleArn: roleArnOf(setup), RoleSessionName: 'explain-e2e', ExternalId: EXTERNAL_ID })
    const text = await errorText(() => sandbox.bedrock(role).send(new ConverseCommand({ modelId: MODEL, messages: [{ role: 'user', content: [{ text: 'hi' }] }] })))
    expect(text).toContain('bedrock:InvokeModel')
    const { run, doc } = await explain(where, text, [])
    expect(run.code, run.stderr).toBe(0)
    expect(doc.headline).toBe('identity-policy-missing-bedrock')
    expect(doc.candidates[0]!.fix.account).toBe('target')
    const applied = await applyFix(where, doc.candidates[0]!.fix.command!)
    expect(applied.code, applied.stderr).toBe(0)
    await verifyPasses(where, setup)
  })

  it('missing source policy: names the caller side, and its init --apply makes verify pass', async () => {
    const setup = e2eSetup('ExplainSourceRole')
    await createSetup(sandbox, setup)
    await sandbox.iam(sandbox.principals.sourceAdmin).send(new DeleteUserPolicyCommand({ UserName: 'app-caller', PolicyName: setup.sourcePolicyName }))
    const where = await env(setup)
    const text = await assumeAsCaller(setup)
    const { run, doc } = await explain(where, text, ['--profile', 'source', '--external-id', EXTERNAL_ID])
    expect(run.code, run.stderr).toBe(0)
    expect(doc.headline).toBe('source-missing-assume-role')
    expect(doc.candidates[0]!.fix).toMatchObject({ account: 'source', snippet: { Action: 'sts:AssumeRole', Resource: roleArnOf(setup) } })
    const applied = await applyFix(where, doc.candidates[0]!.fix.command!.replace(/ --source-profile \S+$/, ''))
    expect(applied.code, applied.stderr).toBe(0)
    await verifyPasses(where, setup)
  })

  it('IP outside the allow-list: names the condition with both IPs, and adding the IP makes verify pass', async () => {
    const setup = e2eSetup('ExplainIpRole', { sourceIpCidrs: ['198.51.100.0/24'] })
    await createSetup(sandbox, setup)
    const where = await env(setup)
    const text = await assumeAsCaller(setup)
    const { run, doc } = await explain(where, text, ['--external-id', EXTERNAL_ID, '--source-ip', CALLER_IP, '--no-via-vpc-endpoint'])
    expect(run.code, run.stderr).toBe(0)
    expect(doc.headline).toBe('source-ip-outside')
    expect(doc.candidates[0]!.fix.snippet).toEqual({ IpAddress: { 'aws:SourceIp': ['198.51.100.0/24', `${CALLER_IP}/32`] } })
    const applied = await applyFix(where, doc.candidates[0]!.fix.command!)
    expect(applied.code, applied.stderr).toBe(0)
    await verifyPasses(where, { ...setup, sourceIpCidrs: ['198.51.100.0/24', `${CALLER_IP}/32`] })
  })

  it('sts:DurationSeconds in the trust policy: names the trap, and init --apply (no such condition) makes verify pass', async () => {
    const setup = e2eSetup('ExplainDurationRole')
    const trap = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'BedrockXacctTrust',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${ACCOUNT_A}:root` },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': EXTERNAL_ID }, NumericLessThanEquals: { 'sts:DurationSeconds': '3600' } }
        }
      ]
    }
    await createSetup(sandbox, setup, { trustPolicy: trap })
    const where = await env(setup)
    const text = await assumeAsCaller(setup)
    const { run, doc } = await explain(where, text, ['--external-id', EXTERNAL_ID])
    expect(run.code, run.stderr).toBe(0)
    expect(doc.headline).toBe('duration-condition-never-matches')
    // The fix keeps the trust as it is: the account root and its ExternalId (never silently dropped).
    expect(doc.candidates[0]!.fix.command).toMatch(/ --caller root .* --external-id e2e-external-id-7f3a9c /)
    const applied = await applyFix(where, doc.candidates[0]!.fix.command!)
    expect(applied.code, applied.stderr).toBe(0)
    // verify holds the trust to the setup the fix describes (the account root it kept): one that names only
    // the user would fail it for admitting more than it asks (issue 16).
    await verifyPasses(where, { ...setup, callers: [{ kind: 'account' }] })
  })
})
