/**
 * `init --config <two setups> --apply` (issue 17, point 6): every setup, output path and conflict
 * is checked before the first write; once something was written no message says nothing was
 * changed; `--json` prints exactly one document whatever the exit code. Over the in-memory AWS.
 * Accounts: A = 111111111111 (source; user app-caller is the caller, user admin is profile
 * `a-admin`), B = 222222222222 (target; profile `b-admin`), C = 333333333333 (a second target no
 * profile of this run belongs to).
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { applyWorld } from '../../../../test/helpers/apply-world.js'
import { ACCOUNT_A, ACCOUNT_B, type MemoryAws } from '../../../../test/helpers/memory-aws.js'
import { testDeps, type TestDeps } from '../../../../test/helpers/command-deps.js'
import { isXacctError } from '../../../core/errors.js'
import { scriptedPrompter } from '../../../ui/prompts.js'
import { runInit } from '../index.js'
import type { InitOptions } from '../options.js'

const ACCOUNT_C = '333333333333'
const CALLER = `arn:aws:iam::${ACCOUNT_A}:user/app-caller`
const EXT = 'ext-multi-setup-4821'
const MODEL = 'amazon.nova-lite-v1:0'

let cwd: string
let aws: MemoryAws

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'apply-multi-'))
  aws = applyWorld()
})
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true })
})

/** Writes ./bedrock-xacct.json, which init reads by default. */
async function config(...setups: Record<string, unknown>[]): Promise<string> {
  const file = join(cwd, 'bedrock-xacct.json')
  const setup = (overrides: Record<string, unknown>) => ({ targetAccountId: ACCOUNT_B, caller: CALLER, models: [MODEL], externalId: EXT, ...overrides })
  await writeFile(file, JSON.stringify({ defaults: { sourceAccountId: ACCOUNT_A, region: 'us-east-1' }, setups: setups.map(setup) }))
  return file
}

const APPLY: Partial<InitOptions> = { apply: true, targetProfile: 'b-admin', sourceProfile: 'a-admin' }
const writes = () => aws.writeCalls().map((call) => call.operation)
const depsOf = (options: { json?: boolean; interactive?: boolean; answers?: boolean[] } = {}): TestDeps => {
  const answers = [...(options.answers ?? [])]
  const prompter = options.interactive ? { ...scriptedPrompter({}), confirm: async () => answers.shift() ?? false } : undefined
  return testDeps(cwd, { aws, prompter, interactive: options.interactive, global: { json: options.json ?? false, yes: !options.interactive, region: 'us-east-1' } })
}
const run = (options: Partial<InitOptions>, deps: TestDeps) =>
  runInit({ ...options } as InitOptions, deps).then(
    (result) => result.exitCode,
    (error: unknown) => error
  )

describe('init --apply with several setups: all checked before the first write', () => {
  it('a second setup whose target account has no credentials: exit 2, nothing written (not even --out)', async () => {
    await config({ name: 'one', roleName: 'RoleOne' }, { name: 'two', roleName: 'RoleTwo', targetAccountId: ACCOUNT_C })
    const error = await run({ ...APPLY, out: 'out' }, depsOf())
    expect(isXacctError(error) && error.exitCode).toBe(2)
    expect(writes()).toEqual([])
    expect(await readdir(cwd)).not.toContain('out')
  })

  it('a second setup whose plan the trust gate refuses: exit 2, the first setup is not applied either', async () => {
    aws.addRole(ACCOUNT_B, {
      name: 'RoleTwo',
      trustPolicy: { Version: '2012-10-17', Statement: [{ Sid: 'BedrockXacctTrust', Effect: 'Allow', Principal: { AWS: CALLER }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': EXT } } }] },
      tags: {}
    })
    await config({ name: 'one', roleName: 'RoleOne' }, { name: 'two', roleName: 'RoleTwo', externalId: undefined })
    const deps = depsOf({ json: true })
    const error = await run(APPLY, deps)
    expect(isXacctError(error) && error.exitCode).toBe(2)
    expect(writes()).toEqual([])
    expect(deps.io.stdout).toHaveLength(1)
    const document = JSON.parse(deps.io.stdout[0]!) as { setups: { status: string }[] }
    expect(document.setups.map((setup) => setup.status)).toContain('refused')
    expect(deps.io.stdout[0]).not.toContain(EXT)
  })

  it('a write failing in the second setup after the first was applied: exit 3 and exactly one JSON document holding both', async () => {
    await config({ name: 'one', roleName: 'RoleOne' }, { name: 'two', roleName: 'RoleTwo' })
    aws.failWhen((call) => (call.operation === 'CreateRole' && (call.input as { roleName?: string } | undefined)?.roleName === 'RoleTwo' ? 'access-denied' : undefined))
    const deps = depsOf({ json: true })
    expect(await run(APPLY, deps)).toBe(3)
    expect(deps.io.stdout).toHaveLength(1)
    const document = JSON.parse(deps.io.stdout[0]!) as { setups: { status: string }[] }
    expect(document.setups.map((setup) => setup.status)).toEqual(['applied', 'failed'])
  })

  it('declining the second setup after the first was applied never says "Nothing was changed"', async () => {
    await config({ name: 'one', roleName: 'RoleOne' }, { name: 'two', roleName: 'RoleTwo' })
    const deps = depsOf({ interactive: true, answers: [true, false] })
    expect(await run(APPLY, deps)).toBe(130)
    expect(writes()).toContain('CreateRole')
    expect(deps.io.stderr.join('\n') + deps.io.stdout.join('\n')).not.toMatch(/Nothing was changed/)
    expect(deps.io.stderr.join('\n')).toMatch(/Nothing more was changed/)
  })
})
