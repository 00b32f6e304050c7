/**
 * A denied call recorded in CloudTrail, turned into explain's input: the error text (AWS's own
 * `errorMessage`, or one rebuilt from the event when it has none) and the answers CloudTrail knows
 * for sure — the caller's real public IP (`sourceIPAddress`), whether the call came through a VPC
 * endpoint (`vpcEndpointId`), whether an ExternalId was sent and which, the region, the profile.
 */
import { parseModelRef } from '../models.js'
import { isIp } from '../ip.js'
import type { Answers } from './types.js'

export interface TrailEventMeta {
  eventId: string
  eventName: string
  eventSource: string
  eventTime: Date
}

export interface TrailDenial {
  eventId: string
  eventName: string
  eventTime: string
  /** The text to explain, prefixed with the error code as SDKs print it. */
  message: string
  answers: Answers
  sourceIp?: string | undefined
  /** Whether AssumeRole's requestParameters carried an externalId (undefined for other calls). */
  externalIdSent?: boolean | undefined
}

/** Error codes of calls worth explaining: denials and the validation errors that look like them. */
const EXPLAINABLE_ERROR = /AccessDenied|Unauthorized|ValidationError|ValidationException/i

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined)

/** Undefined when the event is not a denial (succeeded, or failed for another reason). */
export function trailDenialOf(meta: TrailEventMeta, record: Record<string, unknown>): TrailDenial | undefined {
  const errorCode = str(record.errorCode)
  if (!errorCode || !EXPLAINABLE_ERROR.test(errorCode)) return undefined
  const parameters = (typeof record.requestParameters === 'object' && record.requestParameters !== null ? record.requestParameters : {}) as Record<string, unknown>
  const identity = (typeof record.userIdentity === 'object' && record.userIdentity !== null ? record.userIdentity : {}) as Record<string, unknown>
  const callerArn = str(identity.arn)
  const service = meta.eventSource.replace(/\.amazonaws\.com$/, '')
  const action = service === 'bedrock' && meta.eventName === 'Converse' ? 'InvokeModel' : service === 'bedrock' && meta.eventName === 'ConverseStream' ? 'InvokeModelWithResponseStream' : meta.eventName
  const resource = str(parameters.roleArn) ?? str(parameters.modelId)
  const rebuilt = `User: ${callerArn ?? 'unknown'} is not authorized to perform: ${service}:${action}${resource ? ` on resource: ${resource}` : ''}`
  const message = `${errorCode}: ${str(record.errorMessage) ?? rebuilt}`

  const answers: Answers = {}
  const sourceIp = str(record.sourceIPAddress)
  if (str(record.vpcEndpointId)) answers.viaVpcEndpoint = true
  else if (sourceIp && isIp(sourceIp)) {
    answers.sourceIp = sourceIp
    answers.viaVpcEndpoint = false
  }
  const region = str(record.awsRegion)
  if (region) answers.region = region
  let externalIdSent: boolean | undefined
  if (meta.eventName.startsWith('AssumeRole')) {
    externalIdSent = 'externalId' in parameters
    answers.externalIdPassed = externalIdSent
    const value = str(parameters.externalId)
    if (value && !/^\*+$/.test(value)) answers.externalId = value
    if (str(parameters.roleArn)) answers.roleArn = str(parameters.roleArn)
    if (identity.type === 'AssumedRole') answers.chained = true
  }
  const modelId = str(parameters.modelId)
  const ref = modelId ? parseModelRef(modelId) : undefined
  if (ref && ref.kind !== 'foundation-model') answers.inferenceProfile = modelId
  return { eventId: meta.eventId, eventName: meta.eventName, eventTime: meta.eventTime.toISOString(), message, answers, sourceIp, externalIdSent }
}
