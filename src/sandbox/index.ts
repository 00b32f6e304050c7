/**
 * The sandbox: two (or more) AWS accounts on loopback, speaking STS, IAM, Bedrock Runtime and
 * CloudTrail's own wire protocols, enforcing IAM with the tool's evaluator. Tests start it
 * in-process with `startSandbox()` and point the real SDK clients at it via AWS_ENDPOINT_URL.
 */
import { createEvaluator } from '../core/evaluate.js'
import { bedrockHandler } from './bedrock/handler.js'
import { createTrailStore } from './cloudtrail/store.js'
import type { FaultRule, SandboxEnv, ServiceHandler, ServiceName, WorldFile } from './contract.js'
import { createAuthorizer } from './authorize.js'
import type { Dispatcher } from './dispatch.js'
import { FaultInjector } from './faults.js'
import { createIamHandler } from './iam.js'
import { createSandboxServer } from './server.js'
import { SandboxState } from './state.js'
import { createStsHandler } from './sts.js'
import type { CallRecord, RunningSandbox, SandboxCredentials, StartSandboxOptions } from './types.js'
import { validateWorld } from './world.js'
import { ACCOUNT_A, ACCOUNT_B, defaultWorld } from './worlds/default-world.js'

export type { CallRecord, RunningSandbox, SandboxCredentials, StartSandboxOptions } from './types.js'
export { defaultWorld } from './worlds/default-world.js'

/** Models enabled for an account in a region, `*` entries merged in. */
function enabledModels(world: WorldFile, accountId: string, region: string): string[] {
  const models = world.accounts.find((a) => a.id === accountId)?.models ?? {}
  return [...new Set([...(models[region] ?? []), ...(models['*'] ?? [])])]
}

export async function startSandbox(options: StartSandboxOptions = {}): Promise<RunningSandbox> {
  const world = validateWorld(options.world ?? defaultWorld(), 'world')
  const now = options.now ?? (() => new Date())
  const state = new SandboxState(world, now())
  const evaluator = createEvaluator()
  const trail = createTrailStore({ now, delayMs: options.cloudTrailDelayMs ?? world.cloudTrailDelayMs ?? 0 })
  const env: SandboxEnv = {
    authorize: createAuthorizer(state, evaluator, now),
    trail,
    now,
    enabledModels: (accountId, region) => enabledModels(world, accountId, region)
  }
  const handlers: Record<ServiceName, ServiceHandler> = {
    sts: createStsHandler({ state, evaluator }),
    iam: createIamHandler({ state, evaluator }),
    bedrock: bedrockHandler,
    cloudtrail: trail.handler
  }
  const faults = new FaultInjector(world.faults ?? [])
  const calls: CallRecord[] = []
  const dispatcher: Dispatcher = { state, env, handlers, faults, calls, now }
  const server = createSandboxServer(dispatcher, {
    calls,
    accounts: () => [...state.accounts.keys()],
    faults: () => faults.current(),
    setFaults: (rules) => faults.set(rules),
    setCloudTrailDelay: (ms) => trail.setDelay(ms)
  })
  const host = options.host ?? '127.0.0.1'
  const port = await server.listen(options.port ?? 0, host)

  const keysOf = (accountId: string, userName: string): SandboxCredentials => {
    const user = state.getUser(accountId, userName)
    const key = user?.accessKeys[0]
    if (!user || !key) throw new Error(`The sandbox world has no user ${userName} with an access key in account ${accountId}.`)
    return { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey, arn: user.arn }
  }
  const maybeKeys = (accountId: string, userName: string): SandboxCredentials => {
    try {
      return keysOf(accountId, userName)
    } catch {
      return { accessKeyId: '', secretAccessKey: '', arn: '' }
    }
  }
  let stopped = false
  return {
    endpoint: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    async stop() {
      if (stopped) return
      stopped = true
      await server.close()
    },
    principals: {
      sourceCaller: maybeKeys(ACCOUNT_A, 'app-caller'),
      sourceAdmin: maybeKeys(ACCOUNT_A, 'admin'),
      targetAdmin: maybeKeys(ACCOUNT_B, 'admin')
    },
    keysOf,
    calls,
    connections: () => server.connections(),
    setFaults: (rules: FaultRule[]) => faults.set(rules),
    setCloudTrailDelay: (ms: number) => trail.setDelay(ms),
    mintedSecrets: () => state.secrets(),
    state,
    trail
  }
}
