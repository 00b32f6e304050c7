/**
 * `explain --fetch`: read the policies that decide the failed request with the credentials at
 * hand, through the AWS ports: the role's trust policy (GetRole), its inline and attached policies
 * and boundary, and the caller's own policies in the source account. A read that is denied (or
 * fails otherwise) becomes a note and the diagnosis goes on with what it has.
 */
import { isAwsCallError } from '../../core/ports/aws-error.js'
import type { NamedPolicy } from '../../core/evaluate.js'
import type { RequestFacts } from '../../core/diagnose/request-facts.js'
import type { PolicySet } from '../../core/diagnose/types.js'
import type { AwsClients, IamReadPort } from '../../core/ports/aws.js'
import { readManagedPolicy, readPrincipalPolicies } from '../../core/principal-policies.js'

export interface FetchResult {
  policies: PolicySet
  /** What was read, e.g. "trust policy of BedrockAccessRole (GetRole)". */
  fetched: string[]
  /** What could not be read, and why. */
  notes: string[]
}

/** Attached managed policies read per principal; more is unusual and each costs two calls. */
const MAX_ATTACHED_POLICIES = 20

class Reader {
  readonly fetched: string[] = []
  readonly notes: string[] = []

  /** Turns a failed AWS read into a note (the diagnosis goes on without it); anything else is a bug and is thrown. */
  readonly onError = (error: unknown, what: string): void => {
    if (!isAwsCallError(error)) throw error
    const needs = error.failure.kind === 'access-denied' ? ` (needs iam:${error.failure.operation} on it)` : ''
    this.notes.push(`Could not read ${what}: ${error.failure.awsCode ?? error.failure.kind}${needs}. Continuing without it.`)
  }

  async attempt<T>(what: string, read: () => Promise<T>): Promise<T | undefined> {
    try {
      return await read()
    } catch (error) {
      this.onError(error, what)
      return undefined
    }
  }

  async managed(iam: IamReadPort, arn: string): Promise<NamedPolicy | undefined> {
    const policy = await readManagedPolicy(iam, arn, { onError: this.onError })
    return policy ? { name: policy.name, document: policy.document } : undefined
  }

  /** Inline and attached policies of a role or user. */
  async entityPolicies(iam: IamReadPort, kind: 'role' | 'user', name: string): Promise<NamedPolicy[] | undefined> {
    const read = await readPrincipalPolicies(iam, { kind, name }, { onError: this.onError, maxAttached: MAX_ATTACHED_POLICIES })
    if (!read) return undefined
    const policies: NamedPolicy[] = [...read.inline, ...read.attached.map((p) => ({ name: p.name, document: p.document }))]
    if (read.attachedNotRead > 0) this.notes.push(`Read only the first ${MAX_ATTACHED_POLICIES} attached policies of ${kind} ${name}.`)
    this.fetched.push(`${policies.length} identity polic${policies.length === 1 ? 'y' : 'ies'} of ${kind} ${name}`)
    return policies
  }
}

/** The caller in the source account as a role or user name, from its ARN. */
function callerEntity(arn: string | undefined): { kind: 'role' | 'user'; name: string } | undefined {
  if (!arn) return undefined
  const session = /^arn:[\w-]+:sts::[^:]*:assumed-role\/([^/]+)\//.exec(arn)
  if (session?.[1]) return { kind: 'role', name: session[1] }
  const entity = /^arn:[\w-]+:iam::[^:]*:(role|user)\/(?:.*\/)?([^/]+)$/.exec(arn)
  if (entity?.[1] && entity[2]) return { kind: entity[1] as 'role' | 'user', name: entity[2] }
  return undefined
}

/**
 * When the caller's policies cannot be read, IAM's SimulatePrincipalPolicy may still say whether
 * they allow sts:AssumeRole on the role. Its verdict becomes a stand-in policy (named after the
 * verdict) so the evaluation and the report treat the caller's side as known.
 */
