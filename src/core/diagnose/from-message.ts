/**
 * Causes suggested by the message alone (DESIGN §5): the policy type AWS named decides the layer;
 * a reason-less cross-account sts:AssumeRole leaves both sides open; Bedrock's non-IAM denials
 * and the validation look-alikes name their cause outright.
 */
import { parsePrincipalArn } from '../arn.js'
import { UNSPECIFIED_REGION, isRegionlessModelArn } from '../models.js'
import { clockSkewOf } from '../access-denied/aws-errors.js'
import type { NotAuthorizedDenial, ParsedDenial, PolicyType } from '../access-denied/types.js'
import { isSessionAction, TAG_SESSION_ACTION } from '../session-actions.js'
import { CandidateSet } from './candidate-set.js'
import type { CauseId } from './causes.js'
import type { RequestFacts } from './request-facts.js'

/** Every trust-side cause of a reason-less or trust-policy AssumeRole denial. */
export const TRUST_CAUSES: readonly CauseId[] = ['trust-missing-source', 'external-id-missing', 'external-id-wrong', 'source-ip-outside', 'source-ip-via-vpc-endpoint', 'duration-condition-never-matches']

/** The trust-side causes of a refused session action (sts:TagSession, sts:SetSourceIdentity). */
export const SESSION_TRUST_CAUSES: readonly CauseId[] = ['tag-session-not-allowed', 'source-identity-not-allowed']

/** The trust-side cause for one session action. */
export function sessionTrustCause(action: string): CauseId {
  return action.toLowerCase() === TAG_SESSION_ACTION.toLowerCase() ? 'tag-session-not-allowed' : 'source-identity-not-allowed'
}

/** The Bedrock actions the access role's permissions policy grants (anything else is another permission). */
const INVOKE_ACTIONS: ReadonlySet<string> = new Set(['bedrock:invokemodel', 'bedrock:invokemodelwithresponsestream', 'bedrock:converse', 'bedrock:conversestream'])

/** A role's session assuming that same role (docs/aws-facts.md sts.assume-role.self). */
function assumesItself(parsed: NotAuthorizedDenial): boolean {
  const principal = parsed.principal
  if (principal?.kind !== 'assumed-role' || !principal.name || !parsed.resource) return false
  const role = /:iam::([^:]*):role\/(?:.*\/)?([^/]+)$/.exec(parsed.resource)
  if (role?.[2] !== principal.name) return false
  // The account as written, placeholders included (the parsed principal keeps only a real one).
  const caller = /^arn:[\w-]+:sts::([^:]*):/.exec(principal.arn)?.[1] ?? principal.accountId
  const owner = role[1] ?? ''
  // A redacted account (`***`, `ACCOUNT_ID`) beside a real one cannot disprove it; two different real
  // accounts do, and so do two different placeholders (`<main_account_id>`, `<prod_account_id>`).
  return caller === undefined || caller === owner || /^\d{12}$/.test(caller) !== /^\d{12}$/.test(owner)
}

/** Layers whose denial names a single cause regardless of the action. */
const LAYER_CAUSE: Partial<Record<PolicyType, CauseId>> = {
  scp: 'scp-deny',
  rcp: 'rcp-deny',
  boundary: 'permissions-boundary',
  session: 'session-policy',
  vpce: 'vpc-endpoint-policy',
  resource: 'resource-policy'
}

function said(parsed: NotAuthorizedDenial): string {
  if (parsed.policyType === undefined && parsed.denial !== 'explicit') return 'AWS gave no reason.'
  const kind = parsed.denial === 'explicit' ? 'an explicit deny in' : 'no allow in'
  const type = parsed.policyType ?? 'an unnamed'
  const arn = parsed.policyArn ? ` (${parsed.policyArn})` : ''
  return `AWS says ${kind} the ${type} policy layer${arn} decided.`
}

/**
 * A refused session action: AWS authorizes it within the AssumeRole request, and the role's trust
 * must allow it (docs/aws-facts.md sts.tag-session.required, sts.set-source-identity.required), so
 * the trust comes first; cross-account, the caller's own policy must allow it too.
 */
function addSessionActionCauses(parsed: NotAuthorizedDenial, set: CandidateSet, evidence: string): void {
  const trustCause = sessionTrustCause(parsed.action)
  if (parsed.policyType === 'identity') return void set.add('source-missing-session-action', 'certain', evidence)
  if (parsed.policyType === 'trust') return void set.add(trustCause, 'certain', evidence)
  const need = `${parsed.action} is authorized within the AssumeRole request: AWS fails the AssumeRole of a role whose trust policy does not allow it, and cross-account the caller's own policy must allow it too.`
  set.add(trustCause, 'likely', `${evidence} ${need}`)
  set.add('source-missing-session-action', 'possible', need)
}

