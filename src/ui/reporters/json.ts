/**
 * `verify --json`: exactly one document on stdout —
 * `{ setups: [{ name, roleArn, sessionName, checks: [{ id, title, status, kind?, evidence, hint?, durationMs }], counts }], summary }`.
 */
import type { VerifyReport } from './report.js'

export function renderJson(report: VerifyReport): string {
  return JSON.stringify(
    {
      setups: report.setups.map((setup) => ({
        name: setup.name,
        roleArn: setup.roleArn,
        sessionName: setup.sessionName,
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
