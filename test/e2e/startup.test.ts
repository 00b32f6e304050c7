/**
 * Start-up time is a feature (STYLE habit 1): `--help` and `--version` must not load the AWS SDK,
 * the policy evaluator, inquirer or zod — nor any package at all, since the bundle inlines
 * commander. A resolve hook records the ES modules the process loads, and the CommonJS cache at
 * exit adds what `createRequire` loaded (ipaddr.js once sat on this path unseen by the hook).
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..', '..')
const work = mkdtempSync(join(tmpdir(), 'xacct-startup-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

const HEAVY = /@aws-sdk|@smithy|@cloud-copilot|@inquirer|\/zod\/|ipaddr|dotenv|fast-xml-parser|jose/
/**
 * commander requires child_process when it loads (for executable subcommands, which this CLI has
 * none of), and with it dgram; scripts/build.mjs defers it to first use. (net is left out here: a
 * piped stdout is a net.Socket anyway.)
 */
const DEFERRED_BUILT_INS = ['node:child_process', 'node:dgram']
/**
 * Sources only init and verify need at start: the setup field table (their flags) and what it
 * imports, and verify's option validation. They once sat on every command's path.
 */
const SETUP_TABLE_SOURCES = /^src\/(core\/setup\/|core\/ip\.ts|core\/arn\.ts|commands\/shared\/setup-options\.ts|commands\/verify\/options\.ts)/

function loadedModules(args: string[]): { status: number | null; modules: string[] } {
  const file = join(work, `${args.join('_').replace(/\W/g, '')}.txt`)
  const run = spawnSync(process.execPath, ['--import', join(root, 'test/helpers/record-imports.mjs'), join(root, 'bin/bedrock-xacct.js'), ...args], {
    env: { ...process.env, RECORD_IMPORTS_FILE: file, NO_COLOR: '1' },
    encoding: 'utf8'
  })
  const modules = readFileSync(file, 'utf8').split('\n').filter(Boolean)
  return { status: run.status, modules }
}

/** The source files inside the bundle files a run loaded: esbuild heads each one's code with `// src/…`. */
function bundledSources(modules: string[]): string[] {
  const bundleFiles = modules.filter((url) => url.startsWith('file:') && url.includes('/dist/'))
  return [...new Set(bundleFiles.flatMap((url) => readFileSync(fileURLToPath(url), 'utf8').match(/^\/\/ src\/\S+/gm) ?? []))].map((line) => line.slice(3))
}

describe('cold start', () => {
  const commands = [['--help'], ['--version'], ['init', '--help'], ['verify', '--help'], ['explain', '--help'], ['trail', '--help'], ['demo', '--help'], ['sandbox', '--help'], ['lint', '--help'], ['permissions', '--help']]
  it.each(commands)('%s loads nothing heavy', (...args) => {
    const { status, modules } = loadedModules(args)
    expect(status).toBe(0)
    // The hook works: the bundle's entry is recorded.
    expect(modules.some((url) => url.endsWith('/dist/cli.js'))).toBe(true)
    expect(modules.filter((url) => HEAVY.test(url))).toEqual([])
    // commander is inlined in the bundle (scripts/build.mjs): nothing is read from node_modules.
    expect(modules.filter((url) => url.includes('/node_modules/'))).toEqual([])
    expect(modules.filter((url) => DEFERRED_BUILT_INS.includes(url))).toEqual([])
  })

  it.each(commands.filter(([name]) => name !== 'init' && name !== 'verify'))('%s loads no part of the setup field table', (...args) => {
    const sources = bundledSources(loadedModules(args).modules)
    // The hook works: the entry's own source is seen.
    expect(sources).toContain('src/cli.ts')
    expect(sources.filter((source) => SETUP_TABLE_SOURCES.test(source))).toEqual([])
  })

  it("commander's deferred child_process is the real module on first use", async () => {
    const real = await import('node:child_process')
    const deferred = createRequire(import.meta.url)('../../scripts/lazy-child-process.cjs') as typeof real
    expect(deferred.spawn).toBe(real.spawn)
  })

  it.each([['init'], ['verify']])('%s --help shows the setup flags, loaded for it', (name) => {
    const help = spawnSync(process.execPath, [join(root, 'bin/bedrock-xacct.js'), name, '--help'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })
    expect(help.status).toBe(0)
    expect(help.stdout).toMatch(/--source-account <id>/)
    expect(help.stdout).toMatch(/--models <ids>/)
  })

  it("help init (commander's help command) shows the setup flags too", () => {
    const help = spawnSync(process.execPath, [join(root, 'bin/bedrock-xacct.js'), 'help', 'init'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })
    expect(help.status).toBe(0)
    expect(help.stdout).toMatch(/--source-account <id>/)
  })
})
