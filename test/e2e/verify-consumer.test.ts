/**
 * verify through the consumer's own configuration (issue 19), the built CLI against the sandbox:
 * `--profile` naming the hand-off profile (role_arn, external_id, source_profile, duration_seconds,
 * read and assumed by the SDK's own chain), and `--litellm-config` / `--litellm-model` with the
 * hand-off LiteLLM entry. A dropped or wrong field fails a check that names it.
 *
 * Accounts (src/sandbox/worlds/default-world.ts): A = 111111111111 (user app-caller, the caller,
 * as profile `default`), B = 222222222222 (the role ConsumerRole).
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { renderHandoffFiles } from '../../src/core/export/handoff/index.js'
import { profileName } from '../../src/core/export/handoff/aws-profile.js'
import { buildDocuments } from '../../src/core/policies/index.js'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js'
import { EXTERNAL_ID, cliEnv, createSetup, e2eSetup, parseReport, runCli, setupFlags, statuses, type CliEnv } from './verify-world.js'

let sandbox: TestSandbox
const setup = e2eSetup('ConsumerRole')
const files = Object.fromEntries(renderHandoffFiles(setup, buildDocuments(setup)).map((file) => [file.path.replace('consumer/', ''), file.content]))
const MODEL = setup.models[0]!

beforeAll(async () => {
  sandbox = await startTestSandbox()
  await createSetup(sandbox, setup)
})
afterAll(() => sandbox?.stop())

/** The CLI's environment with the hand-off profile in its config and app-caller as profile default. */
async function withProfile(profileText: string): Promise<CliEnv> {
  const env = await cliEnv(sandbox)
  const caller = sandbox.principals.sourceCaller!
  await writeFile(join(env.dir, 'config'), `[profile target]\nregion = us-east-1\n${profileText}`)
  await writeFile(join(env.dir, 'credentials'), `[default]\naws_access_key_id = ${caller.accessKeyId}\naws_secret_access_key = ${caller.secretAccessKey}\n`)
  // Only the profiles give credentials: the consumer's chain must work on its own.
  delete env.env.AWS_ACCESS_KEY_ID
  delete env.env.AWS_SECRET_ACCESS_KEY
  return env
}

const verify = (env: CliEnv, extra: string[]) => runCli(['verify', ...setupFlags(setup), '--no-trail', '--json', ...extra], env)

describe('verify --profile (a profile that assumes the role itself)', () => {
  it('passes against the sandbox with the hand-off profile: its fields and the SDK chain, and the checklist as its source_profile', async () => {
    const run = await verify(await withProfile(files['aws-config']!), ['--profile', profileName(setup)])
    expect(run.stderr).toMatch(/assumes arn:aws:iam::222222222222:role\/ConsumerRole itself/)
    const checks = statuses(parseReport(run.stdout))
    expect(checks).toMatchObject({
      'profile-role-arn': 'pass',
      'profile-external-id': 'pass',
      'profile-source': 'pass',
      'profile-duration': 'pass',
      'profile-assume-role': 'pass',
      'assume-role': 'pass',
      'external-id-enforced': 'pass',
      converse: 'pass'
    })
    expect(run.code).toBe(0)
  })

  it("fails when the profile's external_id is wrong: AssumeRole denied, in a check that names the profile field", async () => {
    const run = await verify(await withProfile(files['aws-config']!.replace(`external_id = ${EXTERNAL_ID}`, 'external_id = wrong-external-id-0000')), ['--profile', profileName(setup)])
    expect(run.code).toBe(1)
    const report = parseReport(run.stdout)
    const checks = statuses(report)
    expect(checks['profile-external-id']).toBe('fail')
    expect(checks['profile-assume-role']).toBe('fail')
    const live = report.setups[0]!.checks.find((c) => c.id === 'profile-assume-role')!
    expect(JSON.stringify(live.evidence)).toMatch(/AssumeRole through profile bedrock-ConsumerRole was denied: external_id in profile bedrock-ConsumerRole does not match/)
    // The setup itself is fine: the checklist (as the source profile) still passes.
    expect(checks['assume-role']).toBe('pass')
  })

  it('a profile without external_id, or with a duration over the role maximum, fails the check naming that field', async () => {
    const text = files['aws-config']!.replace(/^external_id = .*\n/m, '').replace(/^duration_seconds = .*$/m, 'duration_seconds = 7200')
    const run = await verify(await withProfile(text), ['--profile', profileName(setup)])
    expect(run.code).toBe(1)
    const report = parseReport(run.stdout)
    expect(statuses(report)).toMatchObject({ 'profile-external-id': 'fail', 'profile-duration': 'fail', 'profile-assume-role': 'fail' })
    expect(JSON.stringify(report.setups[0]!.checks.find((c) => c.id === 'profile-external-id')!.evidence)).toMatch(/external_id in profile bedrock-ConsumerRole is missing/)
  })
})

