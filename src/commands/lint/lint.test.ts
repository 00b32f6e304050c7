/** The lint command over files: exit codes, output shape, and non-policy input. A = 111111111111, B = 222222222222. */
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { XacctError } from '../../core/errors.js'
import { testDeps } from '../../../test/helpers/command-deps.js'
import { runLint as runLintEntry } from './index.js'

/** The command's exit code, which these tests assert (its typed result is what --json prints). */
const runLint = async (...args: Parameters<typeof runLintEntry>): Promise<number> => (await runLintEntry(...args)).exitCode

const durationTrust = {
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
}
const cleanTrust = { ...durationTrust, Statement: [{ ...durationTrust.Statement[0], Condition: { StringEquals: { 'sts:ExternalId': 'ext-1234' } } }] }

async function dirWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'xacct-lint-'))
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content)
  return dir
}

describe('runLint', () => {
  it('exit 1 with the statement and a fix for an error finding', async () => {
    const deps = testDeps(await dirWith({ 'trust.json': JSON.stringify(durationTrust) }))
    expect(await runLint({ files: ['trust.json'] }, deps)).toBe(1)
    const out = deps.io.stdout.join('\n')
    expect(out).toContain('trust.json (trust policy)')
    expect(out).toMatch(/error .*statement #1 Trust/)
    expect(out).toContain('fix:')
  })

  it('exit 0 for a clean policy; --json is one document', async () => {
    const deps = testDeps(await dirWith({ 'trust.json': JSON.stringify(cleanTrust) }), { global: { json: true } })
    expect(await runLint({ files: ['trust.json'], kind: 'trust' }, deps)).toBe(0)
    expect(deps.io.stdout).toHaveLength(1)
    expect(JSON.parse(deps.io.stdout[0]!)).toMatchObject({ errors: 0, files: [{ file: 'trust.json', kind: 'trust' }] })
  })

  const bad: [string, string, RegExp][] = [
    ['not JSON', '{"Statement": [', /not valid JSON/],
    ['not a policy', '{"Resources": {}}', /not an IAM policy/],
    ['an array', '[1,2]', /not an IAM policy/]
  ]
  it.each(bad)('%s → input error (exit 2), one line', async (_name, content, message) => {
    const deps = testDeps(await dirWith({ 'p.json': content }))
    const error = await runLint({ files: ['p.json'] }, deps).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(XacctError)
    expect((error as XacctError).exitCode).toBe(2)
    expect((error as XacctError).message).toMatch(message)
    expect((error as XacctError).message).not.toContain('\n')
  })

  it('a policy with a key given twice is exit 2 naming the key, not linted as its last value (issue 17)', async () => {
    const text = JSON.stringify(cleanTrust).replace('"Effect":"Allow"', '"Effect":"Deny","Effect":"Allow"')
    const deps = testDeps(await dirWith({ 'trust.json': text }))
    const error = await runLint({ files: ['trust.json'] }, deps).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(XacctError)
    expect((error as XacctError).exitCode).toBe(2)
    expect((error as XacctError).message).toContain('the key "Effect" appears twice in Statement[0]')
  })

  it('a missing file is exit 2', async () => {
    const error = await runLint({ files: ['nope.json'] }, testDeps(await dirWith({}))).catch((e: unknown) => e)
    expect((error as XacctError).exitCode).toBe(2)
  })
})
