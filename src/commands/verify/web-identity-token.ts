/**
 * Where verify finds an OIDC caller's token: `--web-identity-token-file`, else the pair the SDK's
 * credential chain reads (AWS_WEB_IDENTITY_TOKEN_FILE with AWS_ROLE_ARN; AWS_ROLE_SESSION_NAME is
 * not used: verify names its own session so CloudTrail can tell its calls apart). Read once per
 * run, before any AWS call; a missing or malformed file is bad input (exit 2). The token is a bearer
 * secret: it goes to STS and nowhere else (the reporters redact it).
 */
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { invalidInput, isXacctError } from '../../core/errors.js'
import { buildDocuments } from '../../core/policies/index.js'
import type { Setup } from '../../core/setup/model.js'
import { decodeWebIdentityToken, oidcCallerOf, type WebIdentityToken } from '../../core/checklist/web-identity.js'
import type { Environment } from '../deps.js'

/** The flag, as users type it (and as errors name it). */
export const WEB_IDENTITY_TOKEN_FLAG = '--web-identity-token-file'

/** A JWT is a few KB; STS takes at most 20,000 characters (docs/aws-facts.md oidc.token.length). */
const MAX_TOKEN_FILE_BYTES = 64 * 1024

export async function webIdentityTokenFor(setups: readonly Setup[], flagPath: string | undefined, env: Environment, cwd: string): Promise<WebIdentityToken | undefined> {
  const oidcSetups = setups.filter((s) => oidcCallerOf(s) !== undefined)
  if (flagPath !== undefined) {
    if (oidcSetups.length === 0) throw invalidInput(WEB_IDENTITY_TOKEN_FLAG, flagPath, 'a token for an OIDC caller (--caller oidc:HOST); no setup of this run has one')
    return readToken(WEB_IDENTITY_TOKEN_FLAG, resolve(cwd, flagPath), `${WEB_IDENTITY_TOKEN_FLAG} ${flagPath}`)
  }
  const envPath = env.AWS_WEB_IDENTITY_TOKEN_FILE
  // Without an OIDC setup the pair belongs to the SDK's chain (e.g. CI: OIDC → a role in A → B), which reads it itself.
  if (envPath === undefined || envPath === '' || oidcSetups.length === 0) return undefined
  const roleArn = env.AWS_ROLE_ARN
  if (roleArn !== undefined && roleArn !== '') {
    const roles = oidcSetups.map((s) => buildDocuments(s).roleArn)
    if (!roles.includes(roleArn)) {
      throw invalidInput(
        'AWS_ROLE_ARN',
        roleArn,
        `the role of the OIDC setup (${roles.join(', ')}): the SDK assumes AWS_ROLE_ARN with AWS_WEB_IDENTITY_TOKEN_FILE, so they must name the role this run verifies`,
        `Set AWS_ROLE_ARN=${roles[0]}, or pass the token with ${WEB_IDENTITY_TOKEN_FLAG}.`
      )
    }
  }
  return readToken('AWS_WEB_IDENTITY_TOKEN_FILE', resolve(cwd, envPath), `AWS_WEB_IDENTITY_TOKEN_FILE (${envPath})`)
}

async function readToken(field: string, path: string, source: string): Promise<WebIdentityToken> {
  let text: string
  try {
    const bytes = await readFile(path)
    if (bytes.length > MAX_TOKEN_FILE_BYTES) throw invalidInput(field, path, `a token file of at most ${MAX_TOKEN_FILE_BYTES} bytes`)
    text = bytes.toString('utf8')
  } catch (error) {
    if (isXacctError(error)) throw error
    throw invalidInput(field, path, 'a readable file holding the OIDC token')
  }
  const token = text.trim()
  return { token, source, claims: decodeWebIdentityToken(field, token) }
}
