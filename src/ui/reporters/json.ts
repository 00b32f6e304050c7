/**
 * `verify --json`: exactly one document on stdout —
 * `{ setups: [{ name, roleArn, sessionName, destinations?, checks: [{ id, title, status, kind?, evidence, hint?, durationMs }], counts }], summary }`.
 */
import type { VerifyReport } from './report.js'

export function renderJson(report: VerifyReport): string {
  return JSON.stringify(
    {
      setups: report.setups.map((setup) => ({
        name: setup.name,
        roleArn: setup.roleArn,
        sessionName: setup.sessionName,
        // Only when the setup names a profile: whether its destinations were read live or from the dated table, and why.
        ...(setup.destinations && setup.destinations.source !== 'none' ? { destinations: { source: setup.destinations.source, fallback: setup.destinations.fallback, tableChecked: setup.destinations.tableChecked } } : {}),
        checks: setup.checks.map((c) => ({
          id: c.id,
          title: c.title,
          status: c.status,
          ...(c.kind ? { kind: c.kind } : {}),
          evidence: c.evidence,
          ...(c.hint ? { hint: c.hint } : {}),
          durationMs: c.durationMs
        })),
        counts: setup.counts,
        durationMs: setup.durationMs
      })),
      summary: report.summary
    },
    null,
    2
  )
}
