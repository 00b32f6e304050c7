/**
 * `sts:TagSession` and `sts:SetSourceIdentity`: permissions-only actions that AWS authorizes inside
 * an AssumeRole* request, beside the assume action, when the request passes session tags or a
 * source identity (or inherits one through role chaining). Facts: docs/aws-facts.md
 * `sts.session-actions.context`.
 *
 * iam-simulate evaluates an action with the context keys the service reference lists for it, which
 * for these two are the tag keys and `sts:SourceIdentity` only; yet AWS's own examples put them in
 * one statement with the assume action under `<provider>:aud` (IAM user guide, source identity with
 * an OIDC provider; Cognito's attributes-for-access-control trust), so the request's web-identity
 * claims and global keys reach them. We therefore evaluate a session action *as* the assume action
 * of its request: every statement that covers the session action is rewritten to the assume action
 * (its Principal, Resource and Condition kept), every other statement to an action never requested
 * (evaluate.ts asAssumeRequest does so for every policy of the request).
 * `sts:ExternalId` and `sts:RoleSessionName` are left out of the context: no AWS source shows them
 * reaching a session action (AWS's session-tags example grants TagSession in a statement without
 * the ExternalId condition), so a trust that relies on them for TagSession fails closed here.
 */
import { wildcardMatch } from './lint/statements.js'

export const TAG_SESSION_ACTION = 'sts:TagSession'
export const SET_SOURCE_IDENTITY_ACTION = 'sts:SetSourceIdentity'

/** The permissions-only actions an AssumeRole* request may need besides the assume action. */
export const SESSION_ACTIONS: readonly string[] = [TAG_SESSION_ACTION, SET_SOURCE_IDENTITY_ACTION]

/** Context keys of the assume request that no AWS source shows reaching a session action. */
export const NOT_CARRIED = new Set(['sts:externalid', 'sts:rolesessionname'])

/** An action no rewritten statement is evaluated for (statements keep their index for explain's traces). */
const NEVER_REQUESTED = 'sts:GetCallerIdentity'

export function isSessionAction(action: string): boolean {
  return SESSION_ACTIONS.some((a) => a.toLowerCase() === action.toLowerCase())
}

const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value])

/** The part of a policy statement that says which actions it covers (structural: no import of evaluate.ts, which uses this). */
interface ActionsOf {
  Action?: string | string[] | undefined
  NotAction?: string | string[] | undefined
}

/** Whether a statement's Action (or NotAction) covers `action`, IAM wildcards, case-insensitive. */
export function statementCovers(statement: ActionsOf, action: string): boolean {
  if (statement.Action !== undefined) return list(statement.Action).some((pattern) => wildcardMatch(pattern, action, true))
  if (statement.NotAction !== undefined) return !list(statement.NotAction).some((pattern) => wildcardMatch(pattern, action, true))
  return false
}

/** A document whose statements covering `action` now name `assume` instead, every other one an action never requested. */
export function rewrittenForAssume<S extends ActionsOf, D extends { Statement: S | S[] }>(document: D, action: string, assume: string): D {
  const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement]
  return {
    ...document,
    Statement: statements.map((statement) => {
      const { Action: _action, NotAction: _notAction, ...rest } = statement
      return { ...rest, Action: statementCovers(statement, action) ? assume : NEVER_REQUESTED }
    })
  }
}
