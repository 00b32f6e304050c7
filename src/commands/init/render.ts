/**
 * Init's human output: the summary the wizard confirms, the three documents with headings, the
 * self-check and lint outcome, and what was written. Colour only when the I/O port allows it.
 */
import { relative } from 'node:path'
import { Chalk } from 'chalk'
import type { LintFinding } from '../../core/lint/index.js'
import type { Setup } from '../../core/setup/model.js'
import type { FieldRow } from '../../core/setup/field-types.js'
import { SETUP_FIELDS } from '../../core/setup/fields.js'
import type { GeneratedSetup } from './generate.js'
import { lintErrors } from './generate.js'
import { describeDestinations } from '../../core/profile-destinations.js'

export type Paint = InstanceType<typeof Chalk>

export function paint(color: boolean): Paint {
  return new Chalk({ level: color ? 1 : 0 })
}

/** The setup as a short table (the rows of the field table that have a summary line), for the wizard's confirmation and the printed output. */
export function renderSummary(setup: Setup, c: Paint): string {
  const rows = (SETUP_FIELDS as readonly FieldRow[]).flatMap((row) => (row.summary ? [[row.summary.label, row.summary.value(setup, c)] as const] : []))
  const width = Math.max(...rows.map(([label]) => label.length))
  return rows.map(([label, value]) => `  ${c.dim(label.padEnd(width))}  ${value}`).join('\n')
}

function renderFinding(finding: LintFinding, c: Paint): string {
  const where = finding.statement ? ` (statement #${finding.statement.index}${finding.statement.sid ? ` ${finding.statement.sid}` : ''})` : ''
  const tag = finding.severity === 'error' ? c.red('error') : c.yellow('warning')
  return `  ${tag} ${finding.rule}${where}: ${finding.message}\n    fix: ${finding.fix}`
}

export function renderFindings(findings: readonly LintFinding[], c: Paint): string {
  return findings.map((f) => renderFinding(f, c)).join('\n')
}

/** The three documents with headings, then the self-check line and any lint warnings. */
export function renderGenerated(result: GeneratedSetup, c: Paint): string {
  const { setup, docs } = result
  const sections = [
    c.bold(`== ${setup.name} ==`),
    renderSummary(setup, c),
    '',
    c.bold(`Trust policy — role ${docs.roleArn} (account ${setup.targetAccountId})`),
    JSON.stringify(docs.trustPolicy, null, 2),
    '',
    c.bold(`Permissions policy "${setup.permissionsPolicyName}" — on the role (account ${setup.targetAccountId})`),
    JSON.stringify(docs.permissionsPolicy, null, 2),
    '',
    c.bold(`Source policy "${setup.sourcePolicyName}" — on the caller (account ${setup.sourceAccountId})`),
    JSON.stringify(docs.sourcePolicy, null, 2),
    '',
    renderSelfCheckLine(result, c)
  ]
  const warnings = [...result.lint.trustPolicy, ...result.lint.permissionsPolicy, ...result.lint.sourcePolicy]
  if (warnings.length > 0) sections.push(renderFindings(warnings, c))
  return sections.join('\n')
}

export function renderSelfCheckLine(result: GeneratedSetup, c: Paint): string {
  const passed = result.selfCheck.cases.filter((item) => item.ok).length
  const line = result.selfCheck.ok
    ? c.green(`Self-check: ${passed}/${result.selfCheck.cases.length} cases as expected (evaluated offline).`)
    : c.red(`Self-check FAILED: ${result.selfCheck.cases.length - passed} of ${result.selfCheck.cases.length} cases not as expected.`)
  const destinations = result.docs.destinations && describeDestinations(result.docs.destinations)
  return destinations ? `${line}\n${c.dim(destinations.charAt(0).toUpperCase() + destinations.slice(1))}` : line
}

/** A failed self-check or lint error in generated documents: a bug report, on stderr. */
export function renderGeneratorFailure(result: GeneratedSetup, c: Paint): string {
  const lines = [c.red(`Error: the generated documents for setup "${result.setup.name}" did not pass the self-check; nothing was written.`)]
  for (const item of result.selfCheck.cases.filter((x) => !x.ok)) {
    lines.push(`  ${item.id}: expected ${item.expected}, got ${item.actual} — ${item.description}${item.detail ? ` (${item.detail})` : ''}`)
  }
  const errors = lintErrors(result.lint)
  if (errors.length > 0) lines.push(renderFindings(errors, c))
  lines.push('Hint: this is a bug in bedrock-xacct; please report it with the command line you used (leave out the ExternalId).')
  return lines.join('\n')
}

/** After --out: what was written, where to go next, and the ExternalId caution. */
export function renderWritten(dir: string, written: readonly string[], secretPaths: ReadonlySet<string>, setups: readonly Setup[], c: Paint): string {
  const lines = [c.green(`Wrote ${written.length} files to ${dir}:`), ...written.map((path) => `  ${relative(dir, path)}${secretPaths.has(path) ? '  (mode 0600: holds the ExternalId)' : ''}`)]
  lines.push('', `Next: read NEXT-STEPS.md${setups.length > 1 ? ' in each folder' : ''} (what to run in which account), or apply with --apply.`)
  if (setups.some((s) => s.externalId !== undefined)) {
    lines.push(c.yellow('The files contain the ExternalId in full: keep them out of public repositories.'))
  }
  return lines.join('\n')
}
