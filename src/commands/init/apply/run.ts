/**
 * The part `--apply` and `--restore` share once a plan exists (issue 4): show it, stop on a dry
 * run or when there is nothing to do, ask (or require --yes without a TTY), write the backup, make
 * the calls, and report — including what was and was not done when a call fails or Ctrl-C lands.
 */
import { withReadLast, type BackupFile } from '../../../core/apply/backup.js'
import type { ApplyObservation } from '../../../core/apply/desired-observed.js'
import { describeOperation } from '../../../core/apply/operations.js'
import { planToJson } from '../../../core/apply/plan-json.js'
import { planOperations, type ApplyPlan } from '../../../core/apply/plan-types.js'
import { redactDocument } from '../../../core/apply/redact.js'
import { isAwsCallError } from '../../../core/ports/aws-error.js'
import { ExitCode, isXacctError, type XacctError } from '../../../core/errors.js'
import { initRestoreLine } from '../../../core/fix-command.js'
import type { CommandDeps } from '../../deps.js'
import { rewriteBackup, writeBackup } from './backup.js'
import { ChangedSincePlanError } from './unchanged.js'
import { executeOperations, type ExecutionPorts, type ExecutionReport } from './executor.js'
import { iamActionOf, renderPartial, renderPlan, type ExecutionSummary } from './render.js'
import type { PropagationResult } from './wait.js'

/** Registers an interrupt listener that runs before the CLI's own (which exits 130 or 143); returns its remover. */
export type InterruptHook = (listener: () => void) => () => void

/**
 * Ctrl-C and a termination request (SIGTERM: CI cancelling the job, `kill`) both get the
 * done/not-done report (issue 17). After Ctrl-C the CLI's own handler exits 130; SIGTERM has none
 * (the sandbox command stops on it cleanly), so during an apply this hook ends the run: "Terminated.", 143.
 */
export const processInterruptHook: InterruptHook = (listener) => {
  const onTerm = () => {
    listener()
    process.stderr.write('Terminated.\n')
    process.exit(ExitCode.terminated)
  }
  process.prependListener('SIGINT', listener)
  process.prependListener('SIGTERM', onTerm)
  return () => {
    process.off('SIGINT', listener)
    process.off('SIGTERM', onTerm)
  }
}

export interface RunPlanInput {
  plan: ApplyPlan
  /** What AWS holds now, written before the first call. */
  backup: BackupFile
  /** What the plan was made from; each write checks that what it replaces is unchanged since (unchanged.ts). */
  observed?: ApplyObservation | undefined
  ports: ExecutionPorts
  dryRun: boolean
  yes: boolean
  showSecrets: boolean
  /** Redacted wherever they appear unless showSecrets (the setup's ExternalId). */
  secrets: string[]
  /** After a successful apply: the propagation wait, or undefined with a note printed. */
  afterApply?: (() => Promise<PropagationResult | undefined>) | undefined
  onInterrupt?: InterruptHook | undefined
  /** With --json: receives the result document instead of stdout (a caller applying several setups prints one combined document). */
  onJson?: ((document: Record<string, unknown>) => void) | undefined
  /** The trust gate's refusal: the plan is shown (with --json, status "refused"), then this is thrown (exit 2); nothing is written. */
  refusal?: XacctError | undefined
  /** True when an earlier setup of the same run has already written: no message may then say that nothing was changed. */
  afterWrites?: boolean | undefined
}

type Status = 'no-changes' | 'dry-run' | 'declined' | 'refused' | 'applied' | 'failed' | 'interrupted'

/**
 * An InterruptHook that runs `after` once the run's own listener has reported: init applying several
 * setups with --json prints its one combined document there, as the process ends right after.
 */
export function interruptThen(after: () => void, hook: InterruptHook = processInterruptHook): InterruptHook {
  return (listener) =>
    hook(() => {
      listener()
      after()
    })
}

function summaryOf(report: ExecutionReport, secrets: string[], showSecrets: boolean): ExecutionSummary {
  const message = (error: unknown) => {
    const text = error instanceof Error ? error.message : String(error)
    return showSecrets ? text : redactDocument(text, secrets)
  }
  return {
    done: report.done.map(describeOperation),
    notDone: report.notDone.map(describeOperation),
    failed: report.failed && { operation: describeOperation(report.failed.operation), message: message(report.failed.error) }
  }
}

function failureHint(report: ExecutionReport): string {
  const failed = report.failed
  if (!failed) return ''
  // Someone else's edit: rerunning plans from it (their own hint says so); granting or fixing anything would be wrong advice.
  if (failed.error instanceof ChangedSincePlanError) return `Hint: ${failed.error.hint}`
  const action = iamActionOf(describeOperation(failed.operation))
  const denied = isAwsCallError(failed.error) && failed.error.failure.kind === 'access-denied'
  const cause = denied ? `grant ${action} to the ${failed.operation.side === 'source' ? 'source' : 'target'} account credentials` : 'fix the cause above'
  return `Hint: ${cause}, then run the same command again: it re-reads what AWS holds and does only what is left.`
}

