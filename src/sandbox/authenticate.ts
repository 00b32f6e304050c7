/**
 * Who sent a signed request: look the access key up (long-term user key or minted session), check
 * the session token, verify the SigV4 signature, check expiry, and build the contract's Caller with
 * the policies that apply right now.
 */
import type { Caller } from './contract.js'
import { signatureMatches, type ParsedAuthorization, type SignedRequest } from './sigv4.js'
import type { SandboxState } from './state.js'
import { authError } from './wire-errors.js'

export async function authenticate(state: SandboxState, request: SignedRequest, auth: ParsedAuthorization, now: Date): Promise<Caller> {
  const owner = state.keyOwner(auth.accessKeyId)
  if (!owner) throw authError('InvalidClientTokenId')
  const token = request.headers['x-amz-security-token']
  if (owner.kind === 'user' ? token !== undefined : token !== owner.session.sessionToken) throw authError('InvalidClientTokenId')
  const secret = owner.kind === 'user' ? owner.secretAccessKey : owner.session.secretAccessKey
  if (!(await signatureMatches(request, auth, secret))) throw authError('SignatureDoesNotMatch')
  if (owner.kind === 'user') {
    const { user } = owner
    return {
      accountId: user.accountId,
      arn: user.arn,
      type: 'IAMUser',
      accessKeyId: auth.accessKeyId,
      principalId: user.userId,
      isRoleSession: false,
      sourceIp: user.sourceIp,
      identityPolicies: state.identityPolicies(user),
      permissionsBoundary: state.boundaryOf(user)
    }
  }
  const { session } = owner
  if (now.getTime() >= session.expiresAt.getTime()) throw authError('ExpiredToken')
  const role = state.roleByArn(session.roleArn)
  return {
    accountId: session.accountId,
    arn: session.arn,
    type: 'AssumedRole',
    accessKeyId: session.accessKeyId,
    principalId: session.principalId,
    sessionIssuerArn: session.roleArn,
    isRoleSession: true,
    sourceIp: session.sourceIp,
    identityPolicies: role ? state.identityPolicies(role) : [],
    permissionsBoundary: role ? state.boundaryOf(role) : undefined,
    sessionPolicy: session.sessionPolicy,
    expiresAt: session.expiresAt
  }
}
