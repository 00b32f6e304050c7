/**
 * A write counts as done only when AWS shows it (issue 17): after each call the executor reads the
 * written thing back and compares. An endpoint that answers 200 without storing anything (a broken
 * proxy, a stand-in, a fault) used to be reported as "Applied" while nothing had changed.
 *
 * IAM is eventually consistent: a read right after a write may still show the old state, so a
 * mismatch is read again a few times, with growing pauses, before the write is called unconfirmed.
 */
import { sameDocument } from '../../../core/apply/canonical.js'
import type { Operation } from '../../../core/apply/operations.js'
import { XacctError } from '../../../core/errors.js'
import type { IamPort } from '../../../core/ports/aws.js'

/**
 * Pauses before each repeated read-back (ms). IAM usually shows a write within a second; about 3 s
 * in all covers the slow cases without making a truly lost write slow to report.
 */
export const READ_BACK_PAUSES_MS = [200, 400, 800, 1600] as const

/** Whether AWS now holds what `operation` wrote; a read that fails throws (the executor reports it). */
async function stored(operation: Operation, iam: IamPort): Promise<boolean> {
  switch (operation.kind) {
    case 'createRole':
      return sameDocument((await iam.getRole(operation.input.roleName))?.trustPolicy, operation.input.trustPolicy)
    case 'updateAssumeRolePolicy':
      return sameDocument((await iam.getRole(operation.roleName))?.trustPolicy, operation.document)
    case 'updateMaxSessionDuration':
      return (await iam.getRole(operation.roleName))?.maxSessionDurationSeconds === operation.maxSessionDurationSeconds
    case 'tagRole': {
      const tags = (await iam.getRole(operation.roleName))?.tags ?? {}
      return Object.entries(operation.tags).every(([key, value]) => tags[key] === value)
    }
    case 'untagRole': {
      const tags = (await iam.getRole(operation.roleName))?.tags ?? {}
      return operation.tagKeys.every((key) => !(key in tags))
    }
    case 'putRolePolicy':
      return sameDocument(await iam.getRolePolicy(operation.roleName, operation.policyName), operation.document)
    case 'deleteRolePolicy':
      return (await iam.getRolePolicy(operation.roleName, operation.policyName)) === undefined
    case 'putUserPolicy':
      return sameDocument(await iam.getUserPolicy(operation.userName, operation.policyName), operation.document)
    case 'createPolicy':
    case 'createPolicyVersion':
      // Their answers carry the new policy or version (the adapter refuses an answer without it).
      return true
    case 'deletePolicyVersion':
      return !(await iam.listPolicyVersions(operation.policyArn)).some((version) => version.versionId === operation.versionId)
    case 'attachRolePolicy':
      return (await iam.listAttachedRolePolicies(operation.roleName)).some((policy) => policy.arn === operation.policyArn)
    case 'deleteUserPolicy':
      return (await iam.getUserPolicy(operation.userName, operation.policyName)) === undefined
    case 'detachRolePolicy':
      return !(await iam.listAttachedRolePolicies(operation.roleName)).some((policy) => policy.arn === operation.policyArn)
    case 'deletePolicy':
      return (await iam.getPolicy(operation.policyArn)) === undefined
    case 'deleteRole':
      return (await iam.getRole(operation.roleName)) === undefined
  }
}

/** Resolve when AWS shows the write; throw an environment error (exit 3) when it still does not after the pauses. */
export async function confirmWrite(operation: Operation, iam: IamPort, sleep: (ms: number) => Promise<void>): Promise<void> {
  if (await stored(operation, iam)) return
  for (const pause of READ_BACK_PAUSES_MS) {
    await sleep(pause)
    if (await stored(operation, iam)) return
  }
  throw new XacctError(
    'awsError',
    `AWS accepted ${operation.kind.replace(/^./, (c) => c.toUpperCase())} but does not show it: reading it back ${READ_BACK_PAUSES_MS.length + 1} times over ${READ_BACK_PAUSES_MS.reduce((a, b) => a + b, 0) / 1000} s found the old state.`,
    {
      hint: 'the endpoint answered without storing the change (a proxy or stand-in, or an IAM outage); run the same command again once it is fixed.'
    }
  )
}
