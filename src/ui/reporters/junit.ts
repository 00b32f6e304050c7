/**
 * `verify --junit <file>`: JUnit XML as CI systems read it (the common Ant/Jenkins shape):
 * `<testsuites>` → one `<testsuite>` per setup → one `<testcase>` per check, with `<failure>` for a
 * check the setup failed, `<error>` for one the environment stopped, `<skipped>` for skipped and pending ones (pending: not
 * failed, not proven), and the evidence and hint in `<system-out>`. Warnings pass, with the hint in
 * `<system-out>` (JUnit has no warning state).
 */
import type { CheckOutcome } from '../../core/checklist/types.js'
import type { VerifyReport } from './report.js'

/** XML 1.0 text: escape markup and drop characters XML cannot carry (control characters, ANSI escapes). */
export function xmlEscape(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  )
}

const seconds = (ms: number) => (ms / 1000).toFixed(3)

function evidenceText(check: CheckOutcome): string {
  const evidence = Array.isArray(check.evidence) ? check.evidence.join('\n') : JSON.stringify(check.evidence, null, 2)
  return check.hint ? `${evidence}\nHint: ${check.hint}` : evidence
}

function testcase(suite: string, check: CheckOutcome): string {
  const open = `    <testcase classname="${xmlEscape(`bedrock-xacct.${suite}`)}" name="${xmlEscape(check.id)}" time="${seconds(check.durationMs)}">`
  const body: string[] = []
  if (check.status === 'fail') {
    const message = check.hint ?? check.title
    // An environmental failure is JUnit's <error> (the test could not run properly), a setup failure its <failure>.
    const element = check.kind === 'error' ? 'error' : 'failure'
    body.push(`      <${element} message="${xmlEscape(message)}" type="${check.kind ?? 'check'}">${xmlEscape(evidenceText(check))}</${element}>`)
  } else if (check.status === 'skip' || check.status === 'pending') {
    const reason = check.status === 'pending' ? `pending: ${Array.isArray(check.evidence) ? (check.evidence[0] ?? '') : 'not visible yet'}` : Array.isArray(check.evidence) ? (check.evidence[0] ?? 'skipped') : 'skipped'
    body.push(`      <skipped message="${xmlEscape(reason)}"/>`)
  }
  body.push(`      <system-out>${xmlEscape(`${check.title}\nstatus: ${check.status}\n${evidenceText(check)}`)}</system-out>`)
  return [open, ...body, '    </testcase>'].join('\n')
}

export function renderJunit(report: VerifyReport, timestamp: Date): string {
  const s = report.summary
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="bedrock-xacct verify" tests="${s.total}" failures="${s.fail}" errors="${s.error}" skipped="${s.skip + s.pending}" time="${seconds(s.durationMs)}">`]
  for (const setup of report.setups) {
    const c = setup.counts
    lines.push(`  <testsuite name="${xmlEscape(setup.name)}" tests="${c.total}" failures="${c.fail}" errors="${c.error}" skipped="${c.skip + c.pending}" time="${seconds(setup.durationMs)}" timestamp="${timestamp.toISOString().slice(0, 19)}">`)
    lines.push(`    <properties>\n      <property name="roleArn" value="${xmlEscape(setup.roleArn)}"/>\n      <property name="roleSessionName" value="${xmlEscape(setup.sessionName)}"/>\n    </properties>`)
    for (const check of setup.checks) lines.push(testcase(setup.name, check))
    lines.push('  </testsuite>')
  }
  lines.push('</testsuites>', '')
  return lines.join('\n')
}
