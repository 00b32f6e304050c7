/**
 * Whose credentials `apply` writes with (issue 4), checked before anything changes: B's from
 * `--target-profile` (else the default chain when it is in B), A's from `--source-profile`, and
 * the caller's own (the default chain) for the propagation wait. Wrong account → refused, exit 2:
 * the user named the wrong profile, which is an input error, and nothing was written.
 */
import { parsePrincipalArn } from '../../../core/arn.js'
import { XacctError } from '../../../core/errors.js'
import type { CallerPrincipal } from '../../../core/setup/model.js'
import type { AwsFactory, CallerIdentity } from '../../../core/ports/aws.js'
import { identify, wrongAccount, type ResolvedCredentials } from '../../shared/account-credentials.js'

export { identify, type ResolvedCredentials } from '../../shared/account-credentials.js'

/** Credentials for the target account B: `--target-profile`, else the default chain when it is in B. */
export async function targetCredentials(aws: AwsFactory, accountId: string, targetProfile: string | undefined, defaultProfile: string | undefined, region: string): Promise<ResolvedCredentials> {
  if (targetProfile !== undefined) {
    const credentials = await identify(aws, targetProfile, '--target-profile', region)
    if (credentials.identity.account !== accountId) throw wrongAccount('--target-profile', credentials, accountId, 'the target account (where the role lives)')
    return credentials
  }
  const credentials = await identify(aws, defaultProfile, defaultProfile === undefined ? '--target-profile' : '--profile', region)
  if (credentials.identity.account !== accountId) {
    throw new XacctError('wrongAccount', `No credentials for the target account ${accountId}: ${credentials.label} belong to account ${credentials.identity.account} (${credentials.identity.arn}). Nothing was changed.`, {
      field: '--target-profile',
      hint: `pass --target-profile <profile of account ${accountId}> (an admin of B creates the role)`
    })
  }
  return credentials
}

/** Credentials for the source account A, only when `--source-profile` is given. */
export async function sourceCredentials(aws: AwsFactory, accountId: string, sourceProfile: string | undefined, region: string): Promise<ResolvedCredentials | undefined> {
  if (sourceProfile === undefined) return undefined
  const credentials = await identify(aws, sourceProfile, '--source-profile', region)
  if (credentials.identity.account !== accountId) throw wrongAccount('--source-profile', credentials, accountId, 'the source account (where the caller runs)')
  return credentials
}

/** Whether an identity is the setup's caller (so its AssumeRole proves the setup works). */
export function isCaller(identity: CallerIdentity, caller: CallerPrincipal, sourceAccountId: string): boolean {
  if (identity.account !== sourceAccountId) return false
  const principal = parsePrincipalArn(identity.arn)
  switch (caller.kind) {
    case 'account':
      return principal?.kind !== 'root'
    case 'user':
      return principal?.kind === 'user' && principal.arn === parsePrincipalArn(caller.arn)?.arn
    case 'role': {
      const role = parsePrincipalArn(caller.arn)
      return principal?.kind === 'assumed-role' && role?.kind === 'role' && principal.roleName === role.name
    }
    default:
      return false
  }
}

/**
 * The caller's own credentials (global --profile / default chain), when they are the setup's
 * caller; undefined otherwise (no credentials, another principal, or a service/OIDC caller).
 */
export async function callerCredentials(aws: AwsFactory, profile: string | undefined, callers: readonly CallerPrincipal[], sourceAccountId: string, region: string): Promise<ResolvedCredentials | undefined> {
  try {
    const credentials = await identify(aws, profile, '--profile', region)
    return callers.some((caller) => isCaller(credentials.identity, caller, sourceAccountId)) ? credentials : undefined
  } catch {
    return undefined
  }
}
