/** Turning IAM responses into the port's types: decoded documents, RoleInfo. */
import type { Role } from '@aws-sdk/client-iam'
import type { PolicyDocument } from '../core/evaluate.js'
import type { RoleInfo } from './ports.js'
import { malformed, type ServiceContext } from './call.js'
import { decodePolicyDocument } from './policy-document.js'

/** A decoded policy document, or a "malformed response" error when it is missing or not JSON. */
export function decodeOrThrow(context: ServiceContext, operation: string, text: string | undefined, requestId?: string): PolicyDocument {
  const document = text === undefined ? undefined : decodePolicyDocument(text)
  if (!document) throw malformed(context, operation, 'the policy document is missing or not JSON', requestId)
  return document
}

/** RoleInfo from an IAM Role (GetRole, CreateRole). */
export function roleInfoOf(context: ServiceContext, operation: string, role: Role | undefined, requestId?: string): RoleInfo {
  if (!role?.Arn || !role.RoleName || !role.RoleId) throw malformed(context, operation, 'the response has no Role', requestId)
  return {
    arn: role.Arn,
    name: role.RoleName,
    path: role.Path ?? '/',
    roleId: role.RoleId,
    trustPolicy: decodeOrThrow(context, operation, role.AssumeRolePolicyDocument, requestId),
    maxSessionDurationSeconds: role.MaxSessionDuration ?? 3_600,
    description: role.Description,
    permissionsBoundaryArn: role.PermissionsBoundary?.PermissionsBoundaryArn,
    tags: Object.fromEntries((role.Tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? '']))
  }
}