describe('verify --litellm-config --litellm-model', () => {
  async function withLiteLlm(configText: string): Promise<CliEnv> {
    const env = await cliEnv(sandbox)
    await writeFile(join(env.dir, 'litellm-config.yaml'), configText)
    await writeFile(join(env.dir, 'proxy.env'), files['proxy.env']!)
    return env
  }
  const litellm = (env: CliEnv, model = MODEL) => verify(env, ['--litellm-config', 'litellm-config.yaml', '--litellm-model', model, '--env-file', 'proxy.env'])

  it('passes with the hand-off entry (ExternalId from proxy.env through os.environ/)', async () => {
    const run = await litellm(await withLiteLlm(files['litellm-config.yaml']!))
    expect(statuses(parseReport(run.stdout))).toMatchObject({ 'litellm-role': 'pass', 'litellm-external-id': 'pass', 'litellm-region': 'pass', 'litellm-model': 'pass', 'litellm-assume-role': 'pass' })
    expect(run.code).toBe(0)
  })

  it('an entry without aws_role_name fails: calls would run in the host account', async () => {
    const run = await litellm(await withLiteLlm(files['litellm-config.yaml']!.replace(/^ +aws_role_name: .*\n/m, '')))
    expect(run.code).toBe(1)
    const report = parseReport(run.stdout)
    expect(statuses(report)).toMatchObject({ 'litellm-role': 'fail', 'litellm-assume-role': 'skip' })
    expect(JSON.stringify(report.setups[0]!.checks.find((c) => c.id === 'litellm-role')!.evidence)).toMatch(/LiteLLM would call Bedrock with the host's own credentials, in account 111111111111/)
  })

  it('an entry whose ExternalId variable is wrong fails the ExternalId check and the live AssumeRole', async () => {
    const env = await withLiteLlm(files['litellm-config.yaml']!)
    await writeFile(join(env.dir, 'proxy.env'), files['proxy.env']!.replace(EXTERNAL_ID, 'wrong-external-id-0000'))
    const run = await litellm(env)
    expect(run.code).toBe(1)
    expect(statuses(parseReport(run.stdout))).toMatchObject({ 'litellm-external-id': 'fail', 'litellm-assume-role': 'fail' })
  })

  it('an unknown model name is exit 2 listing the names, before any AWS call', async () => {
    const run = await litellm(await withLiteLlm(files['litellm-config.yaml']!), 'no-such-model')
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/--litellm-model "no-such-model" is invalid: expected a model_name of litellm-config.yaml: anthropic\.claude-3-haiku-20240307-v1:0/)
  })
})

describe('the ExternalId stays off the screen (issue 19, red team)', () => {
  const WRONG = 'wrong-external-id-0000'
  it.each([
    ['--json', ['--json']],
    ['human', []]
  ])('verify --profile with the right and a wrong external_id (%s): neither value in stdout or stderr', async (_label, mode) => {
    for (const text of [files['aws-config']!, files['aws-config']!.replace(`external_id = ${EXTERNAL_ID}`, `external_id = ${WRONG}`)]) {
      const env = await withProfile(text)
      const run = await runCli(['verify', ...setupFlags(setup), '--no-trail', ...mode, '--profile', profileName(setup)], env)
      expect([0, 1]).toContain(run.code)
      expect(run.stdout + run.stderr).not.toContain(EXTERNAL_ID)
      expect(run.stdout + run.stderr).not.toContain(WRONG)
    }
  })
})