function fromNotAuthorized(parsed: NotAuthorizedDenial, facts: RequestFacts, set: CandidateSet): void {
  const evidence = said(parsed)
  const layerCause = parsed.policyType ? LAYER_CAUSE[parsed.policyType] : undefined
  if (layerCause) {
    set.add(layerCause, 'certain', evidence, { policyArn: parsed.policyArn })
    if (parsed.policyType === 'scp' && facts.family === 'bedrock' && INVOKE_ACTIONS.has(parsed.action.toLowerCase())) {
      const rerouted = facts.resourceRegion !== undefined && facts.region !== undefined && facts.resourceRegion !== facts.region
      const global = parsed.resource !== undefined && isRegionlessModelArn(parsed.resource)
      set.add(
        'scp-region-lock',
        rerouted || global ? 'likely' : 'possible',
        global
          ? `The denied resource is the region-less model ARN of global cross-region inference, which AWS authorizes with aws:RequestedRegion "${UNSPECIFIED_REGION}": the signature of a region-lock SCP that does not allow it.`
          : rerouted
            ? `The call was made in ${facts.region} but denied in ${facts.resourceRegion}, where an inference profile routed it: the signature of a region-lock SCP (aws:RequestedRegion).`
            : 'Region-lock SCPs (aws:RequestedRegion) are the most common SCP denial of Bedrock calls, and they break cross-region inference profiles.'
      )
    }
    return
  }
  if (parsed.action.toLowerCase() === 'bedrock:callwithbearertoken') {
    set.add('bearer-token-not-allowed', parsed.denial === 'none' ? 'likely' : 'certain', `${evidence} The denied action is bedrock:CallWithBearerToken: the call used a Bedrock API key.`)
    if (parsed.denial !== 'implicit') set.add('scp-deny', 'possible', 'An SCP that denies bedrock:CallWithBearerToken (a common guard against API keys) refuses every key in the account.')
    return
  }
  if (parsed.action.startsWith('aws-marketplace:')) {
    set.add('marketplace-subscription', 'certain', `The denied action is ${parsed.action}.`)
    return
  }
  if (parsed.denial === 'explicit' && parsed.policyType === 'identity') {
    set.add('explicit-deny-identity', 'certain', evidence, { policyArn: parsed.policyArn })
    return
  }
  if (facts.family === 'assume-role' && isSessionAction(parsed.action)) return addSessionActionCauses(parsed, set, evidence)
  if (facts.family === 'assume-role' && parsed.principal?.kind === 'root') {
    set.add('root-cannot-assume-role', 'certain', `The caller ${parsed.principal.arn} is the account root user, and only IAM users and roles may call AssumeRole.`)
    return
  }
  if (facts.family === 'assume-role') {
    const resourcePrincipal = parsed.resource ? parsePrincipalArn(parsed.resource) : undefined
    // A redacted account (arn:aws:iam::***:role/X) is not a malformed role ARN; a user or session ARN is.
    const notARole = parsed.resource !== undefined && /^arn:/.test(parsed.resource) && (resourcePrincipal ? resourcePrincipal.kind !== 'role' : !/:iam::[^:]*:role\//.test(parsed.resource))
    if (parsed.resource && notARole) {
      set.add('malformed-role-arn', 'certain', `The resource AssumeRole was called on, ${parsed.resource}, is not an IAM role ARN.`)
      return
    }
    if (parsed.policyType === 'identity') {
      set.add('source-missing-assume-role', 'certain', evidence)
      return
    }
    if (parsed.policyType === 'trust' || parsed.denial === 'explicit') {
      for (const cause of TRUST_CAUSES) set.add(cause, 'possible', evidence)
      if (parsed.denial === 'explicit') set.add('trust-condition-failed', 'likely', evidence)
      return
    }
    if (parsed.denial === 'none' && assumesItself(parsed)) {
      set.add('trust-missing-source', 'likely', `A session of role ${String(parsed.principal?.name)} assumes that same role: a role may assume itself only when its own trust policy names it (or its account).`)
      set.add('source-missing-assume-role', 'possible', "The role's permissions policy must also allow sts:AssumeRole on itself.")
      return
    }
    const crossAccount = facts.sourceAccountId && facts.targetAccountId ? facts.sourceAccountId !== facts.targetAccountId : undefined
    const why =
      crossAccount === false
        ? "AWS gave no reason, so either the caller's identity policy or the trust policy said no."
        : "Cross-account sts:AssumeRole denials carry no reason: either the caller's identity policy (source account) or the role's trust policy (target account) said no, so both sides must be checked."
    if (!parsed.action.toLowerCase().startsWith('sts:assumerolewith')) set.add('source-missing-assume-role', 'possible', why)
    for (const cause of TRUST_CAUSES) {
      if (parsed.action.toLowerCase().startsWith('sts:assumerolewith') && cause.startsWith('external-id')) continue
      set.add(cause, 'possible', why)
    }
    // A web identity has no identity policy of its own: only the role's trust policy can refuse it.
    if (parsed.action.toLowerCase().startsWith('sts:assumerolewith'))
      set.add('trust-condition-failed', 'likely', "AssumeRoleWithWebIdentity is decided by the role's trust policy alone (the caller has no IAM identity): its Federated principal or its sub/aud conditions do not match the token.")
    return
  }
  if (facts.family === 'bedrock' && INVOKE_ACTIONS.has(parsed.action.toLowerCase())) {
    set.add('identity-policy-missing-bedrock', parsed.denial === 'implicit' ? 'certain' : 'likely', evidence)
    addBedrockResourceCauses(facts, set)
    return
  }
  set.add('identity-policy-missing-action', parsed.denial === 'implicit' ? 'certain' : 'likely', evidence)
}

/** Which part of the Bedrock grant is probably missing, from the resource in the message. */
function addBedrockResourceCauses(facts: RequestFacts, set: CandidateSet): void {
  const resource = facts.resource ?? ''
  if (/:inference-profile\//.test(resource)) {
    set.add('profile-arn-missing', 'possible', `The denied resource is the inference profile ${resource}.`)
  } else if (/:foundation-model\//.test(resource)) {
    if (facts.resourceRegion && facts.region && facts.resourceRegion !== facts.region) {
      set.add('profile-missing-destination-region', 'likely', `The call was made in ${facts.region} but denied on the model in ${facts.resourceRegion}: an inference profile routed it there.`)
    } else {
      set.add('region-model-mismatch', 'possible', `The denied resource is the foundation model ${resource}.`)
      set.add('profile-missing-destination-region', 'possible', 'If the call went through a cross-region inference profile, every destination region needs its own foundation-model ARN.')
    }
  }
}

/** Whether the service an SDK named (Java `Service: …`, Go `operation error …`) is STS or Bedrock; unnamed counts as yes. */
function isStsOrBedrock(service: string | undefined): boolean {
  return service === undefined || /sts|security ?token|bedrock/i.test(service)
}

/** Error codes under which AWS reports an authorization decision (STS `AccessDenied`, Bedrock `AccessDeniedException`, EC2 `UnauthorizedOperation`). */
const DENIAL_CODE = /^(?:AccessDenied|Unauthorized|Forbidden|NotAuthorized)/i

const AWS_ERROR_EVIDENCE = 'This is not an IAM policy decision.'
const VALIDATION_EVIDENCE = 'AWS rejected the request as invalid before any policy was evaluated; this is not an IAM denial.'

/** Seed the candidate set from the message. */
export function candidatesFromMessage(parsed: ParsedDenial, facts: RequestFacts): CandidateSet {
  const set = new CandidateSet()
  switch (parsed.kind) {
    case 'not-authorized':
      fromNotAuthorized(parsed, facts, set)
      break
    case 'bedrock-denial':
      set.add(parsed.reason, 'certain', `Bedrock said: "${parsed.message}"`)
      break
    case 'validation':
      set.add(parsed.reason, 'certain', `${VALIDATION_EVIDENCE} AWS said: "${parsed.message}"`, { value: parsed.value, modelId: parsed.modelId })
      break
    case 'aws-error':
      set.add(parsed.reason, 'certain', `${AWS_ERROR_EVIDENCE} AWS said: "${parsed.message}"`, parsed.reason === 'clock-skew' ? { skew: clockSkewOf(parsed.message) } : {})
      break
    case 'unrecognized': {
      const code = parsed.envelope.errorCode ?? ''
      // Text with no AWS error code or operation in it (a stack trace, "hello world") gets no guesses;
      // neither does another service's error (S3's PutObject, DynamoDB's ValidationException).
      if (!code && !parsed.envelope.operation) break
      if (facts.family === 'unknown' && (parsed.envelope.operation || !isStsOrBedrock(parsed.envelope.service))) break
      const why = 'The message was not recognized, so every common cause of this kind of call stays open.'
      if (/^Validation/i.test(code) && facts.family === 'assume-role') {
        for (const cause of ['duration-over-max', 'role-chaining-limit', 'external-id-malformed', 'malformed-role-arn'] as const) set.add(cause, 'possible', `AssumeRole rejected the request as invalid (${code}).`)
        break
      }
      // Only a denial can hide a policy decision: a validation or model error, a throttle or a 5xx cannot.
      if (code && !DENIAL_CODE.test(code)) break
      // STS says AccessDenied; AccessDeniedException is a JSON-protocol service's (Bedrock's) word.
      if (facts.family !== 'bedrock' && code !== 'AccessDeniedException') {
        set.add('source-missing-assume-role', 'possible', why)
        for (const cause of TRUST_CAUSES) set.add(cause, 'possible', why)
      }
      if (facts.family !== 'assume-role') {
        set.add('identity-policy-missing-bedrock', 'possible', why)
        set.add('model-access-not-granted', 'possible', why)
        set.add('scp-region-lock', 'possible', why)
      }
      break
    }
  }
  return set
}
