/**
 * Human rendering of apply/restore plans and results (issue 4): one line per resource with a
 * create/update/unchanged/manual mark, then a statement-level diff of each changed policy
 * document (keys sorted, lines marked + / -). ANSI colour only when the Io allows it.
 */
import { Chalk, type ChalkInstance } from 'chalk'
import { stableJson } from '../../../core/apply/canonical.js'
import { lineDiff, type StatementDiff } from '../../../core/apply/diff.js'
import type { ApplyPlan, ChangeAction, PlannedChange } from '../../../core/apply/plan-types.js'
import { redactDocument } from '../../../core/apply/redact.js'

export interface RenderOptions {
  color: boolean
  showSecrets: boolean
  /** Secrets redacted wherever they appear (the setup's ExternalId). */
  secrets: readonly string[]
}

const MARK: Record<ChangeAction, string> = { create: '+', update: '~', unchanged: '=', manual: '!' }

function paint(chalk: ChalkInstance, action: ChangeAction, text: string): string {
  switch (action) {
    case 'create':
      return chalk.green(text)
    case 'update':
      return chalk.yellow(text)
    case 'manual':
      return chalk.cyan(text)
    case 'unchanged':
      return chalk.dim(text)
  }
}

function indent(lines: string[], prefix: string): string[] {
  return lines.map((line) => `${prefix}${line}`)
}

function statementLines(chalk: ChalkInstance, statement: StatementDiff): string[] {
  const owner = statement.owned ? '' : ' (not the tool’s: kept as is)'
  switch (statement.change) {
    case 'unchanged':
      return [chalk.dim(`= ${statement.id} unchanged${owner}`)]
    case 'added':
      return [chalk.green(`+ ${statement.id} added`), ...indent(stableJson(statement.after).split('\n'), '    ').map((line) => chalk.green(`+${line.slice(1)}`))]
    case 'removed':
      return [chalk.red(`- ${statement.id} removed`), ...indent(stableJson(statement.before).split('\n'), '    ').map((line) => chalk.red(`-${line.slice(1)}`))]
    case 'changed': {
      const header = chalk.yellow(`~ ${statement.id} changed (${statement.changedKeys.join(', ')})${owner}`)
      const lines = lineDiff(stableJson(statement.before).split('\n'), stableJson(statement.after).split('\n')).map(({ op, line }) => {
        const text = `  ${op} ${line}`
        return op === '+' ? chalk.green(text) : op === '-' ? chalk.red(text) : chalk.dim(text)
      })
      return [header, ...lines]
    }
  }
}

function changeLines(chalk: ChalkInstance, change: PlannedChange): string[] {
  const head = `${paint(chalk, change.action, `${MARK[change.action]} ${change.action.padEnd(9)}`)} ${chalk.bold(change.subject)}`
  const lines = [head, `      ${change.summary}`]
  if (change.diff && change.diff.changed) {
    for (const statement of change.diff.statements) lines.push(...indent(statementLines(chalk, statement), '      '))
  }
  if (change.newlyAllowed && change.newlyAllowed.length > 0) {
    lines.push(`      ${chalk.yellow('newly allows:')}`)
    for (const line of change.newlyAllowed) lines.push(`        ${line}`)
  }
  if (change.action === 'manual') {
    for (const instruction of change.instructions ?? []) lines.push(`      ${instruction}`)
    if (change.document) lines.push(...indent(stableJson(change.document).split('\n'), '        '))
  }
  return lines
}

/** Counts per action, e.g. `2 to create, 1 to update, 5 unchanged, 1 manual`. */
export function planTally(plan: ApplyPlan): string {
  const count = (action: ChangeAction) => plan.changes.filter((change) => change.action === action).length
  const parts = [`${count('create')} to create`, `${count('update')} to update`, `${count('unchanged')} unchanged`]
  if (count('manual') > 0) parts.push(`${count('manual')} manual`)
  return parts.join(', ')
}

/** The plan as text (ExternalIds redacted unless showSecrets). */
export function renderPlan(plan: ApplyPlan, options: RenderOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 })
  const shown = options.showSecrets ? plan : redactDocument(plan, options.secrets)
  const title = { apply: 'Plan', restore: 'Restore plan', destroy: 'Teardown plan' }[shown.kind]
  const lines = [chalk.bold(`${title} for setup "${shown.setupName}": role ${shown.roleName} in account ${shown.targetAccountId}, caller in account ${shown.sourceAccountId}`), '']
  for (const change of shown.changes) lines.push(...changeLines(chalk, change))
  if (shown.notes.length > 0) {
    lines.push('', chalk.bold('Notes:'))
    for (const note of shown.notes) lines.push(`  - ${note}`)
  }
  lines.push('', shown.hasChanges ? `${title}: ${planTally(shown)}.` : `No changes: ${planTally(shown)}.`)
  return lines.join('\n')
}

/** The IAM action a write call needs, for AccessDenied hints (`iam:PutRolePolicy`). */
export function iamActionOf(description: string): string {
  return `iam:${description.split(' ')[0] ?? ''}`
}

export interface ExecutionSummary {
  done: string[]
  notDone: string[]
  failed?: { operation: string; message: string } | undefined
}

/** What was done and what was not, after a failure or an interrupt. */
export function renderPartial(summary: ExecutionSummary, color: boolean, headline: string): string {
  const chalk = new Chalk({ level: color ? 1 : 0 })
  const lines = [chalk.red.bold(headline)]
  if (summary.failed) lines.push(`  ${chalk.red('✗')} ${summary.failed.operation}: ${summary.failed.message}`)
  lines.push(chalk.bold('Done:'))
  lines.push(...(summary.done.length > 0 ? summary.done.map((d) => `  ${chalk.green('✓')} ${d}`) : ['  (nothing)']))
  lines.push(chalk.bold('Not done:'))
  lines.push(...(summary.notDone.length > 0 ? summary.notDone.map((d) => `  ${chalk.dim('·')} ${d}`) : ['  (nothing)']))
  return lines.join('\n')
}
