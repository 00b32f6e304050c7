/**
 * The sandbox's engine: the state of a world (store), one function per AWS operation taking a typed
 * input and the authenticated request, authorization with the tool's evaluator (SCPs, boundaries
 * and session policies included), and CloudTrail recording of every call, success or failure. No
 * HTTP here: the wire layer (../wire) serves it to SDK clients, and the tests' MemoryAws
 * (test/helpers/memory-aws.ts) calls it directly.
 */
import { createEvaluator, type Evaluator } from '../../core/evaluate.js'
import type { WorldFile } from '../world-types.js'
import { createAuthorizer } from './authorize.js'
import { invokeBedrock, type BedrockInput, type BedrockOutput } from './bedrock/index.js'
import { runBedrockControl, type BedrockControlOperation } from './bedrock/control.js'
import { createTrailStore, type TrailStore } from './cloudtrail/index.js'
import { runIam } from './iam/index.js'
import type { OperationInput } from './params.js'
import { Store } from './store.js'
import { runSts } from './sts/index.js'
import type { ApiOutput, EngineEnv, RequestContext } from './types.js'

export interface EngineOptions {
  world: WorldFile
  /** The clock: session expiry, aws:CurrentTime, CloudTrail times. */
  now: () => Date
  /** CloudTrail delivery delay in ms. */
  cloudTrailDelayMs: number
  /** Enforce LookupEvents' 2 requests/s per account and region (default true; see createTrailStore). */
  throttleLookups?: boolean
}

/** What the wire layer and MemoryAws call: one entry per service, the store and trail for inspection. */
export interface Engine {
  store: Store
  trail: TrailStore
  env: EngineEnv
  evaluator: Evaluator
  now(): Date
  /** STS operation by name (GetCallerIdentity, AssumeRole, AssumeRoleWithWebIdentity). */
  sts(request: RequestContext, action: string, input: OperationInput): Promise<ApiOutput>
  /** IAM operation by name; undefined for operations that return no result members. */
  iam(request: RequestContext, action: string, input: OperationInput): Promise<ApiOutput | undefined>
  /** Bedrock Runtime: Converse, ConverseStream, InvokeModel, InvokeModelWithResponseStream. */
  bedrock(request: RequestContext, input: BedrockInput): Promise<BedrockOutput>
  /** Bedrock's control plane: GetInferenceProfile (by profile id or ARN) and GetFoundationModelAvailability (by model id). */
  bedrockControl(request: RequestContext, operation: BedrockControlOperation, id: string): Promise<ApiOutput>
  /** CloudTrail LookupEvents with its request (decoded JSON). */
  lookupEvents(request: RequestContext, input: unknown): Promise<ApiOutput>
}

/** Models enabled for an account in a region, `*` entries merged in. */
function enabledModels(store: Store, accountId: string, region: string): string[] {
  const models = store.account(accountId)?.models ?? {}
  return [...new Set([...(models[region] ?? []), ...(models['*'] ?? [])])]
}

/** An engine over `world`: its store, trail and operations, sharing one evaluator and one clock. */
export function createEngine(options: EngineOptions): Engine {
  const { now } = options
  const store = new Store(options.world, now())
  const evaluator = createEvaluator()
  const trail = createTrailStore({ now, delayMs: options.cloudTrailDelayMs, throttle: options.throttleLookups ?? true })
  const env: EngineEnv = {
    authorize: createAuthorizer(store, evaluator, now),
    trail,
    now,
    enabledModels: (accountId, region) => enabledModels(store, accountId, region)
  }
  const deps = { store, evaluator }
  return {
    store,
    trail,
    env,
    evaluator,
    now,
    sts: (request, action, input) => runSts(deps, request, env, action, input),
    iam: (request, action, input) => runIam(deps, request, env, action, input),
    bedrock: (request, input) => invokeBedrock(request, env, input),
    bedrockControl: (request, operation, id) => runBedrockControl(request, env, operation, id),
    lookupEvents: (request, input) => trail.lookupEvents(request, env, input)
  }
}
