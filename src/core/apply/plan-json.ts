/**
 * The `--json` form of a plan (issue 4): stable keys, documents with sorted keys, write calls as
 * their API names (not their documents), and every ExternalId redacted unless `--show-secrets`.
 */
import { sortKeysDeep } from './canonical.js'
import { describeOperation } from './operations.js'
import type { ApplyPlan } from './plan-types.js'
import { redactDocument } from './redact.js'

export interface PlanJsonOptions {
  showSecrets: boolean
  /** Secrets to redact wherever they appear (the setup's ExternalId). */
  secrets: readonly string[]
}

/** A plan as plain JSON data (what `--json` prints under `plan`). */
export function planToJson(plan: ApplyPlan, options: PlanJsonOptions): Record<string, unknown> {
  const json = {
    kind: plan.kind,
    setup: plan.setupName,
    targetAccountId: plan.targetAccountId,
    sourceAccountId: plan.sourceAccountId,
    roleName: plan.roleName,
    roleArn: plan.roleArn,
    permissionsMode: plan.permissionsMode,
    hasChanges: plan.hasChanges,
    changes: plan.changes.map((change) => ({
      resource: change.resource,
      action: change.action,
      accountId: change.accountId,
      subject: change.subject,
      summary: change.summary,
      before: change.before,
      after: change.after,
      instructions: change.instructions,
      document: change.document,
      newlyAllowed: change.newlyAllowed,
      diff: change.diff && {
        changed: change.diff.changed,
        created: change.diff.created,
        statements: change.diff.statements.map((statement) => ({
          id: statement.id,
          change: statement.change,
          owned: statement.owned,
          changedKeys: statement.changedKeys,
          before: statement.before,
          after: statement.after
        }))
      },
      operations: change.operations.map(describeOperation)
    })),
    notes: plan.notes
  }
  const stable = sortKeysDeep(JSON.parse(JSON.stringify(json))) as Record<string, unknown>
  return options.showSecrets ? stable : redactDocument(stable, options.secrets)
}
