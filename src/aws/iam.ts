/**
 * IamPort over the SDK's IAM client: reads here, writes in iam-write.ts. Documents are decoded
 * (IAM URL-encodes them), lists are paged to the end (bounded, paging.ts), and "no such entity"
 * on a lookup is `undefined`, not an error. Loaded lazily by the factory on first use.
 */
import {
  GetAccountAuthorizationDetailsCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListUserPoliciesCommand,
  SimulatePrincipalPolicyCommand,
  type ContextEntry,
  type IAMClientConfig
} from '@aws-sdk/client-iam'
import { isAwsCallError } from '../core/ports/aws-error.js'
import type { IamPort, IamReadPort } from '../core/ports/aws.js'
import { callAws, malformed, type ServiceContext } from './call.js'
import { allPages } from './paging.js'
import { decodeOrThrow, listedRoleOf, roleDetailsOf, roleInfoOf } from './iam-role.js'
import { createIamWritePort } from './iam-write.js'
import { contextEntries } from './simulate-context.js'

export function createIamPort(config: IAMClientConfig, context: ServiceContext): IamPort {
  const client = new IAMClient(config)
  return { ...createIamReadPort(client, context), ...createIamWritePort(client, context) }
}

/** Undefined instead of a not-found error (lookups whose absence is an answer). */
async function orUndefined<T>(run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run()
  } catch (error) {
    if (isAwsCallError(error) && error.failure.kind === 'not-found') return undefined
    throw error
  }
}

/**
 * Items per page of the account-wide listings (IAM's maximum): an account holds at most 5,000
 * roles, so ListRoles needs at most 5 pages. GetAccountAuthorizationDetails may return fewer per
 * page when the policies are large; ACCOUNT_LISTING_MAX_PAGES bounds both.
 */
const ACCOUNT_LISTING_PAGE_SIZE = 1_000
const ACCOUNT_LISTING_MAX_PAGES = 20

