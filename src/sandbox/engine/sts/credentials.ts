/**
 * Minting temporary credentials for AssumeRole and AssumeRoleWithWebIdentity: an `ASIA…` key id,
 * a 40-character secret and a long session token that expire, registered in the store so the
 * wire layer can authenticate them.
 */
import type { PolicyDocument } from '../../../core/evaluate.js'
import { secretAccessKey, sessionToken, temporaryAccessKeyId } from '../ids.js'
import type { RoleRecord, SessionRecord } from '../records.js'
import type { Store } from '../store.js'

export interface MintInput {
  role: RoleRecord
  sessionName: string
  durationSeconds: number
  sourceIp: string
  now: Date
  sessionPolicy?: PolicyDocument | undefined
  sourceIdentity?: string | undefined
  webIdentityProvider?: string | undefined
}

export function mintSession(store: Store, input: MintInput): SessionRecord {
  const { role } = input
  const session: SessionRecord = {
    accessKeyId: temporaryAccessKeyId(),
    secretAccessKey: secretAccessKey(),
    sessionToken: sessionToken(),
    accountId: role.accountId,
    roleArn: role.arn,
    roleName: role.name,
    sessionName: input.sessionName,
    arn: `arn:aws:sts::${role.accountId}:assumed-role/${role.name}/${input.sessionName}`,
    principalId: `${role.roleId}:${input.sessionName}`,
    expiresAt: new Date(input.now.getTime() + input.durationSeconds * 1000),
    sourceIp: input.sourceIp,
    sessionPolicy: input.sessionPolicy,
    sourceIdentity: input.sourceIdentity,
    webIdentityProvider: input.webIdentityProvider
  }
  store.addSession(session)
  return session
}

/** What CloudTrail keeps of the response: never the secret or the token. */
export function credentialsForTrail(session: SessionRecord): Record<string, unknown> {
  return {
    credentials: { accessKeyId: session.accessKeyId, expiration: session.expiresAt.toUTCString() },
    assumedRoleUser: { assumedRoleId: session.principalId, arn: session.arn }
  }
}
