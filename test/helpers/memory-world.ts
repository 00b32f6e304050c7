/**
 * Building and reading MemoryAws's world (memory-aws.ts) over the engine's store: users, roles,
 * managed policies, model access, SCPs and trail events to set up; `accounts` to read the state
 * back as plain, parsed documents (live views: each read shows the store as it is now); and a few
 * edits for set-up (a role's trust policy, an inline policy, a user's policies, a default version).
 */
import type { NamedPolicy, PolicyDocument } from '../../src/core/evaluate.js'
import type { Engine } from '../../src/sandbox/engine/index.js'
import type { ManagedPolicyRecord, RoleRecord, UserRecord } from '../../src/sandbox/engine/records.js'
import { policyText, type Store } from '../../src/sandbox/engine/store.js'
import type { TrailEvent } from '../../src/core/ports/aws.js'

/** A role as tests read it: documents parsed, tags as a record. */
export interface RoleView {
  name: string
  path: string
  roleId: string
  trustPolicy: PolicyDocument
  inlinePolicies: Record<string, PolicyDocument>
  attachedPolicyArns: string[]
  maxSessionDurationSeconds: number
  description?: string | undefined
  permissionsBoundaryArn?: string | undefined
  tags: Record<string, string>
}

export interface UserView {
  name: string
  path: string
  userId: string
  inlinePolicies: Record<string, PolicyDocument>
  attachedPolicyArns: string[]
}

export interface ManagedPolicyView {
  arn: string
  name: string
  path: string
  description?: string | undefined
  versions: { versionId: string; document: PolicyDocument; isDefault: boolean; createDate: Date }[]
}

export interface AccountView {
  id: string
  roles: Record<string, RoleView>
  users: Record<string, UserView>
  /** Customer-managed policies by ARN. */
  policies: Record<string, ManagedPolicyView>
}

const parsed = (map: Map<string, string>): Record<string, PolicyDocument> => Object.fromEntries([...map].map(([name, text]) => [name, JSON.parse(text) as PolicyDocument]))
const named = (policies: Record<string, PolicyDocument> | undefined): NamedPolicy[] => Object.entries(policies ?? {}).map(([name, document]) => ({ name, document }))

function roleView(role: RoleRecord): RoleView {
  return {
    get name() {
      return role.name
    },
    get path() {
      return role.path
    },
    get roleId() {
      return role.roleId
    },
    get trustPolicy() {
      return JSON.parse(role.trustPolicyText) as PolicyDocument
    },
    get inlinePolicies() {
      return parsed(role.inlinePolicies)
    },
    get attachedPolicyArns() {
      return [...role.attachedPolicies]
    },
    get maxSessionDurationSeconds() {
      return role.maxSessionDuration
    },
    get description() {
      return role.description
    },
    get permissionsBoundaryArn() {
      return role.permissionsBoundary
    },
    get tags() {
      return Object.fromEntries(role.tags.map((t) => [t.Key, t.Value]))
    }
  }
}

function userView(user: UserRecord): UserView {
  return {
    get name() {
      return user.name
    },
    get path() {
      return user.path
    },
    get userId() {
      return user.userId
    },
    get inlinePolicies() {
      return parsed(user.inlinePolicies)
    },
    get attachedPolicyArns() {
      return [...user.attachedPolicies]
    }
  }
}

function policyView(policy: ManagedPolicyRecord): ManagedPolicyView {
  return {
    get arn() {
      return policy.arn
    },
    get name() {
      return policy.name
    },
    get path() {
      return policy.path
    },
    get description() {
      return policy.description
    },
    get versions() {
      return policy.versions.map((v) => ({ versionId: v.versionId, document: JSON.parse(v.text) as PolicyDocument, isDefault: v.versionId === policy.defaultVersionId, createDate: v.createDate }))
    }
  }
}

export class MemoryWorld {
  constructor(readonly engine: Engine) {}

  get store(): Store {
    return this.engine.store
  }

  now(): Date {
    return this.engine.now()
  }

  /** The state by account id, read-only views of the store (each property read shows it as it is now). */
  get accounts(): Record<string, AccountView> {
    const views: Record<string, AccountView> = {}
    for (const account of this.store.accounts.values()) {
      views[account.id] = {
        id: account.id,
        roles: Object.fromEntries([...account.roles.values()].map((role) => [role.name, roleView(role)])),
        users: Object.fromEntries([...account.users.values()].map((user) => [user.name, userView(user)])),
        policies: Object.fromEntries([...account.policies.values()].map((policy) => [policy.arn, policyView(policy)]))
      }
    }
    return views
  }

  // ─── Building the world ───

  /** Add (or replace) an IAM user with inline and attached policies. */
  addUser(accountId: string, name: string, options: { policies?: Record<string, PolicyDocument>; attachedPolicyArns?: string[]; path?: string; sourceIp?: string; permissionsBoundaryArn?: string } = {}): UserView & { arn: string } {
    this.store.ensureAccount(accountId, this.now())
    const user = this.store.putUser(
      accountId,
      {
        name,
        path: options.path,
        accessKeys: [],
        sourceIp: options.sourceIp ?? '203.0.113.10',
        inlinePolicies: named(options.policies),
        attachedPolicies: options.attachedPolicyArns,
        permissionsBoundary: options.permissionsBoundaryArn
      },
      this.now()
    )
    return Object.assign(userView(user), { arn: user.arn })
  }

