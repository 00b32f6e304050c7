/**
 * The records the engine's store holds (see store.ts): users, roles, managed policies and
 * their versions, OIDC providers, minted sessions, accounts.
 */
import type { NamedPolicy, PolicyDocument } from '../../core/evaluate.js'
import type { WorldOidcProvider } from '../world-types.js'

export interface UserRecord {
  accountId: string
  name: string
  path: string
  arn: string
  userId: string
  createDate: Date
  accessKeys: { accessKeyId: string; secretAccessKey: string }[]
  sourceIp: string
  /** Inline policies as the exact text submitted (IAM returns it verbatim, URL-encoded). */
  inlinePolicies: Map<string, string>
  attachedPolicies: string[]
  permissionsBoundary?: string | undefined
}

export interface RoleRecord {
  accountId: string
  name: string
  path: string
  arn: string
  roleId: string
  createDate: Date
  trustPolicyText: string
  /**
   * Unique ids of the role and user ARNs the trust policy named when it was written: IAM stores
   * principals by unique id, so a principal deleted (or deleted and recreated) since no longer
   * matches, and GetRole shows its old id instead of the ARN (DESIGN §4).
   */
  trustPrincipalIds: Map<string, string>
  inlinePolicies: Map<string, string>
  attachedPolicies: string[]
  maxSessionDuration: number
  description?: string | undefined
  tags: { Key: string; Value: string }[]
  permissionsBoundary?: string | undefined
}

export interface PolicyVersionRecord {
  versionId: string
  text: string
  createDate: Date
}

export interface ManagedPolicyRecord {
  arn: string
  name: string
  path: string
  policyId: string
  /** Owning account, or `aws` for AWS-managed policies. */
  accountId: string
  description?: string | undefined
  createDate: Date
  updateDate: Date
  defaultVersionId: string
  versions: PolicyVersionRecord[]
  nextVersionNumber: number
}

export interface OidcProviderRecord extends WorldOidcProvider {
  accountId: string
  arn: string
}

export interface SessionRecord {
  accessKeyId: string
  secretAccessKey: string
  sessionToken: string
  accountId: string
  roleArn: string
  roleName: string
  sessionName: string
  /** `arn:aws:sts::ACCT:assumed-role/ROLE/SESSION`. */
  arn: string
  /** `AROA…:SESSION`. */
  principalId: string
  expiresAt: Date
  sourceIp: string
  sessionPolicy?: PolicyDocument | undefined
  sourceIdentity?: string | undefined
  /** For sessions from AssumeRoleWithWebIdentity: the provider host (the credentials still chain as a role session). */
  webIdentityProvider?: string | undefined
}

export interface AccountRecord {
  id: string
  alias?: string | undefined
  users: Map<string, UserRecord>
  roles: Map<string, RoleRecord>
  policies: Map<string, ManagedPolicyRecord>
  oidcProviders: Map<string, OidcProviderRecord>
  scps: NamedPolicy[]
  models: Record<string, string[]>
}

export type KeyOwner = { kind: 'user'; user: UserRecord; secretAccessKey: string } | { kind: 'session'; session: SessionRecord }
