/**
 * IAM managed policies (create, get, versions) and user policies (inline put/get/list/delete,
 * attached list/attach).
 */
import type { IamContext, IamOperation } from './types.js'
import { attachedPolicyOperations, inlinePolicyOperations, type InlinePolicyOwnerKind } from './owner-policies.js'
import { IAM_LIMITS, alreadyExists, deleteConflict, limitExceeded, noSuchEntity, policySize } from './errors.js'
import { nameParam, policyDocumentParam } from './names.js'
import { policyVersionXml, policyXml } from './shapes.js'
import { parsePolicyText } from '../policy-validate.js'
import { PATTERNS } from '../params.js'
import type { ManagedPolicyRecord, UserRecord } from '../records.js'

function attachmentCount(context: IamContext, arn: string): number {
  const account = context.deps.store.account(context.accountId)
  if (!account) return 0
  let count = 0
  for (const role of account.roles.values()) if (role.attachedPolicies.includes(arn)) count++
  for (const user of account.users.values()) if (user.attachedPolicies.includes(arn)) count++
  return count
}

function notFound(arn: string) {
  return noSuchEntity(`Policy ${arn} does not exist or is not attachable.`)
}

/** The managed policy named by `PolicyArn`, visible to the caller's account, after authorizing. */
async function authorizedPolicy(context: IamContext, writable = false): Promise<ManagedPolicyRecord> {
  const arn = context.params.checked('PolicyArn', context.params.required('PolicyArn'), 20, 2048)
  context.trailParameters.policyArn = arn
  await context.authorize(arn)
  const policy = context.deps.store.getManagedPolicy(arn)
  const visible = policy && (policy.accountId === context.accountId || (policy.accountId === 'aws' && !writable))
  if (!policy || !visible) throw notFound(arn)
  return policy
}

function managedPolicyText(context: IamContext): string {
  const text = policyDocumentParam(context)
  context.trailParameters.policyDocument = text
  if (policySize(text) > IAM_LIMITS.managedPolicyChars) throw limitExceeded(`Cannot exceed quota for PolicySize: ${IAM_LIMITS.managedPolicyChars}`)
  parsePolicyText(text)
  return text
}

async function authorizedUser(context: IamContext): Promise<UserRecord> {
  const name = nameParam(context, 'UserName')
  context.trailParameters.userName = name
  const user = context.deps.store.getUser(context.accountId, name)
  await context.authorize(user?.arn ?? `arn:aws:iam::${context.accountId}:user/${name}`)
  if (!user) throw noSuchEntity(`The user with name ${name} cannot be found.`)
  return user
}

const USER_POLICIES: InlinePolicyOwnerKind<UserRecord> = {
  noun: 'User',
  sizeLimit: IAM_LIMITS.userInlineChars,
  attachedLimit: { count: IAM_LIMITS.attachedPerUser, quotaName: 'PoliciesPerUser' },
  resolve: authorizedUser,
  policyName: (context) => nameParam(context, 'PolicyName', 128)
}

