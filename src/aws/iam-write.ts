/**
 * The writing half of IamPort (init --apply). Each method is exactly one IAM call, so a caller can
 * count, order and report them; documents are sent as compact JSON.
 */
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DeleteUserPolicyCommand,
  DetachRolePolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
  type IAMClient,
  type Tag
} from '@aws-sdk/client-iam'
import type { IamWritePort } from '../core/ports/aws.js'
import { callAws, malformed, type ServiceContext } from './call.js'
import { encodePolicyDocument } from './policy-encoding.js'
import { roleInfoOf } from './iam-role.js'

function tagList(tags: Record<string, string>): Tag[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }))
}

export function createIamWritePort(client: IAMClient, context: ServiceContext): IamWritePort {
  return {
    async createRole(input) {
      const command = new CreateRoleCommand({
        RoleName: input.roleName,
        Path: input.path,
        AssumeRolePolicyDocument: encodePolicyDocument(input.trustPolicy),
        MaxSessionDuration: input.maxSessionDurationSeconds,
        Description: input.description,
        Tags: tagList(input.tags)
      })
      const output = await callAws(context, 'CreateRole', (abortSignal) => client.send(command, { abortSignal }))
      // CreateRole echoes the role; some stand-ins omit the document, which we just sent.
      const role = output.Role && { ...output.Role, AssumeRolePolicyDocument: output.Role.AssumeRolePolicyDocument ?? encodePolicyDocument(input.trustPolicy) }
      return roleInfoOf(context, 'CreateRole', role, output.$metadata.requestId)
    },
    async updateAssumeRolePolicy(roleName, trustPolicy) {
      const command = new UpdateAssumeRolePolicyCommand({ RoleName: roleName, PolicyDocument: encodePolicyDocument(trustPolicy) })
      await callAws(context, 'UpdateAssumeRolePolicy', (abortSignal) => client.send(command, { abortSignal }))
    },
    async updateRole(roleName, changes) {
      const command = new UpdateRoleCommand({ RoleName: roleName, MaxSessionDuration: changes.maxSessionDurationSeconds, Description: changes.description })
      await callAws(context, 'UpdateRole', (abortSignal) => client.send(command, { abortSignal }))
    },
    async tagRole(roleName, tags) {
      const command = new TagRoleCommand({ RoleName: roleName, Tags: tagList(tags) })
      await callAws(context, 'TagRole', (abortSignal) => client.send(command, { abortSignal }))
    },
    async untagRole(roleName, tagKeys) {
      const command = new UntagRoleCommand({ RoleName: roleName, TagKeys: [...tagKeys] })
      await callAws(context, 'UntagRole', (abortSignal) => client.send(command, { abortSignal }))
    },
    async putRolePolicy(roleName, policyName, document) {
      const command = new PutRolePolicyCommand({ RoleName: roleName, PolicyName: policyName, PolicyDocument: encodePolicyDocument(document) })
      await callAws(context, 'PutRolePolicy', (abortSignal) => client.send(command, { abortSignal }))
    },
    async deleteRolePolicy(roleName, policyName) {
      const command = new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: policyName })
      await callAws(context, 'DeleteRolePolicy', (abortSignal) => client.send(command, { abortSignal }))
    },
    async createPolicy(input) {
      const command = new CreatePolicyCommand({
        PolicyName: input.policyName,
        Path: input.path,
        PolicyDocument: encodePolicyDocument(input.document),
        Description: input.description,
        Tags: tagList(input.tags)
      })
      const output = await callAws(context, 'CreatePolicy', (abortSignal) => client.send(command, { abortSignal }))
      const policy = output.Policy
      if (!policy?.Arn || !policy.PolicyName) throw malformed(context, 'CreatePolicy', 'the response has no Policy', output.$metadata.requestId)
      return { arn: policy.Arn, name: policy.PolicyName, defaultVersionId: policy.DefaultVersionId ?? 'v1' }
    },
    async createPolicyVersion(policyArn, document, setAsDefault) {
      const command = new CreatePolicyVersionCommand({ PolicyArn: policyArn, PolicyDocument: encodePolicyDocument(document), SetAsDefault: setAsDefault })
      const output = await callAws(context, 'CreatePolicyVersion', (abortSignal) => client.send(command, { abortSignal }))
      const version = output.PolicyVersion
      if (!version?.VersionId) throw malformed(context, 'CreatePolicyVersion', 'the response has no PolicyVersion', output.$metadata.requestId)
      return { versionId: version.VersionId, isDefault: version.IsDefaultVersion ?? setAsDefault, createDate: version.CreateDate ?? new Date() }
    },
    async deletePolicyVersion(policyArn, versionId) {
      const command = new DeletePolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId })
      await callAws(context, 'DeletePolicyVersion', (abortSignal) => client.send(command, { abortSignal }))
    },
    async attachRolePolicy(roleName, policyArn) {
      const command = new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: policyArn })
      await callAws(context, 'AttachRolePolicy', (abortSignal) => client.send(command, { abortSignal }))
    },
    async putUserPolicy(userName, policyName, document) {
      const command = new PutUserPolicyCommand({ UserName: userName, PolicyName: policyName, PolicyDocument: encodePolicyDocument(document) })
      await callAws(context, 'PutUserPolicy', (abortSignal) => client.send(command, { abortSignal }))
    },
    async deleteUserPolicy(userName, policyName) {
      const command = new DeleteUserPolicyCommand({ UserName: userName, PolicyName: policyName })
      await callAws(context, 'DeleteUserPolicy', (abortSignal) => client.send(command, { abortSignal }))
    },
    async detachRolePolicy(roleName, policyArn) {
      const command = new DetachRolePolicyCommand({ RoleName: roleName, PolicyArn: policyArn })
      await callAws(context, 'DetachRolePolicy', (abortSignal) => client.send(command, { abortSignal }))
    },
    async deletePolicy(policyArn) {
      const command = new DeletePolicyCommand({ PolicyArn: policyArn })
      await callAws(context, 'DeletePolicy', (abortSignal) => client.send(command, { abortSignal }))
    },
    async deleteRole(roleName) {
      const command = new DeleteRoleCommand({ RoleName: roleName })
      await callAws(context, 'DeleteRole', (abortSignal) => client.send(command, { abortSignal }))
    }
  }
}
