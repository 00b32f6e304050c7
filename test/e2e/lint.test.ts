/** `bedrock-xacct lint` end to end (built CLI). Accounts: A = 111111111111, B = 222222222222. */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..', '..')
const work = mkdtempSync(join(tmpdir(), 'xacct-lint-e2e-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

function lint(args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'bedrock-xacct.js'), 'lint', ...args], { cwd: work, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

writeFileSync(join(work, 'wildcard.json'), JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Invoke', Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: '*' }] }))
writeFileSync(
  join(work, 'good.json'),
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0' }]
  })
)
writeFileSync(join(work, 'broken.json'), '{ not json')
writeFileSync(
  join(work, 'duration-trust.json'),
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Trust',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111111111111:root' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': 'ext-1234' }, NumericLessThanEquals: { 'sts:DurationSeconds': '3600' } }
      }
    ]
  })
)

describe('lint (built CLI)', () => {
  it('sts:DurationSeconds in a trust policy → exit 1 with statement and fix', () => {
    const r = lint(['duration-trust.json'])
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/error .*statement #1 Trust/)
    expect(r.stdout).toContain('fix:')
  })

  it('Resource "*" for Bedrock is a warning with its fix → exit 0', () => {
    const r = lint(['wildcard.json', '--kind', 'permissions'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/warning .*statement #1 Invoke/)
  })

  it('a clean policy → exit 0; --json is one document', () => {
    const r = spawnSync(process.execPath, [join(root, 'bin', 'bedrock-xacct.js'), '--json', 'lint', 'good.json', '--models', 'amazon.nova-lite-v1:0'], { cwd: work, encoding: 'utf8' })
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ errors: 0 })
  })

  it('not JSON → exit 2, one line, no stack', () => {
    const r = lint(['broken.json'])
    expect(r.code).toBe(2)
    expect(r.stderr.trim().split('\n')[0]).toMatch(/^Error: policy file "broken.json" is not valid JSON/)
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })

  it('--help shows examples', () => {
    expect(lint(['--help']).stdout).toContain('Examples:')
  })
})
