/**
 * The one reader of a principal's identity policies (a role's or a user's inline policies and
 * attached managed policies, each at its default version). verify reads the access role's
 * permissions with it, explain --fetch the caller's policies and the role's: one place decides
 * which IAM calls that takes, so the two cannot drift apart in cost or in what they see.
 *
 * Reads go out side by side (the two lists together, then every document of each list), so a
 * principal costs the latency of three round trips, not one per policy. Each failed read is handed
 * to `onError` in a fixed order (lists first, then inline documents, then managed policies, each in
 * IAM's order), whatever order the answers arrived in, so the notes a caller makes are stable.
 */
import type { NamedPolicy, PolicyDocument } from './evaluate.js'
import type { IamReadPort } from './ports/aws.js'

/** A role or user by name, in the account the IAM port reads. */
export interface PrincipalRef {
  kind: 'role' | 'user'
  name: string
}

/** A managed policy read at its default version: `name` from GetPolicy, `arn` as attached. */
export interface ManagedPolicy extends NamedPolicy {
  arn: string
}

export interface PrincipalPolicies {
  /** Inline policies in IAM's order, named as IAM names them; one that vanished meanwhile is left out. */
  inline: NamedPolicy[]
  /** Attached managed policies in IAM's order, at their default versions; one that vanished is left out. */
  attached: ManagedPolicy[]
  /** How many attached policies were listed but not read (beyond `maxAttached`). */
  attachedNotRead: number
}

export interface ReadPolicyOptions {
  /**
   * Called once per failed read with what it was reading (`inline policies of role R`, `managed
   * policy ARN`, …). Returning skips that read (its policies are left out); throwing stops the
   * whole read with that error. Without it, the first failure (in the fixed order) is thrown.
   */
  onError?: ((error: unknown, what: string) => void) | undefined
  /** Read at most this many attached policies; every one when undefined. */
  maxAttached?: number | undefined
}

interface Failure {
  error: unknown
  what: string
}

type Outcome<T> = { ok: true; value: T } | ({ ok: false } & Failure)

async function settle<T>(what: string, read: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await read() }
  } catch (error) {
    return { ok: false, error, what }
  }
}

const rethrow = (error: unknown): never => {
  throw error
}

async function managedOutcomes(iam: IamReadPort, arn: string): Promise<{ policy?: ManagedPolicy | undefined; failures: Failure[] }> {
  const info = await settle(`managed policy ${arn}`, () => iam.getPolicy(arn))
  if (!info.ok) return { failures: [info] }
  if (!info.value) return { failures: [] }
  const { name, defaultVersionId } = info.value
  const document = await settle(`managed policy ${arn} version ${defaultVersionId}`, () => iam.getPolicyVersion(arn, defaultVersionId))
  return document.ok ? { policy: { name, arn, document: document.value }, failures: [] } : { failures: [document] }
}

/** One inline policy of a role or user (GetRolePolicy / GetUserPolicy); undefined when it does not exist. */
export function readInlinePolicy(iam: IamReadPort, principal: PrincipalRef, policyName: string): Promise<PolicyDocument | undefined> {
  return principal.kind === 'role' ? iam.getRolePolicy(principal.name, policyName) : iam.getUserPolicy(principal.name, policyName)
}

/** One managed policy at its default version (GetPolicy, GetPolicyVersion); undefined when it does not exist or a read failed and `onError` returned. */
export async function readManagedPolicy(iam: IamReadPort, arn: string, options: Pick<ReadPolicyOptions, 'onError'> = {}): Promise<ManagedPolicy | undefined> {
  const { policy, failures } = await managedOutcomes(iam, arn)
  for (const failure of failures) (options.onError ?? rethrow)(failure.error, failure.what)
  return policy
}

/**
 * A role's or user's inline and attached policies. Undefined only when both lists failed and
 * `onError` returned (nothing at all is known about the principal's policies).
 */
export async function readPrincipalPolicies(iam: IamReadPort, principal: PrincipalRef, options: ReadPolicyOptions = {}): Promise<PrincipalPolicies | undefined> {
  const { kind, name } = principal
  const role = kind === 'role'
  const inlineNames = settle(`inline policies of ${kind} ${name}`, () => (role ? iam.listRolePolicies(name) : iam.listUserPolicies(name)))
  const attachedRefs = settle(`attached policies of ${kind} ${name}`, () => (role ? iam.listAttachedRolePolicies(name) : iam.listAttachedUserPolicies(name)))
  const inlineDocuments = inlineNames.then((names) =>
    Promise.all((names.ok ? names.value : []).map((policyName) => settle(`inline policy ${policyName} of ${kind} ${name}`, () => readInlinePolicy(iam, principal, policyName)).then((outcome) => ({ policyName, outcome }))))
  )
  const managed = attachedRefs.then((refs) => Promise.all((refs.ok ? refs.value : []).slice(0, options.maxAttached).map((ref) => managedOutcomes(iam, ref.arn))))
  const [names, refs, documents, policies] = await Promise.all([inlineNames, attachedRefs, inlineDocuments, managed])

  const failures: Failure[] = []
  if (!names.ok) failures.push(names)
  if (!refs.ok) failures.push(refs)
  const inline: NamedPolicy[] = []
  for (const { policyName, outcome } of documents) {
    if (!outcome.ok) failures.push(outcome)
    else if (outcome.value) inline.push({ name: policyName, document: outcome.value })
  }
  const attached: ManagedPolicy[] = []
  for (const read of policies) {
    failures.push(...read.failures)
    if (read.policy) attached.push(read.policy)
  }
  for (const failure of failures) (options.onError ?? rethrow)(failure.error, failure.what)
  if (!names.ok && !refs.ok) return undefined
  const listed = refs.ok ? refs.value.length : 0
  return { inline, attached, attachedNotRead: Math.max(0, listed - policies.length) }
}
