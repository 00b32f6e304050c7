/**
 * The one place that builds SDK clients (STYLE habit 3): region, standard retries with a bound
 * (AWS_MAX_ATTEMPTS and AWS_RETRY_MODE=adaptive honoured, capped at MAX_ATTEMPTS_BOUND),
 * the `bedrock-xacct/<version>` user agent, connection and request timeouts, and an endpoint
 * override only when explicitly given — otherwise the SDK's own AWS_ENDPOINT_URL /
 * AWS_ENDPOINT_URL_<SERVICE> resolution is left untouched (LocalStack/moto users rely on it).
 *
 * Nothing heavy loads at import: each port's adapter (and with it the SDK client package) is
 * imported on the port's first call, and clients are cached per (credentials, region).
 */
import { createHash } from 'node:crypto'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types'
import type { AwsClients, AwsFactory, AwsServiceName, BedrockControlPort, BedrockPort, CloudTrailPort, CredentialOptions, CredentialSource, IamPort, StsPort, TemporaryCredentials } from '../core/ports/aws.js'
import type { AwsCallRecord, ServiceContext } from './call.js'

export type { AwsCallRecord } from './call.js'
import type { CredentialOrigin } from './errors.js'
import { boundResponses } from './bounded-body.js'
import { lookupEventsLimiter } from './rate-limit.js'
import { shareAcrossSetups } from './share-across-setups.js'
import { IAM_WRITE_METHODS } from './shared-role-reads.js'
import { VERSION } from '../version.js'

export interface AwsFactoryOptions {
  /** Replaces the `bedrock-xacct/<version>` user agent suffix. */
  userAgent?: string
  /** Attempts per call, first included (SDK standard retry mode). */
  maxAttempts?: number
  /** Sends every service to this endpoint (an `--endpoint-url` convenience); unset, the SDK resolves AWS_ENDPOINT_URL*. */
  endpointUrl?: string
  /** Per-attempt limit on a request's whole exchange (HTTP/1.1) or stream idle time (HTTP/2). */
  requestTimeoutMs?: number
  /** Per-attempt limit on opening the connection. */
  connectionTimeoutMs?: number
  /** Told about every finished call (service, operation, region, duration, attempts, outcome), e.g. for `--debug`. */
  onCall?: (record: AwsCallRecord) => void
}

/** Standard mode's default is 3; one more rides out a brief brown-out without making a dead endpoint slow to report. */
export const DEFAULT_MAX_ATTEMPTS = 4
/** Converse with the tool's small prompts answers in seconds; 20 s per attempt leaves room for a slow model. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 20_000
/** A TCP/TLS connect that takes longer than this is a dead or black-holed endpoint. */
export const DEFAULT_CONNECTION_TIMEOUT_MS = 3_000
/** Room for the standard retry backoff between attempts, on top of the per-attempt timeouts. */
const RETRY_BACKOFF_ALLOWANCE_MS = 20_000

/** Upper bound on attempts whatever is asked: a CI job must fail in minutes, not hours. */
const MAX_ATTEMPTS_BOUND = 10

/** AWS_MAX_ATTEMPTS, as the SDK and CLI honour it, when it is a positive integer. */
function envAttempts(): number | undefined {
  const value = Number(process.env['AWS_MAX_ATTEMPTS'])
  return Number.isInteger(value) && value > 0 ? value : undefined
}

type ServiceKey = AwsServiceName

/** Each service's adapter module (with its SDK client package); imported once, on first need. */
const ADAPTERS = {
  sts: () => import('./sts.js'),
  iam: () => import('./iam.js'),
  bedrock: () => import('./bedrock.js'),
  bedrockControl: () => import('./bedrock-control.js'),
  cloudtrail: () => import('./cloudtrail.js')
} satisfies Record<ServiceKey, () => Promise<unknown>>

/**
 * The SDK warns on every Node 20 run that *its future releases* will need Node 22. The tool pins
 * its SDK and supports Node ≥ 20, so for our users that warning is noise they cannot act on; we
 * switch off that one warning through the SDK's own variable, unless the user set it, and leave
 * every other warning alone.
 */
function silenceSdkNodeVersionNotice(): void {
  if (process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] === undefined) {
    process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true'
  }
}

/** The methods of each port, so a lazy stand-in can be built before its adapter loads. */
const STS_METHODS = ['getCallerIdentity', 'assumeRole', 'assumeRoleWithWebIdentity'] as const
const IAM_METHODS = [
  'getRole',
  'listRolePolicies',
  'getRolePolicy',
  'listAttachedRolePolicies',
  'getPolicy',
  'getPolicyVersion',
  'listPolicyVersions',
  'listUserPolicies',
  'getUserPolicy',
  'listAttachedUserPolicies',
  'simulatePrincipalPolicy',
  'listRoles',
  'listRoleDetails',
  ...IAM_WRITE_METHODS
] as const
const BEDROCK_METHODS = ['converse', 'converseStream', 'invokeModel'] as const
const BEDROCK_CONTROL_METHODS = ['getInferenceProfile', 'getFoundationModelAvailability'] as const
const CLOUDTRAIL_METHODS = ['lookupEvents'] as const

