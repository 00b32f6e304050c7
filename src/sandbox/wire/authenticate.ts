/**
 * Who sent a signed request: the engine names the key's holder and the secret, the signature is
 * verified here (SigV4), then the engine builds the Caller (expiry checked) with the policies that
 * apply right now.
 */
import { authError, callerOf, credentialOwner } from '../engine/authenticate.js'
import type { Store } from '../engine/store.js'
import type { Caller } from '../engine/types.js'
import { signatureMatches, type ParsedAuthorization, type SignedRequest } from './sigv4.js'

export async function authenticate(store: Store, request: SignedRequest, auth: ParsedAuthorization, now: Date): Promise<Caller> {
  const { owner, secretAccessKey } = credentialOwner(store, auth.accessKeyId, request.headers['x-amz-security-token'])
  if (!(await signatureMatches(request, auth, secretAccessKey))) throw authError('SignatureDoesNotMatch')
  return callerOf(store, owner, auth.accessKeyId, now)
}
