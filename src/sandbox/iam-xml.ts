/**
 * IAM's XML shapes for roles, managed policies and versions, as the real @aws-sdk/client-iam
 * parses them. Policy documents are URL-encoded, as AWS returns them (DESIGN §7: the SDK does not
 * decode them; callers must).
 */
import type { ManagedPolicyRecord, PolicyVersionRecord, RoleRecord } from './state.js'
import type { XmlValue } from './xml.js'

/** IAM's encoding of policy documents in responses (RFC 3986 percent-encoding). */
export function encodeDocument(text: string): string {
  return encodeURIComponent(text)
}

/** A role as IAM returns it; `trustPolicyText` is the effective one (SandboxState.effectiveTrustPolicyText). */
export function roleXml(role: RoleRecord, trustPolicyText: string): Record<string, XmlValue> {
  return {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.roleId,
    Arn: role.arn,
    CreateDate: role.createDate,
    AssumeRolePolicyDocument: encodeDocument(trustPolicyText),
    Description: role.description,
    MaxSessionDuration: role.maxSessionDuration,
    PermissionsBoundary: role.permissionsBoundary ? { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: role.permissionsBoundary } : undefined,
    Tags: role.tags.length > 0 ? role.tags : undefined,
    RoleLastUsed: {}
  }
}

export function policyXml(policy: ManagedPolicyRecord, attachmentCount: number): Record<string, XmlValue> {
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

export function policyVersionXml(policy: ManagedPolicyRecord, version: PolicyVersionRecord, withDocument: boolean): Record<string, XmlValue> {
  return {
    Document: withDocument ? encodeDocument(version.text) : undefined,
    VersionId: version.versionId,
    IsDefaultVersion: version.versionId === policy.defaultVersionId,
    CreateDate: version.createDate
  }
}
