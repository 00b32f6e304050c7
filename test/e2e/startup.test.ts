/**
 * Start-up time is a feature (STYLE habit 1): `--help` and `--version` must not load the AWS SDK,
 * the policy evaluator, inquirer or zod — nor any package at all, since the bundle inlines
 * commander. A resolve hook records what the process loads.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..', '..')
const work = mkdtempSync(join(tmpdir(), 'xacct-startup-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

const HEAVY = /@aws-sdk|@smithy|@cloud-copilot|@inquirer|\/zod\/|ipaddr|dotenv|fast-xml-parser|jose/

function loadedModules(args: string[]): { status: number | null; modules: string[] } {
  const file = join(work, `${args.join('_').replace(/\W/g, '')}.txt`)
  const run = spawnSync(process.execPath, ['--import', join(root, 'test/helpers/record-imports.mjs'), join(root, 'bin/bedrock-xacct.js'), ...args], {
    env: { ...process.env, RECORD_IMPORTS_FILE: file, NO_COLOR: '1' },
    encoding: 'utf8'
  })
  const modules = readFileSync(file, 'utf8').split('\n').filter(Boolean)
  return { status: run.status, modules }
}

describe('cold start', () => {
  const commands = [['--help'], ['--version'], ['init', '--help'], ['verify', '--help'], ['explain', '--help'], ['trail', '--help'], ['demo', '--help'], ['sandbox', '--help'], ['lint', '--help']]
  it.each(commands)('%s loads nothing heavy', (...args) => {
    const { status, modules } = loadedModules(args)
    expect(status).toBe(0)
    // The hook works: the bundle's entry is recorded.
    expect(modules.some((url) => url.endsWith('/dist/cli.js'))).toBe(true)
    expect(modules.filter((url) => HEAVY.test(url))).toEqual([])
    // commander is inlined in the bundle (scripts/build.mjs): nothing is read from node_modules.
    expect(modules.filter((url) => url.includes('/node_modules/'))).toEqual([])
  })
})
