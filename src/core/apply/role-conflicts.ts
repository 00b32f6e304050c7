/**
 * Two setups of one run that name the same role must want the same role (issue 17): with
 * different ExternalIds, callers or models, each apply would rewrite what the other wrote, and the
 * role would flip back and forth on every run. Found before anything is written or applied.
 */
import { sameDocument } from './canonical.js'
import type { PolicyDocument } from '../evaluate.js'
import { XacctError } from '../errors.js'

export interface RoleWant {
  setupName: string
  roleArn: string
  trustPolicy: PolicyDocument
  permissionsPolicy: PolicyDocument
  permissionsPolicyName: string
  maxSessionDurationSeconds: number
}

/** The first pair of setups that want different things of one role, as an input error (exit 2); undefined when none. */
export function roleConflict(wants: readonly RoleWant[]): XacctError | undefined {
  const first = new Map<string, RoleWant>()
  for (const want of wants) {
    const earlier = first.get(want.roleArn)
    if (!earlier) {
      first.set(want.roleArn, want)
      continue
    }
    const differs = [
      !sameDocument(earlier.trustPolicy, want.trustPolicy) && 'trust policy (callers, ExternalId, conditions)',
      (earlier.permissionsPolicyName !== want.permissionsPolicyName || !sameDocument(earlier.permissionsPolicy, want.permissionsPolicy)) && 'permissions policy (models, regions)',
      earlier.maxSessionDurationSeconds !== want.maxSessionDurationSeconds && 'MaxSessionDuration'
    ].filter((what): what is string => typeof what === 'string')
    if (differs.length > 0) {
      return new XacctError(
        'invalidInput',
        `Setups ${JSON.stringify(earlier.setupName)} and ${JSON.stringify(want.setupName)} both name role ${want.roleArn} but want a different ${differs.join(' and ')}: applying both would undo each other on every run.`,
        { field: 'config setups', hint: 'give one of them its own roleName (--role-name), or make their values the same.' }
      )
    }
  }
  return undefined
}
