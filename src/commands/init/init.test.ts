/**
 * init as a function: flags/env/config → documents or files. Accounts: A = 111111111111 (source),
 * B = 222222222222 (target).
 */
import { mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { XacctError } from '../../core/errors.js'
import { runInit as runInitEntry } from './index.js'
import type { InitOptions } from './options.js'
import { testDeps } from '../../../test/helpers/command-deps.js'

/** The command's exit code, which these tests assert (its typed result is what --json prints). */
const runInit = async (...args: Parameters<typeof runInitEntry>): Promise<number> => (await runInitEntry(...args)).exitCode

const A = '111111111111'
const B = '222222222222'
const flags: InitOptions = { sourceAccount: A, targetAccount: B, models: ['amazon.nova-lite-v1:0'] }
const fresh = () => mkdtemp(join(tmpdir(), 'xacct-init-'))

describe('runInit', () => {
  it('prints one JSON document with the three policies and the self-check', async () => {
    const deps = testDeps(await fresh(), { global: { json: true, region: 'us-east-1' } })
    expect(await runInit({ ...flags, externalId: 'ext-1234', showSecrets: true }, deps)).toBe(0)
    expect(deps.io.stdout).toHaveLength(1)
    const doc = JSON.parse(deps.io.stdout[0]!) as { setups: { name: string; roleArn: string; trustPolicy: unknown; selfCheck: { ok: boolean } }[] }
    expect(doc.setups).toHaveLength(1)
    expect(doc.setups[0]!.roleArn).toBe(`arn:aws:iam::${B}:role/BedrockAccessRole`)
    expect(doc.setups[0]!.selfCheck.ok).toBe(true)
    expect(JSON.stringify(doc.setups[0]!.trustPolicy)).toContain('ext-1234')
  })

  it('hides the ExternalId from what it prints unless --show-secrets: terminal output and --json reach CI logs', async () => {
    const secret = 'ext-secret-77aa'
    for (const json of [false, true]) {
      const deps = testDeps(await fresh(), { global: { json, region: 'us-east-1' } })
      expect(await runInit({ ...flags, externalId: secret }, deps)).toBe(0)
      expect(deps.io.stdout.join('\n')).not.toContain(secret)
      expect(deps.io.stderr.join('\n')).not.toContain(secret)
      expect(deps.io.stdout.join('\n')).toContain('<redacted>')
      if (!json) expect(deps.io.stderr.join('\n')).toMatch(/--out DIR .*0600.*--show-secrets/)
    }
  })

  it('writes the files with --out and refuses to overwrite without --force', async () => {
    const cwd = await fresh()
    const deps = testDeps(cwd, { global: { region: 'us-east-1' } })
    expect(await runInit({ ...flags, out: 'out' }, deps)).toBe(0)
    const files = await readdir(join(cwd, 'out'))
    expect(files).toContain('bedrock-xacct.json')
    const config = JSON.parse(await readFile(join(cwd, 'out', 'bedrock-xacct.json'), 'utf8')) as Record<string, unknown>
    expect(config).toMatchObject({ $schema: expect.stringContaining('bedrock-xacct.schema.json'), sourceAccountId: A, targetAccountId: B, region: 'us-east-1' })

    const again = await runInit({ ...flags, out: 'out' }, testDeps(cwd, { global: { region: 'us-east-1' } })).catch((e: unknown) => e)
    expect(again).toBeInstanceOf(XacctError)
    expect((again as XacctError).exitCode).toBe(2)
    expect(await runInit({ ...flags, out: 'out', force: true }, testDeps(cwd, { global: { region: 'us-east-1' } }))).toBe(0)
  })

  it('writes every file holding the ExternalId with mode 0600 and says so; the others stay 0644 (issue 17)', async () => {
    const cwd = await fresh()
    const deps = testDeps(cwd, { global: { region: 'us-east-1' } })
    const secret = 'ext-secret-20261205'
    expect(await runInit({ ...flags, externalId: secret, out: 'out' }, deps)).toBe(0)
    const dir = join(cwd, 'out')
    for (const name of await readdir(dir, { recursive: true })) {
      if ((await stat(join(dir, name))).isDirectory()) continue
      const holds = (await readFile(join(dir, name), 'utf8')).includes(secret)
      expect({ name, mode: (await stat(join(dir, name))).mode & 0o777 }).toEqual({ name, mode: holds ? 0o600 : 0o644 })
    }
    expect(await readFile(join(dir, 'trust-policy.json'), 'utf8')).toContain(secret)
    expect(deps.io.stdout.join('\n')).toMatch(/trust-policy\.json {2}\(mode 0600: holds the ExternalId\)/)
    expect(deps.io.stdout.join('\n')).not.toMatch(/source-policy\.json {2}\(mode 0600/)
  })

  it('two setups naming one role with different ExternalIds are refused before anything is written (exit 2, issue 17)', async () => {
    const cwd = await fresh()
    const setups = [
      { name: 'first', externalId: 'ext-first-1234' },
      { name: 'second', externalId: 'ext-second-5678' }
    ]
    await writeFile(join(cwd, 'bedrock-xacct.json'), JSON.stringify({ defaults: { sourceAccountId: A, targetAccountId: B, region: 'us-east-1', models: ['amazon.nova-lite-v1:0'], roleName: 'SharedRole' }, setups }))
    const error = await runInit({ out: 'gen' }, testDeps(cwd)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(XacctError)
    expect((error as XacctError).exitCode).toBe(2)
    expect((error as XacctError).message).toMatch(/Setups "first" and "second" both name role arn:aws:iam::222222222222:role\/SharedRole but want a different trust policy/)
    expect((error as XacctError).message).not.toMatch(/ext-(first|second)/)
    expect(await readdir(cwd)).toEqual(['bedrock-xacct.json'])
  })

  it('two setups naming one role with the same wants are fine', async () => {
    const cwd = await fresh()
    const setups = [{ name: 'first' }, { name: 'second' }]
    await writeFile(join(cwd, 'bedrock-xacct.json'), JSON.stringify({ defaults: { sourceAccountId: A, targetAccountId: B, region: 'us-east-1', models: ['amazon.nova-lite-v1:0'], roleName: 'SharedRole', externalId: 'ext-shared-1234' }, setups }))
    expect(await runInit({ out: 'gen' }, testDeps(cwd))).toBe(0)
  })

  it('writes one folder per setup for a config with several setups', async () => {
    const cwd = await fresh()
    const setups = ['Chat', 'Search', 'Batch'].map((useCase, i) => ({ targetAccountId: `22222222222${i}`, useCase }))
    await writeFile(join(cwd, 'bedrock-xacct.json'), JSON.stringify({ defaults: { sourceAccountId: A, region: 'eu-west-1', models: ['eu.amazon.nova-lite-v1:0'] }, setups }))
    const deps = testDeps(cwd)
    expect(await runInit({ out: 'gen' }, deps)).toBe(0)
    const entries = (await readdir(join(cwd, 'gen'))).sort()
    expect(entries).toEqual(['222222222220-Chat', '222222222221-Search', '222222222222-Batch', 'bedrock-xacct.json'])
  })

  it('a missing answer without a terminal names the flag', async () => {
    const error = await runInit({ sourceAccount: A, models: ['amazon.nova-lite-v1:0'] }, testDeps(await fresh(), { global: { region: 'us-east-1' } })).catch((e: unknown) => e)
    expect((error as XacctError).exitCode).toBe(2)
    expect((error as XacctError).message).toMatch(/^Missing --target-account/)
  })

  it('reads the role from BEDROCK_CROSS_ACCOUNT_ROLE_ARN and the region from BEDROCK_REGION', async () => {
    const deps = testDeps(await fresh(), {
      global: { json: true },
      env: { BEDROCK_CROSS_ACCOUNT_ROLE_ARN: `arn:aws:iam::${B}:role/team/ProxyAccess`, BEDROCK_REGION: 'eu-central-1' }
    })
    expect(await runInit({ sourceAccount: A, models: ['amazon.nova-lite-v1:0'] }, deps)).toBe(0)
    const doc = JSON.parse(deps.io.stdout[0]!) as { setups: { roleArn: string; setup: { region: string } }[] }
    expect(doc.setups[0]!.roleArn).toBe(`arn:aws:iam::${B}:role/team/ProxyAccess`)
    expect(doc.setups[0]!.setup.region).toBe('eu-central-1')
  })

  it('reads a .env file with --env-file (odd quoting does not crash)', async () => {
    const cwd = await fresh()
    await writeFile(join(cwd, '.env'), `BEDROCK_REGION="us-west-2\nBROKEN='x\nBEDROCK_CROSS_ACCOUNT_ROLE_ARN=arn:aws:iam::${B}:role/FromDotenv\n`)
    const deps = testDeps(cwd, { global: { json: true, envFile: '.env' } })
    const code = await runInit({ sourceAccount: A, models: ['amazon.nova-lite-v1:0'], region: 'us-west-2' }, deps)
    expect(code).toBe(0)
    expect((JSON.parse(deps.io.stdout[0]!) as { setups: { roleArn: string }[] }).setups[0]!.roleArn).toBe(`arn:aws:iam::${B}:role/FromDotenv`)
  })

  it('--dry-run without --apply is a usage error', async () => {
    const error = await runInit({ ...flags, dryRun: true }, testDeps(await fresh(), { global: { region: 'us-east-1' } })).catch((e: unknown) => e)
    expect((error as XacctError).exitCode).toBe(2)
  })

  it('prints the documents with headings (human output)', async () => {
    const deps = testDeps(await fresh(), { global: { region: 'us-east-1' } })
    expect(await runInit({ ...flags, externalId: 'ext-1234' }, deps)).toBe(0)
    const out = deps.io.stdout.join('\n')
    expect(out).toMatch(/^Trust policy — role arn:aws:iam::222222222222:role\/BedrockAccessRole/m)
    expect(out).toMatch(/^Permissions policy "/m)
    expect(out).toMatch(/^Source policy "/m)
    expect(out).toMatch(/Self-check: \d+\/\d+ cases as expected/)
    expect(out).not.toMatch(/\u001b\[/)
    expect(deps.io.stderr.join('\n')).toMatch(/ExternalId is shown as <redacted>/)
  })

  it('refuses --duration-condition with the explanation', async () => {
    const error = await runInit({ ...flags, durationCondition: '3600' }, testDeps(await fresh(), { global: { region: 'us-east-1' } })).catch((e: unknown) => e)
    expect((error as XacctError).message).toMatch(/AssumeRole does not set that key/)
    expect((error as XacctError).hint).toMatch(/--max-session-duration/)
  })
})
