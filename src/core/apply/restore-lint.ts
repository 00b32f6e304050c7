/**
 * `--restore` goes through the linter (issue 17): a backup is a file anyone can edit, so each
 * document a restore would write is checked with the error rules of `init --check` (src/core/lint),
 * as init checks what it generates. An error refuses the restore (exit 2, nothing written) unless
 * `--allow-weaker-trust`: the one override of the apply safety gates, which the user passes after
 * reading the plan (a document AWS really held before may carry such an error; putting it back is
 * then a choice, not an accident).
 */
import { lintPolicy, type PolicyKind } from '../lint/index.js'
import { XacctError } from '../errors.js'
import type { Operation } from './operations.js'
import { planOperations, type ApplyPlan } from './plan-types.js'
import { ALLOW_WEAKER_TRUST_FLAG } from './trust-safety.js'

/** The documents an operation writes, with the linter's kind for each. */
function writtenDocument(operation: Operation): { kind: PolicyKind; what: string; document: unknown } | undefined {
  switch (operation.kind) {
    case 'updateAssumeRolePolicy':
      return { kind: 'trust', what: `the trust policy of role ${operation.roleName}`, document: operation.document }
    case 'putRolePolicy':
      return { kind: operation.side === 'target' ? 'permissions' : 'identity', what: `inline policy ${operation.policyName} of role ${operation.roleName}`, document: operation.document }
    case 'putUserPolicy':
      return { kind: 'identity', what: `inline policy ${operation.policyName} of user ${operation.userName}`, document: operation.document }
    case 'createPolicyVersion':
      return { kind: 'permissions', what: operation.policyArn, document: operation.document }
    default:
      return undefined
  }
}

/** One line per lint error in what the plan would write, e.g. `the trust policy of role R: principal-wildcard (statement 2, Sid X): …`. */
export function lintErrorsOfWrites(plan: ApplyPlan): string[] {
  return planOperations(plan).flatMap((operation) => {
    const written = writtenDocument(operation)
    if (!written) return []
    return lintPolicy(written.document, { kind: written.kind })
      .filter((finding) => finding.severity === 'error')
      .map((finding) => {
        const where = finding.statement ? ` (statement ${finding.statement.index}${finding.statement.sid === undefined ? '' : `, Sid ${finding.statement.sid}`})` : ''
        return `${written.what}: ${finding.rule}${where}: ${finding.message.replace(/\.$/, '')}`
      })
  })
}

/** The plan with each lint error as a note (shown in the plan and its JSON). */
export function withLintNotes(plan: ApplyPlan, errors: readonly string[]): ApplyPlan {
  return errors.length === 0 ? plan : { ...plan, notes: [...plan.notes, ...errors.map((error) => `LINT ERROR (refused without ${ALLOW_WEAKER_TRUST_FLAG}): ${error}.`)] }
}

/** The refusal of a restore whose documents fail lint (exit 2); `losses` are the trust gate's, when it refuses too. */
export function restoreRefusal(file: string, roleName: string, accountId: string, errors: readonly string[], losses: readonly string[]): XacctError {
  return new XacctError('usage', `Refusing to restore ${file} onto role ${roleName} in account ${accountId}: ${[...errors, ...losses].join('; ')}.`, {
    field: ALLOW_WEAKER_TRUST_FLAG,
    hint: `Nothing was changed. Fix the backup file, or pass ${ALLOW_WEAKER_TRUST_FLAG} if this is really what you want (see the plan with --dry-run).`
  })
}
