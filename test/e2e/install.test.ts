/**
 * The README's install lines, as a new user would run them (issue 20): the package is not on npm,
 * so it is packed (`npm pack`) and the tarball installed, globally into a temp prefix
 * (`npm install -g ./bedrock-xacct-<version>.tgz`) and as a project dependency; then `--version`,
 * `demo`, and `init --out` whose config's `$schema` must resolve to a file of the installed copy.
 * Needs the npm registry for the runtime dependencies (as any install does).
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { VERSION } from '../../src/version.js'

const root = join(import.meta.dirname, '..', '..')
const work = mkdtempSync(join(tmpdir(), 'xacct-install-'))
/** The machine's environment (npm needs its proxy and CA settings) without any AWS set-up of the developer's. */
const env = { ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_') && !name.startsWith('BEDROCK_'))), NO_COLOR: '1', npm_config_update_notifier: 'false' }
const npm = (args: string[], cwd: string) => execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] })
let tarball = ''

beforeAll(() => {
  // The build is the test run's (npm test builds first); --ignore-scripts keeps pack from rebuilding.
  const [packed] = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], root)) as { filename: string }[]
  tarball = join(work, packed!.filename)
  expect(packed!.filename).toBe(`bedrock-xacct-${VERSION}.tgz`)
}, 120_000)
afterAll(() => rmSync(work, { recursive: true, force: true }), 120_000)

describe('install from a packed tarball (README "Install")', () => {
  it('npm install -g ./bedrock-xacct-<version>.tgz: the bedrock-xacct command answers --version and runs demo', () => {
    const prefix = join(work, 'global')
    npm(['install', '-g', '--prefix', prefix, tarball], work)
    const bin = join(prefix, 'bin', 'bedrock-xacct')
    expect(execFileSync(bin, ['--version'], { cwd: work, encoding: 'utf8', env }).trim()).toBe(VERSION)
    const demo = spawnSync(bin, ['demo', '--yes'], { cwd: work, encoding: 'utf8', env: { ...env, HOME: work }, timeout: 120_000 })
    expect(demo.stderr).not.toMatch(/unexpected failure/i)
    expect(demo.status).toBe(0)
    expect(demo.stdout).toContain('Demo behaved as expected')
  }, 300_000)

  it("as a project dependency: npx bedrock-xacct init --out writes a $schema that resolves to the installed copy's schema", () => {
    const app = join(work, 'app')
    execFileSync('mkdir', [app])
    npm(['init', '-y'], app)
    npm(['install', '--save-dev', tarball], app)
    const init = spawnSync('npx', ['--no-install', 'bedrock-xacct', 'init', '--source-account', '111111111111', '--target-account', '222222222222', '--models', 'amazon.nova-lite-v1:0', '--region', 'us-east-1', '--out', 'out'], {
      cwd: app,
      encoding: 'utf8',
      env,
      timeout: 120_000
    })
    expect(init.stderr).not.toMatch(/Error/)
    expect(init.status).toBe(0)
    const configFile = join(app, 'out', 'bedrock-xacct.json')
    const { $schema } = JSON.parse(readFileSync(configFile, 'utf8')) as { $schema: string }
    expect($schema).toBe('../node_modules/bedrock-xacct/schema/bedrock-xacct.schema.json')
    const schemaFile = resolve(dirname(configFile), $schema)
    expect(existsSync(schemaFile)).toBe(true)
    expect((JSON.parse(readFileSync(schemaFile, 'utf8')) as { title: string }).title).toBe('bedrock-xacct configuration')
  }, 300_000)
})
