/**
 * Reporters: the JSON document's shape, the JUnit XML's shape (testsuites/testsuite/testcase with
 * failure/error/skipped, escaped), redaction of the ExternalId everywhere, and the human checklist
 * as plain text (ANSI stripped).
 */
import { XMLParser } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import { countOutcomes, exitCodeFor } from '../../core/checklist/summary.js'
import type { CheckOutcome } from '../../core/checklist/types.js'
import { formatReport, painter, stripAnsi } from './human.js'
import { renderJson } from './json.js'
import { verifyJsonSchema } from './json-schema.js'
import { renderJunit } from './junit.js'
import { REDACTED, redactSecrets } from './redact.js'
import type { VerifyReport } from './report.js'

const SECRET = 'ext-id-s3cret-<&>'

const checks: CheckOutcome[] = [
  { id: 'role-exists', title: 'The access role exists', status: 'pass', evidence: { roleArn: 'arn:aws:iam::222222222222:role/R' }, durationMs: 12 },
  { id: 'assume-role', title: 'AssumeRole succeeds', status: 'fail', kind: 'check', evidence: [`denied with ExternalId ${SECRET}`], hint: `fix it: bedrock-xacct init --apply --external-id ${SECRET}`, durationMs: 340 },
  { id: 'converse', title: 'Converse returns text', status: 'skip', evidence: ['skipped: depends on assume-role, which failed'], hint: 'Fix assume-role first.', durationMs: 0 },
  { id: 'session-duration', title: 'Duration fits', status: 'warn', evidence: { requestedSeconds: 7200 }, hint: 'role chaining caps at 1 h', durationMs: 5 },
  { id: 'cloudtrail-invoke', title: 'CloudTrail shows Converse', status: 'pending', evidence: ['not visible after 90 s'], hint: 'check later', durationMs: 90_000 },
  { id: 'cloudtrail-assume-role', title: 'CloudTrail shows AssumeRole', status: 'fail', kind: 'error', evidence: ['CloudTrail LookupEvents: ThrottlingException'], hint: 'run again later', durationMs: 1_000 }
]

function report(): VerifyReport {
  const counts = countOutcomes(checks)
  const raw: VerifyReport = {
    setups: [{ name: 'prod', roleArn: 'arn:aws:iam::222222222222:role/R', sessionName: 'bedrock-xacct-verify-x', checks, counts, durationMs: 91_500 }],
    summary: { ...counts, setups: 1, exitCode: exitCodeFor(counts, false), durationMs: 91_500 }
  }
  return redactSecrets(raw, [SECRET])
}

describe('reporters', () => {
  it('redacts the ExternalId everywhere', () => {
    const text = JSON.stringify(report())
    expect(text).not.toContain(SECRET)
    expect(text).toContain(REDACTED)
  })

  it('renders one JSON document with setups[].checks[] and a summary', () => {
    const doc = JSON.parse(renderJson(report()))
    expect(Object.keys(doc)).toEqual(['setups', 'summary'])
    expect(doc.setups[0]).toMatchObject({ name: 'prod', roleArn: 'arn:aws:iam::222222222222:role/R' })
    for (const check of doc.setups[0].checks) {
      expect(check).toEqual(expect.objectContaining({ id: expect.any(String), status: expect.any(String), durationMs: expect.any(Number) }))
      expect(check.evidence).toBeDefined()
      if (check.status !== 'pass') expect(check.hint).toEqual(expect.any(String))
    }
    expect(doc.summary).toMatchObject({ pass: 1, fail: 1, error: 1, skip: 1, warn: 1, pending: 1, total: 6, setups: 1, exitCode: 1 })
    expect(verifyJsonSchema.safeParse(doc).error).toBeUndefined()
  })

  it('renders JUnit XML: testsuites > testsuite > testcase, failure / error / skipped', () => {
    const xml = renderJunit(report(), new Date('2026-01-01T00:00:00Z'))
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['testsuite', 'testcase'].includes(name) })
    const doc = parser.parse(xml)
    const suites = doc.testsuites
    expect(suites['@tests']).toBe('6')
    expect(suites['@failures']).toBe('1')
    expect(suites['@errors']).toBe('1')
    expect(suites['@skipped']).toBe('2')
    const suite = suites.testsuite[0]
    expect(suite['@name']).toBe('prod')
    const cases = suite.testcase as Record<string, unknown>[]
    expect(cases.map((c) => c['@name'])).toEqual(checks.map((c) => c.id))
    const byName = Object.fromEntries(cases.map((c) => [c['@name'] as string, c]))
    expect(byName['assume-role']).toHaveProperty('failure')
    expect(byName['cloudtrail-assume-role']).toHaveProperty('error')
    expect(byName['converse']).toHaveProperty('skipped')
    expect(byName['cloudtrail-invoke']).toHaveProperty('skipped')
    expect(byName['role-exists']).not.toHaveProperty('failure')
    expect(byName['session-duration']).not.toHaveProperty('failure')
    expect(xml).not.toContain(SECRET)
    expect(xml).not.toMatch(/<&>/)
  })

  it('draws the human checklist with symbols, timings, hints and the exit code', () => {
    const text = stripAnsi(formatReport(report(), painter(true)))
    expect(text).toMatchInlineSnapshot(`
      "prod — arn:aws:iam::222222222222:role/R
        ✔ role-exists              The access role exists (12 ms)
        ✖ assume-role              AssumeRole succeeds (340 ms)
            denied with ExternalId <redacted>
            → fix it: bedrock-xacct init --apply --external-id <redacted>
        – converse                 Converse returns text (0 ms)
            skipped: depends on assume-role, which failed
            → Fix assume-role first.
        ! session-duration         Duration fits (5 ms)
            → role chaining caps at 1 h
        … cloudtrail-invoke        CloudTrail shows Converse [pending] (1 m 30 s)
            not visible after 90 s
            → check later
        ✖ cloudtrail-assume-role   CloudTrail shows AssumeRole [error] (1.0 s)
            CloudTrail LookupEvents: ThrottlingException
            → run again later

      ✖ prod: 1 passed, 1 failed, 1 errored, 1 warned, 1 pending, 1 skipped (6 checks) in 1 m 32 s
      1 passed, 1 failed, 1 errored, 1 warned, 1 pending, 1 skipped (6 checks) in 1 m 32 s — exit 1"
    `)
  })
})
