/**
 * The permission table's statements as IAM policy documents: placeholders filled from what is
 * known (a setup's accounts and role), actions grouped per resource, one Sid per group.
 */
import type { PolicyDocument, PolicyStatement } from '../evaluate.js'
import type { PermissionGrant, PermissionStatement } from './table.js'

/** Values for the table's placeholders; a missing one is printed as the placeholder itself. */
export interface PermissionValues {
  TARGET?: string | undefined
  SOURCE?: string | undefined
  ROLE_ARN?: string | undefined
  PARTITION?: string | undefined
  CALLER_NAME?: string | undefined
  MODEL_ID?: string | undefined
}

export function fillPlaceholders(text: string, values: PermissionValues): string {
  return text.replace(/\$\{(TARGET|SOURCE|ROLE_ARN|PARTITION|CALLER_NAME|MODEL_ID)\}/g, (whole, name: keyof PermissionValues) => values[name] ?? whole)
}

/** One policy for one holder: its grants (less any left out), grouped by resource. */
export function policyOf(grants: readonly PermissionGrant[], values: PermissionValues): PolicyDocument {
  const byResource = new Map<string, string[]>()
  for (const grant of grants) {
    const resource = fillPlaceholders(grant.resource, values)
    byResource.set(resource, [...(byResource.get(resource) ?? []), grant.action])
  }
  const statements: PolicyStatement[] = [...byResource.entries()].map(([resource, actions], i) => ({
    Sid: `BedrockXacct${i + 1}`,
    Effect: 'Allow',
    Action: actions.length === 1 ? actions[0]! : [...new Set(actions)],
    Resource: resource
  }))
  return { Version: '2012-10-17', Statement: statements }
}

/** A statement of the table as a policy. */
export function statementPolicy(statement: PermissionStatement, values: PermissionValues): PolicyDocument {
  return policyOf(statement.grants, values)
}