export const IAM_POLICY_OPERATIONS: Record<string, IamOperation> = {
  ...inlinePolicyOperations(USER_POLICIES),
  ...attachedPolicyOperations(USER_POLICIES),

  CreatePolicy: {
    readOnly: false,
    async run(context) {
      const { params, deps, accountId } = context
      const name = nameParam(context, 'PolicyName', 128)
      const path = params.checked('Path', params.optional('Path') ?? '/', 1, 512, PATTERNS.policyPath)
      const description = params.optional('Description')
      const arn = `arn:aws:iam::${accountId}:policy${path}${name}`
      Object.assign(context.trailParameters, { policyName: name, path })
      await context.authorize(arn)
      if ([...(deps.store.account(accountId)?.policies.values() ?? [])].some((p) => p.name.toLowerCase() === name.toLowerCase())) {
        throw alreadyExists(`A policy called ${name} already exists. Duplicate names are not allowed.`)
      }
      const text = managedPolicyText(context)
      const policy = deps.store.addManagedPolicy(accountId, name, path, text, context.now, description)
      return { result: { Policy: policyXml(policy, 0) }, responseElements: { policy: { policyName: name, policyId: policy.policyId, arn, path, defaultVersionId: 'v1' } } }
    }
  },

  GetPolicy: {
    readOnly: true,
    async run(context) {
      const policy = await authorizedPolicy(context)
      return { result: { Policy: policyXml(policy, attachmentCount(context, policy.arn)) } }
    }
  },

  DeletePolicy: {
    readOnly: false,
    async run(context) {
      const policy = await authorizedPolicy(context, true)
      if (attachmentCount(context, policy.arn) > 0) throw deleteConflict('Cannot delete a policy attached to entities.')
      if (policy.versions.length > 1) throw deleteConflict("This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.")
      context.deps.store.account(context.accountId)?.policies.delete(policy.arn)
      return {}
    }
  },

  CreatePolicyVersion: {
    readOnly: false,
    async run(context) {
      const policy = await authorizedPolicy(context, true)
      const text = managedPolicyText(context)
      if (policy.versions.length >= IAM_LIMITS.policyVersions) {
        throw limitExceeded(`A managed policy can have up to ${IAM_LIMITS.policyVersions} versions. Before you create a new version, you must delete an existing version.`)
      }
      const setAsDefault = context.params.optional('SetAsDefault') === 'true'
      const version = { versionId: `v${policy.nextVersionNumber++}`, text, createDate: context.now }
      policy.versions.push(version)
      if (setAsDefault) policy.defaultVersionId = version.versionId
      policy.updateDate = context.now
      context.trailParameters.setAsDefault = setAsDefault
      return {
        result: { PolicyVersion: policyVersionXml(policy, version, false) },
        responseElements: { policyVersion: { versionId: version.versionId, isDefaultVersion: setAsDefault, createDate: version.createDate.toUTCString() } }
      }
    }
  },

  GetPolicyVersion: {
    readOnly: true,
    async run(context) {
      const policy = await authorizedPolicy(context)
      const versionId = context.params.required('VersionId')
      context.trailParameters.versionId = versionId
      const version = policy.versions.find((v) => v.versionId === versionId)
      if (!version) throw noSuchEntity(`Policy ${policy.arn} version ${versionId} does not exist or is not attachable.`)
      return { result: { PolicyVersion: policyVersionXml(policy, version, true) } }
    }
  },

  ListPolicyVersions: {
    readOnly: true,
    async run(context) {
      const policy = await authorizedPolicy(context)
      const versions = [...policy.versions].reverse().map((v) => policyVersionXml(policy, v, false))
      return { result: { Versions: versions, IsTruncated: false } }
    }
  },

  DeletePolicyVersion: {
    readOnly: false,
    async run(context) {
      const policy = await authorizedPolicy(context, true)
      const versionId = context.params.required('VersionId')
      context.trailParameters.versionId = versionId
      if (versionId === policy.defaultVersionId) throw deleteConflict('Cannot delete the default version of a policy.')
      const index = policy.versions.findIndex((v) => v.versionId === versionId)
      if (index < 0) throw noSuchEntity(`Policy ${policy.arn} version ${versionId} does not exist or is not attachable.`)
      policy.versions.splice(index, 1)
      return {}
    }
  },

  SetDefaultPolicyVersion: {
    readOnly: false,
    async run(context) {
      const policy = await authorizedPolicy(context, true)
      const versionId = context.params.required('VersionId')
      context.trailParameters.versionId = versionId
      if (!policy.versions.some((v) => v.versionId === versionId)) throw noSuchEntity(`Policy ${policy.arn} version ${versionId} does not exist or is not attachable.`)
      policy.defaultVersionId = versionId
      policy.updateDate = context.now
      return {}
    }
  },

  GetUser: {
    readOnly: true,
    async run(context) {
      const { caller } = context.request
      const self = caller.type === 'IAMUser' ? context.deps.store.getUser(context.accountId, caller.arn.slice(caller.arn.lastIndexOf('/') + 1)) : undefined
      const user = context.params.optional('UserName') === undefined && self ? self : await authorizedUser(context)
      return { result: { User: { Path: user.path, UserName: user.name, UserId: user.userId, Arn: user.arn, CreateDate: user.createDate } } }
    }
  }
}
