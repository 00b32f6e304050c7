/** The shared loader other commands use. A = 111111111111 (source), B = 222222222222 (target). */
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { XacctError } from '../../core/errors.js'
import { scriptedPrompter } from '../../ui/prompts.js'
import { testDeps } from '../../../test/helpers/command-deps.js'
import { loadSetups } from './load-setups.js'

const A = '111111111111'
const B = '222222222222'
const one = { sourceAccountId: A, targetAccountId: B, region: 'us-east-1', models: ['amazon.nova-lite-v1:0'] }

async function dirWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'xacct-load-'))
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content)
  return dir
}

const fail = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected an error')
    },
    (e: unknown) => e as XacctError
  )

describe('loadSetups', () => {
  it('reads ./bedrock-xacct.json when present', async () => {
    const setups = await loadSetups({}, testDeps(await dirWith({ 'bedrock-xacct.json': JSON.stringify(one) })))
    expect(setups).toHaveLength(1)
    expect(setups[0]).toMatchObject({ sourceAccountId: A, targetAccountId: B })
  })

  it('--config naming a missing file is exit 2', async () => {
    const error = await fail(loadSetups({}, testDeps(await dirWith({}), { global: { config: 'nope.json' } })))
    expect(error.exitCode).toBe(2)
    expect(error.field).toBe('--config')
  })

  it('refuses a 10 MB config quickly, from its size', async () => {
    const cwd = await dirWith({ 'big.json': `{"setups":[${'{"name":"x"},'.repeat(800_000)}{}]}` })
    const started = Date.now()
    const error = await fail(loadSetups({}, testDeps(cwd, { global: { config: 'big.json' } })))
    expect(error.message).toMatch(/too large/)
    expect(Date.now() - started).toBeLessThan(500)
  })

  it('--only keeps one setup; an unknown name lists the known ones', async () => {
    const cwd = await dirWith({ 'bedrock-xacct.json': JSON.stringify({ defaults: one, setups: [{ name: 'a' }, { name: 'b', region: 'eu-west-1' }] }) })
    expect((await loadSetups({}, testDeps(cwd), { only: 'b' })).map((s) => s.region)).toEqual(['eu-west-1'])
    expect((await fail(loadSetups({}, testDeps(cwd), { only: 'c' }))).message).toMatch(/a, b/)
  })

  it("--only by explicit name is not blocked by another setup's missing answers", async () => {
    const cwd = await dirWith({ 'bedrock-xacct.json': JSON.stringify({ setups: [{ name: 'a', ...one }, { name: 'b' }] }) })
    expect((await loadSetups({}, testDeps(cwd), { only: 'a' })).map((s) => s.name)).toEqual(['a'])
  })

  it('identity flags cannot apply to many setups', async () => {
    const cwd = await dirWith({ 'bedrock-xacct.json': JSON.stringify({ defaults: one, setups: [{ name: 'a' }, { name: 'b' }] }) })
    const error = await fail(loadSetups({ targetAccount: B }, testDeps(cwd)))
    expect(error.exitCode).toBe(2)
    expect(error.message).toMatch(/--target-account cannot apply to all 2 setups/)
  })

  it('ignores BEDROCK_CROSS_ACCOUNT_ROLE_ARN for many setups, with a note', async () => {
    const cwd = await dirWith({ 'bedrock-xacct.json': JSON.stringify({ defaults: one, setups: [{ name: 'a' }, { name: 'b' }] }) })
    const deps = testDeps(cwd, { env: { BEDROCK_CROSS_ACCOUNT_ROLE_ARN: 'arn:aws:iam::333333333333:role/Other' } })
    const setups = await loadSetups({}, deps)
    expect(setups.map((s) => s.targetAccountId)).toEqual([B, B])
    expect(deps.io.stderr.join('\n')).toMatch(/ignored/)
  })

  it('requireComplete: false asks the missing answers through the prompter', async () => {
    const prompter = scriptedPrompter({ '--target-account': B, '--models': 'amazon.nova-lite-v1:0' })
    const setups = await loadSetups({ sourceAccount: A, region: 'us-east-1' }, testDeps(await dirWith({}), { prompter }), { requireComplete: false })
    expect(prompter.asked).toEqual(['--target-account', '--models'])
    expect(setups[0]!.targetAccountId).toBe(B)
  })

  it('requireComplete (default) names the first missing flag', async () => {
    const error = await fail(loadSetups({ sourceAccount: A }, testDeps(await dirWith({}))))
    expect(error.message).toMatch(/^Missing --target-account/)
  })

  it('--env-file: process env wins over the file; a missing file is exit 2', async () => {
    const cwd = await dirWith({ '.env': `BEDROCK_REGION=eu-west-1\nBEDROCK_CROSS_ACCOUNT_ROLE_ARN=arn:aws:iam::${B}:role/FromFile\n` })
    const deps = testDeps(cwd, { env: { BEDROCK_REGION: 'us-west-2' }, global: { envFile: '.env' } })
    const [setup] = await loadSetups({ sourceAccount: A, models: ['amazon.nova-lite-v1:0'] }, deps)
    expect(setup).toMatchObject({ region: 'us-west-2', roleName: 'FromFile' })
    const error = await fail(loadSetups({}, testDeps(cwd, { global: { envFile: 'missing.env' } })))
    expect(error.field).toBe('--env-file')
  })
})

