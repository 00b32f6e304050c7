/**
 * IAM in the sandbox (query protocol, global: events land in us-east-1). Each operation is a row in
 * a table: the IAM action it is authorized as, whether it only reads, and its implementation. The
 * dispatcher authorizes the caller for the action on the entity's ARN, runs it, renders the XML and
 * records the CloudTrail event, success or error.
 */
import type { Evaluator } from '../core/evaluate.js'
import type { SandboxEnv, SandboxRequest, ServiceHandler } from './contract.js'
import { SandboxAwsError } from './contract.js'
import { IAM_ACCOUNT_OPERATIONS } from './iam-account.js'
import { IAM_POLICY_OPERATIONS } from './iam-policies.js'
import { IAM_ROLE_OPERATIONS } from './iam-roles.js'
import { IAM_SIMULATE_OPERATIONS } from './iam-simulate.js'
import { QueryParams } from './query-params.js'
import { queryParams } from './routing.js'
import type { SandboxState } from './state.js'
import { IAM_NAMESPACE, queryResponse, type XmlValue } from './xml.js'

export interface IamDeps {
  state: SandboxState
  evaluator: Evaluator
}

/** What an IAM operation works with: its parameters, the caller's account, and the way to authorize. */
export interface IamContext {
  params: QueryParams
  request: SandboxRequest
  env: SandboxEnv
  deps: IamDeps
  /** IAM acts on the caller's own account. */
  accountId: string
  now: Date
  /** Authorize the operation's action on `resourceArn`; throws AccessDenied with AWS's message. */
  authorize(resourceArn: string): Promise<void>
  /** Request parameters for the CloudTrail event (camelCase, as AWS logs them). */
  trailParameters: Record<string, unknown>
}

export interface IamResult {
  /** The `<ActionResult>` content; undefined for operations that return only metadata. */
  result?: Record<string, XmlValue> | undefined
  /** CloudTrail's responseElements (null for most). */
  responseElements?: Record<string, unknown> | null
}

export interface IamOperation {
  readOnly: boolean
  run(context: IamContext): Promise<IamResult>
}

/** IAM is global; AWS records its events in us-east-1. */
export const IAM_EVENT_REGION = 'us-east-1'

const OPERATIONS: Record<string, IamOperation> = { ...IAM_ROLE_OPERATIONS, ...IAM_POLICY_OPERATIONS, ...IAM_SIMULATE_OPERATIONS, ...IAM_ACCOUNT_OPERATIONS }

export function createIamHandler(deps: IamDeps): ServiceHandler {
  return async (request, env) => {
    const params = new QueryParams(queryParams(request.method, request.query, request.headers, request.body))
    const action = params.optional('Action') ?? ''
    const operation = Object.hasOwn(OPERATIONS, action) ? OPERATIONS[action] : undefined
    if (!operation) throw new SandboxAwsError('InvalidAction', `Could not find operation ${action || '(none)'} for version 2010-05-08`, 400)
    const context: IamContext = {
      params,
      request,
      env,
      deps,
      accountId: request.caller.accountId,
      now: request.receivedAt,
      trailParameters: {},
      async authorize(resourceArn) {
        const result = await env.authorize(request, { action: `iam:${action}`, resource: resourceArn, resourceAccount: request.caller.accountId })
        if (!result.allowed) throw new SandboxAwsError('AccessDenied', result.message, 403)
      }
    }
    const record = (extra: { responseElements?: Record<string, unknown> | null; errorCode?: string; errorMessage?: string }) =>
      env.trail.record({
        request,
        eventSource: 'iam.amazonaws.com',
        eventName: action,
        region: IAM_EVENT_REGION,
        readOnly: operation.readOnly,
        requestParameters: Object.keys(context.trailParameters).length > 0 ? context.trailParameters : null,
        responseElements: extra.responseElements ?? null,
        ...(extra.errorCode ? { errorCode: extra.errorCode, errorMessage: extra.errorMessage } : {})
      })
    try {
      const outcome = await operation.run(context)
      record({ responseElements: outcome.responseElements ?? null })
      return { status: 200, headers: { 'content-type': 'text/xml' }, body: queryResponse(action, IAM_NAMESPACE, outcome.result, request.requestId) }
    } catch (error) {
      if (error instanceof SandboxAwsError) record({ errorCode: error.code, errorMessage: error.message })
      throw error
    }
  }
}
