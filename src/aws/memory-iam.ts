/**
 * IamPort over the in-memory store (memory.ts). Acts on the caller's own account, as IAM does.
 * IAM calls are not authorized against the caller's policies: script denials with
 * `MemoryAws.failNext` / `failWhen`. The store's own rules (no such role, version limit, default
 * version not deletable, role already exists) answer with IAM's error codes and messages.
 */
import { AwsCallError } from '../core/ports/aws-error.js'
import { evaluateOnce, type PolicyDocument } from '../core/evaluate.js'
import type { IamPort, ManagedPolicyInfo, ManagedPolicyRef, RoleInfo, SimulationResult } from '../core/ports/aws.js'
import {
  DEFAULT_MAX_SESSION_SECONDS,
  MAX_POLICY_VERSIONS,
  identityPoliciesOf,
  type MemoryAccount,
  type MemoryCall,
  type MemoryContext,
  type MemoryIdentity,
  type MemoryManagedPolicy,
  type MemoryRole
} from './memory-store.js'

/** Deep copy so callers never alias the store (a port returning a live object would hide bugs). */
function copy<T>(value: T): T {
  return structuredClone(value)
}

function iamError(call: MemoryCall, awsCode: string, awsMessage: string, statusCode: number): AwsCallError {
  const kind = awsCode === 'NoSuchEntity' ? 'not-found' : 'invalid-request'
  return new AwsCallError({ service: 'iam', operation: call.operation, kind, awsCode, awsMessage, statusCode, requestId: 'memory-request' })
}

export function roleInfo(accountId: string, role: MemoryRole): RoleInfo {
  return {
    arn: `arn:aws:iam::${accountId}:role${role.path}${role.name}`,
    name: role.name,
    path: role.path,
    roleId: role.roleId,
    trustPolicy: copy(role.trustPolicy),
    maxSessionDurationSeconds: role.maxSessionDurationSeconds,
    description: role.description,
    permissionsBoundaryArn: role.permissionsBoundaryArn,
    tags: { ...role.tags }
  }
}

/** An attached managed policy as IAM lists it: the ARN and the name, its last path segment. */
function attachedPolicyRef(arn: string): ManagedPolicyRef {
  return { arn, name: arn.slice(arn.lastIndexOf('/') + 1) }
}

function policyInfo(policy: MemoryManagedPolicy): ManagedPolicyInfo {
  const defaultVersion = policy.versions.find((v) => v.isDefault)
  return { arn: policy.arn, name: policy.name, defaultVersionId: defaultVersion?.versionId ?? 'v1' }
}

/** Context values for the evaluator: one value stays a string, several a list (as IAM's context entries). */
function toEvaluatorContext(context: Record<string, string[]> | undefined): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {}
  for (const [key, values] of Object.entries(context ?? {})) result[key] = values.length === 1 ? (values[0] as string) : values
  return result
}

