/**
 * `bedrock-xacct init` end to end: the built CLI (`node bin/bedrock-xacct.js`) in a fresh temp dir.
 * Build first: `npm run build`. Accounts: A = 111111111111 (source),
 * B = 222222222222 (target).
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..', '..')
const bin = join(root, 'bin', 'bedrock-xacct.js')
const work = mkdtempSync(join(tmpdir(), 'xacct-init-e2e-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

const A = '111111111111'
const B = '222222222222'
/** Variables that would leak the developer's setup into the run. */
const CLEAN_ENV = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(AWS_|BEDROCK_)/.test(key) && key !== 'CI')) as Record<string, string>

let counter = 0
function freshDir(): string {
  const dir = join(work, `run-${++counter}`)
  rmSync(dir, { recursive: true, force: true })
  return mkdtempSync(`${dir}-`)
}

function run(args: string[], options: { cwd: string; env?: Record<string, string> }) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd,
    env: { ...CLEAN_ENV, NO_COLOR: '1', ...options.env },
    encoding: 'utf8',
    input: ''
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>
const FILES = ['bedrock-xacct.json', 'trust-policy.json', 'permissions-policy.json', 'source-policy.json']

describe('init (built CLI)', () => {
  it('flags → files whose JSON parses and matches', () => {
    const cwd = freshDir()
    const r = run(['init', '--source-account', A, '--target-account', B, '--region', 'us-east-1', '--models', 'us.anthropic.claude-3-7-sonnet-20250219-v1:0', '--external-id', 'ext-e2e-0001', '--source-ip', '203.0.113.0/24', '--out', 'out'], { cwd })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const files = readdirSync(join(cwd, 'out'))
    for (const file of FILES) expect(files).toContain(file)
    const trust = readJson(join(cwd, 'out', 'trust-policy.json'))
    expect(JSON.stringify(trust)).toContain(`arn:aws:iam::${A}:root`)
    expect(JSON.stringify(trust)).toContain('ext-e2e-0001')
    expect(JSON.stringify(trust)).not.toContain('sts:DurationSeconds')
    const permissions = JSON.stringify(readJson(join(cwd, 'out', 'permissions-policy.json')))
    for (const region of ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2']) {
      expect(permissions).toContain(`arn:aws:bedrock:${region}::foundation-model/anthropic.claude-3-7-sonnet-20250219-v1:0`)
    }
    expect(JSON.stringify(readJson(join(cwd, 'out', 'source-policy.json')))).toContain(`arn:aws:iam::${B}:role/BedrockAccessRole`)
    expect(readJson(join(cwd, 'out', 'bedrock-xacct.json'))).toMatchObject({ $schema: expect.any(String), sourceAccountId: A, targetAccountId: B, externalId: 'ext-e2e-0001' })
    expect(r.stdout).toContain('keep them out of public repositories')
  })

  it('the same through environment variables, with --json', () => {
    const cwd = freshDir()
    const r = run(['--json', 'init', '--source-account', A, '--models', 'amazon.nova-lite-v1:0'], {
      cwd,
      env: { BEDROCK_CROSS_ACCOUNT_ROLE_ARN: `arn:aws:iam::${B}:role/ProxyAccess`, BEDROCK_REGION: 'eu-west-1', AWS_REGION: 'us-east-1' }
    })
    expect(r.code).toBe(0)
    const doc = JSON.parse(r.stdout) as { setups: { roleArn: string; setup: { region: string }; selfCheck: { ok: boolean }; permissionsPolicy: unknown }[] }
    expect(doc.setups[0]!.roleArn).toBe(`arn:aws:iam::${B}:role/ProxyAccess`)
    expect(doc.setups[0]!.setup.region).toBe('eu-west-1')
    expect(doc.setups[0]!.selfCheck.ok).toBe(true)
    expect(JSON.stringify(doc.setups[0]!.permissionsPolicy)).toContain('arn:aws:bedrock:eu-west-1::foundation-model/amazon.nova-lite-v1:0')
  })

  it('a config file with three setups → one folder each plus the combined config', () => {
    const cwd = freshDir()
    copyFileSync(join(root, 'test/fixtures/configs/three-setups.json'), join(cwd, 'bedrock-xacct.json'))
    const r = run(['init', '--out', 'gen'], { cwd })
    // The file was found in the working directory, not named: said so on stderr, and nothing else (issue 16).
    expect(r.stderr).toBe('Note: using bedrock-xacct.json found in the working directory (pass --config to name another file).\n')
    expect(r.code).toBe(0)
    expect(readdirSync(join(cwd, 'gen')).sort()).toEqual(['bedrock-xacct.json', 'chat', 'ci', 'search'])
    for (const name of ['chat', 'ci', 'search']) for (const file of FILES) expect(existsSync(join(cwd, 'gen', name, file))).toBe(true)
    const ciTrust = JSON.stringify(readJson(join(cwd, 'gen', 'ci', 'trust-policy.json')))
    expect(ciTrust).toContain('sts:AssumeRoleWithWebIdentity')
    expect(ciTrust).toContain('repo:acme/app:ref:refs/heads/main')
    const combined = readJson(join(cwd, 'gen', 'bedrock-xacct.json')) as { setups: { name: string }[] }
    expect(combined.setups.map((s) => s.name)).toEqual(['chat', 'search', 'ci'])
    // The written config reads back: a second run from it gives the same documents.
    const again = run(['--json', '--config', 'gen/bedrock-xacct.json', 'init'], { cwd })
    expect(again.code).toBe(0)
    expect((JSON.parse(again.stdout) as { setups: unknown[] }).setups).toHaveLength(3)
  })

  const badInputs: [string, string[]][] = [
    ['short account id', ['--source-account', '12345']],
    ['user ARN as role', ['--role-arn', `arn:aws:iam::${B}:user/bob`]],
    ['ExternalId with spaces', ['--external-id', 'has spaces']],
    ['CIDR /33', ['--source-ip', '1.2.3.4/33']],
    ['CIDR 0.0.0.0/0', ['--source-ip', '0.0.0.0/0']],
    ['duration 1h', ['--max-session-duration', '1h']],
    ['unknown region', ['--region', 'us-nowhere-1']],
    ['unknown model format', ['--models', 'Claude 3!']],
    ['duration condition', ['--duration-condition', '3600']]
  ]
  it.each(badInputs)('%s → exit 2, one error line, no stack, no files', (_name, extra) => {
    const cwd = freshDir()
    const base = ['init', '--source-account', A, '--target-account', B, '--region', 'us-east-1', '--models', 'amazon.nova-lite-v1:0', '--out', 'out']
    const r = run([...base, ...extra], { cwd })
    expect(r.code).toBe(2)
    const lines = r.stderr.trim().split('\n')
    expect(lines[0]).toMatch(/^Error: /)
    expect(lines.filter((line) => line.startsWith('Error'))).toHaveLength(1)
    expect(r.stderr).not.toMatch(/\n\s+at /)
    expect(existsSync(join(cwd, 'out'))).toBe(false)
    expect(r.stdout).toBe('')
  })

  it('a missing answer without a TTY → exit 2 naming the flag (no hang)', () => {
    const r = run(['init', '--source-account', A, '--region', 'us-east-1', '--models', 'amazon.nova-lite-v1:0'], { cwd: freshDir() })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/Missing --target-account/)
  })

  it('refuses to overwrite without --force, replaces with it', () => {
    const cwd = freshDir()
    const args = ['init', '--source-account', A, '--target-account', B, '--region', 'us-east-1', '--models', 'amazon.nova-lite-v1:0', '--out', 'out']
    expect(run(args, { cwd }).code).toBe(0)
    writeFileSync(join(cwd, 'out', 'trust-policy.json'), 'mine')
    const refused = run(args, { cwd })
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/Refusing to overwrite/)
    expect(readFileSync(join(cwd, 'out', 'trust-policy.json'), 'utf8')).toBe('mine')
    expect(run([...args, '--force'], { cwd }).code).toBe(0)
    expect(readFileSync(join(cwd, 'out', 'trust-policy.json'), 'utf8')).not.toBe('mine')
  })

  it('a bad config file → exit 2 naming the config path, no files', () => {
    const cwd = freshDir()
    writeFileSync(join(cwd, 'bedrock-xacct.json'), JSON.stringify({ setups: [{ name: 'a' }, { name: 'b', regoin: 'us-east-1' }] }))
    const r = run(['init', '--out', 'out'], { cwd })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/config setups\[1\]\.regoin is not a setup field \(did you mean "region"\?\)/)
    expect(existsSync(join(cwd, 'out'))).toBe(false)
  })

  it('init --check lints a file (alias of lint)', () => {
    const cwd = freshDir()
    writeFileSync(join(cwd, 'trust.json'), JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }] }))
    const r = run(['init', '--check', 'trust.json'], { cwd })
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('fix:')
  })

  it('--help and init --help show examples', () => {
    expect(run(['--help'], { cwd: work }).stdout).toMatch(/bedrock-xacct init/)
    const help = run(['init', '--help'], { cwd: work })
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('Examples:')
    expect(help.stdout).toContain('--external-id generate')
  })
})