describe('a config file found in the working directory (issue 16)', () => {
  const C = '333333333333'
  const withSecrets = { ...one, externalId: 'file-ext-id-1', sourceIpCidrs: ['203.0.113.0/24'], caller: `arn:aws:iam::${A}:role/file-caller` }

  it('is announced on stderr when it is used', async () => {
    const deps = testDeps(await dirWith({ 'bedrock-xacct.json': JSON.stringify(withSecrets) }))
    const [setup] = await loadSetups({}, deps)
    expect(setup!.externalId).toBe('file-ext-id-1')
    expect(deps.io.stderr.join('\n')).toMatch(/using bedrock-xacct\.json found in the working directory/)
  })

  it.each([
    ['--target-account of another account', { sourceAccount: A, targetAccount: C, region: 'us-east-1', models: ['amazon.nova-lite-v1:0'] }, `account ${C}`],
    ['--role-arn of another account', { sourceAccount: A, roleArn: `arn:aws:iam::${C}:role/Other`, region: 'us-east-1', models: ['amazon.nova-lite-v1:0'] }, `role Other in account ${C}`],
    ['--role-arn of another role in the same account', { sourceAccount: A, roleArn: `arn:aws:iam::${B}:role/Other`, region: 'us-east-1', models: ['amazon.nova-lite-v1:0'] }, `role Other in account ${B}`]
  ])('is never merged into a run whose flags name another target: %s', async (_name, flags, where) => {
    const deps = testDeps(await dirWith({ 'bedrock-xacct.json': JSON.stringify({ ...withSecrets, roleName: 'FileRole' }) }))
    const [setup] = await loadSetups(flags, deps)
    expect(setup).toMatchObject({ externalId: undefined, sourceIpCidrs: [], callers: [{ kind: 'account' }] })
    expect(deps.io.stderr.join('\n')).toContain(`bedrock-xacct.json in the working directory is not used: the flags name ${where}`)
  })

  it('is merged when the flags name its own target', async () => {
    const deps = testDeps(await dirWith({ 'bedrock-xacct.json': JSON.stringify(withSecrets) }))
    const [setup] = await loadSetups({ targetAccount: B }, deps)
    expect(setup).toMatchObject({ externalId: 'file-ext-id-1', callers: [{ kind: 'role', arn: `arn:aws:iam::${A}:role/file-caller` }] })
  })

  it('a file named by --config is used as asked, without a note', async () => {
    const deps = testDeps(await dirWith({ 'team.json': JSON.stringify(withSecrets) }), { global: { config: 'team.json' } })
    const [setup] = await loadSetups({ targetAccount: B }, deps)
    expect(setup!.externalId).toBe('file-ext-id-1')
    expect(deps.io.stderr.join('\n')).not.toMatch(/working directory/)
  })
})