export function memoryIam(context: MemoryContext, caller: MemoryIdentity, region: string): IamPort {
  const account = (): MemoryAccount => context.account(caller.accountId)
  const begin = (operation: string, input: unknown): MemoryCall => context.begin('iam', operation, input, caller, region)

  const requireRole = (call: MemoryCall, roleName: string): MemoryRole => {
    const role = account().roles[roleName]
    if (!role) context.reject(call, iamError(call, 'NoSuchEntity', `The role with name ${roleName} cannot be found.`, 404))
    return role
  }
  const requireUser = (call: MemoryCall, userName: string) => {
    const user = account().users[userName]
    if (!user) context.reject(call, iamError(call, 'NoSuchEntity', `The user with name ${userName} cannot be found.`, 404))
    return user
  }
  const requirePolicy = (call: MemoryCall, policyArn: string): MemoryManagedPolicy => {
    const accountId = policyArn.split(':')[4] ?? ''
    const policy = context.account(accountId).policies[policyArn]
    if (!policy) context.reject(call, iamError(call, 'NoSuchEntity', `Policy ${policyArn} does not exist or is not attachable.`, 404))
    return policy
  }

  return {
    async getRole(roleName) {
      begin('GetRole', { roleName })
      const role = account().roles[roleName]
      return role ? roleInfo(caller.accountId, role) : undefined
    },
    async listRolePolicies(roleName) {
      const call = begin('ListRolePolicies', { roleName })
      return Object.keys(requireRole(call, roleName).inlinePolicies)
    },
    async getRolePolicy(roleName, policyName) {
      const call = begin('GetRolePolicy', { roleName, policyName })
      const document = requireRole(call, roleName).inlinePolicies[policyName]
      return document ? copy(document) : undefined
    },
    async listAttachedRolePolicies(roleName) {
      const call = begin('ListAttachedRolePolicies', { roleName })
      return requireRole(call, roleName).attachedPolicyArns.map(attachedPolicyRef)
    },
    async getPolicy(policyArn) {
      begin('GetPolicy', { policyArn })
      const accountId = policyArn.split(':')[4] ?? ''
      const policy = context.account(accountId).policies[policyArn]
      return policy ? policyInfo(policy) : undefined
    },
    async getPolicyVersion(policyArn, versionId) {
      const call = begin('GetPolicyVersion', { policyArn, versionId })
      const version = requirePolicy(call, policyArn).versions.find((v) => v.versionId === versionId)
      if (!version) context.reject(call, iamError(call, 'NoSuchEntity', `Policy ${policyArn} version ${versionId} does not exist or is not attachable.`, 404))
      return copy(version.document)
    },
    async listPolicyVersions(policyArn) {
      const call = begin('ListPolicyVersions', { policyArn })
      return requirePolicy(call, policyArn).versions.map((v) => ({ versionId: v.versionId, isDefault: v.isDefault, createDate: v.createDate }))
    },
    async listUserPolicies(userName) {
      const call = begin('ListUserPolicies', { userName })
      return Object.keys(requireUser(call, userName).inlinePolicies)
    },
    async getUserPolicy(userName, policyName) {
      const call = begin('GetUserPolicy', { userName, policyName })
      const document = requireUser(call, userName).inlinePolicies[policyName]
      return document ? copy(document) : undefined
    },
    async listAttachedUserPolicies(userName) {
      const call = begin('ListAttachedUserPolicies', { userName })
      return requireUser(call, userName).attachedPolicyArns.map(attachedPolicyRef)
    },
    async listRoles() {
      begin('ListRoles', {})
      return Object.values(account().roles).map((role) => {
        const { permissionsBoundaryArn: _boundary, tags: _tags, ...listed } = roleInfo(caller.accountId, role)
        return listed
      })
    },
    async listRoleDetails() {
      begin('GetAccountAuthorizationDetails', { filter: ['Role'] })
      return Object.values(account().roles).map((role) => {
        const { maxSessionDurationSeconds: _max, description: _description, ...info } = roleInfo(caller.accountId, role)
        return {
          ...info,
          inlinePolicies: Object.entries(role.inlinePolicies).map(([name, document]) => ({ name, document: copy(document) })),
          attachedPolicies: role.attachedPolicyArns.map(attachedPolicyRef)
        }
      })
    },
    async simulatePrincipalPolicy(input) {
      const call = begin('SimulatePrincipalPolicy', input)
      const [, , , , accountId = '', resource = ''] = input.policySourceArn.split(':')
      const [type, ...rest] = resource.split('/')
      const name = rest[rest.length - 1] ?? ''
      const target = context.account(accountId)
      const entity = type === 'role' ? target.roles[name] : type === 'user' ? target.users[name] : undefined
      if (!entity) context.reject(call, iamError(call, 'NoSuchEntity', `The principal ${input.policySourceArn} cannot be found.`, 404))
      const identityPolicies = identityPoliciesOf(context, entity)
      const results: SimulationResult[] = []
      for (const action of input.actionNames) {
        for (const resourceArn of input.resourceArns) {
          const evaluation = await evaluateOnce({
            principal: input.policySourceArn,
            action,
            resource: resourceArn,
            // SimulatePrincipalPolicy evaluates the identity policies alone: resource in the principal's account.
            resourceAccount: accountId,
            context: toEvaluatorContext(input.context),
            identityPolicies
          })
          const decision = evaluation.allowed ? 'allowed' : evaluation.decision === 'ExplicitlyDenied' ? 'explicitDeny' : 'implicitDeny'
          results.push({ action, resource: resourceArn, decision, matchedStatements: [] })
        }
      }
      return results
    },

    async createRole(input) {
      const call = begin('CreateRole', input)
      if (account().roles[input.roleName]) {
        context.reject(call, iamError(call, 'EntityAlreadyExists', `Role with name ${input.roleName} already exists.`, 409))
      }
      const role: MemoryRole = {
        name: input.roleName,
        path: input.path,
        roleId: context.newId('AROA'),
        trustPolicy: copy(input.trustPolicy),
        inlinePolicies: {},
        attachedPolicyArns: [],
        maxSessionDurationSeconds: input.maxSessionDurationSeconds || DEFAULT_MAX_SESSION_SECONDS,
        description: input.description,
        tags: { ...input.tags }
      }
      account().roles[input.roleName] = role
      return roleInfo(caller.accountId, role)
    },
    async updateAssumeRolePolicy(roleName, trustPolicy) {
      const call = begin('UpdateAssumeRolePolicy', { roleName, trustPolicy })
      requireRole(call, roleName).trustPolicy = copy(trustPolicy)
    },
    async updateRole(roleName, changes) {
      const call = begin('UpdateRole', { roleName, ...changes })
      const role = requireRole(call, roleName)
      if (changes.maxSessionDurationSeconds !== undefined) role.maxSessionDurationSeconds = changes.maxSessionDurationSeconds
      if (changes.description !== undefined) role.description = changes.description
    },
    async tagRole(roleName, tags) {
      const call = begin('TagRole', { roleName, tags })
      Object.assign(requireRole(call, roleName).tags, tags)
    },
    async putRolePolicy(roleName, policyName, document) {
      const call = begin('PutRolePolicy', { roleName, policyName, document })
      requireRole(call, roleName).inlinePolicies[policyName] = copy(document)
    },
    async deleteRolePolicy(roleName, policyName) {
      const call = begin('DeleteRolePolicy', { roleName, policyName })
      const role = requireRole(call, roleName)
      if (!role.inlinePolicies[policyName]) {
        context.reject(call, iamError(call, 'NoSuchEntity', `The role policy with name ${policyName} cannot be found.`, 404))
      }
      delete role.inlinePolicies[policyName]
    },
    async createPolicy(input) {
      const call = begin('CreatePolicy', input)
      const arn = `arn:aws:iam::${caller.accountId}:policy${input.path}${input.policyName}`
      if (account().policies[arn]) {
        context.reject(call, iamError(call, 'EntityAlreadyExists', `A policy called ${input.policyName} already exists. Duplicate names are not allowed.`, 409))
      }
      const policy: MemoryManagedPolicy = {
        arn,
        name: input.policyName,
        path: input.path,
        description: input.description,
        tags: { ...input.tags },
        versions: [{ versionId: 'v1', document: copy(input.document), isDefault: true, createDate: context.now() }],
        nextVersion: 2
      }
      account().policies[arn] = policy
      return policyInfo(policy)
    },
    async createPolicyVersion(policyArn, document, setAsDefault) {
      const call = begin('CreatePolicyVersion', { policyArn, document, setAsDefault })
      const policy = requirePolicy(call, policyArn)
      if (policy.versions.length >= MAX_POLICY_VERSIONS) {
        context.reject(
          call,
          iamError(call, 'LimitExceeded', 'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.', 409)
        )
      }
      const version = { versionId: `v${policy.nextVersion++}`, document: copy(document as PolicyDocument), isDefault: setAsDefault, createDate: context.now() }
      if (setAsDefault) for (const v of policy.versions) v.isDefault = false
      policy.versions.push(version)
      return { versionId: version.versionId, isDefault: version.isDefault, createDate: version.createDate }
    },
    async deletePolicyVersion(policyArn, versionId) {
      const call = begin('DeletePolicyVersion', { policyArn, versionId })
      const policy = requirePolicy(call, policyArn)
      const version = policy.versions.find((v) => v.versionId === versionId)
      if (!version) context.reject(call, iamError(call, 'NoSuchEntity', `Policy ${policyArn} version ${versionId} does not exist.`, 404))
      if (version.isDefault) context.reject(call, iamError(call, 'DeleteConflict', 'Cannot delete the default version of a policy.', 409))
      policy.versions = policy.versions.filter((v) => v !== version)
    },
    async attachRolePolicy(roleName, policyArn) {
      const call = begin('AttachRolePolicy', { roleName, policyArn })
      const role = requireRole(call, roleName)
      if (!policyArn.startsWith('arn:aws:iam::aws:policy/')) requirePolicy(call, policyArn)
      if (!role.attachedPolicyArns.includes(policyArn)) role.attachedPolicyArns.push(policyArn)
    },
    async putUserPolicy(userName, policyName, document) {
      const call = begin('PutUserPolicy', { userName, policyName, document })
      requireUser(call, userName).inlinePolicies[policyName] = copy(document)
    }
  }
}
