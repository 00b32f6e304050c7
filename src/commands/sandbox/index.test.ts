import { existsSync, readFileSync, statSync } from 'node:fs'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { XacctError } from '../../core/errors.js'
import { defaultWorld } from '../../sandbox/worlds/default-world.js'
import { memoryIo } from '../../ui/io.js'
import { nonInteractivePrompter } from '../../ui/prompts.js'
import type { CommandDeps } from '../deps.js'
import { runSandbox as runSandboxEntry, type SandboxLifecycle } from './index.js'
import { NO_AWS } from '../../../test/helpers/command-deps.js'

/** The command's exit code, which these tests assert (its typed result is what --json prints). */
const runSandbox = async (...args: Parameters<typeof runSandboxEntry>): Promise<number> => (await runSandboxEntry(...args)).exitCode

/** Fixture accounts: A = 111111111111 (app-caller, admin), B = 222222222222 (admin). */
function deps(json = false) {
  const io = memoryIo()
  const value: CommandDeps = {
    io,
    env: { TMPDIR: mkdtempSync(join(tmpdir(), 'sandbox-cmd-test-')) },
    now: () => new Date(),
    cwd: process.cwd(),
    prompter: nonInteractivePrompter('test'),
    global: { json, color: false, debug: false, yes: true },
    aws: NO_AWS
  }
  return { io, deps: value }
}

/** Stops at once, and records what the command wrote while it ran. */
function immediateStop(inspect: () => void): SandboxLifecycle {
  return { untilStopped: async () => inspect(), onExit: () => undefined }
}

describe('sandbox command', () => {
  it('prints export lines, writes 0600 profiles, never prints a secret, and cleans up', async () => {
    const { io, deps: d } = deps()
    let files: string[] = []
    const code = await runSandbox(
      {},
      d,
      immediateStop(() => {
        const stdout = io.stdout.join('\n')
        const credentials = /AWS_SHARED_CREDENTIALS_FILE=(\S+)/.exec(stdout)![1]!
        const config = /AWS_CONFIG_FILE=(\S+)/.exec(stdout)![1]!
        files = [credentials, config]
        for (const file of files) expect(statSync(file).mode & 0o777).toBe(0o600)
        const text = readFileSync(credentials, 'utf8')
        expect(text).toContain('[sandbox-a-caller]\naws_access_key_id = AKIASANDBOXACALLER01\n')
        expect(text).toContain('[sandbox-b-admin]')
        expect(readFileSync(config, 'utf8')).toMatch(/\[profile sandbox-a-admin\]\nregion = us-east-1\nendpoint_url = http:\/\/127\.0\.0\.1:\d+\n/)
      })
    )
    expect(code).toBe(0)
    expect(io.stdout.join('\n')).toMatch(/^export AWS_ENDPOINT_URL=http:\/\/127\.0\.0\.1:\d+\nexport AWS_SHARED_CREDENTIALS_FILE=\S+\nexport AWS_CONFIG_FILE=\S+\nexport AWS_REGION=us-east-1\nexport AWS_PROFILE=sandbox-a-caller$/)
    const everything = [...io.stdout, ...io.stderr].join('\n')
    for (const account of defaultWorld().accounts) for (const user of account.users) for (const key of user.accessKeys) expect(everything).not.toContain(key.secretAccessKey)
    for (const file of files) expect(existsSync(file)).toBe(false)
  })

  it('--json prints one document without secrets', async () => {
    const { io, deps: d } = deps(true)
    await runSandbox(
      {},
      d,
      immediateStop(() => undefined)
    )
    expect(io.stdout).toHaveLength(1)
    const summary = JSON.parse(io.stdout[0]!) as { endpoint: string; profiles: Record<string, string>[] }
    expect(summary.profiles.map((p) => p.name)).toEqual(['sandbox-a-caller', 'sandbox-a-admin', 'sandbox-b-admin'])
    expect(io.stdout[0]).not.toContain('secret')
  })

  it.each([
    ['a bad port', { port: '70000' }, '--port "70000" is invalid: expected a port number from 0 to 65535 (0: any free port).'],
    ['a missing world file', { world: '/nonexistent/world.json' }, '--world "/nonexistent/world.json" is invalid: expected a readable world JSON file (no such file).']
  ])('rejects %s with a one-line input error', async (_label, options, message) => {
    const { deps: d } = deps()
    await expect(
      runSandbox(
        options,
        d,
        immediateStop(() => undefined)
      )
    ).rejects.toMatchObject({ message, exitCode: 2 })
  })

  it('rejects a malformed world file in one line naming the path', async () => {
    const { deps: d } = deps()
    const file = join(d.env.TMPDIR!, 'world.json')
    writeFileSync(file, JSON.stringify({ accounts: [{ id: '1', users: [], roles: [], models: {} }] }))
    const error = await runSandbox(
      { world: file },
      d,
      immediateStop(() => undefined)
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(XacctError)
    expect((error as XacctError).message).toBe(`--world ${file} accounts[0].id "1" is invalid: expected a 12-digit AWS account id.`)
  })
})
