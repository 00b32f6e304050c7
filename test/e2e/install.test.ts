/**
 * The README's install lines, as a new user would run them (issue 20): the package is not on npm,
 * so it is packed (`npm pack`) and the tarball installed, globally into a temp prefix
 * (`npm install -g ./bedrock-xacct-<version>.tgz`) and as a project dependency; then `--version`,
 * `demo`, and `init --out` whose config's `$schema` must resolve to a file of the installed copy.
 * Needs the npm registry for the runtime dependencies (as any install does).
 *
 * The two installs run at once: each is mostly npm waiting on its cache, the registry and the disk,
 * so together they take little more than one (one after the other, the file took 70–160 s).
 * `--prefer-offline` takes the dependencies' metadata from npm's cache when it is there instead of
 * asking the registry again for each of the ~80 packages; what is installed is the same.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { VERSION } from '../../src/version.js'

const root = join(import.meta.dirname, '..', '..')
const work = mkdtempSync(join(tmpdir(), 'xacct-install-'))
/** The machine's environment (npm needs its proxy and CA settings) without any AWS set-up of the developer's. */
const env = { ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_') && !name.startsWith('BEDROCK_'))), NO_COLOR: '1', npm_config_update_notifier: 'false' }
const NPM_FLAGS = ['--no-audit', '--no-fund', '--loglevel=error']
const npm = (args: string[], cwd: string) => execFileSync('npm', [...args, ...NPM_FLAGS], { cwd, encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] })
const npmAsync = async (args: string[], cwd: string) => void (await promisify(execFile)('npm', [...args, ...NPM_FLAGS, '--prefer-offline'], { cwd, encoding: 'utf8', env }))
let tarball = ''
const prefix = join(work, 'global')
const app = join(work, 'app')
/** The README's two installs, started together in beforeAll; each test awaits its own. */
let globalInstall: Promise<void>
let projectInstall: Promise<void>

beforeAll(() => {
  // The build is the test run's (npm test builds first); --ignore-scripts keeps pack from rebuilding.
  const [packed] = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], root)) as { filename: string }[]
  tarball = join(work, packed!.filename)
  expect(packed!.filename).toBe(`bedrock-xacct-${VERSION}.tgz`)
  globalInstall = npmAsync(['install', '-g', '--prefix', prefix, tarball], work)
  mkdirSync(app)
  projectInstall = npmAsync(['init', '-y'], app).then(() => npmAsync(['install', '--save-dev', tarball], app))
  // A failed install fails its own test when awaited there, not the run as an unhandled rejection.
  for (const install of [globalInstall, projectInstall]) install.catch(() => undefined)
}, 120_000)
afterAll(() => rmSync(work, { recursive: true, force: true }), 120_000)

describe('install from a packed tarball (README "Install")', () => {
  it('npm install -g ./bedrock-xacct-<version>.tgz: the bedrock-xacct command answers --version and runs demo', async () => {
    await globalInstall
    const bin = join(prefix, 'bin', 'bedrock-xacct')
    expect(execFileSync(bin, ['--version'], { cwd: work, encoding: 'utf8', env }).trim()).toBe(VERSION)
    const demo = spawnSync(bin, ['demo', '--yes'], { cwd: work, encoding: 'utf8', env: { ...env, HOME: work }, timeout: 120_000 })
    expect(demo.stderr).not.toMatch(/unexpected failure/i)
    expect(demo.status).toBe(0)
    expect(demo.stdout).toContain('Demo behaved as expected')
  }, 300_000)

  it("as a project dependency: npx bedrock-xacct init --out writes a $schema that resolves to the installed copy's schema", async () => {
    await projectInstall
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
