/**
 * IAM in the engine (global: events land in us-east-1). Each operation is a row in a table: the
 * IAM action it is authorized as, whether it only reads, and its implementation. `runIam`
 * authorizes the caller for the action on the entity's ARN, runs it and records the CloudTrail
 * event, success or error.
 */
import { Params, type OperationInput } from '../params.js'
import type { ApiOutput, EngineEnv, RequestContext } from '../types.js'
import { SandboxAwsError } from '../types.js'
import { IAM_ACCOUNT_OPERATIONS } from './account.js'
import { IAM_POLICY_OPERATIONS } from './policies.js'
import { IAM_ROLE_OPERATIONS } from './roles.js'
import { IAM_SIMULATE_OPERATIONS } from './simulate.js'
import { IAM_EVENT_REGION, type IamContext, type IamDeps, type IamOperation } from './types.js'

export type { IamDeps } from './types.js'

const OPERATIONS: Record<string, IamOperation> = { ...IAM_ROLE_OPERATIONS, ...IAM_POLICY_OPERATIONS, ...IAM_SIMULATE_OPERATIONS, ...IAM_ACCOUNT_OPERATIONS }

/** Run IAM `action` with `input` for `request`: its result members (undefined when it returns none), or a SandboxAwsError. */
export async function runIam(deps: IamDeps, request: RequestContext, env: EngineEnv, action: string, input: OperationInput): Promise<ApiOutput | undefined> {
  const operation = Object.hasOwn(OPERATIONS, action) ? OPERATIONS[action] : undefined
  if (!operation) throw new SandboxAwsError('InvalidAction', `Could not find operation ${action || '(none)'} for version 2010-05-08`, 400)
  const context: IamContext = {
    params: new Params(input),
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
    return outcome.result
  } catch (error) {
    if (error instanceof SandboxAwsError) record({ errorCode: error.code, errorMessage: error.message })
    throw error
  }
}