/** Compile-time proof that a method list names every method of its port (adding one to ports.ts fails here until listed). */
type Complete<Port, Listed> = Exclude<keyof Port, Listed> extends never ? true : ['missing from the method list:', Exclude<keyof Port, Listed>]
const LISTS_COMPLETE: [
  Complete<StsPort, (typeof STS_METHODS)[number]>,
  Complete<IamPort, (typeof IAM_METHODS)[number]>,
  Complete<BedrockPort, (typeof BEDROCK_METHODS)[number]>,
  Complete<BedrockControlPort, (typeof BEDROCK_CONTROL_METHODS)[number]>,
  Complete<CloudTrailPort, (typeof CLOUDTRAIL_METHODS)[number]>
] = [true, true, true, true, true]
void LISTS_COMPLETE

/**
 * A port whose adapter module (and SDK client package) loads on its first call: `--help`, pure
 * commands and commands that never touch IAM do not pay for it.
 */
function lazyPort<Port>(methods: readonly (keyof Port & string)[], load: () => Promise<Port>): Port {
  let loaded: Promise<Port> | undefined
  const port: Record<string, (...args: unknown[]) => Promise<unknown>> = {}
  for (const method of methods) {
    port[method] = async (...args) => {
      const target = (await (loaded ??= load())) as Record<string, (...a: unknown[]) => Promise<unknown>>
      return target[method]!(...args)
    }
  }
  return port as Port
}

function digest(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 16)
}

