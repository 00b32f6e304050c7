/**
 * The facts of the failed request, from the parsed message first, then the user's answers, then
 * the setup (config file): who called, what, on which resource, in which accounts and region.
 * What the trust requires (ExternalId, principal, SourceIp list) comes from the role's trust
 * policy first when it was given or fetched, then the setup: a fix command built from these facts
 * must keep every condition the trust has (issues 4–6).
 */
import { isSessionAction } from '../session-actions.js'
import { parseArn, parsePrincipalArn } from '../arn.js'
import type { ParsedDenial } from '../access-denied/types.js'
import type { PolicyDocument, PolicyStatement } from '../evaluate.js'
import { STATEMENT_IDS } from '../policies/statement-ids.js'
import { parseModelRef } from '../models.js'
import { namedCallersOf } from '../setup/caller.js'
import type { Setup } from '../setup/model.js'
import type { Answers } from './types.js'
import { requiredAction } from './required-action.js'

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
  /** The ExternalId the trust requires: from the trust policy when read, else the setup. */
  externalId?: string | undefined
  /** The caller as `init --caller` takes it (role/user ARN or `root`): as the trust names it, else the setup. */
  callerArn?: string | undefined
  /** The aws:SourceIp allow-list: from the trust policy when read, else the setup. */
  sourceIpCidrs: string[]
  models: string[]
  /** True when the facts above come from the role's actual trust statement (given or fetched). */
  trustRead?: boolean | undefined
  /** The setup (config file) the facts fell back on: a fix command keeps its callers and options. */
  setup?: Partial<Setup> | undefined
}

/** What the trust statement that concerns the caller requires, as `init` flags take it. */
export interface TrustFacts {
  externalId?: string | undefined
  callerArn?: string | undefined
  sourceIpCidrs: string[]
}

const asList = (value: unknown): string[] => (value === undefined ? [] : (Array.isArray(value) ? value : [value]).map(String))

function conditionValues(statement: PolicyStatement, key: string): string[] {
  return Object.values(statement.Condition ?? {}).flatMap((entries) =>
    Object.entries(entries)
      .filter(([name]) => name.toLowerCase() === key.toLowerCase())
      .flatMap(([, value]) => asList(value))
  )
}

function awsPrincipals(statement: PolicyStatement): string[] {
  const principal = statement.Principal
  if (principal === '*') return ['*']
  if (!principal || typeof principal !== 'object') return []
  return asList((principal as Record<string, unknown>).AWS).map((p) => (/^\d{12}$/.test(p) ? `arn:aws:iam::${p}:root` : p))
}

const allowsAssume = (statement: PolicyStatement) => statement.Effect === 'Allow' && asList(statement.Action).some((a) => /^sts:(assumerole|\*)$|^\*$/i.test(a))

/**
 * The trust statement that concerns this caller: the tool's own (Sid BedrockXacctTrust) first,
 * else an AssumeRole Allow naming the caller or its account, else the only AssumeRole Allow.
 */
function callerStatement(trust: PolicyDocument, principalArn: string | undefined, sourceAccountId: string | undefined): PolicyStatement | undefined {
  const statements = (Array.isArray(trust.Statement) ? trust.Statement : [trust.Statement]).filter(allowsAssume)
  const own = statements.find((s) => s.Sid === STATEMENT_IDS.trust)
  if (own) return own
  const account = sourceAccountId ?? (principalArn ? parseArn(principalArn)?.accountId : undefined)
  const naming = statements.find((s) => awsPrincipals(s).some((p) => (principalArn && p === principalArn) || (account && p.includes(`::${account}:`))))
  return naming ?? (statements.length === 1 ? statements[0] : undefined)
}

