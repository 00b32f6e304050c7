/**
 * Facts several checks need, each fetched once per run (memoized promises): the caller's identity,
 * the live AssumeRole, the role's clients, read access to B (`--target-profile`, else the role
 * itself), the role and its policies. A rejected promise is memoized too: every check that needs a
 * fact that failed reports the same failure.
 */
import type { NamedPolicy } from '../evaluate.js'
import type { Setup } from '../setup/model.js'
import type { AssumedRole, AwsClients, AwsFactory, CallerIdentity, CloudTrailPort, RoleInfo } from '../ports/aws.js'
import { isAccessDenied, describeAwsError } from './failures.js'
import { readPrincipalPolicies } from '../principal-policies.js'
import { oidcCallerOf, WebIdentityCallNotMade, type WebIdentityToken } from './web-identity.js'

export interface VerifyPorts {
  /** The caller in A, from the SDK chain (global --profile). */
  caller: AwsClients
  /** Read access in B (`--target-profile`), for the static checks and CloudTrail. */
  target?: AwsClients | undefined
  /** Builds the role's clients from the assumed credentials. */
  factory: Pick<AwsFactory, 'fromCredentials'>
  /** An OIDC caller's token (`--web-identity-token-file`, AWS_WEB_IDENTITY_TOKEN_FILE); used for OIDC setups only. */
  webIdentity?: WebIdentityToken | undefined
}

/** Who may read B: `--target-profile`, or the role itself (when its policy allows). */
export type TargetReader = { available: true; via: 'target-profile' | 'role'; clients: AwsClients } | { available: false; reason: string }

/** The role as read from B, or why it could not be read. */
export type RoleRead = { readable: true; via: 'target-profile' | 'role'; role: RoleInfo | undefined } | { readable: false; reason: string }

export interface VerifyFacts {
  callerIdentity(): Promise<CallerIdentity>
  /**
   * The live AssumeRole with the setup's ExternalId and DurationSeconds (rejects with its
   * AwsCallError); for an OIDC caller, AssumeRoleWithWebIdentity with the token (rejects with
   * WebIdentityCallNotMade, before any request, when there is no token).
   */
  assumeRole(): Promise<AssumedRole>
  roleClients(): Promise<AwsClients>
  /** IAM read access in B. */
  iamReader(): Promise<TargetReader>
  role(): Promise<RoleRead>
  /** The role's inline and attached (default version) policies; requires a readable role. */
  rolePolicies(): Promise<NamedPolicy[]>
  /** CloudTrail in B for a region, or why not. One port per region per run (the adapter's limiter is per account-region). */
  targetTrail(region: string): Promise<{ port: CloudTrailPort; via: 'target-profile' | 'role' } | { port: undefined; reason: string }>
}

/**
 * After one AccessDenied, later lookups through `port` fail the same way without a request: the
 * role's permission to LookupEvents does not depend on the query, and each denied call would
 * still spend the account-region's 2 requests/s that other setups' lookups share.
 */
function denialSticks(port: CloudTrailPort): CloudTrailPort {
  let denied: unknown
  return {
    async lookupEvents(input) {
      if (denied !== undefined) throw denied
      try {
        return await port.lookupEvents(input)
      } catch (error) {
        if (isAccessDenied(error)) denied = error
        throw error
      }
    }
  }
}

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined
  return () => (promise ??= make())
}

export function createVerifyFacts(setup: Setup, roleArn: string, sessionName: string, ports: VerifyPorts): VerifyFacts {
  const callerIdentity = once(() => ports.caller.sts.getCallerIdentity())
  const assumeRole = once(async (): Promise<AssumedRole> => {
    if (oidcCallerOf(setup)) {
      if (!ports.webIdentity) throw new WebIdentityCallNotMade()
      return ports.caller.sts.assumeRoleWithWebIdentity({ roleArn, roleSessionName: sessionName, webIdentityToken: ports.webIdentity.token, durationSeconds: setup.sessionDurationSeconds })
    }
    return ports.caller.sts.assumeRole({
      roleArn,
      roleSessionName: sessionName,
      externalId: setup.externalId,
      durationSeconds: setup.sessionDurationSeconds
    })
  })
  const roleClients = once(async () => ports.factory.fromCredentials((await assumeRole()).credentials, setup.region, { accountId: setup.targetAccountId }))

  const iamReader = once(async (): Promise<TargetReader> => {
    if (ports.target) return { available: true, via: 'target-profile', clients: ports.target }
    try {
      return { available: true, via: 'role', clients: await roleClients() }
    } catch (error) {
      return { available: false, reason: `no --target-profile, and the role could not be assumed to read B (${describeAwsError(error)})` }
    }
  })

  const role = once(async (): Promise<RoleRead> => {
    const reader = await iamReader()
    if (!reader.available) return { readable: false, reason: reader.reason }
    try {
      return { readable: true, via: reader.via, role: await reader.clients.iam.getRole(setup.roleName) }
    } catch (error) {
      if (reader.via === 'role' && isAccessDenied(error)) {
        return { readable: false, reason: 'no --target-profile, and the role itself may not call iam:GetRole in B' }
      }
      throw error
    }
  })

  const rolePolicies = once(async (): Promise<NamedPolicy[]> => {
    const reader = await iamReader()
    if (!reader.available) throw new Error(reader.reason)
    // Inline first, then attached, each in IAM's order; attached ones named by ARN. Any failed read rejects.
    const read = await readPrincipalPolicies(reader.clients.iam, { kind: 'role', name: setup.roleName })
    return [...(read?.inline ?? []), ...(read?.attached ?? []).map(({ arn, document }) => ({ name: arn, document }))]
  })

  const trails = new Map<string, ReturnType<VerifyFacts['targetTrail']>>()
  const targetTrail: VerifyFacts['targetTrail'] = (region) => {
    let found = trails.get(region)
    if (!found) {
      found = (async () => {
        if (ports.target) return { port: ports.target.cloudTrail(region), via: 'target-profile' as const }
        // Without --target-profile, try the role whatever the setup says: `cloudTrailLookup` is what
        // init would grant, but the role may have the permission from elsewhere (another policy, a
        // setup applied earlier). A denial becomes the checks' `skip` (checks/cloudtrail.ts).
        try {
          return { port: denialSticks((await roleClients()).cloudTrail(region)), via: 'role' as const }
        } catch (error) {
          return { port: undefined, reason: `the role could not be assumed to read CloudTrail (${describeAwsError(error)})` }
        }
      })()
      trails.set(region, found)
    }
    return found
  }

  return { callerIdentity, assumeRole, roleClients, iamReader, role, rolePolicies, targetTrail }
}
