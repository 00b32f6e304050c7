/**
 * IAM's API shapes for roles, managed policies and versions (what the wire layer renders as XML
 * and the real @aws-sdk/client-iam parses). Policy documents are URL-encoded, as AWS returns them (DESIGN §7: the SDK does not
 * decode them; callers must).
 */
import type { ManagedPolicyRecord, PolicyVersionRecord, RoleRecord } from '../records.js'
import type { ApiValue } from '../types.js'

/** IAM's encoding of policy documents in responses (RFC 3986 percent-encoding). */
export function encodeDocument(text: string): string {
  return encodeURIComponent(text)
}

/** The fields every IAM shape of a role starts with (Role, RoleDetail). */
function roleIdentityXml(role: RoleRecord, trustPolicyText: string): Record<string, ApiValue> {
  return {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.roleId,
    Arn: role.arn,
    CreateDate: role.createDate,
    AssumeRolePolicyDocument: encodeDocument(trustPolicyText)
  }
}

function boundaryXml(role: RoleRecord): ApiValue {
  return role.permissionsBoundary ? { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: role.permissionsBoundary } : undefined
}

/** A role as IAM returns it; `trustPolicyText` is the effective one (Store.effectiveTrustPolicyText). */
export function roleXml(role: RoleRecord, trustPolicyText: string): Record<string, ApiValue> {
  return {
    ...roleIdentityXml(role, trustPolicyText),
    Description: role.description,
    MaxSessionDuration: role.maxSessionDuration,
    PermissionsBoundary: boundaryXml(role),
    Tags: role.tags.length > 0 ? role.tags : undefined,
    RoleLastUsed: {}
  }
}

/**
 * A role as ListRoles returns it: AWS documents that ListRoles "does not return the following
 * attributes, even though they are an attribute of the returned object: PermissionsBoundary,
 * RoleLastUsed, Tags" — callers must use GetRole for those, and the sandbox makes them do so too.
 */
export function listedRoleXml(role: RoleRecord, trustPolicyText: string): Record<string, ApiValue> {
  return { ...roleXml(role, trustPolicyText), PermissionsBoundary: undefined, RoleLastUsed: undefined, Tags: undefined }
}

/** A managed policy attached to a user or role (ListAttached*Policies, GetAccountAuthorizationDetails). */
export function attachedPolicyXml(arn: string): { PolicyName: string; PolicyArn: string } {
  return { PolicyName: arn.slice(arn.lastIndexOf('/') + 1), PolicyArn: arn }
}

/**
 * A role as GetAccountAuthorizationDetails returns it (RoleDetail): its inline policies' documents
 * and attached policies inline, and no Description or MaxSessionDuration (not part of RoleDetail).
 * The sandbox has no instance profiles, so that list is always empty.
 */
export function roleDetailXml(role: RoleRecord, trustPolicyText: string): Record<string, ApiValue> {
  return {
    ...roleIdentityXml(role, trustPolicyText),
    InstanceProfileList: [],
    RolePolicyList: [...role.inlinePolicies].map(([name, text]) => ({ PolicyName: name, PolicyDocument: encodeDocument(text) })),
    AttachedManagedPolicies: role.attachedPolicies.map(attachedPolicyXml),
    PermissionsBoundary: boundaryXml(role),
    Tags: role.tags.length > 0 ? role.tags : undefined,
    RoleLastUsed: {}
  }
}

export function policyXml(policy: ManagedPolicyRecord, attachmentCount: number): Record<string, ApiValue> {
  return {
    PolicyName: policy.name,
    PolicyId: policy.policyId,
    Arn: policy.arn,
    Path: policy.path,
    DefaultVersionId: policy.defaultVersionId,
    AttachmentCount: attachmentCount,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    Description: policy.description,
    CreateDate: policy.createDate,
    UpdateDate: policy.updateDate
  }
}

export function policyVersionXml(policy: ManagedPolicyRecord, version: PolicyVersionRecord, withDocument: boolean): Record<string, ApiValue> {
  return {
    Document: withDocument ? encodeDocument(version.text) : undefined,
    VersionId: version.versionId,
    IsDefaultVersion: version.versionId === policy.defaultVersionId,
    CreateDate: version.createDate
  }
}
