/**
 * IAM role operations: create/get/update/delete, trust policy, inline and attached policies, tags,
 * and the paged ListRoles.
 */
import { ROLE_MAX_SESSION_SECONDS } from '../../../core/aws-limits.js'
import type { IamContext, IamOperation } from './types.js'
import { attachedPolicyOperations, inlinePolicyOperations, type InlinePolicyOwnerKind } from './owner-policies.js'
import { IAM_LIMITS, alreadyExists, deleteConflict, limitExceeded, noSuchEntity, policySize } from './errors.js'
import { pageOf, pageRequest, roleKey, sortedRoles } from './paging.js'
import { listedRoleXml, roleXml } from './shapes.js'
import { parsePolicyText, parseTrustPolicyText } from '../policy-validate.js'
import { PATTERNS } from '../params.js'
import type { RoleRecord } from '../records.js'
import { nameParam, policyDocumentParam } from './names.js'

function roleArnFor(context: IamContext, name: string): string {
  return context.deps.store.getRole(context.accountId, name)?.arn ?? `arn:aws:iam::${context.accountId}:role/${name}`
}

/** The role named by `RoleName`, after authorizing the operation on it. */
async function authorizedRole(context: IamContext): Promise<RoleRecord> {
  const name = nameParam(context, 'RoleName')
  context.trailParameters.roleName = name
  await context.authorize(roleArnFor(context, name))
  const role = context.deps.store.getRole(context.accountId, name)
  if (!role) throw noSuchEntity(`The role with name ${name} cannot be found.`)
  return role
}

function trustPolicyText(context: IamContext, param: string): string {
  const text = policyDocumentParam(context, param)
  if (policySize(text) > IAM_LIMITS.trustPolicyChars) throw limitExceeded(`Cannot exceed quota for ACLSizePerRole: ${IAM_LIMITS.trustPolicyChars}`)
  parseTrustPolicyText(context.deps.store, text)
  return text
}

function maxSessionDuration(context: IamContext): number | undefined {
  return context.params.integer('MaxSessionDuration', ROLE_MAX_SESSION_SECONDS.min, ROLE_MAX_SESSION_SECONDS.max)
}

function boundaryParam(context: IamContext): string | undefined {
  const arn = context.params.optional('PermissionsBoundary')
  if (arn !== undefined && !context.deps.store.getManagedPolicy(arn)) throw noSuchEntity(`Scope ARN: ${arn} does not exist or is not attachable.`)
  return arn
}

const ROLE_POLICIES: InlinePolicyOwnerKind<RoleRecord> = {
  noun: 'Role',
  sizeLimit: IAM_LIMITS.roleInlineChars,
  attachedLimit: { count: IAM_LIMITS.attachedPerRole, quotaName: 'PoliciesPerRole' },
  resolve: authorizedRole,
  policyName: (context) => nameParam(context, 'PolicyName', 128)
}