  /** Add (or replace) a role. */
  addRole(accountId: string, role: { name: string; trustPolicy: PolicyDocument } & Partial<Omit<RoleView, 'name' | 'trustPolicy' | 'roleId'>>): RoleView & { arn: string } {
    this.store.ensureAccount(accountId, this.now())
    const record = this.store.putRole(
      accountId,
      {
        name: role.name,
        path: role.path,
        trustPolicy: role.trustPolicy,
        inlinePolicies: named(role.inlinePolicies),
        attachedPolicies: role.attachedPolicyArns,
        maxSessionDurationSeconds: role.maxSessionDurationSeconds,
        description: role.description,
        tags: role.tags,
        permissionsBoundary: role.permissionsBoundaryArn
      },
      this.now()
    )
    return Object.assign(roleView(record), { arn: record.arn })
  }

  /** A customer-managed policy with one version per document given, oldest first; the last is the default. */
  addManagedPolicy(accountId: string, policy: { name: string; documents: PolicyDocument[]; path?: string; description?: string }): ManagedPolicyView {
    this.store.ensureAccount(accountId, this.now())
    const [first, ...rest] = policy.documents
    const record = this.store.addManagedPolicy(accountId, policy.name, policy.path ?? '/', policyText(first ?? { Version: '2012-10-17', Statement: [] }), this.now(), policy.description)
    for (const document of rest) {
      const version = { versionId: `v${record.nextVersionNumber++}`, text: policyText(document), createDate: this.now() }
      record.versions.push(version)
      record.defaultVersionId = version.versionId
    }
    return policyView(record)
  }

  /** Bedrock model access for an account in a region (`*` = every region); other models are denied. */
  enableModels(accountId: string, region: string, modelIds: string[]): void {
    this.store.ensureAccount(accountId, this.now()).models[region] = [...modelIds]
  }

  /** An SCP that applies to the account (AWS's FullAWSAccess is implied for deny-list SCPs). */
  addScp(accountId: string, name: string, document: PolicyDocument): void {
    this.store.ensureAccount(accountId, this.now()).scps.push({ name, document })
  }

  /**
   * Put an event in an account's trail, recorded now by the engine's clock (for events no call of
   * the test makes, e.g. another principal's denied call): the record's userIdentity,
   * requestParameters and errorCode are kept.
   */
  addTrailEvent(accountId: string, region: string, event: Partial<TrailEvent> & { eventName: string }): void {
    const record = event.record ?? {}
    const caller = { accountId, arn: '', type: 'Root' as const, accessKeyId: '', principalId: accountId, isRoleSession: false, sourceIp: '203.0.113.10', identityPolicies: [] }
    const errorCode = typeof record['errorCode'] === 'string' ? record['errorCode'] : undefined
    this.engine.trail.record({
      request: { caller, region, requestId: 'memory-event', receivedAt: this.now(), userAgent: 'MemoryAws' },
      eventSource: event.eventSource ?? 'sts.amazonaws.com',
      eventName: event.eventName,
      accountId,
      region,
      readOnly: false,
      requestParameters: (record['requestParameters'] as Record<string, unknown> | undefined) ?? null,
      ...(record['userIdentity'] ? { userIdentity: record['userIdentity'] as Record<string, unknown> } : {}),
      ...(errorCode === undefined ? {} : { errorCode, errorMessage: String(record['errorMessage'] ?? '') })
    })
  }

  // ─── Set-up edits ───

  /** Replace a role's trust policy (as written; no principal check). */
  setTrustPolicy(accountId: string, roleName: string, trustPolicy: PolicyDocument): void {
    this.store.setTrustPolicy(this.role(accountId, roleName), policyText(trustPolicy))
  }

  /** Replace all of a role's tags. */
  setRoleTags(accountId: string, roleName: string, tags: Record<string, string>): void {
    this.role(accountId, roleName).tags = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }))
  }

  /** Put (or replace) an inline policy of a role. */
  putRolePolicy(accountId: string, roleName: string, policyName: string, document: PolicyDocument): void {
    this.role(accountId, roleName).inlinePolicies.set(policyName, policyText(document))
  }

  /** Replace all of a role's inline policies. */
  setRolePolicies(accountId: string, roleName: string, policies: Record<string, PolicyDocument>): void {
    this.role(accountId, roleName).inlinePolicies = new Map(Object.entries(policies).map(([name, document]) => [name, policyText(document)]))
  }

  /** Put (or replace) an inline policy of a user. */
  putUserPolicy(accountId: string, userName: string, policyName: string, document: PolicyDocument): void {
    this.store.putUserPolicy(accountId, userName, policyName, document)
  }

  /** Replace all of a user's inline policies. */
  setUserPolicies(accountId: string, userName: string, policies: Record<string, PolicyDocument>): void {
    const user = this.store.getUser(accountId, userName)
    if (!user) throw new Error(`MemoryAws: no user ${userName} in ${accountId}`)
    user.inlinePolicies = new Map(Object.entries(policies).map(([name, document]) => [name, policyText(document)]))
  }

  /** Make `versionId` the default version of a managed policy. */
  setDefaultPolicyVersion(policyArn: string, versionId: string): void {
    const policy = this.store.getManagedPolicy(policyArn)
    if (!policy) throw new Error(`MemoryAws: no managed policy ${policyArn}`)
    policy.defaultVersionId = versionId
  }

  private role(accountId: string, roleName: string): RoleRecord {
    const role = this.store.getRole(accountId, roleName)
    if (!role) throw new Error(`MemoryAws: no role ${roleName} in ${accountId}`)
    return role
  }
}
