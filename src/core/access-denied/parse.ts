/**
 * `parseAccessDenied`: any AWS error text in, a `ParsedDenial` out, never an exception (DESIGN §5).
 * Order matters: the IAM grammar (`User: … is not authorized to perform: …`) first, then Bedrock's
 * non-IAM denials and the validation look-alikes, then partial denials (STS's reason-less
 * web-identity form, heads cut off), then the other AWS errors people paste (aws-errors.ts).
 */
import { matchAwsError } from './aws-errors.js'
import { peelEnvelope } from './envelope.js'
import { parseMessagePrincipal } from './principal.js'
import { POLICY_TYPE_WORDING, type BedrockDenialId, type Envelope, type NotAuthorizedDenial, type ParsedDenial, type PolicyType, type ValidationId } from './types.js'

/** An action AWS denied: a service prefix and one concrete action name (AWS never names a wildcard). */
const ACTION = String.raw`([\w-]+:[A-Za-z0-9]+)`
const NOT_AUTHORIZED = new RegExp(String.raw`\b(?:User|Principal):\s*(\S+)\s+is not authorized to perform:?\s*` + ACTION, 'i')
const ON_RESOURCE = /^\s*on resource:?\s*(.+?)(?=\s+because no\s|\s+(?:with|due to) an explicit deny\s|[\s."'}\])\\]*$)/i
/** `because no <policy type> allows the <action> action`, also when the paste is cut off after "allows the". */
const IMPLICIT = /^\s*because no (.+?) allows the(?:\s+\S+ action|\s*\S*$)/i
/**
 * `with an explicit deny in a|an|the <type>` (an SCP denial may say `due to an explicit deny in a
 * Service Control Policy`, docs/aws-facts.md deny.scp.due-to). The reason runs to the policy ARN, or
 * to the end of the text less the quotes, braces and stray backslashes (an escape's or a Markdown
 * line break's remains) of a JSON, log or issue wrapper.
 */
const EXPLICIT = /^\s*(?:with|due to) an explicit deny in (?:a|an|the) (.+?)(?=\s*:\s*\S|[\s."'}\])\\]*$)/i
const APPENDED_POLICY = /^\s*:\s*((?:arn:[\w-]+:[\w-]+:[^\s]*)|(?:p-[a-z0-9]+))/i
/**
 * Partial pastes: `not authorized to perform: <action>` without the `User: <arn>` head (STS's
 * reason-less web-identity form, or a paste cut at the front), and `... with an explicit deny in an
 * identity-based policy` with the action elided.
 */
const PARTIAL_NOT_AUTHORIZED = new RegExp(String.raw`\bnot authorized to perform:?\s*` + ACTION, 'i')
const REASON_ANYWHERE = /(?:because no (.+?) allows the(?:\s+\S+ action|\s*\S*$)|(?:with|due to) an explicit deny in (?:a|an|the) (.+?)(?=\s*:\s*\S|\s*[."'}]|\s*$))/i

/** Non-IAM Bedrock denials, tried in order. */
const BEDROCK_PATTERNS: readonly [BedrockDenialId, RegExp][] = [
  ['model-access-not-granted', /don.t have access to the model with the specified model ID|\bis not available for this account\b/i],
  ['marketplace-subscription', /aws-marketplace:(?:ViewSubscriptions|Subscribe)|Marketplace subscription|subscri\w+ to (?:this|the) model/i],
  ['account-not-authorized', /account is not authorized to invoke this API operation/i]
]

/** Validation errors that look like denials, tried in order; group 1 (when present) is the value AWS quoted. */
const VALIDATION_PATTERNS: readonly [ValidationId, RegExp][] = [
  ['on-demand-not-supported', /(?:Invocation of model ID (\S+) with )?on-demand throughput isn.t supported/i],
  // The model id AWS could not resolve or parse: "provided model identifier is invalid", "Could not resolve the
  // foundation model from the provided model identifier", "Value '…' at 'modelId' failed to satisfy constraint".
  ['invalid-model-id', /provided model identifier is invalid|could not resolve the foundation model|at 'modelId' failed to satisfy constraint/i],
  // Converse on an embedding, image, speech or imported model (facts bedrock.converse.non-chat-message); the
  // "does not support the Converse operation" wordings are wrappers' (unverified), read the same way.
  ['converse-not-supported', /doesn.t support the model that you provided|(?:model|(\b[a-z0-9-]+\.[a-z0-9][\w.:-]*)) (?:does not|doesn.t) support the Converse(?:Stream)? operation/i],
  ['role-chaining-limit', /1 hour session limit for roles assumed by role chaining/i],
  ['duration-over-max', /DurationSeconds exceeds the MaxSessionDuration/i],
  ['external-id-malformed', /(?:Value '(.*?)' at 'externalId' failed to satisfy constraint|externalId.{0,40}(?:failed to satisfy|must have length|invalid))/i],
  ['malformed-role-arn', /(?:Value '(.*?)' at 'roleArn' failed to satisfy constraint|(?:role ?arn|ARN) .{0,60}(?:is not a valid|is invalid|malformed)|\barn:\S* is (?:invalid|not a valid)|Invalid ARN)/i],
  // IAM saving a trust (or resource) policy whose Principal it cannot resolve: a role or user that does not exist yet,
  // a wrong account or service name, or a statement with none (docs/aws-facts.md trust.principal.must-exist).
  // Group 1: the principal IAM could not resolve (an ARN, an account, a service name), without its quotes.
  ['invalid-principal', /Invalid principal in policy(?::\s*"?\w+"?\s*:\s*"?([^"\s]+))?|policy has a statement with no principals?\b/i]
]

/**
 * The policy type AWS names. "… in a VPC endpoint policy transitively through a service control
 * policy" names the VPC endpoint policy (docs/aws-facts.md deny.vpce.transitively).
 */
function policyTypeOf(wording: string): PolicyType | undefined {
  const lower = wording
    .replace(/\s+transitively through .*$/i, '')
    .trim()
    .toLowerCase()
  for (const [text, type] of Object.entries(POLICY_TYPE_WORDING)) {
    if (lower === text.toLowerCase()) return type
  }
  return undefined
}

/** `BEDROCK:InvokeModel` → `bedrock:InvokeModel` (IAM service prefixes are case-insensitive). */
export function normalizeAction(action: string): string {
  const colon = action.indexOf(':')
  if (colon < 0) return action
  return `${action.slice(0, colon).toLowerCase()}:${action.slice(colon + 1).replace(/[.,;]+$/, '')}`
}

function parseReason(result: NotAuthorizedDenial, rest: string): void {
  const implicit = IMPLICIT.exec(rest)
  const explicit = implicit ? undefined : EXPLICIT.exec(rest)
  const reason = implicit ?? explicit
  if (reason?.[1]) {
    result.denial = implicit ? 'implicit' : 'explicit'
    result.policyType = policyTypeOf(reason[1])
    const appended = APPENDED_POLICY.exec(rest.slice(reason[0].length))
    if (appended?.[1]) result.policyArn = appended[1].replace(/[.,;]+$/, '')
  }
}

function parseNotAuthorized(message: string, envelope: Envelope): NotAuthorizedDenial | undefined {
  const head = NOT_AUTHORIZED.exec(message)
  if (!head?.[1] || !head[2]) return undefined
  const result: NotAuthorizedDenial = {
    kind: 'not-authorized',
    message,
    envelope,
    principal: parseMessagePrincipal(head[1]),
    action: normalizeAction(head[2]),
    denial: 'none'
  }
  let rest = message.slice(head.index + head[0].length)
  const resource = ON_RESOURCE.exec(rest)
  if (resource?.[1]) {
    result.resource = resource[1].replace(/\.$/, '').replace(/^["']+|["',]+$/g, '')
    rest = rest.slice(resource[0].length)
  }
  parseReason(result, rest)
  return result
}

/** A denial pasted without its head (or with `...` for the principal and action). */
function parsePartialNotAuthorized(message: string, envelope: Envelope): NotAuthorizedDenial | undefined {
  const action = PARTIAL_NOT_AUTHORIZED.exec(message)
  const reason = REASON_ANYWHERE.exec(message)
  if (!action?.[1] && !(reason && /not authorized/i.test(message))) return undefined
  const result: NotAuthorizedDenial = { kind: 'not-authorized', message, envelope, action: action?.[1] ? normalizeAction(action[1]) : '', denial: 'none' }
  if (reason) {
    result.denial = reason[1] ? 'implicit' : 'explicit'
    result.policyType = policyTypeOf((reason[1] ?? reason[2] ?? '').trim())
  }
  return result
}

/** Parse any AWS error text. Never throws; unparseable text is `{ kind: 'unrecognized' }`. */
export function parseAccessDenied(text: string): ParsedDenial {
  let message = ''
  let envelope: Envelope = {}
  try {
    ;({ message, envelope } = peelEnvelope(typeof text === 'string' ? text : String(text)))
    const notAuthorized = parseNotAuthorized(message, envelope)
    if (notAuthorized) return notAuthorized
    for (const [reason, pattern] of BEDROCK_PATTERNS) {
      if (pattern.test(message)) return { kind: 'bedrock-denial', reason, message, envelope }
    }
    for (const [reason, pattern] of VALIDATION_PATTERNS) {
      const match = pattern.exec(message)
      if (!match) continue
      const captured = match[1]
      if (reason === 'on-demand-not-supported' || reason === 'converse-not-supported') return { kind: 'validation', reason, message, envelope, modelId: captured }
      return { kind: 'validation', reason, message, envelope, value: captured }
    }
    const partial = parsePartialNotAuthorized(message, envelope)
    if (partial) return partial
    const awsError = matchAwsError(message, envelope.errorCode, envelope.operation)
    if (awsError) return { kind: 'aws-error', reason: awsError, message, envelope }
  } catch {
    // A parser must never be the thing that fails during an incident.
  }
  return { kind: 'unrecognized', message, envelope }
}