export const IAM_ROLE_OPERATIONS: Record<string, IamOperation> = {
  ...inlinePolicyOperations(ROLE_POLICIES),
  ...attachedPolicyOperations(ROLE_POLICIES),

  GetRole: {
    readOnly: true,
    async run(context) {
      const role = await authorizedRole(context)
      return { result: { Role: roleXml(role, context.deps.store.effectiveTrustPolicyText(role)) } }
    }
  },

  CreateRole: {
    readOnly: false,
    async run(context) {
      const { params, deps, accountId } = context
      const name = nameParam(context, 'RoleName')
      const path = params.checked('Path', params.optional('Path') ?? '/', 1, 512, PATTERNS.path)
      const trust = params.required('AssumeRolePolicyDocument')
      const description = params.optional('Description')
      if (description !== undefined) params.checked('Description', description, 0, 1000, PATTERNS.roleDescription)
      context.trailParameters = { roleName: name, path, assumeRolePolicyDocument: trust, ...(description === undefined ? {} : { description }) }
      await context.authorize(`arn:aws:iam::${accountId}:role${path}${name}`)
      if (deps.store.getRole(accountId, name)) throw alreadyExists(`Role with name ${name} already exists.`)
      const text = trustPolicyText(context, 'AssumeRolePolicyDocument')
      const maxSession = maxSessionDuration(context)
      const boundary = boundaryParam(context)
      const tags = params.tags()
      if (tags.length > IAM_LIMITS.tagsPerRole) throw limitExceeded(`Cannot exceed quota for TagsPerRole: ${IAM_LIMITS.tagsPerRole}`)
      const role = deps.store.putRole(
        accountId,
        {
          name,
          path,
          trustPolicy: parsePolicyText(text),
          maxSessionDurationSeconds: maxSession,
          description,
          tags: Object.fromEntries(tags.map((t) => [t.Key, t.Value])),
          permissionsBoundary: boundary
        },
        context.now
      )
      deps.store.setTrustPolicy(role, text)
      return { result: { Role: roleXml(role, text) }, responseElements: { role: { path, roleName: name, roleId: role.roleId, arn: role.arn, createDate: role.createDate.toUTCString() } } }
    }
  },

  UpdateAssumeRolePolicy: {
    readOnly: false,
    async run(context) {
      const role = await authorizedRole(context)
      const text = trustPolicyText(context, 'PolicyDocument')
      context.trailParameters.policyDocument = text
      context.deps.store.setTrustPolicy(role, text)
      return {}
    }
  },

  UpdateRole: {
    readOnly: false,
    async run(context) {
      const role = await authorizedRole(context)
      const maxSession = maxSessionDuration(context)
      const description = context.params.optional('Description')
      if (description !== undefined) context.params.checked('Description', description, 0, 1000, PATTERNS.roleDescription)
      if (maxSession !== undefined) role.maxSessionDuration = maxSession
      if (description !== undefined) role.description = description
      Object.assign(context.trailParameters, maxSession === undefined ? {} : { maxSessionDuration: maxSession }, description === undefined ? {} : { description })
      return { result: {} }
    }
  },

  DeleteRole: {
    readOnly: false,
    async run(context) {
      const role = await authorizedRole(context)
      if (role.inlinePolicies.size > 0) throw deleteConflict('Cannot delete entity, must delete policies first.')
      if (role.attachedPolicies.length > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.')
      context.deps.store.deleteRole(context.accountId, role.name)
      return {}
    }
  },

  TagRole: {
    readOnly: false,
    async run(context) {
      const role = await authorizedRole(context)
      const tags = context.params.tags()
      context.trailParameters.tags = tags.map((t) => ({ key: t.Key, value: t.Value }))
      for (const tag of tags) {
        const existing = role.tags.find((t) => t.Key === tag.Key)
        if (existing) existing.Value = tag.Value
        else role.tags.push({ ...tag })
      }
      if (role.tags.length > IAM_LIMITS.tagsPerRole) throw limitExceeded(`Cannot exceed quota for TagsPerRole: ${IAM_LIMITS.tagsPerRole}`)
      return {}
    }
  },

  UntagRole: {
    readOnly: false,
    async run(context) {
      const role = await authorizedRole(context)
      const keys = context.params.list('TagKeys')
      context.trailParameters.tagKeys = keys
      role.tags = role.tags.filter((t) => !keys.includes(t.Key))
      return {}
    }
  },

  ListRoles: {
    readOnly: true,
    async run(context) {
      const prefix = context.params.optional('PathPrefix') ?? '/'
      context.trailParameters.pathPrefix = prefix
      const request = pageRequest(context)
      // ListRoles has no resource type: it is authorized on "*".
      await context.authorize('*')
      const state = context.deps.store
      const roles = sortedRoles(state, context.accountId).filter((r) => r.path.startsWith(prefix))
      const page = pageOf(roles, roleKey, request)
      return { result: { Roles: page.items.map((r) => listedRoleXml(r, state.effectiveTrustPolicyText(r))), IsTruncated: page.isTruncated, Marker: page.marker } }
    }
  },

  ListRoleTags: {
    readOnly: true,
    async run(context) {
      const role = await authorizedRole(context)
      return { result: { Tags: role.tags, IsTruncated: false } }
    }
  }
}
