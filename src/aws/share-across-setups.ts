/**
 * The wrappers that let many setups of one run share AWS calls, applied in one place so that the
 * real factory (factory.ts) and the tests' in-memory factory (test/helpers/memory-aws.ts) run the
 * same port stack: concurrent CloudTrail lookups share requests (shared-lookups.ts), concurrent
 * SimulatePrincipalPolicy calls share requests (shared-simulations.ts), many roles' reads share two
 * account listings (shared-role-reads.ts), and GetCallerIdentity is asked once per set of clients.
 */
import type { AwsClients, BedrockControlPort, CloudTrailPort, IamPort, StsPort } from '../core/ports/aws.js'
import { shareLookups } from './shared-lookups.js'
import { shareRoleReads } from './shared-role-reads.js'
import { shareSimulations } from './shared-simulations.js'

/**
 * GetCallerIdentity answers the same for the same credentials, so each set of clients asks STS once:
 * verify's identity checks and the CloudTrail limiter's account lookup share one call. A failure is
 * not remembered (the next caller asks again).
 */
export function rememberIdentity(port: StsPort): StsPort {
  let identity: ReturnType<StsPort['getCallerIdentity']> | undefined
  return {
    ...port,
    getCallerIdentity: () =>
      (identity ??= port.getCallerIdentity().catch((error: unknown) => {
        identity = undefined
        throw error
      }))
  }
}

/**
 * Setups that name the same profile or model ask Bedrock's control plane once per run: an answer
 * (or the request in flight) is shared; a failure is forgotten, so a later caller asks again.
 */
function shareControlReads(port: BedrockControlPort): BedrockControlPort {
  const memo = <T>(read: (key: string) => Promise<T>): ((key: string) => Promise<T>) => {
    const answers = new Map<string, Promise<T>>()
    return (key) => {
      let answer = answers.get(key)
      if (!answer) {
        answer = read(key)
        answers.set(key, answer)
        answer.catch(() => answers.delete(key))
      }
      return answer
    }
  }
  return { getInferenceProfile: memo((id) => port.getInferenceProfile(id)), getFoundationModelAvailability: memo((id) => port.getFoundationModelAvailability(id)) }
}

export interface ShareOptions {
  /** The clock shared lookups compare event times with (default: the real one). */
  now?: () => number
}

/**
 * `clients` with every sharing wrapper applied. Each port is wrapped once, on first access (and per
 * region for CloudTrail), so the wrappers' state is shared by every caller of these clients; Bedrock
 * and `prepare` pass through unchanged.
 */
export function shareAcrossSetups(clients: AwsClients, options: ShareOptions = {}): AwsClients {
  let sts: StsPort | undefined
  let iam: IamPort | undefined
  const cloudTrail = new Map<string, CloudTrailPort>()
  const bedrockControl = new Map<string, BedrockControlPort>()
  const shared: AwsClients = {
    region: clients.region,
    get sts() {
      return (sts ??= rememberIdentity(clients.sts))
    },
    get iam() {
      return (iam ??= shareSimulations(shareRoleReads(clients.iam)))
    },
    bedrock: (region) => clients.bedrock(region),
    bedrockControl(region = clients.region) {
      let port = bedrockControl.get(region)
      if (!port) {
        port = shareControlReads(clients.bedrockControl(region))
        bedrockControl.set(region, port)
      }
      return port
    },
    cloudTrail(region = clients.region) {
      let port = cloudTrail.get(region)
      if (!port) {
        port = options.now ? shareLookups(clients.cloudTrail(region), options.now) : shareLookups(clients.cloudTrail(region))
        cloudTrail.set(region, port)
      }
      return port
    },
    ...(clients.prepare ? { prepare: (services) => clients.prepare!(services) } : {})
  }
  return shared
}
