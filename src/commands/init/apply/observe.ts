/**
 * Reads what AWS holds for the resources a plan covers (reads only: Get and List calls). Denied reads
 * become errors naming the permission the credentials lack; nothing has been written yet.
 */
import { isAwsCallError } from '../../../core/ports/aws-error.js'
import { XacctError, invalidInput } from '../../../core/errors.js'
import type { ApplyObservation, ObservedManagedPolicy, SourceObservation, TargetObservation } from '../../../core/apply/desired-observed.js'
import type { IamPort } from '../../../core/ports/aws.js'
import { readInlinePolicy } from '../../../core/principal-policies.js'

export interface ObserveRequest {
  roleName: string
  permissionsPolicyName: string
  /** Managed mode: the policy to look at. */
  managedPolicyArn?: string | undefined
  /** The caller in A whose inline policy is in scope, with A's IAM port. */
  source?: { iam: IamPort; principal: SourceObservation['principal']; policyName: string } | undefined
}

async function read<T>(what: string, label: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    if (isAwsCallError(error) && error.failure.kind === 'access-denied') {
      throw new XacctError('accessDenied', `${label} may not read ${what}: ${error.failure.awsMessage}`, {
        hint: `the credentials need iam:GetRole, iam:GetRolePolicy, iam:ListAttachedRolePolicies, iam:GetPolicy, iam:GetPolicyVersion, iam:ListPolicyVersions (and iam:GetUserPolicy in A); nothing was changed`,
        cause: error
      })
    }
    throw error
  }
}

async function observeManaged(iam: IamPort, arn: string, label: string): Promise<ObservedManagedPolicy | undefined> {
  const info = await read(`policy ${arn}`, label, () => iam.getPolicy(arn))
  if (!info) return undefined
  const [versions, defaultDocument] = await Promise.all([read(`the versions of ${arn}`, label, () => iam.listPolicyVersions(arn)), read(`the default version of ${arn}`, label, () => iam.getPolicyVersion(arn, info.defaultVersionId))])
  // Every other version's document too: apply may delete one (IAM keeps five), and the backup must hold it.
  const others = versions.filter((version) => version.versionId !== info.defaultVersionId)
  const documents = await Promise.all(others.map((version) => read(`version ${version.versionId} of ${arn}`, label, () => iam.getPolicyVersion(arn, version.versionId))))
  const versionDocuments = Object.fromEntries([[info.defaultVersionId, defaultDocument], ...others.map((version, i) => [version.versionId, documents[i]!] as const)])
  return { info, versions, defaultDocument, versionDocuments }
}

/** Observe B (role, inline or managed permissions, attachments) and, when given, the caller in A. */
export async function observe(target: { iam: IamPort; label: string }, request: ObserveRequest, sourceLabel = 'the source credentials'): Promise<ApplyObservation> {
  const { iam, label } = target
  const role = await read(`role ${request.roleName}`, label, () => iam.getRole(request.roleName))
  const observed: TargetObservation = { role, attachedPolicyArns: [] }
  if (role) {
    const [inline, attached] = await Promise.all([
      read(`inline policy ${request.permissionsPolicyName} of role ${request.roleName}`, label, () => iam.getRolePolicy(request.roleName, request.permissionsPolicyName)),
      read(`the policies attached to role ${request.roleName}`, label, () => iam.listAttachedRolePolicies(request.roleName))
    ])
    observed.inlinePermissions = inline
    observed.attachedPolicyArns = attached.map((policy) => policy.arn)
  }
  if (request.managedPolicyArn) observed.managedPolicy = await observeManaged(iam, request.managedPolicyArn, label)

  const result: ApplyObservation = { target: observed }
  const source = request.source
  if (source) {
    const { principal, policyName } = source
    try {
      const inlinePolicy = await read(`inline policy ${policyName} of ${principal.kind} ${principal.name}`, sourceLabel, () => readInlinePolicy(source.iam, principal, policyName))
      result.source = { principal, inlinePolicy }
    } catch (error) {
      if (isAwsCallError(error) && error.failure.kind === 'not-found') {
        throw invalidInput('--caller', principal.arn, `an existing ${principal.kind} in the source account (IAM says it does not exist); nothing was changed`)
      }
      throw error
    }
  }
  return result
}