function createIamReadPort(client: IAMClient, context: ServiceContext): IamReadPort {
  const broken = (operation: string) => (what: string) => malformed(context, operation, what)
  return {
    async getRole(roleName) {
      return orUndefined(async () => {
        const output = await callAws(context, 'GetRole', (abortSignal) => client.send(new GetRoleCommand({ RoleName: roleName }), { abortSignal }))
        return roleInfoOf(context, 'GetRole', output.Role, output.$metadata.requestId)
      })
    },
    async listRolePolicies(roleName) {
      return allPages(async (Marker) => {
        const output = await callAws(context, 'ListRolePolicies', (abortSignal) => client.send(new ListRolePoliciesCommand({ RoleName: roleName, Marker }), { abortSignal }))
        return { items: output.PolicyNames ?? [], answered: output.PolicyNames !== undefined, isTruncated: output.IsTruncated, marker: output.Marker }
      }, broken('ListRolePolicies'))
    },
    async getRolePolicy(roleName, policyName) {
      return orUndefined(async () => {
        const output = await callAws(context, 'GetRolePolicy', (abortSignal) => client.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }), { abortSignal }))
        return decodeOrThrow(context, 'GetRolePolicy', output.PolicyDocument, output.$metadata.requestId)
      })
    },
    async listAttachedRolePolicies(roleName) {
      return allPages(async (Marker) => {
        const output = await callAws(context, 'ListAttachedRolePolicies', (abortSignal) => client.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName, Marker }), { abortSignal }))
        const items = (output.AttachedPolicies ?? []).map((p) => ({ arn: p.PolicyArn ?? '', name: p.PolicyName ?? '' }))
        return { items, answered: output.AttachedPolicies !== undefined, isTruncated: output.IsTruncated, marker: output.Marker }
      }, broken('ListAttachedRolePolicies'))
    },
    async getPolicy(policyArn) {
      return orUndefined(async () => {
        const output = await callAws(context, 'GetPolicy', (abortSignal) => client.send(new GetPolicyCommand({ PolicyArn: policyArn }), { abortSignal }))
        const policy = output.Policy
        if (!policy?.Arn || !policy.PolicyName) throw malformed(context, 'GetPolicy', 'the response has no Policy', output.$metadata.requestId)
        return { arn: policy.Arn, name: policy.PolicyName, defaultVersionId: policy.DefaultVersionId ?? 'v1' }
      })
    },
    async getPolicyVersion(policyArn, versionId) {
      const output = await callAws(context, 'GetPolicyVersion', (abortSignal) => client.send(new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId }), { abortSignal }))
      return decodeOrThrow(context, 'GetPolicyVersion', output.PolicyVersion?.Document, output.$metadata.requestId)
    },
    async listPolicyVersions(policyArn) {
      return allPages(async (Marker) => {
        const output = await callAws(context, 'ListPolicyVersions', (abortSignal) => client.send(new ListPolicyVersionsCommand({ PolicyArn: policyArn, Marker }), { abortSignal }))
        const items = (output.Versions ?? []).map((v) => ({ versionId: v.VersionId ?? '', isDefault: v.IsDefaultVersion ?? false, createDate: v.CreateDate ?? new Date(0) }))
        return { items, answered: output.Versions !== undefined, isTruncated: output.IsTruncated, marker: output.Marker }
      }, broken('ListPolicyVersions'))
    },
    async listUserPolicies(userName) {
      return allPages(async (Marker) => {
        const output = await callAws(context, 'ListUserPolicies', (abortSignal) => client.send(new ListUserPoliciesCommand({ UserName: userName, Marker }), { abortSignal }))
        return { items: output.PolicyNames ?? [], answered: output.PolicyNames !== undefined, isTruncated: output.IsTruncated, marker: output.Marker }
      }, broken('ListUserPolicies'))
    },
    async getUserPolicy(userName, policyName) {
      return orUndefined(async () => {
        const output = await callAws(context, 'GetUserPolicy', (abortSignal) => client.send(new GetUserPolicyCommand({ UserName: userName, PolicyName: policyName }), { abortSignal }))
        return decodeOrThrow(context, 'GetUserPolicy', output.PolicyDocument, output.$metadata.requestId)
      })
    },
    async listAttachedUserPolicies(userName) {
      return allPages(async (Marker) => {
        const output = await callAws(context, 'ListAttachedUserPolicies', (abortSignal) => client.send(new ListAttachedUserPoliciesCommand({ UserName: userName, Marker }), { abortSignal }))
        const items = (output.AttachedPolicies ?? []).map((p) => ({ arn: p.PolicyArn ?? '', name: p.PolicyName ?? '' }))
        return { items, answered: output.AttachedPolicies !== undefined, isTruncated: output.IsTruncated, marker: output.Marker }
      }, broken('ListAttachedUserPolicies'))
    },
    async listRoles() {
      return allPages(
        async (Marker) => {
          const output = await callAws(context, 'ListRoles', (abortSignal) => client.send(new ListRolesCommand({ Marker, MaxItems: ACCOUNT_LISTING_PAGE_SIZE }), { abortSignal }))
          return { items: (output.Roles ?? []).map((role) => listedRoleOf(context, 'ListRoles', role, output.$metadata.requestId)), answered: output.Roles !== undefined, isTruncated: output.IsTruncated, marker: output.Marker }
        },
        broken('ListRoles'),
        ACCOUNT_LISTING_MAX_PAGES
      )
    },
    async listRoleDetails() {
      return allPages(
        async (Marker) => {
          const output = await callAws(context, 'GetAccountAuthorizationDetails', (abortSignal) => client.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'], Marker, MaxItems: ACCOUNT_LISTING_PAGE_SIZE }), { abortSignal }))
          return { items: (output.RoleDetailList ?? []).map((detail) => roleDetailsOf(context, detail, output.$metadata.requestId)), answered: output.RoleDetailList !== undefined, isTruncated: output.IsTruncated, marker: output.Marker }
        },
        broken('GetAccountAuthorizationDetails'),
        ACCOUNT_LISTING_MAX_PAGES
      )
    },
    async simulatePrincipalPolicy(input) {
      const ContextEntries: ContextEntry[] = contextEntries(input.context)
      return allPages(async (Marker) => {
        const command = new SimulatePrincipalPolicyCommand({
          PolicySourceArn: input.policySourceArn,
          ActionNames: input.actionNames,
          ResourceArns: input.resourceArns,
          ContextEntries,
          Marker
        })
        const output = await callAws(context, 'SimulatePrincipalPolicy', (abortSignal) => client.send(command, { abortSignal }))
        const items = (output.EvaluationResults ?? []).map((result) => ({
          action: result.EvalActionName ?? '',
          resource: result.EvalResourceName ?? '*',
          decision: result.EvalDecision === 'allowed' ? ('allowed' as const) : result.EvalDecision === 'explicitDeny' ? ('explicitDeny' as const) : ('implicitDeny' as const),
          matchedStatements: (result.MatchedStatements ?? []).map((s) => s.SourcePolicyId ?? '').filter((id) => id !== '')
        }))
        return { items, isTruncated: output.IsTruncated, marker: output.Marker }
      }, broken('SimulatePrincipalPolicy'))
    }
  }
}
