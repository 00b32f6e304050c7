/**
 * `lint --format sarif` and `--format json`, checked against oracles we did not write: the official
 * SARIF 2.1.0 JSON Schema (vendored from npm, test/fixtures/sarif/README.md) with ajv, and the
 * policy file's own text for line and column. Suppressions: accepted findings are kept with their
 * justification and never counted; a suppression without one is refused (exit 2). The exit code is
 * the same whatever the format (issue 20). Accounts: A = 111111111111.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Ajv from 'ajv'
import { describe, expect, it } from 'vitest'
import { runLint } from '../../src/commands/lint/index.js'
import type { LintOptions } from '../../src/commands/lint/index.js'
import { isXacctError } from '../../src/core/errors.js'
import { LINT_RULES } from '../../src/core/lint/rule-catalog.js'
import { testDeps } from '../helpers/command-deps.js'

const require = createRequire(import.meta.url)
const sarifSchema: unknown = JSON.parse(await readFile(new URL('../fixtures/sarif/sarif-2.1.0-rtm.5.json', import.meta.url), 'utf8'))

/** ajv 6 with the draft-04 meta-schema, which the SARIF schema declares. */
function sarifValidator() {
  const ajv = new Ajv({ schemaId: 'id', meta: false, allErrors: true })
  ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json') as object)
  return ajv.compile(sarifSchema as object)
}
const validateSarif = sarifValidator()

const trust = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'ReadOnly', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:role/app' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'ext-1234' } } },
    {
      Sid: 'Trust',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111111111111:root' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': 'ext-1234' }, NumericLessThanEquals: { 'sts:DurationSeconds': '3600' } }
    }
  ]
}
/** Pretty-printed as people commit policies, so lines and columns mean something. */
const TRUST_TEXT = `${JSON.stringify(trust, null, 2)}\n`

async function workdir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'xacct-sarif-'))
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content)
  return dir
}

async function lintIn(dir: string, options: Partial<LintOptions>, json = false) {
  const deps = testDeps(dir, { global: { json } })
  const { exitCode } = await runLint({ files: ['policies/trust.json'], ...options }, deps)
  return { exitCode, stdout: deps.io.stdout.join('\n') }
}

async function policyDir(extra: Record<string, string> = {}): Promise<string> {
  const dir = await workdir(extra)
  const { mkdir } = await import('node:fs/promises')
  await mkdir(join(dir, 'policies'))
  await writeFile(join(dir, 'policies', 'trust.json'), TRUST_TEXT)
  return dir
}

interface SarifLog {
  runs: {
    tool: { driver: { rules: { id: string; help: { text: string } }[] } }
    results: { ruleId: string; level: string; message: { text: string }; suppressions?: { justification: string }[]; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[]
  }[]
}

describe('lint --format sarif', () => {
  it('is valid SARIF 2.1.0 (official schema), one rule per stable id with help, results located at the statement Sid', async () => {
    const dir = await policyDir()
    const { exitCode, stdout } = await lintIn(dir, { format: 'sarif' })
    expect(exitCode).toBe(1)
    const log = JSON.parse(stdout) as SarifLog
    expect(validateSarif(log) ? [] : validateSarif.errors).toEqual([])
    // The validator does reject what is not SARIF 2.1.0 (it is not vacuously true).
    expect(validateSarif({ ...log, version: '2.0.0' })).toBe(false)
    expect(validateSarif({ ...log, runs: [{ ...log.runs[0], results: [{ ruleId: 'x', level: 'fatal', message: { text: 'x' } }] }] })).toBe(false)
    const run = log.runs[0]!
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(Object.keys(LINT_RULES))
    for (const rule of run.tool.driver.rules) expect(rule.help.text.length).toBeGreaterThan(20)
    const duration = run.results.find((r) => r.ruleId === 'duration-seconds-condition')!
    expect(duration.level).toBe('error')
    expect(duration.message.text).toContain('Fix: ')
    const { artifactLocation, region } = duration.locations[0]!.physicalLocation
    expect(artifactLocation.uri).toBe('policies/trust.json')
    // The oracle: the line of `"Sid": "Trust"` in the file as written, and its column.
    const lines = TRUST_TEXT.split('\n')
    const sidLine = lines.findIndex((l) => l.includes('"Sid": "Trust"'))
    expect(region).toMatchObject({ startLine: sidLine + 1, startColumn: lines[sidLine]!.indexOf('"Sid"') + 1 })
  })

  it('a suppressed finding is kept with its justification, is not counted, and the exit code follows', async () => {
    const suppressions = { version: 1, suppressions: [{ rule: 'duration-seconds-condition', file: './policies/trust.json', sid: 'Trust', justification: 'legacy role, removal tracked in TICKET-1' }] }
    const dir = await policyDir({ 'suppress.json': JSON.stringify(suppressions) })
    const sarif = await lintIn(dir, { format: 'sarif', suppressions: 'suppress.json' })
    const log = JSON.parse(sarif.stdout) as SarifLog
    expect(validateSarif(log) ? [] : validateSarif.errors).toEqual([])
    const result = log.runs[0]!.results.find((r) => r.ruleId === 'duration-seconds-condition')!
    expect(result.suppressions?.[0]?.justification).toBe('legacy role, removal tracked in TICKET-1')
    expect(sarif.exitCode).toBe(0)
    const json = JSON.parse((await lintIn(dir, { format: 'json', suppressions: 'suppress.json' })).stdout) as { errors: number; suppressed: number }
    expect(json).toMatchObject({ errors: 0, suppressed: 1 })
  })

  it.each([
    ['no justification', { rule: 'duration-seconds-condition', file: 'policies/trust.json' }, /suppressions\[0\] has no justification/],
    ['a blank justification', { rule: 'duration-seconds-condition', file: 'policies/trust.json', justification: '  ' }, /suppressions\[0\] has no justification/],
    ['an unknown rule', { rule: 'no-such-rule', file: 'policies/trust.json', justification: 'x' }, /suppressions\[0\]\.rule: must be a lint rule id/]
  ])('a suppression with %s is refused: exit 2, one line naming it, nothing printed', async (_label, entry, message) => {
    const dir = await policyDir({ 'suppress.json': JSON.stringify({ version: 1, suppressions: [entry] }) })
    const deps = testDeps(dir)
    const error = await runLint({ files: ['policies/trust.json'], format: 'sarif', suppressions: 'suppress.json' }, deps).catch((e: unknown) => e)
    expect(isXacctError(error) && error.exitCode).toBe(2)
    expect(isXacctError(error) && error.message).toMatch(message)
    expect(deps.io.stdout).toEqual([])
  })

  it('the exit code is the same in every format (human, --json, --format json, sarif)', async () => {
    const dir = await policyDir()
    const codes = await Promise.all([lintIn(dir, {}), lintIn(dir, {}, true), lintIn(dir, { format: 'json' }), lintIn(dir, { format: 'sarif' })].map(async (run) => (await run).exitCode))
    expect(codes).toEqual([1, 1, 1, 1])
    const clean = await workdir({})
    const { mkdir } = await import('node:fs/promises')
    await mkdir(join(clean, 'policies'))
    await writeFile(join(clean, 'policies', 'trust.json'), JSON.stringify({ ...trust, Statement: [trust.Statement[0]] }))
    const cleanCodes = await Promise.all([lintIn(clean, {}), lintIn(clean, {}, true), lintIn(clean, { format: 'sarif' })].map(async (run) => (await run).exitCode))
    expect(cleanCodes).toEqual([0, 0, 0])
  })
})
