/**
 * The facts of the failed request, from the parsed message first, then the user's answers, then
 * the setup (config file): who called, what, on which resource, in which accounts and region.
 */
import { parseArn, parsePrincipalArn } from '../arn.js'
import type { ParsedDenial } from '../access-denied/types.js'
import { parseModelRef } from '../models.js'
import type { Setup } from '../setup.js'
import type { Answers } from './types.js'

export interface RequestFacts {
  partition: string
  /** `service:Action` as IAM authorizes it (Converse → InvokeModel). */
  action?: string | undefined
  /** Which family of request failed: assuming the role, or calling Bedrock with it, or something else. */
  family: 'assume-role' | 'bedrock' | 'other' | 'unknown'
  principalArn?: string | undefined
  sourceAccountId?: string | undefined
  targetAccountId?: string | undefined
  roleArn?: string | undefined
  roleName?: string | undefined
  resource?: string | undefined
  /** The region the call was made in (aws:RequestedRegion). */
  region?: string | undefined
  /** Region of the resource ARN, when it has one (a profile may reroute to another). */
  resourceRegion?: string | undefined
  externalId?: string | undefined
  /** The caller as `init --caller` takes it (role/user ARN or `root`), from the setup. */
  callerArn?: string | undefined
  sourceIpCidrs: string[]
  models: string[]
}

/** IAM authorizes Converse as InvokeModel and ConverseStream as InvokeModelWithResponseStream (DESIGN §4). */
export function iamActionOf(action: string): string {
  const lower = action.toLowerCase()
  if (lower === 'bedrock:converse') return 'bedrock:InvokeModel'
  if (lower === 'bedrock:conversestream') return 'bedrock:InvokeModelWithResponseStream'
  return action
}

const ASSUME_OPERATIONS = ['assumerole', 'assumerolewithwebidentity', 'assumerolewithsaml']
const BEDROCK_OPERATIONS = ['invokemodel', 'invokemodelwithresponsestream', 'converse', 'conversestream']

function familyOf(parsed: ParsedDenial): RequestFacts['family'] {
  if (parsed.kind === 'not-authorized') {
    const action = parsed.action.toLowerCase()
    if (action.startsWith('sts:assumerole')) return 'assume-role'
    if (action.startsWith('bedrock:') || action.startsWith('aws-marketplace:')) return 'bedrock'
    return 'other'
  }
  if (parsed.kind === 'bedrock-denial') return 'bedrock'
  if (parsed.kind === 'validation') {
    return ['on-demand-not-supported', 'invalid-model-id'].includes(parsed.reason) ? 'bedrock' : 'assume-role'
  }
  const operation = parsed.envelope.operation?.toLowerCase()
  if (operation && ASSUME_OPERATIONS.includes(operation)) return 'assume-role'
  if (operation && BEDROCK_OPERATIONS.includes(operation)) return 'bedrock'
  return 'unknown'
}

function roleNameOf(roleArn: string | undefined): string | undefined {
  if (!roleArn) return undefined
  const principal = parsePrincipalArn(roleArn)
  if (principal?.kind === 'role') return principal.name
  return /:role\/(?:.*\/)?([^/]+)$/.exec(roleArn)?.[1]
}

/** Gather the request's facts; message beats answers beats setup. */
export function requestFacts(parsed: ParsedDenial, answers: Answers, setup: Partial<Setup> = {}): RequestFacts {
  const family = familyOf(parsed)
  const principal = parsed.kind === 'not-authorized' ? parsed.principal : undefined
  const facts: RequestFacts = {
    partition: principal?.partition ?? setup.partition ?? 'aws',
    family,
    externalId: setup.externalId,
    callerArn: setup.caller?.kind === 'role' || setup.caller?.kind === 'user' ? setup.caller.arn : setup.caller?.kind === 'account' ? 'root' : undefined,
    sourceIpCidrs: setup.sourceIpCidrs ?? [],
    models: setup.models ?? [],
    region: answers.region ?? setup.region
  }
  if (parsed.kind === 'not-authorized') {
    facts.action = iamActionOf(parsed.action)
    facts.resource = parsed.resource
    facts.principalArn = principal?.arn
  } else if (family === 'assume-role') {
    facts.action = 'sts:AssumeRole'
  } else if (family === 'bedrock') {
    facts.action = 'bedrock:InvokeModel'
  }
  const setupRoleArn = setup.targetAccountId && setup.roleName
    ? `arn:${facts.partition}:iam::${setup.targetAccountId}:role${setup.rolePath ?? '/'}${setup.roleName}`
    : undefined
  if (family === 'assume-role') {
    facts.sourceAccountId = principal?.accountId ?? answers.sourceAccountId ?? setup.sourceAccountId
    const messageRole = parsed.kind === 'not-authorized' ? parsed.resource : undefined
    // A redacted role ARN in the message (arn:aws:iam::***:role/…) yields to the one the user gives.
    const redacted = messageRole !== undefined && !/^arn:[\w-]+:iam::\d{12}:/.test(messageRole) && answers.roleArn !== undefined
    facts.roleArn = (redacted ? undefined : messageRole) ?? answers.roleArn ?? setupRoleArn
    const roleAccount = facts.roleArn ? parseArn(facts.roleArn)?.accountId : undefined
    facts.targetAccountId = roleAccount || setup.targetAccountId
  } else if (family === 'bedrock') {
    const answeredRoleAccount = answers.roleArn ? parseArn(answers.roleArn)?.accountId || undefined : undefined
    facts.targetAccountId = principal?.accountId ?? answeredRoleAccount ?? setup.targetAccountId
    facts.sourceAccountId = answers.sourceAccountId ?? setup.sourceAccountId
    if (principal?.kind === 'assumed-role' && principal.name) {
      facts.roleName = principal.name
      facts.roleArn = principal.roleArn
    } else {
      facts.roleArn = answers.roleArn ?? setupRoleArn
    }
    const resourceArn = facts.resource ? parseArn(facts.resource) : undefined
    if (resourceArn?.region) facts.resourceRegion = resourceArn.region
    facts.region ??= facts.resourceRegion
    if (!facts.resource && facts.region) facts.resource = resourceFromAnswers(facts, answers)
  } else {
    facts.sourceAccountId = answers.sourceAccountId ?? setup.sourceAccountId
    facts.targetAccountId = principal?.accountId ?? setup.targetAccountId
    facts.roleArn = answers.roleArn ?? setupRoleArn
  }
  facts.roleName ??= roleNameOf(facts.roleArn) ?? setup.roleName
  return facts
}

function resourceFromAnswers(facts: RequestFacts, answers: Answers): string | undefined {
  const model = answers.inferenceProfile ?? facts.models[0]
  const ref = model ? parseModelRef(model) : undefined
  if (!ref || !facts.region) return undefined
  if (ref.kind === 'application-profile') return ref.arn
  if (ref.kind === 'system-profile' && facts.targetAccountId) {
    return `arn:${facts.partition}:bedrock:${facts.region}:${facts.targetAccountId}:inference-profile/${ref.id}`
  }
  return `arn:${facts.partition}:bedrock:${facts.region}::foundation-model/${ref.modelId}`
}
