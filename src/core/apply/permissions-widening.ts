/**
 * What a rewritten identity policy (the role's permissions policy, the caller's source policy)
 * would newly allow, judged by meaning (issue 17): the plan says so, as it does for the trust.
 * Requests are built from both documents — every action and resource they name (a pattern by one
 * instance of it), with the condition values they use, others and none — and evaluated with the
 * IAM evaluator against the old and the new document. Not a refusal: permissions are what the
 * setup asks for; the plan shows what they add beyond what AWS holds now.
 */
import type { Evaluator, PolicyDocument, PolicyStatement } from '../evaluate.js'
import { statementsOf } from '../policy-document.js'
import type { ApplyObservation } from './desired-observed.js'
import type { ApplyPlan, PlannedChange } from './plan-types.js'
import { requestContextsOf } from './trust-weakening.js'

/** Who the policy is attached to (evaluated in its own account, so that the identity policy alone decides). */
export interface IdentitySubject {
  principalArn: string
  accountId: string
}

/** At most this many actions × resources are tried (bounded work for hostile documents). */
const MAX_PAIRS = 2_000

const asList = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)])
/** A concrete value a pattern matches (`bedrock:Invoke*` → `bedrock:Invokeprobe`). */
const instanceOf = (pattern: string) => pattern.replace(/\*/g, 'probe').replace(/\?/g, 'x')

/**
 * Actions a wildcard may stand for: those this tool's policies are about, and a few it must not
 * grant by accident (an evaluator request needs a real action, so `bedrock:*` is tried as these).
 */
const KNOWN_ACTIONS = [
  'bedrock:InvokeModel',
  'bedrock:InvokeModelWithResponseStream',
  'bedrock:GetInferenceProfile',
  'bedrock:CreateModelCustomizationJob',
  'bedrock:DeleteCustomModel',
  'sts:AssumeRole',
  'sts:TagSession',
  'sts:SetSourceIdentity',
  'iam:PassRole',
  'iam:CreateUser',
  's3:GetObject'
]

/** A glob (IAM's `*` and `?`, case-insensitive for actions) as a RegExp. */
const glob = (pattern: string, flags = '') =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    flags
  )

function actionsOf(statements: readonly PolicyStatement[]): string[] {
  const patterns = statements.flatMap((statement) => asList(statement.Action))
  const literal = patterns.filter((pattern) => !/[*?]/.test(pattern))
  const expanded = patterns.filter((pattern) => /[*?]/.test(pattern)).flatMap((pattern) => KNOWN_ACTIONS.filter((action) => glob(pattern, 'i').test(action)))
  return [...new Set([...literal, ...expanded])]
}

/** Resources to try: each named one (a pattern by one instance of it), and for a wildcard a model and a role. */
function resourcesOf(statements: readonly PolicyStatement[], subject: IdentitySubject): string[] {
  const patterns = statements.flatMap((statement) => asList(statement.Resource))
  const probes = [`arn:aws:bedrock:us-east-1::foundation-model/bedrock-xacct-probe`, `arn:aws:iam::${subject.accountId}:role/bedrock-xacct-probe`]
  const wild = patterns.some((pattern) => pattern === '*')
  return [...new Set([...patterns.filter((pattern) => pattern !== '*').map(instanceOf), ...(wild ? [...probes, '*'] : [])])]
}

/**
 * What `after` allows that `before` did not, one line per action (`bedrock:InvokeModel on
 * arn:…/a, arn:…/b`); empty when nothing. `before` undefined: the policy does not exist yet.
 */
export async function newlyAllowedActions(before: PolicyDocument | undefined, after: PolicyDocument, subject: IdentitySubject, evaluator: Evaluator, options: { limit?: number } = {}): Promise<string[]> {
  const limit = options.limit ?? 10
  const statements = [...statementsOf(before), ...statementsOf(after)]
  const actions = actionsOf(statements)
  const resources = resourcesOf(statements, subject)
  const requestContexts = requestContextsOf(statements)
  const found = new Map<string, string[]>()
  let pairs = 0
  for (const action of actions) {
    for (const resource of resources) {
      if (++pairs > MAX_PAIRS) break
      for (const { context } of requestContexts) {
        const base = { principal: subject.principalArn, action, resource, resourceAccount: subject.accountId, context }
        const allowed = async (document: PolicyDocument | undefined) => {
          if (!document) return false
          // A pair the evaluator cannot judge (an action that takes no such resource) allows nothing.
          return evaluator.evaluate({ ...base, identityPolicies: [{ name: 'policy', document }] }).then(
            (result) => result.allowed,
            () => false
          )
        }
        const [old, now] = await Promise.all([allowed(before), allowed(after)])
        if (now && !old) {
          found.set(action, [...(found.get(action) ?? []), resource])
          break
        }
      }
    }
  }
  const lines = [...found].map(([action, on]) => `${action} on ${on.join(', ')}`)
  return lines.length > limit ? [...lines.slice(0, limit), `and ${lines.length - limit} more action${lines.length - limit === 1 ? '' : 's'}`] : lines
}

/** The document a change writes, and what AWS holds in its place now; undefined for other changes. */
function rewriteOf(change: PlannedChange, observation: ApplyObservation): { before: PolicyDocument | undefined; after: PolicyDocument } | undefined {
  const written = change.operations.find((operation) => operation.kind === 'putRolePolicy' || operation.kind === 'putUserPolicy' || operation.kind === 'createPolicyVersion')
  if (!written || !('document' in written)) return undefined
  if (change.resource === 'permissions-policy') return { before: observation.target.inlinePermissions, after: written.document }
  if (change.resource === 'managed-policy') return { before: observation.target.managedPolicy?.defaultDocument, after: written.document }
  if (change.resource === 'source-policy') return { before: observation.source?.inlinePolicy, after: written.document }
  return undefined
}

/**
 * The plan with `newlyAllowed` on each policy rewrite of an existing document (permissions and
 * source policy; a new document is shown whole by its diff), for the human plan and the JSON.
 */
export async function withPermissionFindings(plan: ApplyPlan, observation: ApplyObservation, evaluator: Evaluator, options: { created?: boolean } = {}): Promise<ApplyPlan> {
  const changes = await Promise.all(
    plan.changes.map(async (change) => {
      const rewrite = rewriteOf(change, observation)
      // `created`: a document written where none is counts whole (a restore must not grant what nothing grants now).
      if (!rewrite || (!rewrite.before && options.created !== true)) return change
      const subject: IdentitySubject = change.resource === 'source-policy' && observation.source ? { principalArn: observation.source.principal.arn, accountId: change.accountId } : { principalArn: plan.roleArn, accountId: plan.targetAccountId }
      const newlyAllowed = await newlyAllowedActions(rewrite.before, rewrite.after, subject, evaluator)
      return newlyAllowed.length > 0 ? { ...change, newlyAllowed } : change
    })
  )
  return { ...plan, changes }
}
