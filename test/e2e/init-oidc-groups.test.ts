/**
 * OIDC `groups` conditions end to end (issue 2): the built CLI (`node bin/bedrock-xacct.js`) writes
 * a trust policy with `ForAnyValue:StringLike <host>:groups`, the config it writes reads back to the
 * same trust, and groups for a non-OIDC caller are refused with exit 2 and no files.
 * Build first: `npm run build`. Accounts: A = 111111111111 (source),
 * B = 222222222222 (target, where the OIDC provider is registered).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..', '..')
const bin = join(root, 'bin', 'bedrock-xacct.js')
const work = mkdtempSync(join(tmpdir(), 'xacct-oidc-groups-e2e-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

const A = '111111111111'
const B = '222222222222'
const HOST = 'token.actions.githubusercontent.com'
/** Variables that would leak the developer's setup into the run. */
const CLEAN_ENV = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(AWS_|BEDROCK_)/.test(key) && key !== 'CI')) as Record<string, string>

function run(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, env: { ...CLEAN_ENV, NO_COLOR: '1' }, encoding: 'utf8', input: '' })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

const common = ['init', '--source-account', A, '--target-account', B, '--region', 'us-east-1', '--models', 'amazon.nova-lite-v1:0']
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as { Statement: { Condition: Record<string, Record<string, unknown>> }[] } & Record<string, unknown>

describe('init with OIDC groups (built CLI)', () => {
  it('writes the groups condition, and the written config reads back to the same trust', () => {
    const cwd = mkdtempSync(join(work, 'run-'))
    const oidc = ['--caller', `oidc:${HOST}`, '--oidc-subject', 'repo:acme/app:*', '--oidc-group', 'team-ai-*', '--oidc-group', 'cn=ai,ou=teams,dc=example']
    const r = run([...common, ...oidc, '--out', 'out'], cwd)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const trust = readJson(join(cwd, 'out', 'trust-policy.json'))
    expect(trust.Statement[0]!.Condition['ForAnyValue:StringLike']).toEqual({ [`${HOST}:groups`]: ['team-ai-*', 'cn=ai,ou=teams,dc=example'] })
    const config = readJson(join(cwd, 'out', 'bedrock-xacct.json'))
    expect(config.caller).toMatchObject({ kind: 'oidc', groups: ['team-ai-*', 'cn=ai,ou=teams,dc=example'] })
    const again = run(['init', '--config', join('out', 'bedrock-xacct.json'), '--json'], cwd)
    expect(again.code).toBe(0)
    const doc = JSON.parse(again.stdout) as { setups: { trustPolicy: unknown }[] }
    expect(doc.setups[0]!.trustPolicy).toEqual(trust)
  })

  it.each([
    ['groups for a root caller', ['--oidc-group', 'admins'], /--oidc-group .*an OIDC caller \(--caller oidc:HOST\) to go with it/],
    ['a group with a control character', ['--caller', `oidc:${HOST}`, '--oidc-subject', 'repo:acme/app:*', '--oidc-group', 'adm\u0007ins'], /--oidc-group .*printable/]
  ])('%s: exit 2, one line, no files', (_label, args, message) => {
    const cwd = mkdtempSync(join(work, 'bad-'))
    const r = run([...common, ...args, '--out', 'out'], cwd)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(message)
    expect(r.stderr).not.toMatch(/\n\s+at /)
    expect(existsSync(join(cwd, 'out'))).toBe(false)
  })
})
