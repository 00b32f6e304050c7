/**
 * StsPort, BedrockPort and CloudTrailPort over the in-memory store (memory.ts).
 *
 * - AssumeRole checks that the role exists, validates ExternalId/DurationSeconds as STS words it,
 *   and (unless `authorize: false`) evaluates the trust policy, plus the caller's identity policies
 *   for a cross-account call when the store knows the caller, with the context AWS sets.
 *   Successful AssumeRoles mint `ASIA…` credentials and are recorded in both accounts' trails.
 * - Converse answers from `setBedrockAnswer` (deterministic default); denied when the account has
 *   not enabled the model, or (when the store knows the caller) its policies do not allow
 *   `bedrock:InvokeModel` on the model. Recorded in the caller's trail.
 * - LookupEvents pages 50 events, newest first, honouring the trail delay.
 */
import { AwsCallError } from '../core/ports/aws-error.js'
import { evaluateOnce, type NamedPolicy, type PolicyDocument } from '../core/evaluate.js'
import type { BedrockPort, CloudTrailPort, ConverseInput, StsPort, TrailEvent } from '../core/ports/aws.js'
import {
  TRAIL_PAGE_SIZE,
  entityOf,
  identityPoliciesOf,
  type MemoryCall,
  type MemoryContext,
  type MemoryIdentity,
  type MemoryService
} from './memory-store.js'

const ALLOW_ASSUME: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }

/** STS's ExternalId pattern and length (DESIGN §4). */
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/
/** AssumeRole's DurationSeconds floor. */
const MIN_DURATION_SECONDS = 900
/** Role chaining caps sessions at one hour. */
const ROLE_CHAINING_MAX_SECONDS = 3_600

function rejectWith(context: MemoryContext, call: MemoryCall, service: MemoryService, kind: 'access-denied' | 'invalid-request', awsCode: string, awsMessage: string, statusCode: number): never {
  return context.reject(call, new AwsCallError({ service, operation: call.operation, kind, awsCode, awsMessage, statusCode, requestId: 'memory-request' }))
}

function principalArnOf(identity: MemoryIdentity): string {
  if (!identity.roleName) return identity.arn
  const partition = identity.arn.split(':')[1] ?? 'aws'
  return `arn:${partition}:iam::${identity.accountId}:role/${identity.roleName}`
}

function baseContext(caller: MemoryIdentity, region: string): Record<string, string> {
  return {
    'aws:PrincipalArn': principalArnOf(caller),
    'aws:PrincipalAccount': caller.accountId,
    'aws:SourceIp': caller.sourceIp,
    'aws:RequestedRegion': region,
    'aws:CurrentTime': new Date().toISOString()
  }
}

function trailEvent(context: MemoryContext, caller: MemoryIdentity, fields: { eventSource: string; eventName: string; record: Record<string, unknown> }): TrailEvent & { visibleAt: Date } {
  const now = context.now()
  const eventId = context.newId('evt-').toLowerCase()
  const username = caller.roleName ? caller.arn.split('/').pop() : caller.userName
  return {
    eventId,
    eventName: fields.eventName,
    eventSource: fields.eventSource,
    eventTime: now,
    username,
    record: { eventVersion: '1.08', eventID: eventId, eventTime: now.toISOString(), eventSource: fields.eventSource, eventName: fields.eventName, sourceIPAddress: caller.sourceIp, ...fields.record },
    visibleAt: new Date(now.getTime() + context.trailDelayMs)
  }
}

function record(context: MemoryContext, accountId: string, region: string, event: TrailEvent & { visibleAt: Date }): void {
  const trail = context.account(accountId).trail
  ;(trail[region] ??= []).push(event)
}

function userIdentityOf(caller: MemoryIdentity, accessKeyId: string): Record<string, unknown> {
  return {
    type: caller.roleName ? 'AssumedRole' : caller.userName ? 'IAMUser' : 'Root',
    principalId: caller.userId,
    arn: caller.arn,
    accountId: caller.accountId,
    accessKeyId
  }
}

