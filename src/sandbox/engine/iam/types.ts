/**
 * What an IAM operation of the engine works with (IamContext) and returns (IamResult); the table
 * of operations (index.ts) and each group of operations import these, never each other's tables.
 */
import type { Evaluator } from '../../../core/evaluate.js'
import type { Params } from '../params.js'
import type { Store } from '../store.js'
import type { ApiOutput, EngineEnv, RequestContext } from '../types.js'

export interface IamDeps {
  store: Store
  evaluator: Evaluator
}

/** What an IAM operation works with: its parameters, the caller's account, and the way to authorize. */
export interface IamContext {
  params: Params
  request: RequestContext
  env: EngineEnv
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
  /** The `<Action>Result` members; undefined for operations that return only metadata. */
  result?: ApiOutput | undefined
  /** CloudTrail's responseElements (null for most). */
  responseElements?: Record<string, unknown> | null
}

export interface IamOperation {
  readOnly: boolean
  run(context: IamContext): Promise<IamResult>
}

/** IAM is global; AWS records its events in us-east-1. */
export const IAM_EVENT_REGION = 'us-east-1'