function exitCodeOf(error: unknown): number {
  return isXacctError(error) ? error.exitCode : ExitCode.checkFailed
}

/** Show, confirm, back up, execute, report. Returns the exit code. */
export async function runPlan(input: RunPlanInput, deps: CommandDeps): Promise<number> {
  const { plan, showSecrets, secrets } = input
  const json = deps.global.json
  const verb = plan.kind
  const emit = (status: Status, extra: Record<string, unknown> = {}) => {
    if (!json) return
    const document = { command: `init --${verb}`, status, dryRun: input.dryRun, plan: planToJson(plan, { showSecrets, secrets }), ...extra }
    const shown = showSecrets ? document : redactDocument(document, secrets)
    if (input.onJson) input.onJson(shown)
    else deps.io.out(JSON.stringify(shown, null, 2))
  }
  if (!json) deps.io.out(renderPlan(plan, { color: deps.io.color, showSecrets, secrets }))
  const unchangedWords = input.afterWrites ? 'Nothing more was changed (earlier setups of this run were applied).' : 'Nothing was changed.'

  if (input.refusal) {
    emit('refused', { error: { message: input.refusal.message, hint: input.refusal.hint } })
    throw input.refusal
  }
  if (!plan.hasChanges) {
    emit('no-changes')
    return ExitCode.ok
  }
  if (input.dryRun) {
    emit('dry-run')
    if (!json) deps.io.out('Dry run: nothing was changed.')
    return ExitCode.ok
  }
  if (!(input.yes || deps.global.yes)) {
    const go = await deps.prompter.confirm({ message: `${{ apply: 'Apply', restore: 'Restore', destroy: 'Delete' }[verb]} these changes?`, flag: '--yes', default: false })
    if (!go) {
      emit('declined')
      deps.io.err(unchangedWords)
      return ExitCode.cancelled
    }
  }

  const backupPath = await writeBackup(deps.cwd, input.backup, deps.now())
  const restoreHint = initRestoreLine(backupPath)
  if (!json) deps.io.out(`Backup of the current state: ${backupPath}\n  (put it back with: ${restoreHint})`)

  const operations = planOperations(plan)
  const report: ExecutionReport = { done: [], notDone: [...operations] }
  const removeInterrupt = (input.onInterrupt ?? processInterruptHook)(() => {
    const summary = summaryOf(report, secrets, showSecrets)
    const inFlight = summary.notDone[0]
    // The process ends right after (130 or 143): --json still prints its one document, saying what was done.
    emit('interrupted', { backup: backupPath, done: summary.done, notDone: summary.notDone, inFlight: inFlight ?? null })
    deps.io.err(renderPartial(summary, deps.io.color, `Interrupted during ${verb}.`))
    if (inFlight) deps.io.err(`The call in flight (${inFlight}) may or may not have been made. Run the same command again to finish; backup: ${backupPath}`)
  })
  try {
    await executeOperations(operations, input.ports, {
      report,
      observed: input.observed,
      onProgress: (operation, state) => {
        if (state === 'done') deps.io.err(`  ✓ ${describeOperation(operation)}`)
      }
    })
  } finally {
    removeInterrupt()
  }

  const summary = summaryOf(report, secrets, showSecrets)
  if (report.failed?.error instanceof ChangedSincePlanError) {
    // Their edit is what AWS holds now: the backup must hold it too, or a restore would erase it.
    const { what, readLast } = report.failed.error
    try {
      await rewriteBackup(backupPath, withReadLast(input.backup, readLast))
      deps.io.err(`Backup updated: ${backupPath} holds what was read last of ${what} (the edit made since the plan).`)
    } catch (error) {
      deps.io.err(`Warning: could not update the backup ${backupPath} with ${what} as read last: ${error instanceof Error ? error.message : String(error)}.`)
    }
  }
  if (report.failed) {
    emit('failed', { backup: backupPath, done: summary.done, notDone: summary.notDone, failed: summary.failed })
    // With --json the report is the document on stdout; stderr still says what failed, so the hint's "above" holds.
    const partial = renderPartial(summary, deps.io.color, `The ${verb} stopped: a call failed.`)
    if (json) deps.io.err(partial)
    else deps.io.out(partial)
    deps.io.err(failureHint(report))
    return exitCodeOf(report.failed.error)
  }

  // The writes are done: whatever the wait does, the run still reports them (and --json prints its one document).
  const propagation = input.afterApply
    ? await input.afterApply().catch((error: unknown) => {
        deps.io.err(`Note: could not check that the caller can assume the role yet: ${error instanceof Error ? error.message : String(error)} (bedrock-xacct verify checks it).`)
        return undefined
      })
    : undefined
  emit('applied', { backup: backupPath, done: summary.done, notDone: [], propagation: propagation ?? null })
  if (!json) deps.io.out(`${{ apply: 'Applied', restore: 'Restored', destroy: 'Deleted' }[verb]}: ${summary.done.length} call${summary.done.length === 1 ? '' : 's'} made.`)
  return ExitCode.ok
}
