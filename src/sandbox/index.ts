/**
 * The sandbox: two (or more) AWS accounts on loopback, speaking STS, IAM, Bedrock Runtime and
 * CloudTrail's own wire protocols, enforcing IAM with the tool's evaluator. Tests start it
 * in-process with `startSandbox()` and point the real SDK clients at it via AWS_ENDPOINT_URL.
 * The engine (engine/: state and operations) knows nothing of HTTP; the wire layer (wire/: server,
 * SigV4, routing, one codec per service, faults) serves it.
 */
import type { ServiceName } from './engine/types.js'
import { createEngine } from './engine/index.js'
import type { CallRecord, RunningSandbox, SandboxCredentials, StartSandboxOptions } from './types.js'
import { bedrockHandler } from './wire/bedrock.js'
import { cloudTrailHandler } from './wire/cloudtrail.js'
import type { Dispatcher } from './wire/dispatch.js'
import { FaultInjector } from './wire/faults.js'
import { iamHandler } from './wire/iam.js'
import { createSandboxServer } from './wire/server.js'
import { stsHandler } from './wire/sts.js'
import type { ServiceHandler } from './wire/types.js'
import type { FaultRule } from './world-types.js'
import { validateWorld } from './world.js'
import { ACCOUNT_A, ACCOUNT_B, defaultWorld } from './worlds/default-world.js'

export type { CallRecord, RunningSandbox, SandboxCredentials, StartSandboxOptions } from './types.js'
export { defaultWorld } from './worlds/default-world.js'

export async function startSandbox(options: StartSandboxOptions = {}): Promise<RunningSandbox> {
  const world = validateWorld(options.world ?? defaultWorld(), 'world')
  const now = options.now ?? (() => new Date())
  const engine = createEngine({ world, now, cloudTrailDelayMs: options.cloudTrailDelayMs ?? world.cloudTrailDelayMs ?? 0 })
  const { store: state, trail } = engine
  const handlers: Record<ServiceName, ServiceHandler> = {
    sts: stsHandler(engine),
    iam: iamHandler(engine),
    bedrock: bedrockHandler(engine),
    cloudtrail: cloudTrailHandler(engine)
  }
  const faults = new FaultInjector(world.faults ?? [])
  const calls: CallRecord[] = []
  const dispatcher: Dispatcher = { engine, handlers, faults, calls, now }
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
