/**
 * The static proof of the role's live permissions (issue 16), the trust proof's twin: over all of
 * the role's policies, Bedrock's invoke actions are allowed only on the setup's models and
 * profiles, and only from the setup's CIDRs when it has them. Requests: the setup's resources and
 * their neighbours (the same model in another region, another model, another profile, another
 * account's profile), with contexts from every condition key the documents use (requests.ts) — a
 * request the live policies allow and the setup's permissions policy refuses is a gap.
 */
import type { Evaluator, NamedPolicy, PolicyDocument } from '../evaluate.js'
import { statementsOf } from '../policy-document.js'
import { acceptanceOf, contextValue, verdictOf, type ProofGap, type PropertyVerdict } from './gaps.js'
import { conditionKeys, contexts, STRANGER_ACCOUNT } from './requests.js'
import { firstOfEach } from './trust.js'

export interface PermissionsSubject {
  /** The role session the application calls Bedrock as. */
  sessionArn: string
  accountId: string
  region: string
  /** The setup's invoke resources (buildDocuments(setup).invokeResources). */
  invokeResources: readonly string[]
  /** The actions the setup grants on them. */
  actions: readonly string[]
}

export interface PermissionsProof {
  sound: boolean
  resources: PropertyVerdict
  sourceIp: PropertyVerdict
  gaps: ProofGap[]
  requests: number
}

/** Bedrock's invoke actions: the ones the setup may grant, probed whatever it grants. */
const INVOKE_ACTIONS = ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream']
/** A model id no setup names. */
const OTHER_MODEL = 'bedrock-xacct-probe.other-model-v1:0'
/** A region for "the same model elsewhere" (and its stand-in when the setup's region is this one). */
const OTHER_REGIONS = ['ap-southeast-2', 'sa-east-1']

/** The setup's resources and their neighbours. */
function neighbourResources(subject: PermissionsSubject): string[] {
  const out = new Set<string>(subject.invokeResources)
  const partition = /^arn:([\w-]+):/.exec(subject.invokeResources[0] ?? '')?.[1] ?? 'aws'
  const otherRegion = OTHER_REGIONS.find((r) => r !== subject.region)!
  for (const resource of subject.invokeResources) {
    const parts = resource.split(':')
    if (parts.length < 6) continue
    parts[3] = parts[3] === otherRegion ? OTHER_REGIONS[1]! : otherRegion
    out.add(parts.join(':'))
  }
  out.add(`arn:${partition}:bedrock:${subject.region}::foundation-model/${OTHER_MODEL}`)
  out.add(`arn:${partition}:bedrock:${otherRegion}::foundation-model/${OTHER_MODEL}`)
  out.add(`arn:${partition}:bedrock:${subject.region}:${subject.accountId}:inference-profile/us.${OTHER_MODEL}`)
  out.add(`arn:${partition}:bedrock:${subject.region}:${subject.accountId}:application-inference-profile/bedrockxacctprobe`)
  out.add(`arn:${partition}:bedrock:${subject.region}:${STRANGER_ACCOUNT}:inference-profile/us.${OTHER_MODEL}`)
  return [...out]
}

function accountOf(resource: string, fallback: string): string {
  const account = resource.split(':')[4]
  return account && /^\d{12}$/.test(account) ? account : fallback
}

/** Prove the role's live policies against the setup's permissions policy (`intended`). */
export async function provePermissions(live: readonly NamedPolicy[], intended: PolicyDocument, subject: PermissionsSubject, evaluator: Evaluator, options: { limit?: number } = {}): Promise<PermissionsProof> {
  const limit = options.limit ?? 8
  const intendedStatements = statementsOf(intended)
  const statements = [...intendedStatements, ...live.flatMap((p) => statementsOf(p.document))]
  const keys = conditionKeys(statements)
  // The region the application calls is always in the request (Bedrock sets it), so it is never "left out".
  if (!keys.has('aws:requestedregion')) keys.set('aws:requestedregion', { key: 'aws:RequestedRegion', values: [subject.region] })
  const requestContexts = contexts(keys).filter(({ context }) => contextValue(context, 'aws:requestedregion') !== undefined)
  const acceptance = acceptanceOf(intendedStatements)
  const ip = acceptance.get('aws:sourceip')
  const intendedPolicies = [{ name: 'setup-permissions', document: intended }]
  const gaps: ProofGap[] = []
  const seen = new Set<string>()
  let requests = 0
  for (const action of INVOKE_ACTIONS) {
    for (const resource of neighbourResources(subject)) {
      for (const { context, words } of requestContexts) {
        const request = { principal: subject.sessionArn, action, resource, resourceAccount: accountOf(resource, subject.accountId), context }
        requests++
        if (!(await evaluator.evaluate({ ...request, identityPolicies: [...live] })).allowed) continue
        if ((await evaluator.evaluate({ ...request, identityPolicies: intendedPolicies })).allowed) continue
        const setting = words.length > 0 ? ` with ${words.join(', ')}` : ''
        const ipMissed = ip !== undefined && !ip.accepts(contextValue(context, 'aws:sourceip'))
        const gap: ProofGap = ipMissed
          ? { property: 'source-ip', key: ip.key, text: `${action} on ${resource} is allowed${setting}: the aws:SourceIp allow-list is not enforced` }
          : subject.actions.includes(action)
            ? { property: 'resource', text: `${action} is allowed on ${resource}${setting}, which the setup does not name` }
            : { property: 'action', text: `${action} is allowed on ${resource}${setting}, an action the setup does not grant` }
        const id = `${gap.property}|${gap.property === 'source-ip' ? '' : `${action} ${resource}`}`
        if (seen.has(id)) continue
        seen.add(id)
        gaps.push(gap)
      }
    }
  }
  return {
    sound: gaps.length === 0,
    resources: verdictOf(gaps, 'resource', true),
    sourceIp: verdictOf(gaps, 'source-ip', ip !== undefined),
    gaps: firstOfEach(gaps, limit),
    requests
  }
}