/** ExternalId, caller (`root` when the trust admits the source account's root) and CIDRs of the statement that concerns the caller. */
export function trustFacts(trust: PolicyDocument, principalArn: string | undefined, sourceAccountId: string | undefined): TrustFacts | undefined {
  const statement = callerStatement(trust, principalArn, sourceAccountId)
  if (!statement) return undefined
  const principals = awsPrincipals(statement)
  const account = sourceAccountId ?? (principalArn ? parseArn(principalArn)?.accountId : undefined)
  const root = principals.find((p) => /:root$/.test(p) && (!account || p.includes(`::${account}:`)))
  const named = principals.find((p) => /:(user|role)\//.test(p) && (!account || p.includes(`::${account}:`))) ?? principals.find((p) => /:(user|role)\//.test(p))
  const callerArn = root ? 'root' : named
  return { externalId: conditionValues(statement, 'sts:ExternalId')[0], callerArn, sourceIpCidrs: [...new Set(conditionValues(statement, 'aws:SourceIp'))] }
}

const ASSUME_OPERATIONS = ['assumerole', 'assumerolewithwebidentity', 'assumerolewithsaml']
const BEDROCK_OPERATIONS = ['invokemodel', 'invokemodelwithresponsestream', 'converse', 'conversestream']

function familyOf(parsed: ParsedDenial): RequestFacts['family'] {
  if (parsed.kind === 'not-authorized' && parsed.action !== '') {
    const action = parsed.action.toLowerCase()
    // The session actions are authorized within the AssumeRole request (core/session-actions.ts).
    if (action.startsWith('sts:assumerole') || isSessionAction(action)) return 'assume-role'
    if (action.startsWith('bedrock:') || action.startsWith('aws-marketplace:')) return 'bedrock'
    return 'other'
  }
  if (parsed.kind === 'bedrock-denial') return 'bedrock'
  if (parsed.kind === 'validation') {
    // A policy IAM refused to save is an IAM write (CreateRole, UpdateAssumeRolePolicy), neither call of the setup.
    if (parsed.reason === 'invalid-principal') return 'other'
    return ['on-demand-not-supported', 'invalid-model-id', 'converse-not-supported'].includes(parsed.reason) ? 'bedrock' : 'assume-role'
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

/** The setup's AWS caller as the facts name it: `root` when the account root is trusted, else the first role or user. */
function setupCallerArn(callers: Setup['callers'] | undefined): string | undefined {
  if (callers === undefined) return undefined
  if (callers.some((caller) => caller.kind === 'account')) return 'root'
  return namedCallersOf(callers)[0]?.arn
}

/** Gather the request's facts; message beats answers beats setup, and the trust policy (when given) beats the setup. */
export function requestFacts(parsed: ParsedDenial, answers: Answers, setup: Partial<Setup> = {}, trust?: PolicyDocument): RequestFacts {
  const family = familyOf(parsed)
  const principal = parsed.kind === 'not-authorized' ? parsed.principal : undefined
  const facts: RequestFacts = {
    partition: principal?.partition ?? setup.partition ?? 'aws',
    family,
    externalId: setup.externalId,
    callerArn: setupCallerArn(setup.callers),
    sourceIpCidrs: setup.sourceIpCidrs ?? [],
    models: setup.models ?? [],
    region: answers.region ?? setup.region,
    setup
  }
  facts.action = requiredAction(parsed) ?? (family === 'assume-role' ? 'sts:AssumeRole' : family === 'bedrock' ? 'bedrock:InvokeModel' : undefined)
  if (parsed.kind === 'not-authorized') {
    facts.resource = parsed.resource
    facts.principalArn = principal?.arn
  }
  const setupRoleArn = setup.targetAccountId && setup.roleName ? `arn:${facts.partition}:iam::${setup.targetAccountId}:role${setup.rolePath ?? '/'}${setup.roleName}` : undefined
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
  const fromTrust = trust ? trustFacts(trust, facts.principalArn, facts.sourceAccountId) : undefined
  if (fromTrust) {
    facts.trustRead = true
    facts.externalId = fromTrust.externalId
    facts.sourceIpCidrs = fromTrust.sourceIpCidrs
    if (fromTrust.callerArn) facts.callerArn = fromTrust.callerArn
  }
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
