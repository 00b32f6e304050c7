/**
 * The engine's store, built from a world: accounts, users, roles, managed policies, OIDC providers
 * and minted sessions. IAM operations mutate it; authentication and authorization read it at
 * request time (so a session sees its role's policy changes at once, as in AWS). Tests read and
 * edit it through its inspection and set-up methods.
 */
import { ROLE_MAX_SESSION_SECONDS } from '../../core/aws-limits.js'
import type { NamedPolicy, PolicyDocument } from '../../core/evaluate.js'
import type { WorldAccount, WorldFile, WorldRole, WorldUser } from '../world-types.js'
import { uniqueId } from './ids.js'
import { AWS_MANAGED_POLICIES } from './managed-policies.js'
import { awsPrincipalsIn, newManagedPolicy, parsedMap, policyText } from './policy-records.js'
import type { AccountRecord, KeyOwner, ManagedPolicyRecord, OidcProviderRecord, RoleRecord, SessionRecord, UserRecord } from './records.js'

export { policyText } from './policy-records.js'
export type { AccountRecord, KeyOwner, ManagedPolicyRecord, OidcProviderRecord, PolicyVersionRecord, RoleRecord, SessionRecord, UserRecord } from './records.js'

const nameKey = (name: string) => name.toLowerCase()

export class Store {
  readonly accounts = new Map<string, AccountRecord>()
  private readonly longTermKeys = new Map<string, { user: UserRecord; secretAccessKey: string }>()
  private readonly sessions = new Map<string, SessionRecord>()
  private readonly awsPolicies = new Map<string, ManagedPolicyRecord>()

  constructor(world: WorldFile, now: Date) {
    for (const [name, document] of Object.entries(AWS_MANAGED_POLICIES)) {
      const arn = `arn:aws:iam::aws:policy/${name}`
      this.awsPolicies.set(arn, newManagedPolicy('aws', arn, name, '/', policyText(document), now))
    }
    for (const account of world.accounts) this.addAccount(account, now)
  }

  /** The account, created empty when the world lacks it (MemoryAws builds its world call by call). */
  ensureAccount(accountId: string, now: Date): AccountRecord {
    if (!this.accounts.has(accountId)) this.addAccount({ id: accountId, users: [], roles: [], models: {} }, now)
    return this.accounts.get(accountId)!
  }

  private addAccount(world: WorldAccount, now: Date): void {
    const account: AccountRecord = {
      id: world.id,
      alias: world.alias,
      users: new Map(),
      roles: new Map(),
      policies: new Map(),
      oidcProviders: new Map(),
      scps: world.scps ?? [],
      models: world.models
    }
    this.accounts.set(world.id, account)
    for (const policy of world.policies ?? []) {
      const path = policy.path ?? '/'
      const arn = `arn:aws:iam::${world.id}:policy${path}${policy.name}`
      account.policies.set(arn, newManagedPolicy(world.id, arn, policy.name, path, policyText(policy.document), now))
    }
    for (const user of world.users) this.putUser(world.id, user, now)
    for (const role of world.roles) this.putRole(world.id, role, now)
    for (const provider of world.oidcProviders ?? []) {
      account.oidcProviders.set(provider.host, { ...provider, accountId: world.id, arn: `arn:aws:iam::${world.id}:oidc-provider/${provider.host}` })
    }
  }

  /** Create or replace a user from a world-style description (world loading and tests). */
  putUser(accountId: string, user: WorldUser, now: Date): UserRecord {
    const account = this.requireAccount(accountId)
    const path = user.path ?? '/'
    const record: UserRecord = {
      accountId,
      name: user.name,
      path,
      arn: `arn:aws:iam::${accountId}:user${path}${user.name}`,
      userId: uniqueId('AIDA', `${accountId}:${user.name}`),
      createDate: now,
      accessKeys: user.accessKeys,
      sourceIp: user.sourceIp,
      inlinePolicies: new Map((user.inlinePolicies ?? []).map((p) => [p.name, policyText(p.document)])),
      attachedPolicies: [...(user.attachedPolicies ?? [])],
      permissionsBoundary: user.permissionsBoundary
    }
    account.users.set(nameKey(user.name), record)
    for (const key of user.accessKeys) this.longTermKeys.set(key.accessKeyId, { user: record, secretAccessKey: key.secretAccessKey })
    return record
  }

  // ─── Look-ups ───

  account(accountId: string): AccountRecord | undefined {
    return this.accounts.get(accountId)
  }

