/**
 * IAM's error codes and wording (IAM API reference, "Common errors" and each action's errors).
 */
import { SandboxAwsError } from '../types.js'

export const noSuchEntity = (message: string) => new SandboxAwsError('NoSuchEntity', message, 404)
export const alreadyExists = (message: string) => new SandboxAwsError('EntityAlreadyExists', message, 409)
export const limitExceeded = (message: string) => new SandboxAwsError('LimitExceeded', message, 409)
export const deleteConflict = (message: string) => new SandboxAwsError('DeleteConflict', message, 409)

/**
 * A request the sandbox does not implement. It answers with IAM's code for an unknown operation
 * (InvalidAction, 400, what the IAM dispatcher already sends for actions it lacks) and a message
 * starting "The sandbox does not implement": a 400 is not retried by the SDK, and the message tells
 * the reader it is the stand-in's limit, not AWS's behaviour.
 */
export const notImplemented = (what: string) => new SandboxAwsError('InvalidAction', `The sandbox does not implement ${what}`, 400)

/** IAM quotas the sandbox enforces (IAM user guide, "IAM and AWS STS quotas"); sizes exclude whitespace. */
export const IAM_LIMITS = {
  /** Role trust policy length (default quota, "ACLSizePerRole"). */
  trustPolicyChars: 2048,
  /** Aggregate inline policy size per role. */
  roleInlineChars: 10240,
  /** Aggregate inline policy size per user. */
  userInlineChars: 2048,
  /** Managed policy document size. */
  managedPolicyChars: 6144,
  /** Versions kept per managed policy. */
  policyVersions: 5,
  /** Managed policies attached per role (default quota). */
  attachedPerRole: 10,
  /** Managed policies attached per user (default quota, "PoliciesPerUser"). */
  attachedPerUser: 10,
  tagsPerRole: 50
} as const

/** Policy size as IAM counts it: without whitespace outside strings (re-serialising does that). */
export function policySize(text: string): number {
  try {
    return JSON.stringify(JSON.parse(text)).length
  } catch {
    return text.length
  }
}
