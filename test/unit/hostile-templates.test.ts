/**
 * Hostile template files given to `init --template ./FILE.json` (issue 19, red team): unknown keys,
 * a key given twice, nesting far past any real document, and values that would widen the policies
 * (a wildcard caller, principal or model, an open CIDR, a role path with a wildcard that every
 * policy naming the role's ARN would then read as a pattern). Each is exit 2 with a message naming
 * the field, and nothing is written. A = 111111111111 (source), B = 222222222222 (target).
 */
import { mkdtemp, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { runInit } from '../../src/commands/init/index.js'
import { XacctError } from '../../src/core/errors.js'
import { testDeps } from '../helpers/command-deps.js'

const A = '111111111111'
const B = '222222222222'
const MODELS = ['amazon.nova-lite-v1:0']
const template = (setup: string, extra = '') => `{"summary":"hostile","consumer":"proxy"${extra},"setup":${setup}}`
const nested = (depth: number) => template(`{"models":["amazon.nova-lite-v1:0"],"caller":${'['.repeat(depth)}${']'.repeat(depth)}}`)

const CASES: [string, string, RegExp][] = [
  ['an unknown top-level key', template('{}', ',"extra":1'), /^template hostile is invalid: Unrecognized key: "extra"/],
  ['an unknown setup key (a Principal)', template('{"Principal":"*"}'), /^template hostile\.setup is invalid: Unrecognized key: "Principal"/],
  ['a key given twice (the second a wildcard)', template('{"caller":"root","caller":"*"}'), /^template "hostile" is not a template the tool accepts: the key "caller" appears twice in setup/],
  ['nesting 30,000 deep (under the size limit)', nested(30_000), /^template "hostile" is not a template the tool accepts: it is nested deeper than 64 levels/],
  ['nesting 100,000 deep', nested(100_000), /^--template ".*hostile\.json" is invalid: expected .* of at most 64000 bytes/],
  ['caller "*"', template('{"caller":"*"}'), /^template hostile\.setup\.caller "\*" is invalid/],
  ['a "*" among callers', template('{"caller":["root","*"]}'), /^template hostile\.setup\.caller "\*" is invalid/],
  ['an account-wide wildcard ARN', template('{"caller":"arn:aws:iam::*:root"}'), /^template hostile\.setup\.caller "arn:aws:iam::\*:root" is invalid/],
  ['a role ARN with a wildcard name', template(`{"caller":{"kind":"role","arn":"arn:aws:iam::${A}:role/*"}}`), /^template hostile\.setup\.caller "arn:aws:iam::111111111111:role\/\*" is invalid/],
  ['a Principal object as caller', template('{"caller":{"AWS":"*"}}'), /^template hostile\.setup\.caller is invalid/],
  ['service:*', template('{"caller":"service:*"}'), /^template hostile\.setup\.caller "service:\*" is invalid/],
  ['a wildcard model', template('{"models":["*"]}'), /^template hostile\.setup\.models "\*" is invalid/],
  ['an open CIDR', template('{"models":["amazon.nova-lite-v1:0"],"sourceIpCidrs":["0.0.0.0/0"]}'), /^template hostile\.setup\.sourceIpCidrs "0\.0\.0\.0\/0" is invalid/],
  ['a role path with a wildcard', template('{"models":["amazon.nova-lite-v1:0"],"rolePath":"/*/"}'), /^template hostile\.setup\.rolePath "\/\*\/" is invalid/],
  [
    'terminal escapes in a requirement (printed in the missing-flag error)',
    '{"summary":"hostile","consumer":"proxy","setup":{},"requires":[{"field":"caller","expected":"\\u001b[2J\\u001b]8;;http://evil.example\\u0007click\\u001b]8;;\\u0007"}]}',
    /^template hostile\.requires\[0\]\.expected is invalid: one line of printable text/
  ],
  ['a control character in the summary', '{"summary":"list\\u001b[2Jme","consumer":"proxy","setup":{}}', /^template hostile\.summary is invalid: one line of printable text/],
  ['a role path with a policy variable', template('{"models":["amazon.nova-lite-v1:0"],"rolePath":"/${aws:username}/"}'), /^template hostile\.setup\.rolePath "\/\$\{aws:username\}\/" is invalid/]
]

it.each(CASES)('%s: exit 2 naming the field, nothing written', async (_label, text, message) => {
  const cwd = await mkdtemp(join(tmpdir(), 'xacct-hostile-template-'))
  await writeFile(join(cwd, 'hostile.json'), text)
  const run = runInit({ sourceAccount: A, targetAccount: B, template: './hostile.json', out: 'out' }, testDeps(cwd, { global: { region: 'us-east-1' } }))
  const error = await run.catch((e: unknown) => e)
  expect(error).toBeInstanceOf(XacctError)
  expect((error as XacctError).exitCode).toBe(2)
  expect((error as XacctError).message).toMatch(message)
  expect(await readdir(cwd)).toEqual(['hostile.json'])
})

it('the same role path from --role-path is refused too: a wildcard in the path widens every policy that names the role', async () => {
  const cwd = await mkdtemp(join(tmpdir(), 'xacct-hostile-template-'))
  const error = await runInit({ sourceAccount: A, targetAccount: B, models: MODELS, rolePath: '/team?/', out: 'out' }, testDeps(cwd, { global: { region: 'us-east-1' } })).catch((e: unknown) => e)
  expect((error as XacctError).exitCode).toBe(2)
  expect((error as XacctError).message).toMatch(/^--role-path "\/team\?\/" is invalid: expected an IAM path like \/ or \/bedrock\/ .*without \*, \? or \$/)
  expect(await readdir(cwd)).toEqual([])
})