async function simulatedIdentity(reader: Reader, iam: IamReadPort, caller: { kind: 'role' | 'user'; name: string }, principalArn: string, roleArn: string): Promise<NamedPolicy[] | undefined> {
  const partition = /^arn:([\w-]+):/.exec(principalArn)?.[1] ?? 'aws'
  const account = /^arn:[\w-]+:(?:iam|sts)::(\d{12}):/.exec(principalArn)?.[1]
  if (!account) return undefined
  const policySourceArn = `arn:${partition}:iam::${account}:${caller.kind}/${caller.name}`
  const results = await reader.attempt(`SimulatePrincipalPolicy for ${policySourceArn}`, () => iam.simulatePrincipalPolicy({ policySourceArn, actionNames: ['sts:AssumeRole'], resourceArns: [roleArn] }))
  const decision = results?.[0]?.decision
  if (!decision) return undefined
  reader.fetched.push(`SimulatePrincipalPolicy verdict for ${caller.kind} ${caller.name}: ${decision}`)
  // allowed → an Allow; explicitDeny → a Deny; implicitDeny → an Allow of something else (nothing allows it).
  const statement =
    decision === 'implicitDeny'
      ? { Sid: 'SimulatedVerdict', Effect: 'Allow' as const, Action: 'sts:GetCallerIdentity', Resource: '*' }
      : { Sid: 'SimulatedVerdict', Effect: decision === 'allowed' ? ('Allow' as const) : ('Deny' as const), Action: 'sts:AssumeRole', Resource: roleArn }
  return [{ name: `SimulatePrincipalPolicy (${decision})`, document: { Version: '2012-10-17', Statement: [statement] } }]
}

/**
 * Read what decides the request. `target` reads the role in B; `source` (when the family is
 * AssumeRole) reads the caller in A. Either may be undefined (no credentials for that side).
 */
export async function fetchPolicies(facts: RequestFacts, clients: { target?: AwsClients | undefined; source?: AwsClients | undefined }): Promise<FetchResult> {
  const reader = new Reader()
  const policies: PolicySet = {}
  const roleName = facts.roleName
  if (clients.target && roleName) {
    const iam = clients.target.iam
    const role = await reader.attempt(`role ${roleName} (GetRole)`, () => iam.getRole(roleName))
    if (role) {
      policies.trust = role.trustPolicy
      policies.maxSessionDurationSeconds = role.maxSessionDurationSeconds
      reader.fetched.push(`trust policy of role ${roleName}`)
      if (facts.family === 'bedrock') {
        policies.permissions = await reader.entityPolicies(iam, 'role', roleName)
        if (role.permissionsBoundaryArn) {
          const boundary = await reader.managed(iam, role.permissionsBoundaryArn)
          if (boundary) {
            policies.boundary = boundary
            reader.fetched.push(`permissions boundary ${role.permissionsBoundaryArn}`)
          }
        }
      }
    } else if (role === undefined && !reader.notes.some((n) => n.includes(`role ${roleName}`))) {
      reader.notes.push(`Role ${roleName} does not exist in the target account (or the credentials see another account).`)
    }
  } else if (!roleName) {
    reader.notes.push('The role name is unknown, so its policies could not be read (pass --role-arn).')
  }
  const caller = callerEntity(facts.principalArn)
  if (clients.source && facts.family === 'assume-role' && caller) {
    policies.identity = await reader.entityPolicies(clients.source.iam, caller.kind, caller.name)
    if (policies.identity === undefined && facts.roleArn && facts.principalArn) {
      policies.identity = await simulatedIdentity(reader, clients.source.iam, caller, facts.principalArn, facts.roleArn)
    }
  }
  return { policies, fetched: reader.fetched, notes: reader.notes }
}

/** Merge fetched policies under the ones given as files (files win: the user chose them). */
export function mergePolicies(fromFiles: PolicySet | undefined, fetched: PolicySet): PolicySet {
  const merged: PolicySet = { ...fetched }
  for (const [key, value] of Object.entries(fromFiles ?? {}) as [keyof PolicySet, PolicySet[keyof PolicySet]][]) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value
  }
  return merged
}
