/**
 * Every inline policy of a role with its document: what the teardown planner (and a restore that
 * deletes a role apply created) judges statement by statement before deleting anything.
 */
import type { RoleContents } from '../../../core/apply/teardown-plan.js'
import type { PolicyDocument } from '../../../core/evaluate.js'
import type { IamPort } from '../../../core/ports/aws.js'

export async function readRoleContents(iam: IamPort, roleName: string, exists: boolean): Promise<RoleContents> {
  if (!exists) return { inlinePolicies: {} }
  const names = await iam.listRolePolicies(roleName)
  const documents = await Promise.all(names.map((name) => iam.getRolePolicy(roleName, name)))
  const inlinePolicies: Record<string, PolicyDocument> = {}
  names.forEach((name, i) => {
    const document = documents[i]
    if (document) inlinePolicies[name] = document
  })
  return { inlinePolicies }
}
