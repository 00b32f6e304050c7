/**
 * Who holds a set of credentials: look the access key up (long-term user key or minted session),
 * check the session token and expiry, and build the Caller with the policies that apply right now.
 * The wire layer verifies the SigV4 signature with the secret `credentialOwner` returns, between
 * the two steps; MemoryAws, which signs nothing, names its callers by ARN (`callerOfArn`).
 */
import { parsePrincipalArn } from '../../core/arn.js'
import type { KeyOwner } from './records.js'
import type { Store } from './store.js'
import { SandboxAwsError, type Caller } from './types.js'

export const AUTH_MESSAGES = {
  InvalidClientTokenId: 'The security token included in the request is invalid.',
  SignatureDoesNotMatch: 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  ExpiredToken: 'The security token included in the request is expired',
  MissingAuthenticationToken: 'Request is missing Authentication Token'
} as const

export function authError(code: keyof typeof AUTH_MESSAGES): SandboxAwsError {
  return new SandboxAwsError(code, AUTH_MESSAGES[code], 403)
}

/** The holder of `accessKeyId` and the secret its requests must be signed with; InvalidClientTokenId when unknown or the token does not match. */
export function credentialOwner(store: Store, accessKeyId: string, sessionToken: string | undefined): { owner: KeyOwner; secretAccessKey: string } {
  const owner = store.keyOwner(accessKeyId)
  if (!owner) throw authError('InvalidClientTokenId')
  if (owner.kind === 'user' ? sessionToken !== undefined : sessionToken !== owner.session.sessionToken) throw authError('InvalidClientTokenId')
  return { owner, secretAccessKey: owner.kind === 'user' ? owner.secretAccessKey : owner.session.secretAccessKey }
}

/** The Caller behind a key's owner at `now`; ExpiredToken for a session past its expiry. */
export function callerOf(store: Store, owner: KeyOwner, accessKeyId: string, now: Date): Caller {
  if (owner.kind === 'user') {
    const { user } = owner
    return {
      accountId: user.accountId,
      arn: user.arn,
      type: 'IAMUser',
      accessKeyId,
      principalId: user.userId,
      isRoleSession: false,
      sourceIp: user.sourceIp,
      identityPolicies: store.identityPolicies(user),
      permissionsBoundary: store.boundaryOf(user)
    }
  }
  const { session } = owner
  if (now.getTime() >= session.expiresAt.getTime()) throw authError('ExpiredToken')
  const role = store.roleByArn(session.roleArn)
  return {
    accountId: session.accountId,
    arn: session.arn,
    type: 'AssumedRole',
    accessKeyId: session.accessKeyId,
    principalId: session.principalId,
    sessionIssuerArn: session.roleArn,
    isRoleSession: true,
    sourceIp: session.sourceIp,
    identityPolicies: role ? store.identityPolicies(role) : [],
    permissionsBoundary: role ? store.boundaryOf(role) : undefined,
    sessionPolicy: session.sessionPolicy,
    expiresAt: session.expiresAt
  }
}

/**
 * The Caller a principal ARN names, for callers that sign nothing (MemoryAws's profiles): a user of
 * the store, an account's root, or a session of a role of the store (not minted, so no session
 * policy). Undefined for an ARN the store cannot place.
 */
export function callerOfArn(store: Store, arn: string, sourceIp: string, accessKeyId: string): Caller | undefined {
  const principal = parsePrincipalArn(arn)
  if (!principal) return undefined
  const base = { accountId: principal.accountId, arn: principal.arn, accessKeyId, sourceIp }
  if (principal.kind === 'user') {
    const user = store.userByArn(principal.arn)
    if (!user) return undefined
    return { ...base, type: 'IAMUser', principalId: user.userId, isRoleSession: false, identityPolicies: store.identityPolicies(user), permissionsBoundary: store.boundaryOf(user) }
  }
  if (principal.kind === 'assumed-role') {
    const role = store.getRole(principal.accountId, principal.roleName)
    if (!role) return undefined
    return {
      ...base,
      type: 'AssumedRole',
      principalId: `${role.roleId}:${principal.sessionName}`,
      sessionIssuerArn: role.arn,
      isRoleSession: true,
      identityPolicies: store.identityPolicies(role),
      permissionsBoundary: store.boundaryOf(role)
    }
  }
  if (principal.kind === 'root') return { ...base, type: 'Root', principalId: principal.accountId, isRoleSession: false, identityPolicies: [] }
  return undefined
}
