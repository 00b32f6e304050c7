/**
 * One request through the sandbox, independent of HTTP plumbing: route by credential scope,
 * authenticate (SigV4), apply faults, call the service's codec (which calls the engine), render AWS
 * errors in the service's wire format, and record the call. Never throws: every failure becomes an
 * AWS-shaped response.
 */
import type { Engine } from '../engine/index.js'
import { requestId as newRequestId } from '../engine/ids.js'
import { SandboxAwsError, type Caller, type ServiceName } from '../engine/types.js'
import type { CallRecord } from '../types.js'
import { authenticate } from './authenticate.js'
import { asAwsError, authError, renderError } from './errors.js'
import type { FaultInjector } from './faults.js'
import { queryParams } from './query.js'
import { guessService, isServiceName, operationOf } from './routing.js'
import { parseAuthorization } from './sigv4.js'
import type { SandboxRequest, SandboxResponse, ServiceHandler } from './types.js'

export interface RawRequest {
  method: string
  /** Path and query as received (percent-encoded). */
  url: string
  /** Lower-case names; HTTP/2 pseudo-headers (`:authority`) included. */
  headers: Record<string, string>
  body: Buffer
}

/** What the HTTP layer must do. */
export type Outcome = { kind: 'respond'; response: SandboxResponse; latencyMs: number } | { kind: 'reset'; latencyMs: number }

export interface Dispatcher {
  engine: Engine
  handlers: Record<ServiceName, ServiceHandler>
  faults: FaultInjector
  calls: CallRecord[]
  now: () => Date
}

/** IAM's one region (its global endpoint). */
const IAM_REGION = 'us-east-1'

/** Region for unsigned calls (web identity), like the SDK's default STS region. */
const UNSIGNED_REGION = 'us-east-1'

function anonymousCaller(): Caller {
  return { accountId: '', arn: '', type: 'Root', accessKeyId: '', principalId: '', isRoleSession: false, sourceIp: '0.0.0.0', identityPolicies: [] }
}

function decodePath(rawPath: string): string {
  try {
    return rawPath
      .split('/')
      .map((segment) => decodeURIComponent(segment))
      .join('/')
  } catch {
    return rawPath
  }
}

export async function dispatch(d: Dispatcher, raw: RawRequest): Promise<Outcome> {
  const receivedAt = d.now()
  const requestId = newRequestId()
  const queryStart = raw.url.indexOf('?')
  const rawPath = queryStart < 0 ? raw.url : raw.url.slice(0, queryStart)
  const query = new URLSearchParams(queryStart < 0 ? '' : raw.url.slice(queryStart + 1))
  const path = decodePath(rawPath)
  const headers = Object.fromEntries(Object.entries(raw.headers).filter(([name]) => !name.startsWith(':')))
  if (headers.host === undefined && raw.headers[':authority'] !== undefined) headers.host = raw.headers[':authority']
  const record: CallRecord = { service: guessService(path, headers), operation: '', accountId: '', region: UNSIGNED_REGION, principalArn: '', status: 0, at: receivedAt }
  d.calls.push(record)
  const fail = (error: unknown, latencyMs: number): Outcome => {
    const awsError = asAwsError(error)
    record.status = awsError.status
    record.errorCode = awsError.code
    return { kind: 'respond', response: renderError(record.service, awsError, requestId), latencyMs }
  }
  try {
    const authorization = raw.headers.authorization
    const auth = authorization === undefined ? undefined : parseAuthorization(authorization)
    if (authorization !== undefined && !auth) {
      throw new SandboxAwsError('IncompleteSignature', `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters (AWS4-HMAC-SHA256). Authorization=${authorization.slice(0, 60)}`, 403)
    }
    if (auth) {
      if (!isServiceName(auth.service)) {
        throw new SandboxAwsError('UnrecognizedService', `The sandbox does not serve the service "${auth.service}" (it serves sts, iam, bedrock and cloudtrail).`, 400)
      }
      record.service = auth.service
      // IAM is global: AWS evaluates and logs it in us-east-1 whatever region the client signed for.
      record.region = auth.service === 'iam' ? IAM_REGION : auth.region
    }
    const params = record.service === 'sts' || record.service === 'iam' ? queryParams(raw.method, query, headers, raw.body) : query
    record.operation = operationOf(record.service, path, headers, params)
    let caller: Caller
    if (auth) {
      caller = await authenticate(d.engine.store, { method: raw.method, rawPath, query, headers: raw.headers, body: raw.body }, auth, receivedAt)
      record.accountId = caller.accountId
      record.principalArn = caller.arn
    } else if (record.service === 'sts' && record.operation === 'AssumeRoleWithWebIdentity') {
      caller = anonymousCaller()
    } else {
      throw authError('MissingAuthenticationToken')
    }
    const request: SandboxRequest = {
      service: record.service,
      region: record.region,
      method: raw.method,
      path,
      query,
      headers,
      body: raw.body,
      caller,
      requestId,
      receivedAt,
      userAgent: headers['user-agent'] ?? headers['x-amz-user-agent'] ?? ''
    }
    const fault = d.faults.decide(record.service, record.operation)
    if (fault.kind === 'reset') return { kind: 'reset', latencyMs: fault.latencyMs }
    if (fault.kind === 'respond') {
      record.status = fault.response.status
      return { kind: 'respond', response: withRequestId(fault.response, requestId), latencyMs: fault.latencyMs }
    }
    if (fault.kind === 'error') return fail(fault.error, fault.latencyMs)
    const response = await d.handlers[record.service](request)
    record.status = response.status
    return { kind: 'respond', response: withRequestId(response, requestId), latencyMs: fault.latencyMs }
  } catch (error) {
    return fail(error, 0)
  }
}

function withRequestId(response: SandboxResponse, requestId: string): SandboxResponse {
  const hasId = Object.keys(response.headers).some((name) => name.toLowerCase() === 'x-amzn-requestid')
  return hasId ? response : { ...response, headers: { ...response.headers, 'x-amzn-requestid': requestId } }
}
