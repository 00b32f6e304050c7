/**
 * CloudTrail's JSON 1.1 codec (`x-amz-target: CloudTrail_20131101.LookupEvents`): decode the body,
 * run the engine's LookupEvents, render `{ Events, NextToken }`.
 */
import type { Engine } from '../engine/index.js'
import { SandboxAwsError, UndecodableBody } from '../engine/types.js'
import type { ServiceHandler } from './types.js'

/**
 * The JSON 1.1 target prefixes CloudTrail accepts: the JS SDK sends the short one, the AWS CLI
 * (botocore) the service model's full shape id.
 */
const TARGET_PREFIXES = ['CloudTrail_20131101.', 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.']

/** A JSON 1.1 body: empty means `{}`; text that is not JSON is left for the operation to refuse. */
export function decodeJsonBody(body: Buffer): unknown {
  if (body.length === 0) return {}
  try {
    return JSON.parse(body.toString('utf8'))
  } catch {
    return new UndecodableBody()
  }
}

function header(headers: Record<string, string>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value
  return undefined
}

/** The CloudTrail codec over the engine's LookupEvents. */
export function cloudTrailHandler(engine: Pick<Engine, 'lookupEvents'>): ServiceHandler {
  return async (request) => {
    const target = header(request.headers, 'x-amz-target') ?? ''
    const prefix = TARGET_PREFIXES.find((p) => target.startsWith(p))
    const operation = prefix === undefined ? target : target.slice(prefix.length)
    if (request.method !== 'POST' || operation !== 'LookupEvents') {
      throw new SandboxAwsError('UnknownOperationException', `The sandbox does not implement CloudTrail operation ${operation || '(none)'}.`, 400)
    }
    const output = await engine.lookupEvents(request, decodeJsonBody(request.body))
    return { status: 200, headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': request.requestId }, body: JSON.stringify(output) }
  }
}
