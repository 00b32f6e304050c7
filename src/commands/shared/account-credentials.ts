/**
 * Whose credentials a profile holds, checked before they are used (issues 4 and 16): `apply`
 * writes only with credentials of the account it changes, and `verify` reads the role only with
 * `--target-profile` credentials of the role's own account — a same-named role elsewhere would
 * otherwise be reported as B's. Wrong account → refused, exit 2 (the user named the wrong profile).
 */
import { isAwsCallError } from '../../core/ports/aws-error.js'
import { XacctError } from '../../core/errors.js'
import type { AwsClients, AwsFactory, CallerIdentity } from '../../core/ports/aws.js'

/** One set of credentials, with who it turned out to be. */
export interface ResolvedCredentials {
  clients: AwsClients
  identity: CallerIdentity
  /** How the user named them, for messages: `--target-profile "b-admin"`, `the default credentials`. */
  label: string
}

function labelOf(flag: string, profile: string | undefined): string {
  return profile === undefined ? 'the default credentials' : `${flag} "${profile}"`
}

/** GetCallerIdentity, with a message naming the flag when the credentials do not work. */
export async function identify(aws: AwsFactory, profile: string | undefined, flag: string, region: string): Promise<ResolvedCredentials> {
  const clients = aws.fromChain({ profile }, region)
  const label = labelOf(flag, profile)
  try {
    return { clients, identity: await clients.sts.getCallerIdentity(), label }
  } catch (error) {
    if (isAwsCallError(error) && error.failure.kind === 'credentials') {
      throw new XacctError('noCredentials', `No usable credentials in ${label}: ${error.failure.awsMessage}`, {
        field: profile === undefined ? undefined : flag,
        hint: profile === undefined ? `pass ${flag} <profile>, or log in (aws sso login / aws configure)` : `check the profile in ~/.aws/config, or log in again (aws sso login --profile ${profile})`,
        cause: error
      })
    }
    throw error
  }
}

/**
 * Credentials of the wrong account, refused as an input error (exit 2) naming both accounts:
 * `role` says whose account was expected, `consequence` what was (not) done.
 */
export function wrongAccount(flag: string, credentials: ResolvedCredentials, expected: string, role: string, consequence = 'Nothing was changed.'): XacctError {
  return new XacctError('wrongAccount', `${credentials.label} belong to account ${credentials.identity.account} (${credentials.identity.arn}), but ${role} is account ${expected}. ${consequence}`, {
    field: flag,
    hint: `pass ${flag} with a profile of account ${expected}`
  })
}

/**
 * `--target-profile` must hold credentials of every account it is used to read (verify: each
 * setup's target account); refused otherwise, naming both accounts, before any check runs.
 */
export async function requireProfileAccount(aws: AwsFactory, profile: string, flag: string, accountIds: readonly string[], region: string, role: string): Promise<ResolvedCredentials> {
  const credentials = await identify(aws, profile, flag, region)
  const other = accountIds.find((account) => account !== credentials.identity.account)
  if (other !== undefined) throw wrongAccount(flag, credentials, other, role, 'Nothing was verified.')
  return credentials
}
