/** Turning IAM responses into the port's types: decoded documents, RoleInfo. */
import type { Role, RoleDetail } from '@aws-sdk/client-iam'
import type { PolicyDocument } from '../core/evaluate.js'
import type { ListedRole, RoleDetails, RoleInfo } from '../core/ports/aws.js'
import { malformed, type ServiceContext } from './call.js'
import { decodePolicyDocument } from './policy-encoding.js'
import { ROLE_MAX_SESSION_SECONDS } from '../core/aws-limits.js'

/** A decoded policy document, or a "malformed response" error when it is missing or not JSON. */
export function decodeOrThrow(context: ServiceContext, operation: string, text: string | undefined, requestId?: string): PolicyDocument {
  const document = text === undefined ? undefined : decodePolicyDocument(text)
  if (!document) throw malformed(context, operation, 'the policy document is missing or not JSON', requestId)
  return document
}

/** RoleInfo from an IAM Role (GetRole, CreateRole). */
export function roleInfoOf(context: ServiceContext, operation: string, role: Role | undefined, requestId?: string): RoleInfo {
  return {
    ...listedRoleOf(context, operation, role, requestId),
    permissionsBoundaryArn: role?.PermissionsBoundary?.PermissionsBoundaryArn,
    tags: tagsOf(role?.Tags)
  }
}

/** A role of ListRoles (which leaves out the boundary and the tags). */
export function listedRoleOf(context: ServiceContext, operation: string, role: Role | undefined, requestId?: string): ListedRole {
  return {
    ...roleIdentityOf(context, operation, role, 'the response has no Role', requestId),
    maxSessionDurationSeconds: role?.MaxSessionDuration ?? ROLE_MAX_SESSION_SECONDS.default,
    description: role?.Description
  }
}

type RoleIdentityFields = Partial<Pick<Role, 'Arn' | 'RoleName' | 'RoleId' | 'Path' | 'AssumeRolePolicyDocument'>>

/** What every IAM shape of a role carries (Role and RoleDetail alike): names, ids and the decoded trust policy. */
function roleIdentityOf(context: ServiceContext, operation: string, role: RoleIdentityFields | undefined, whenMissing: string, requestId?: string) {
  if (!role?.Arn || !role.RoleName || !role.RoleId) throw malformed(context, operation, whenMissing, requestId)
  return {
    arn: role.Arn,
    name: role.RoleName,
    path: role.Path ?? '/',
    roleId: role.RoleId,
    trustPolicy: decodeOrThrow(context, operation, role.AssumeRolePolicyDocument, requestId)
  }
}

/** A role of GetAccountAuthorizationDetails, its inline policies decoded. */
export function roleDetailsOf(context: ServiceContext, detail: RoleDetail, requestId?: string): RoleDetails {
  const operation = 'GetAccountAuthorizationDetails'
  return {
    ...roleIdentityOf(context, operation, detail, 'a RoleDetail has no role name, id or ARN', requestId),
    permissionsBoundaryArn: detail.PermissionsBoundary?.PermissionsBoundaryArn,
    tags: tagsOf(detail.Tags),
    inlinePolicies: (detail.RolePolicyList ?? []).map((policy) => {
      if (!policy.PolicyName) throw malformed(context, operation, `an inline policy of ${detail.RoleName} has no name`, requestId)
      return { name: policy.PolicyName, document: decodeOrThrow(context, operation, policy.PolicyDocument, requestId) }
    }),
    attachedPolicies: (detail.AttachedManagedPolicies ?? []).map((p) => ({ arn: p.PolicyArn ?? '', name: p.PolicyName ?? '' }))
  }
}

function tagsOf(tags: readonly { Key?: string | undefined; Value?: string | undefined }[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? '']))
}
