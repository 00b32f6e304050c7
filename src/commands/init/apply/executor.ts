/**
 * Performs a plan's write calls in order, each confirmed by reading it back (confirm.ts), and stops
 * at the first failure (issue 4: partial failure is reported, never hidden). The report says which calls were made and which were not; because
 * the planner works from what AWS holds, running the same command again completes the rest.
 */
import type { Operation } from '../../../core/apply/operations.js'
import type { IamPort } from '../../../core/ports/aws.js'
import type { ApplyObservation } from '../../../core/apply/desired-observed.js'
import { confirmWrite } from './confirm.js'
import { ensureUnchangedSincePlan } from './unchanged.js'

export interface ExecutionReport {
  done: Operation[]
  /** The call that failed, with its error; undefined when every call succeeded. */
  failed?: { operation: Operation; error: unknown } | undefined
  /** Calls not made (after a failure or an interrupt), the failed one excluded. */
  notDone: Operation[]
}

export interface ExecutionPorts {
  target: IamPort
  /** A's IAM; required only when the plan has source-side calls. */
  source?: IamPort | undefined
}

function portFor(operation: Operation, ports: ExecutionPorts): IamPort {
  const iam = operation.side === 'source' ? ports.source : ports.target
  if (!iam) throw new Error(`no credentials for the ${operation.side} account`)
  return iam
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

async function perform(operation: Operation, ports: ExecutionPorts): Promise<void> {
  const iam = portFor(operation, ports)
  switch (operation.kind) {
    case 'createRole':
      await iam.createRole(operation.input)
      return
    case 'updateAssumeRolePolicy':
      return iam.updateAssumeRolePolicy(operation.roleName, operation.document)
    case 'updateMaxSessionDuration':
      return iam.updateRole(operation.roleName, { maxSessionDurationSeconds: operation.maxSessionDurationSeconds })
    case 'tagRole':
      return iam.tagRole(operation.roleName, operation.tags)
    case 'untagRole':
      return iam.untagRole(operation.roleName, operation.tagKeys)
    case 'putRolePolicy':
      return iam.putRolePolicy(operation.roleName, operation.policyName, operation.document)
    case 'deleteRolePolicy':
      return iam.deleteRolePolicy(operation.roleName, operation.policyName)
    case 'putUserPolicy':
      return iam.putUserPolicy(operation.userName, operation.policyName, operation.document)
    case 'createPolicy':
      await iam.createPolicy(operation.input)
      return
    case 'deletePolicyVersion':
      return iam.deletePolicyVersion(operation.policyArn, operation.versionId)
    case 'createPolicyVersion':
      await iam.createPolicyVersion(operation.policyArn, operation.document, true)
      return
    case 'attachRolePolicy':
      return iam.attachRolePolicy(operation.roleName, operation.policyArn)
    case 'deleteUserPolicy':
      return iam.deleteUserPolicy(operation.userName, operation.policyName)
    case 'detachRolePolicy':
      return iam.detachRolePolicy(operation.roleName, operation.policyArn)
    case 'deletePolicy':
      return iam.deletePolicy(operation.policyArn)
    case 'deleteRole':
      return iam.deleteRole(operation.roleName)
  }
}

export interface ExecuteHooks {
  /** What the plan was made from: each write first checks that what it replaces is still that (unchanged.ts). */
  observed?: ApplyObservation | undefined
  /** Waits between read-backs (tests pass an instant one). */
  sleep?: ((ms: number) => Promise<void>) | undefined
  /** Called before and after each call (progress lines on stderr). */
  onProgress?: (operation: Operation, state: 'start' | 'done' | 'failed') => void
  /** The live report, updated as calls complete (read by a Ctrl-C handler to say what was done). */
  report?: ExecutionReport
}

/** Run the operations one at a time, in order; never throws for an AWS failure (it is in the report). */
export async function executeOperations(operations: readonly Operation[], ports: ExecutionPorts, hooks: ExecuteHooks = {}): Promise<ExecutionReport> {
  const report: ExecutionReport = hooks.report ?? { done: [], notDone: [] }
  report.done.length = 0
  report.notDone.splice(0, report.notDone.length, ...operations)
  for (const operation of operations) {
    hooks.onProgress?.(operation, 'start')
    try {
      if (hooks.observed) await ensureUnchangedSincePlan(operation, portFor(operation, ports), hooks.observed)
      await perform(operation, ports)
      await confirmWrite(operation, portFor(operation, ports), hooks.sleep ?? pause)
    } catch (error) {
      report.notDone.shift()
      report.failed = { operation, error }
      hooks.onProgress?.(operation, 'failed')
      return report
    }
    report.notDone.shift()
    report.done.push(operation)
    hooks.onProgress?.(operation, 'done')
  }
  return report
}