  getUser(accountId: string, name: string): UserRecord | undefined {
    return this.accounts.get(accountId)?.users.get(nameKey(name))
  }

  getRole(accountId: string, name: string): RoleRecord | undefined {
    return this.accounts.get(accountId)?.roles.get(nameKey(name))
  }

  /** The role an ARN names, matching path and name. */
  roleByArn(arn: string): RoleRecord | undefined {
    const match = /^arn:aws:iam::(\d{12}):role(\/(?:[\x21-\x7e]+\/)*)?([\w+=,.@-]+)$/.exec(arn)
    if (!match) return undefined
    const role = this.getRole(match[1]!, match[3]!)
    return role && role.path === (match[2] ?? '/') ? role : undefined
  }

  getManagedPolicy(arn: string): ManagedPolicyRecord | undefined {
    if (arn.startsWith('arn:aws:iam::aws:')) return this.awsPolicies.get(arn)
    const accountId = /^arn:aws:iam::(\d{12}):/.exec(arn)?.[1]
    return accountId ? this.accounts.get(accountId)?.policies.get(arn) : undefined
  }

  /** The default version's document of a managed policy. */
  managedPolicyDocument(arn: string): PolicyDocument | undefined {
    const policy = this.getManagedPolicy(arn)
    const version = policy?.versions.find((v) => v.versionId === policy.defaultVersionId)
    return version ? (JSON.parse(version.text) as PolicyDocument) : undefined
  }

  oidcProvider(accountId: string, host: string): OidcProviderRecord | undefined {
    return this.accounts.get(accountId)?.oidcProviders.get(host)
  }

  /** Who holds an access key id: a user (long-term key) or a session (temporary key). */
  keyOwner(accessKeyId: string): KeyOwner | undefined {
    const longTerm = this.longTermKeys.get(accessKeyId)
    if (longTerm) return { kind: 'user', ...longTerm }
    const session = this.sessions.get(accessKeyId)
    return session ? { kind: 'session', session } : undefined
  }

  /** Identity policies of a user or role: inline documents, then attached managed policies. */
  identityPolicies(principal: UserRecord | RoleRecord): NamedPolicy[] {
    const inline = [...principal.inlinePolicies].map(([name, text]) => ({ name, document: JSON.parse(text) as PolicyDocument }))
    const attached = principal.attachedPolicies.flatMap((arn) => {
      const document = this.managedPolicyDocument(arn)
      return document ? [{ name: arn, document }] : []
    })
    return [...inline, ...attached]
  }

  boundaryOf(principal: UserRecord | RoleRecord): NamedPolicy | undefined {
    if (!principal.permissionsBoundary) return undefined
    const document = this.managedPolicyDocument(principal.permissionsBoundary)
    return document ? { name: principal.permissionsBoundary, document } : undefined
  }

  // ─── Mutations ───

  /** Create or replace a role from a world-style description (tests and world loading). */
  putRole(accountId: string, role: WorldRole, now: Date): RoleRecord {
    const account = this.requireAccount(accountId)
    const path = role.path ?? '/'
    const record: RoleRecord = {
      accountId,
      name: role.name,
      path,
      arn: `arn:aws:iam::${accountId}:role${path}${role.name}`,
      roleId: uniqueId('AROA'),
      createDate: now,
      trustPolicyText: '',
      trustPrincipalIds: new Map(),
      inlinePolicies: new Map((role.inlinePolicies ?? []).map((p) => [p.name, policyText(p.document)])),
      attachedPolicies: [...(role.attachedPolicies ?? [])],
      maxSessionDuration: role.maxSessionDurationSeconds ?? ROLE_MAX_SESSION_SECONDS.default,
      description: role.description,
      tags: Object.entries(role.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
      permissionsBoundary: role.permissionsBoundary
    }
    this.setTrustPolicy(record, policyText(role.trustPolicy))
    account.roles.set(nameKey(role.name), record)
    return record
  }

  /** Store a trust policy as written, remembering the unique ids of the principals it names. */
  setTrustPolicy(role: RoleRecord, text: string): void {
    role.trustPolicyText = text
    role.trustPrincipalIds = new Map()
    for (const arn of awsPrincipalsIn(text)) {
      const id = this.roleByArn(arn)?.roleId ?? this.userByArn(arn)?.userId
      if (id) role.trustPrincipalIds.set(arn, id)
    }
  }

  /**
   * The trust policy as IAM shows and enforces it now: a named role or user deleted or recreated
   * since the policy was written appears as its old unique id, which matches nobody.
   */
  effectiveTrustPolicyText(role: RoleRecord): string {
    if (role.trustPrincipalIds.size === 0) return role.trustPolicyText
    let changed = false
    const replace = (value: unknown): unknown => {
      if (typeof value !== 'string') return value
      const stored = role.trustPrincipalIds.get(value)
      if (!stored) return value
      const current = this.roleByArn(value)?.roleId ?? this.userByArn(value)?.userId
      if (current === stored) return value
      changed = true
      return stored
    }
    const policy = JSON.parse(role.trustPolicyText) as PolicyDocument
    for (const statement of Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement]) {
      const principal = statement.Principal as { AWS?: unknown } | undefined
      if (principal && typeof principal === 'object' && principal.AWS !== undefined) {
        principal.AWS = Array.isArray(principal.AWS) ? principal.AWS.map(replace) : replace(principal.AWS)
      }
    }
    return changed ? JSON.stringify(policy) : role.trustPolicyText
  }