export function memorySts(context: MemoryContext, caller: MemoryIdentity, region: string, accessKeyId: string): StsPort {
  return {
    async getCallerIdentity() {
      context.begin('sts', 'GetCallerIdentity', {}, caller, region)
      return { account: caller.accountId, arn: caller.arn, userId: caller.userId }
    },
    async assumeRole(input) {
      const call = context.begin('sts', 'AssumeRole', input, caller, region)
      const deny = (): never =>
        rejectWith(context, call, 'sts', 'access-denied', 'AccessDenied', `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${input.roleArn}`, 403)
      const invalid = (message: string): never => rejectWith(context, call, 'sts', 'invalid-request', 'ValidationError', message, 400)
      if (input.externalId !== undefined && !EXTERNAL_ID.test(input.externalId)) {
        invalid(`1 validation error detected: Value '${input.externalId}' at 'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*`)
      }
      const duration = input.durationSeconds
      if (duration !== undefined && duration < MIN_DURATION_SECONDS) {
        invalid(`1 validation error detected: Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to ${MIN_DURATION_SECONDS}`)
      }
      const [, partition = 'aws', , , roleAccountId = '', resource = ''] = input.roleArn.split(':')
      const roleName = resource.split('/').pop() ?? ''
      const role = resource.startsWith('role/') ? context.account(roleAccountId).roles[roleName] : undefined
      if (!role) return deny()
      if (context.authorize) {
        const requestContext: Record<string, string> = { ...baseContext(caller, region), 'sts:RoleSessionName': input.roleSessionName }
        if (input.externalId !== undefined) requestContext['sts:ExternalId'] = input.externalId
        if (input.sourceIdentity !== undefined) requestContext['sts:SourceIdentity'] = input.sourceIdentity
        const entity = entityOf(context, caller)
        // A caller the store does not know (root, a bare profile ARN) is taken to hold sts:AssumeRole,
        // so only the trust policy decides.
        const identityPolicies: NamedPolicy[] = entity ? identityPoliciesOf(context, entity) : [{ name: 'unknown-caller', document: ALLOW_ASSUME }]
        const evaluation = await evaluateOnce({
          principal: caller.arn,
          action: 'sts:AssumeRole',
          resource: input.roleArn,
          resourceAccount: roleAccountId,
          context: requestContext,
          identityPolicies,
          resourcePolicy: role.trustPolicy
        })
        if (!evaluation.allowed) deny()
      }
      if (duration !== undefined && caller.roleName && duration > ROLE_CHAINING_MAX_SECONDS) {
        invalid('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.')
      }
      if (duration !== undefined && duration > role.maxSessionDurationSeconds) {
        invalid('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.')
      }
      const expiration = new Date(context.now().getTime() + (duration ?? 3_600) * 1000)
      const sessionKey = context.newId('ASIA')
      const assumedRoleArn = `arn:${partition}:sts::${roleAccountId}:assumed-role/${roleName}/${input.roleSessionName}`
      const assumedRoleId = `${role.roleId}:${input.roleSessionName}`
      context.sessions[sessionKey] = {
        accountId: roleAccountId,
        arn: assumedRoleArn,
        userId: assumedRoleId,
        roleName,
        sourceIp: caller.sourceIp,
        expiration
      }
      const sharedEventID = context.newId('shared-').toLowerCase()
      const requestParameters = { roleArn: input.roleArn, roleSessionName: input.roleSessionName, durationSeconds: duration ?? 3_600, ...(input.externalId ? { externalId: input.externalId } : {}) }
      const common = { requestParameters, awsRegion: region, sharedEventID, responseElements: { assumedRoleUser: { arn: assumedRoleArn, assumedRoleId } } }
      const eventFields = { eventSource: 'sts.amazonaws.com', eventName: 'AssumeRole' }
      record(context, caller.accountId, region, trailEvent(context, caller, { ...eventFields, record: { ...common, userIdentity: userIdentityOf(caller, accessKeyId), recipientAccountId: caller.accountId } }))
      if (roleAccountId !== caller.accountId) {
        const userIdentity = { type: 'AWSAccount', principalId: caller.userId, accountId: caller.accountId }
        record(context, roleAccountId, region, trailEvent(context, caller, { ...eventFields, record: { ...common, userIdentity, recipientAccountId: roleAccountId } }))
      }
      return {
        // The secret is fixed and fake: the memory store never checks signatures.
        credentials: { accessKeyId: sessionKey, secretAccessKey: 'memory-secret', sessionToken: `memory-token-${sessionKey}`, expiration },
        assumedRoleArn,
        assumedRoleId
      }
    }
  }
}

