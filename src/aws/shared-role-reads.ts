/**
 * Role reads shared between the callers of one IamPort. `verify --config` with 100 setups in one
 * account reads each role and its policies: GetRole, ListRolePolicies, GetRolePolicy per policy,
 * ListAttachedRolePolicies — 400 requests, and as many for IAM to authorize and log. The account's
 * roles with their policies come in a page or two of GetAccountAuthorizationDetails (Filter=Role),
 * and their MaxSessionDuration and description in a page or two of ListRoles.
 *
 * So once the port has been asked about BULK_READ_MIN_ROLES different roles (counted at the end of
 * each turn of the event loop, so that verify's setups, which ask together, are decided together),
 * it reads the account once with those two listings and answers every later role read from them.
 * Fewer roles than that keep the per-role calls: one setup's verify makes its 4 calls, not a
 * listing of the whole account.
 *
 * The listings need iam:ListRoles and iam:GetAccountAuthorizationDetails. If either fails (denied,
 * throttled past the retries, too many pages), the port goes back to per-role calls for good, and
 * those report their own errors. A role the listings do not show (created a moment ago: IAM is
 * eventually consistent) is read on its own.
 *
 * Managed policies are read once per run (GetPolicy per ARN, GetPolicyVersion per version): 100
 * roles attached to one shared policy need it once, not 100 times.
 *
 * Writes come first: any write through the port (init --apply's) drops the listings and the
 * remembered policies and turns the sharing off, so no read after a write is older than the write.
 */
import type { PolicyDocument } from '../core/evaluate.js'
import type { IamPort, IamWritePort, ListedRole, ManagedPolicyInfo, ManagedPolicyRef, RoleDetails, RoleInfo } from '../core/ports/aws.js'

/** Different roles asked about before the port reads the account's roles in bulk instead. */
export const BULK_READ_MIN_ROLES = 10

/** A role as the two listings show it. */
interface ListedRoleAndPolicies {
  info: RoleInfo
  inlinePolicies: RoleDetails['inlinePolicies']
  attachedPolicies: ManagedPolicyRef[]
}

/** Every IAM write the ports have (the factory's lazy stand-ins list them from here too). */
export const IAM_WRITE_METHODS = [
  'createRole',
  'updateAssumeRolePolicy',
  'updateRole',
  'tagRole',
  'untagRole',
  'putRolePolicy',
  'deleteRolePolicy',
  'createPolicy',
  'createPolicyVersion',
  'deletePolicyVersion',
  'attachRolePolicy',
  'putUserPolicy',
  'deleteUserPolicy',
  'detachRolePolicy',
  'deletePolicy',
  'deleteRole'
] as const satisfies readonly (keyof IamWritePort)[]
/** Compile-time proof that IAM_WRITE_METHODS names every write (a new one must drop the listings too). */
type MissingWrite = Exclude<keyof IamWritePort, (typeof IAM_WRITE_METHODS)[number]>
const WRITES_COMPLETE: MissingWrite extends never ? true : never = true
void WRITES_COMPLETE

/** The account's roles by name: only those both listings show (IAM is eventually consistent). */
function joinListings(listed: readonly ListedRole[], details: readonly RoleDetails[]): Map<string, ListedRoleAndPolicies> {
  const byName = new Map(listed.map((role) => [role.name, role]))
  const roles = new Map<string, ListedRoleAndPolicies>()
  for (const { inlinePolicies, attachedPolicies, permissionsBoundaryArn, tags, name } of details) {
    const role = byName.get(name)
    if (role) roles.set(name, { info: { ...role, permissionsBoundaryArn, tags }, inlinePolicies, attachedPolicies })
  }
  return roles
}

/** Wrap `port` so that many roles' reads share two account listings (see the file comment). */
export function shareRoleReads(port: IamPort): IamPort {
  const askedAbout = new Set<string>()
  /** The listings, once taken; undefined inside when they failed (per-role reads from then on). */
  let listings: Promise<Map<string, ListedRoleAndPolicies> | undefined> | undefined
  /** False once the listings failed or the port wrote: per-role reads from then on. */
  let listing = true
  /** False once the port wrote: managed policies are read afresh from then on. */
  let remembering = true
  let turnEnd: Promise<void> | undefined
  let policies = new Map<string, Promise<ManagedPolicyInfo | undefined>>()
  let versions = new Map<string, Promise<PolicyDocument>>()

  const takeListings = () =>
    Promise.all([port.listRoles(), port.listRoleDetails()]).then(
      ([listed, details]) => joinListings(listed, details),
      () => {
        listing = false
        return undefined
      }
    )

  /** Decide at the end of this turn, once everyone asking together has asked. */
  const decide = () =>
    (turnEnd ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      turnEnd = undefined
      if (listing && !listings && askedAbout.size >= BULK_READ_MIN_ROLES) listings = takeListings()
    }))

  /** The role from the listings, or undefined: read it on its own. */
  const listed = async (roleName: string): Promise<ListedRoleAndPolicies | undefined> => {
    if (!listing) return undefined
    askedAbout.add(roleName)
    if (!listings) await decide()
    const roles = await listings
    return listing ? roles?.get(roleName) : undefined
  }

  const remembered = <T>(cache: Map<string, Promise<T>>, key: string, read: () => Promise<T>): Promise<T> => {
    let promise = cache.get(key)
    if (!promise) {
      promise = read()
      cache.set(key, promise)
      // A failure is not remembered: the next caller asks again.
      promise.catch(() => cache.delete(key))
    }
    return promise
  }

  const afterWrite = () => {
    listing = false
    remembering = false
    listings = undefined
    policies = new Map()
    versions = new Map()
  }
  const writes = Object.fromEntries(
    IAM_WRITE_METHODS.map((name) => [
      name,
      (...args: unknown[]) => {
        afterWrite()
        return (port[name] as (...a: unknown[]) => Promise<unknown>)(...args)
      }
    ])
  ) as Pick<IamPort, (typeof IAM_WRITE_METHODS)[number]>

  return {
    ...port,
    ...writes,
    async getRole(roleName) {
      return (await listed(roleName))?.info ?? port.getRole(roleName)
    },
    async listRolePolicies(roleName) {
      return (await listed(roleName))?.inlinePolicies.map((policy) => policy.name) ?? port.listRolePolicies(roleName)
    },
    async getRolePolicy(roleName, policyName) {
      const role = await listed(roleName)
      return role ? role.inlinePolicies.find((policy) => policy.name === policyName)?.document : port.getRolePolicy(roleName, policyName)
    },
    async listAttachedRolePolicies(roleName) {
      return (await listed(roleName))?.attachedPolicies ?? port.listAttachedRolePolicies(roleName)
    },
    getPolicy(policyArn) {
      return remembering ? remembered(policies, policyArn, () => port.getPolicy(policyArn)) : port.getPolicy(policyArn)
    },
    getPolicyVersion(policyArn, versionId) {
      return remembering ? remembered(versions, `${policyArn}\0${versionId}`, () => port.getPolicyVersion(policyArn, versionId)) : port.getPolicyVersion(policyArn, versionId)
    }
  }
}