  /** The effective trust policy, parsed (what AssumeRole evaluates). */
  effectiveTrustPolicy(role: RoleRecord): PolicyDocument {
    return JSON.parse(this.effectiveTrustPolicyText(role)) as PolicyDocument
  }

  userByArn(arn: string): UserRecord | undefined {
    const match = /^arn:aws:iam::(\d{12}):user(\/(?:[\x21-\x7e]+\/)?)?([\w+=,.@-]+)$/.exec(arn)
    if (!match) return undefined
    const user = this.getUser(match[1]!, match[3]!)
    return user && user.path === (match[2] ?? '/') ? user : undefined
  }

  /** Put an inline policy on a world user (test set-up; IAM's PutUserPolicy does the same). */
  putUserPolicy(accountId: string, userName: string, policyName: string, document: PolicyDocument): void {
    const user = this.getUser(accountId, userName)
    if (!user) throw new Error(`The sandbox world has no user ${userName} in account ${accountId}.`)
    user.inlinePolicies.set(policyName, policyText(document))
  }

  deleteRole(accountId: string, name: string): void {
    this.accounts.get(accountId)?.roles.delete(nameKey(name))
  }

  addManagedPolicy(accountId: string, name: string, path: string, text: string, now: Date, description?: string): ManagedPolicyRecord {
    const arn = `arn:aws:iam::${accountId}:policy${path}${name}`
    const record = newManagedPolicy(accountId, arn, name, path, text, now)
    record.description = description
    this.requireAccount(accountId).policies.set(arn, record)
    return record
  }

  addSession(session: SessionRecord): void {
    this.sessions.set(session.accessKeyId, session)
  }

  /** Every secret the sandbox holds or minted: long-term secrets, session secrets and tokens, OIDC keys. */
  secrets(): string[] {
    const secrets = [...this.longTermKeys.values()].map((k) => k.secretAccessKey)
    for (const session of this.sessions.values()) secrets.push(session.secretAccessKey, session.sessionToken)
    for (const account of this.accounts.values()) for (const provider of account.oidcProviders.values()) secrets.push(provider.signingSecret)
    return secrets
  }

  allSessions(): SessionRecord[] {
    return [...this.sessions.values()]
  }

  // ─── Inspection helpers for tests (parsed documents) ───

  roleTrustPolicy(accountId: string, roleName: string): PolicyDocument | undefined {
    const role = this.getRole(accountId, roleName)
    return role ? this.effectiveTrustPolicy(role) : undefined
  }

  roleInlinePolicies(accountId: string, roleName: string): Record<string, PolicyDocument> {
    return parsedMap(this.getRole(accountId, roleName)?.inlinePolicies)
  }

  roleAttachedPolicies(accountId: string, roleName: string): string[] {
    return [...(this.getRole(accountId, roleName)?.attachedPolicies ?? [])]
  }

  userInlinePolicies(accountId: string, userName: string): Record<string, PolicyDocument> {
    return parsedMap(this.getUser(accountId, userName)?.inlinePolicies)
  }

  userAttachedPolicies(accountId: string, userName: string): string[] {
    return [...(this.getUser(accountId, userName)?.attachedPolicies ?? [])]
  }

  private requireAccount(accountId: string): AccountRecord {
    const account = this.accounts.get(accountId)
    if (!account) throw new Error(`The sandbox world has no account ${accountId}.`)
    return account
  }
}