function modelResourceArn(modelId: string, region: string, accountId: string): string {
  if (modelId.startsWith('arn:')) return modelId
  if (/^(us|eu|apac|jp|au|ca|us-gov|global)\./.test(modelId)) return `arn:aws:bedrock:${region}:${accountId}:inference-profile/${modelId}`
  return `arn:aws:bedrock:${region}::foundation-model/${modelId}`
}

export function memoryBedrock(context: MemoryContext, caller: MemoryIdentity, region: string, accessKeyId: string): BedrockPort {
  const invoke = async (operation: 'Converse' | 'ConverseStream', input: ConverseInput) => {
    const call = context.begin('bedrock', operation, input, caller, region)
    const action = operation === 'Converse' ? 'bedrock:InvokeModel' : 'bedrock:InvokeModelWithResponseStream'
    const resource = modelResourceArn(input.modelId, region, caller.accountId)
    const models = context.account(caller.accountId).models
    const enabled = models[region] ?? models['*']
    const baseModel = input.modelId.replace(/^(us|eu|apac|jp|au|ca|us-gov|global)\./, '')
    const deny = (message: string): never => rejectWith(context, call, 'bedrock', 'access-denied', 'AccessDeniedException', message, 403)
    const entity = entityOf(context, caller)
    if (context.authorize && entity) {
      const evaluation = await evaluateOnce({
        principal: caller.arn,
        action,
        resource,
        resourceAccount: resource.split(':')[4] || caller.accountId,
        context: baseContext(caller, region),
        identityPolicies: identityPoliciesOf(context, entity)
      })
      if (!evaluation.allowed) {
        deny(`User: ${caller.arn} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`)
      }
    }
    if (enabled && !enabled.includes(input.modelId) && !enabled.includes(baseModel)) deny("You don't have access to the model with the specified model ID.")
    const output = context.bedrockAnswer(input, caller, region)
    const event = trailEvent(context, caller, {
      eventSource: 'bedrock.amazonaws.com',
      eventName: operation,
      record: { awsRegion: region, requestParameters: { modelId: input.modelId }, userIdentity: userIdentityOf(caller, accessKeyId), recipientAccountId: caller.accountId }
    })
    record(context, caller.accountId, region, event)
    return output
  }
  return {
    converse: (input) => invoke('Converse', input),
    converseStream: (input) => invoke('ConverseStream', input)
  }
}

function matchesAttribute(event: TrailEvent, attribute: { key: string; value: string } | undefined): boolean {
  if (!attribute) return true
  const identity = (event.record['userIdentity'] ?? {}) as Record<string, unknown>
  switch (attribute.key) {
    case 'EventId':
      return event.eventId === attribute.value
    case 'EventName':
      return event.eventName === attribute.value
    case 'EventSource':
      return event.eventSource === attribute.value
    case 'Username':
      return event.username === attribute.value
    case 'AccessKeyId':
      return identity['accessKeyId'] === attribute.value
    case 'ReadOnly':
      return String(event.record['readOnly'] ?? false) === attribute.value
    default:
      return JSON.stringify(event.record).includes(attribute.value)
  }
}

export function memoryCloudTrail(context: MemoryContext, caller: MemoryIdentity, region: string): CloudTrailPort {
  return {
    async lookupEvents(input) {
      const now = context.now().getTime()
      const visible = (context.account(caller.accountId).trail[region] ?? [])
        .filter((e) => e.visibleAt.getTime() <= now)
        .filter((e) => e.eventTime >= input.startTime && e.eventTime <= input.endTime)
        .filter((e) => matchesAttribute(e, input.attribute))
        .sort((a, b) => b.eventTime.getTime() - a.eventTime.getTime())
        .map(({ visibleAt: _visibleAt, ...event }) => structuredClone(event))
      const events: TrailEvent[] = []
      // One logged call per page, as LookupEvents is paged: tests count them against the 2/s limit.
      for (let page = 1; ; page++) {
        const { until, onSend, ...params } = input
        context.begin('cloudtrail', 'LookupEvents', { ...params, page }, caller, region)
        onSend?.()
        events.push(...visible.slice((page - 1) * TRAIL_PAGE_SIZE, page * TRAIL_PAGE_SIZE))
        if (page * TRAIL_PAGE_SIZE >= visible.length) return { events, truncated: false, pages: page }
        if (page >= input.maxPages || until?.(events)) return { events, truncated: true, pages: page }
      }
    }
  }
}
