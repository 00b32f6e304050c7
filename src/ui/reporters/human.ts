/**
 * The human checklist: one line per check (✔ pass, ✖ fail, ! warn, – skip, … pending) with its
 * timing, the hint under every non-pass, then a summary line per setup and totals. Colour only
 * when the Io allows it; `stripAnsi` gives the snapshot tests their plain text.
 */
import { Chalk, type ChalkInstance } from 'chalk'
import type { CheckOutcome, CheckStatus } from '../../core/checklist/types.js'
import type { ChecklistCounts } from '../../core/checklist/summary.js'
import type { SetupReport, VerifyReport } from './report.js'
import { describeDestinations } from '../../core/profile-destinations.js'

export const STATUS_SYMBOL: Record<CheckStatus, string> = { pass: '✔', fail: '✖', warn: '!', skip: '–', pending: '…' }

export function painter(color: boolean): ChalkInstance {
  return new Chalk({ level: color ? 1 : 0 })
}

function paintStatus(c: ChalkInstance, status: CheckStatus, text: string): string {
  switch (status) {
    case 'pass':
      return c.green(text)
    case 'fail':
      return c.red(text)
    case 'warn':
      return c.yellow(text)
    case 'pending':
      return c.cyan(text)
    default:
      return c.dim(text)
  }
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  return `${Math.floor(ms / 60_000)} m ${Math.round((ms % 60_000) / 1000)} s`
}

/** `✔ role-exists  The access role exists in the target account  (120 ms)` */
export function formatCheckLine(outcome: CheckOutcome, c: ChalkInstance): string {
  const label = outcome.status === 'fail' && outcome.kind === 'error' ? ' [error]' : outcome.status === 'pending' ? ' [pending]' : ''
  return `${paintStatus(c, outcome.status, STATUS_SYMBOL[outcome.status])} ${outcome.id.padEnd(24)} ${outcome.title}${label} ${c.dim(`(${formatDuration(outcome.durationMs)})`)}`
}

/** The first line or two of evidence worth showing under a non-pass, in plain words. */
function evidenceLines(outcome: CheckOutcome): string[] {
  if (Array.isArray(outcome.evidence)) return outcome.evidence.slice(0, 2)
  const e = outcome.evidence
  const pick = ['cause', 'error', 'reason', 'missing', 'failed', 'sourceIpCheck'].filter((k) => e[k] !== undefined)
  return pick.slice(0, 2).map((k) => `${k}: ${typeof e[k] === 'string' ? e[k] : JSON.stringify(e[k])}`)
}

export function formatCounts(counts: ChecklistCounts): string {
  const parts = [`${counts.pass} passed`]
  if (counts.fail) parts.push(`${counts.fail} failed`)
  if (counts.error) parts.push(`${counts.error} errored`)
  if (counts.warn) parts.push(`${counts.warn} warned`)
  if (counts.pending) parts.push(`${counts.pending} pending`)
  if (counts.skip) parts.push(`${counts.skip} skipped`)
  if (counts.unproven) parts.push(counts.unproven === 1 ? 'role not shown to exist' : `${counts.unproven} roles not shown to exist`)
  return `${parts.join(', ')} (${counts.total} checks)`
}

export function formatSetupSummary(setup: SetupReport, c: ChalkInstance): string {
  const k = setup.counts
  const status: CheckStatus = k.fail || k.error || k.unproven ? 'fail' : k.warn || k.pending ? 'warn' : 'pass'
  return `${paintStatus(c, status, STATUS_SYMBOL[status])} ${c.bold(setup.name)}: ${formatCounts(k)} in ${formatDuration(setup.durationMs)}`
}

/** One setup's full checklist with hints (the single-setup view). */
export function formatSetupChecklist(setup: SetupReport, c: ChalkInstance): string[] {
  const lines = [c.bold(`${setup.name} — ${setup.roleArn}`)]
  const destinations = setup.destinations && describeDestinations(setup.destinations)
  if (destinations) lines.push(c.dim(`  ${destinations}`))
  for (const outcome of setup.checks) {
    lines.push(`  ${formatCheckLine(outcome, c)}`)
    if (outcome.status !== 'pass') {
      for (const line of evidenceLines(outcome)) lines.push(c.dim(`      ${line}`))
      if (outcome.hint) lines.push(`      ${c.bold('→')} ${outcome.hint}`)
    }
  }
  return lines
}

/** The whole report: each setup's checklist (or, with many setups, failing checks only), summaries, totals. */
export function formatReport(report: VerifyReport, c: ChalkInstance): string {
  const lines: string[] = []
  const many = report.setups.length > 1
  for (const setup of report.setups) {
    if (!many) lines.push(...formatSetupChecklist(setup, c), '')
    else {
      const troubled = setup.checks.filter((o) => o.status !== 'pass')
      if (troubled.length > 0) {
        lines.push(c.bold(setup.name))
        for (const o of troubled) {
          lines.push(`  ${formatCheckLine(o, c)}`)
          if (o.hint) lines.push(`      ${c.bold('→')} ${o.hint}`)
        }
      }
    }
  }
  if (many) lines.push('')
  for (const setup of report.setups) lines.push(formatSetupSummary(setup, c))
  const s = report.summary
  lines.push(`${many ? `Total over ${s.setups} setups: ` : ''}${formatCounts(s)} in ${formatDuration(s.durationMs)} — exit ${s.exitCode}`)
  return lines.join('\n')
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '')
}