/** Build the real factory. Call once per process (the CLI does, in each command's deps). */
export function createAwsFactory(options: AwsFactoryOptions = {}): AwsFactory {
  silenceSdkNodeVersionNotice()
  const userAgent = options.userAgent ?? `bedrock-xacct/${VERSION}`
  const maxAttempts = Math.max(1, Math.min(MAX_ATTEMPTS_BOUND, options.maxAttempts ?? envAttempts() ?? DEFAULT_MAX_ATTEMPTS))
  const retryMode = process.env['AWS_RETRY_MODE'] === 'adaptive' ? 'adaptive' : 'standard'
  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS
  const connectionTimeout = options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS
  const deadlineMs = maxAttempts * (requestTimeout + connectionTimeout) + RETRY_BACKOFF_ALLOWANCE_MS
  const cache = new Map<string, AwsClients>()
  const chainProviders = new Map<string, AwsCredentialIdentityProvider>()
  /** Secrets the chain resolved (any profile), scrubbed from every chain client's errors. */
  const chainSecrets: string[] = []

  /** The SDK chain for a profile, loaded on first use, shared by every client of that profile. */
  const chainProvider = (profile: string | undefined): AwsCredentialIdentityProvider => {
    const key = profile ?? ''
    const existing = chainProviders.get(key)
    if (existing) return existing
    let inner: AwsCredentialIdentityProvider | undefined
    const provider: AwsCredentialIdentityProvider = async (properties) => {
      if (!inner) {
        const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers')
        inner = fromNodeProviderChain(profile === undefined ? {} : { profile })
      }
      const identity = await inner(properties)
      // Remember the secrets so no error message can ever echo them.
      for (const secret of [identity.secretAccessKey, identity.sessionToken]) if (secret && !chainSecrets.includes(secret)) chainSecrets.push(secret)
      return identity
    }
    chainProviders.set(key, provider)
    return provider
  }

  const commonConfig = (region: string, credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider) => ({
    region,
    credentials,
    maxAttempts,
    retryMode,
    customUserAgent: userAgent,
    ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {})
  })
  /** STS, IAM and CloudTrail speak HTTP/1.1; each client keeps its own keep-alive pool. */
  const baseConfig = (region: string, credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider) => ({
    ...commonConfig(region, credentials),
    requestHandler: boundResponses(new NodeHttpHandler({ connectionTimeout, requestTimeout, throwOnRequestTimeout: true }))
  })

  const buildClients = (region: string, credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider, origin: CredentialOrigin, secrets: string[], accountId: string | undefined): AwsClients => {
    // The control plane reports as `bedrock`, the service its IAM actions belong to (bedrock:GetInferenceProfile).
    const context = (service: ServiceKey, serviceRegion = region): ServiceContext => ({
      service: service === 'bedrockControl' ? 'bedrock' : service,
      credentials: origin,
      secrets,
      endpoint: options.endpointUrl,
      deadlineMs,
      region: serviceRegion,
      onCall: options.onCall
    })
    let sts: StsPort | undefined
    let iam: IamPort | undefined
    const bedrock = new Map<string, BedrockPort>()
    const bedrockControl = new Map<string, BedrockControlPort>()
    const cloudTrail = new Map<string, CloudTrailPort>()
    let accountLookup: Promise<string | undefined> | undefined
    /**
     * The credentials' account, for keying CloudTrail's per-account limiter when the caller did not
     * say: one GetCallerIdentity (no permission needed), remembered once it succeeds. If it fails,
     * undefined: the limiter then keys by region alone.
     */
    const ownAccount = (): Promise<string | undefined> =>
      (accountLookup ??= shared.sts.getCallerIdentity().then(
        (identity) => identity.account,
        () => {
          accountLookup = undefined
          return undefined
        }
      ))
    const raw: AwsClients = {
      region,
      get sts() {
        return (sts ??= lazyPort<StsPort>(STS_METHODS, async () => (await ADAPTERS.sts()).createStsPort(baseConfig(region, credentials), context('sts'))))
      },
      get iam() {
        return (iam ??= lazyPort<IamPort>(IAM_METHODS, async () => (await ADAPTERS.iam()).createIamPort(baseConfig(region, credentials), context('iam'))))
      },
      bedrock(bedrockRegion = region) {
        let port = bedrock.get(bedrockRegion)
        if (!port) {
          port = lazyPort<BedrockPort>(BEDROCK_METHODS, async () => {
            // Sign with the credentials under test even when AWS_BEARER_TOKEN_BEDROCK is set (DESIGN §7).
            const config = { ...commonConfig(bedrockRegion, credentials), authSchemePreference: ['sigv4'] }
            // HTTP/2, through one handler shared by every Bedrock client (bedrock.ts): it has no
            // connection timeout option; requestTimeout is the stream's idle limit.
            return (await ADAPTERS.bedrock()).createBedrockPort(config, context('bedrock', bedrockRegion), { requestTimeoutMs: requestTimeout })
          })
          bedrock.set(bedrockRegion, port)
        }
        return port
      },
      bedrockControl(controlRegion = region) {
        let port = bedrockControl.get(controlRegion)
        if (!port) {
          // HTTP/1.1 like STS and IAM; bearer tokens never replace the credentials under test (DESIGN §7).
          const config = { ...baseConfig(controlRegion, credentials), authSchemePreference: ['sigv4'] }
          port = lazyPort<BedrockControlPort>(BEDROCK_CONTROL_METHODS, async () => (await ADAPTERS.bedrockControl()).createBedrockControlPort(config, context('bedrockControl', controlRegion)))
          bedrockControl.set(controlRegion, port)
        }
        return port
      },
      cloudTrail(trailRegion = region) {
        let port = cloudTrail.get(trailRegion)
        if (!port) {
          const limiter = async () => lookupEventsLimiter(trailRegion, accountId ?? (await ownAccount()))
          port = lazyPort<CloudTrailPort>(CLOUDTRAIL_METHODS, async () => (await ADAPTERS.cloudtrail()).createCloudTrailPort(baseConfig(trailRegion, credentials), context('cloudtrail', trailRegion), { limiter, maxAttempts }))
          cloudTrail.set(trailRegion, port)
        }
        return port
      },
      prepare(services) {
        // The first call's own import finds the module loaded (or loading); failures are its to report.
        for (const service of services) void ADAPTERS[service]().catch(() => undefined)
        if (services.includes('cloudtrail') && accountId === undefined) void ownAccount()
      }
    }
    // Concurrent lookups, simulations and role reads of verify's setups share requests, and
    // GetCallerIdentity is asked once: one function applies that here and in the tests' MemoryAws.
    const shared = shareAcrossSetups(raw)
    return shared
  }

  const cached = (key: string, build: () => AwsClients): AwsClients => {
    let clients = cache.get(key)
    if (!clients) {
      clients = build()
      cache.set(key, clients)
    }
    return clients
  }

  return {
    fromChain(source: CredentialSource, region: string): AwsClients {
      const keys = source.static
      if (keys) {
        const key = `static:${keys.accessKeyId}:${digest(keys.secretAccessKey, keys.sessionToken ?? '')}:${source.accountId ?? ''}:${region}`
        const secrets = [keys.secretAccessKey, ...(keys.sessionToken ? [keys.sessionToken] : [])]
        const identity: AwsCredentialIdentity = { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey, sessionToken: keys.sessionToken }
        return cached(key, () => buildClients(region, identity, { kind: 'static' }, secrets, source.accountId))
      }
      const key = `chain:${source.profile ?? ''}:${source.accountId ?? ''}:${region}`
      return cached(key, () => buildClients(region, chainProvider(source.profile), { kind: 'chain', profile: source.profile }, chainSecrets, source.accountId))
    },
    fromCredentials(credentials: TemporaryCredentials, region: string, credentialOptions?: CredentialOptions): AwsClients {
      const key = `temporary:${credentials.accessKeyId}:${digest(credentials.secretAccessKey, credentials.sessionToken)}:${credentialOptions?.accountId ?? ''}:${region}`
      const identity: AwsCredentialIdentity = { ...credentials }
      return cached(key, () => buildClients(region, identity, { kind: 'temporary' }, [credentials.secretAccessKey, credentials.sessionToken], credentialOptions?.accountId))
    }
  }
}
