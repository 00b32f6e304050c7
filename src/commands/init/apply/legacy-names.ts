/**
 * Migration of policy names (issue 19): before, the policy names ignored a given role name, so an
 * existing install may hold the setup's policies under the earlier names (naming.ts
 * legacyPolicyNames). When nothing exists under today's name and the earlier one holds the tool's
 * statements for this role, apply and destroy keep using the earlier name: the install is updated
 * (or removed), never duplicated beside a second copy.
 */
import { OWNED_SID_PREFIX } from '../../../core/apply/merge.js'
import { managedPolicyArn } from '../../../core/apply/plan.js'
import type { PolicyDocument } from '../../../core/evaluate.js'
import { legacyPolicyNamesOfSetup } from '../../../core/naming.js'
import { statementsOf } from '../../../core/policy-document.js'
import type { IamPort } from '../../../core/ports/aws.js'
import type { Setup } from '../../../core/setup/model.js'
import { parsePrincipalArn } from '../../../core/arn.js'
import { namedCallersOf } from '../../../core/setup/caller.js'
import { readInlinePolicy } from '../../../core/principal-policies.js'

/** Whether the document holds a statement the tool wrote (on `resource`, when given). */
function ownsAny(document: PolicyDocument | undefined, resource?: string): boolean {
  return statementsOf(document).some((s) => s.Sid?.startsWith(OWNED_SID_PREFIX) === true && (resource === undefined || (Array.isArray(s.Resource) ? s.Resource : [s.Resource]).includes(resource)))
}

/** The caller in A whose policy apply writes (the first role or user caller; the plan lists the others as manual steps). */
export function callerPrincipalOf(setup: Setup): { kind: 'role' | 'user'; name: string; arn: string } | undefined {
  const caller = namedCallersOf(setup.callers)[0]
  const principal = caller ? parsePrincipalArn(caller.arn) : undefined
  return principal && (principal.kind === 'role' || principal.kind === 'user') ? { kind: principal.kind, name: principal.name, arn: principal.arn } : undefined
}

export interface LegacyNamesInput {
  setup: Setup
  roleArn: string
  /** The permissions form to look for; undefined looks at both (destroy removes whichever apply wrote). */
  managed: boolean | undefined
  target: IamPort
  /** The caller in A with A's IAM, when apply may read there. */
  source?: { iam: IamPort; principal: { kind: 'role' | 'user'; name: string; arn: string } } | undefined
}

/** The setup with its policy names switched to the earlier ones where an existing install uses them, and a note per switch. */
export async function adoptLegacyNames(input: LegacyNamesInput): Promise<{ setup: Setup; notes: string[] }> {
  try {
    return await adopt(input)
  } catch {
    // A read that fails here fails again in observe, which words the error (which permission is missing).
    return { setup: input.setup, notes: [] }
  }
}

/** The role holds the tool's inline permissions under the earlier name and nothing under today's. */
async function inlineUnderOldName({ setup, target }: LegacyNamesInput, oldName: string): Promise<boolean> {
  return Boolean(await target.getRole(setup.roleName)) && !(await target.getRolePolicy(setup.roleName, setup.permissionsPolicyName)) && ownsAny(await target.getRolePolicy(setup.roleName, oldName))
}

/** The role has the managed policy of the earlier name attached, and no policy of today's name exists. */
async function managedUnderOldName({ setup, target }: LegacyNamesInput, oldName: string): Promise<boolean> {
  const arn = (name: string) => managedPolicyArn({ ...setup, permissionsPolicyName: name })
  return !(await target.getPolicy(arn(setup.permissionsPolicyName))) && (await target.listAttachedRolePolicies(setup.roleName).catch(() => [])).some((p) => p.arn === arn(oldName))
}

async function adopt(input: LegacyNamesInput): Promise<{ setup: Setup; notes: string[] }> {
  const { setup } = input
  const legacy = legacyPolicyNamesOfSetup(setup)
  const notes: string[] = []
  let adopted = setup
  const oldPermissions = legacy.permissionsPolicyName
  if (oldPermissions !== undefined) {
    const found = (input.managed !== true && (await inlineUnderOldName(input, oldPermissions))) || (input.managed !== false && (await managedUnderOldName(input, oldPermissions)))
    if (found) {
      adopted = { ...adopted, permissionsPolicyName: oldPermissions }
      notes.push(`The permissions policy exists under its earlier name ${oldPermissions} (before names followed the role name): it is used as is, not duplicated as ${setup.permissionsPolicyName}.`)
    }
  }
  const oldSource = legacy.sourcePolicyName
  if (oldSource !== undefined && input.source) {
    const { iam, principal } = input.source
    if (!(await readInlinePolicy(iam, principal, setup.sourcePolicyName)) && ownsAny(await readInlinePolicy(iam, principal, oldSource), input.roleArn)) {
      adopted = { ...adopted, sourcePolicyName: oldSource }
      notes.push(`The caller's grant exists under its earlier name ${oldSource} (before names followed the role name): it is used as is, not duplicated as ${setup.sourcePolicyName}.`)
    }
  }
  return { setup: adopted, notes }
}
