/**
 * An in-memory AWS for unit tests of commands (after iam-lens's inMemoryClient): a thin factory
 * over the sandbox's engine (src/sandbox/engine), so the fake IS the sandbox minus HTTP: the same
 * authorization (SCPs, boundaries, session policies, the clock's aws:CurrentTime), the same
 * CloudTrail records for successful and failed calls, the same errors. It adds what unit tests
 * need: a call log, scripted failures, named profiles, and the real factory's sharing wrappers
 * (shareAcrossSetups), so command tests run the port stack that ships.
 *
 * ```ts
 * const aws = new MemoryAws()
 * aws.addUser(A, 'caller', { policies: { assume: allowAssume(roleArn) }, profile: 'source' })
 * aws.addRole(B, { name: 'BedrockAccessRole', trustPolicy, inlinePolicies: { bedrock: permissions } })
 * aws.setProfile('admin-b', `arn:aws:iam::${B}:root`)
 * aws.failNext('PutRolePolicy', 'access-denied')          // the next PutRolePolicy is denied
 * await run(options, { ...deps, aws })                      // the code under test
 * expect(aws.writeCalls()).toHaveLength(0)                  // idempotent apply
 * ```
 *
 * Identities: `fromChain({ profile })` resolves the principal given to `setProfile(profile, arn)`
 * (`setProfile(undefined, arn)` is the default chain); `fromChain({ static: { accessKeyId } })` and
 * `fromCredentials` resolve keys given to `addAccessKey`, world users' keys, or sessions minted by
 * AssumeRole. Unknown profiles fail with a `credentials` AwsCallError on the first call, as the SDK
 * chain does. Fixture accounts: A = 111111111111 (source), B = 222222222222 (target).
 */
import type { PolicyDocument } from '../../src/core/evaluate.js'
import { parsePrincipalArn } from '../../src/core/arn.js'
import type { AwsCallError, AwsFailureKind } from '../../src/core/ports/aws-error.js'
import type { AwsClients, AwsFactory, CredentialOptions, CredentialSource, TemporaryCredentials, TrailEvent } from '../../src/core/ports/aws.js'
import type { CredentialOrigin } from '../../src/aws/errors.js'
import { shareAcrossSetups } from '../../src/aws/share-across-setups.js'
import { callerOf, callerOfArn } from '../../src/sandbox/engine/authenticate.js'
import { createEngine } from '../../src/sandbox/engine/index.js'
import type { Store } from '../../src/sandbox/engine/store.js'
import { SandboxAwsError, type Caller } from '../../src/sandbox/engine/types.js'
import { memoryBedrock, memoryBedrockControl, memoryCloudTrail, memoryIam, memorySts, type MemoryCall, type MemoryService, type PortContext } from './memory-ports.js'
import { MemoryWorld } from './memory-world.js'
import { typicalAwsError } from './typical-aws-error.js'

export type { MemoryCall, MemoryService } from './memory-ports.js'
export { typicalAwsError } from './typical-aws-error.js'

/** Source-account fixture id (A). */
export const ACCOUNT_A = '111111111111'
/** Target-account fixture id (B). */
export const ACCOUNT_B = '222222222222'

/** Where calls appear to come from unless an identity says otherwise (TEST-NET-3, documentation range). */
export const DEFAULT_SOURCE_IP = '203.0.113.10'

/** IAM operations that change state: what "zero write calls" counts. */
const READ_PREFIXES = ['Get', 'List', 'Simulate']

/** A scripted failure: an error, or just a kind (a typical AWS error of that kind is made up). */
export type ScriptedFailure = AwsCallError | AwsFailureKind

/** Decides, per call, whether it fails. Return undefined to let the call through. */
export type FailurePredicate = (call: MemoryCall) => ScriptedFailure | undefined

export interface MemoryAwsOptions {
  /** The clock (session expiry, aws:CurrentTime, event times, trail delay). Default: real time. */
  now?: () => Date
  /** CloudTrail delivery lag in ms (default 0). */
  trailDelayMs?: number
  /** Apply the real factory's sharing wrappers (shareAcrossSetups; default true). Tests of a wrapper itself turn it off. */
  share?: boolean
}

interface QueuedFailure {
  operation: string
  service: MemoryService | undefined
  failure: ScriptedFailure
  remaining: number
}

/** Who a set of clients is: a principal named by ARN (profiles, addAccessKey), a key the store knows, or nobody. */
type Identity = { kind: 'arn'; arn: string; sourceIp: string; accessKeyId: string } | { kind: 'key'; accessKeyId: string } | { kind: 'unresolved'; code: string; message: string }

export class MemoryAws extends MemoryWorld implements AwsFactory {
  /** Every call made, in order, with its input and (when it failed) its error. */
  readonly calls: MemoryCall[] = []

  private readonly profiles = new Map<string, { arn: string; sourceIp: string }>()
  private readonly accessKeys = new Map<string, { arn: string; sourceIp: string }>()
  private readonly queue: QueuedFailure[] = []
  private readonly predicates: FailurePredicate[] = []
  private readonly cache = new Map<string, AwsClients>()

  constructor(private readonly options: MemoryAwsOptions = {}) {
    const now = options.now ?? (() => new Date())
    super(createEngine({ world: { accounts: [] }, now, cloudTrailDelayMs: options.trailDelayMs ?? 0, throttleLookups: false }))
  }

  /**
   * Add an IAM user; `profile` makes `fromChain({ profile })` resolve to it (`'default'` for the
   * default chain), `accessKeyId` makes static keys resolve to it.
   */
  override addUser(
    accountId: string,
    name: string,
    options: { policies?: Record<string, PolicyDocument>; attachedPolicyArns?: string[]; path?: string; profile?: string; accessKeyId?: string; sourceIp?: string; permissionsBoundaryArn?: string } = {}
  ) {
    const user = super.addUser(accountId, name, options)
    const ref = { arn: user.arn, sourceIp: options.sourceIp ?? DEFAULT_SOURCE_IP }
    if (options.profile !== undefined) this.profiles.set(options.profile, ref)
    if (options.accessKeyId !== undefined) this.accessKeys.set(options.accessKeyId, ref)
    return user
  }

  /** The principal `fromChain({ profile })` resolves to; `undefined` = the default chain. */
  setProfile(profile: string | undefined, arn: string, sourceIp = DEFAULT_SOURCE_IP): void {
    this.profiles.set(profile ?? 'default', { arn, sourceIp })
  }

  /** The principal that static keys / fromCredentials with this access key id resolve to. */
  addAccessKey(accessKeyId: string, arn: string, sourceIp = DEFAULT_SOURCE_IP): void {
    this.accessKeys.set(accessKeyId, { arn, sourceIp })
  }

  // ─── Scripting failures ───

  /**
   * The next `times` (default 1) calls of `operation` (e.g. `PutRolePolicy`, `AssumeRole`,
   * `LookupEvents`, `Converse`) fail with `failure`: an AwsCallError, or a kind for a typical one.
   */
  failNext(operation: string, failure: ScriptedFailure = 'access-denied', options: { service?: MemoryService; times?: number } = {}): void {
    this.queue.push({ operation, service: options.service, failure, remaining: options.times ?? 1 })
  }

  /** Fail every call for which `predicate` returns a failure; returns a function that removes it. */
  failWhen(predicate: FailurePredicate): () => void {
    this.predicates.push(predicate)
    return () => {
      const index = this.predicates.indexOf(predicate)
      if (index >= 0) this.predicates.splice(index, 1)
    }
  }

  // ─── Reading the log ───

  callsTo(operation: string): MemoryCall[] {
    return this.calls.filter((c) => c.operation === operation)
  }

  /** IAM calls that change state (anything but Get*, List*, Simulate*), failed or not. */
  writeCalls(): MemoryCall[] {
    return this.calls.filter((c) => c.service === 'iam' && !READ_PREFIXES.some((p) => c.operation.startsWith(p)))
  }

  // ─── AwsFactory ───

  fromChain(source: CredentialSource, region: string): AwsClients {
    if (source.static) {
      const key = source.static.accessKeyId
      return this.clients(`static:${key}:${region}`, this.identityOfKey(key), { kind: 'static' }, region)
    }
    const profile = source.profile ?? 'default'
    const ref = this.profiles.get(profile)
    const missing = source.profile === undefined ? 'Could not load credentials from any providers' : `Could not resolve credentials using profile: [${profile}] in configuration/credentials file(s).`
    const identity: Identity = ref ? { kind: 'arn', ...ref, accessKeyId: `AKIA-${profile}` } : { kind: 'unresolved', code: 'CredentialsProviderError', message: missing }
    return this.clients(`chain:${profile}:${region}`, identity, { kind: 'chain', profile: source.profile }, region)
  }

  fromCredentials(credentials: TemporaryCredentials, region: string, _options?: CredentialOptions): AwsClients {
    return this.clients(`temporary:${credentials.accessKeyId}:${region}`, this.identityOfKey(credentials.accessKeyId), { kind: 'temporary' }, region)
  }

  private identityOfKey(accessKeyId: string): Identity {
    const ref = this.accessKeys.get(accessKeyId)
    if (ref) return { kind: 'arn', ...ref, accessKeyId }
    return this.store.keyOwner(accessKeyId) ? { kind: 'key', accessKeyId } : { kind: 'unresolved', code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.' }
  }

  /** The Caller an identity is now (the store's current policies). */
  private callerOf(identity: Identity): Caller {
    if (identity.kind === 'unresolved') throw unresolvedError(identity)
    if (identity.kind === 'key') {
      const owner = this.store.keyOwner(identity.accessKeyId)
      if (!owner) throw new SandboxAwsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403)
      return callerOf(this.store, owner, identity.accessKeyId, this.now())
    }
    const caller = callerOfArn(this.store, identity.arn, identity.sourceIp, identity.accessKeyId)
    if (!caller) throw new Error(`MemoryAws: ${identity.arn} is not in the world; add it with addUser or addRole first.`)
    return caller
  }

  /** Account and ARN of an identity for the call log, without failing. */
  private describe(identity: Identity): { accountId: string; arn: string } {
    if (identity.kind === 'arn') return { accountId: parsePrincipalArn(identity.arn)?.accountId ?? '', arn: identity.arn }
    if (identity.kind === 'key') {
      const owner = this.store.keyOwner(identity.accessKeyId)
      if (owner?.kind === 'session') return { accountId: owner.session.accountId, arn: owner.session.arn }
      if (owner?.kind === 'user') return { accountId: owner.user.accountId, arn: owner.user.arn }
    }
    return { accountId: '', arn: '' }
  }

  private clients(key: string, identity: Identity, origin: CredentialOrigin, region: string): AwsClients {
    const cached = this.cache.get(key)
    if (cached) return cached
    const ctx: PortContext = {
      engine: this.engine,
      origin,
      begin: (service, operation, input, callRegion) => this.begin(identity, service, operation, input, callRegion),
      caller: () => this.callerOf(identity)
    }
    const raw: AwsClients = {
      region,
      sts: memorySts(ctx, region),
      iam: memoryIam(ctx),
      bedrock: (bedrockRegion = region) => memoryBedrock(ctx, bedrockRegion),
      bedrockControl: (controlRegion = region) => memoryBedrockControl(ctx, controlRegion),
      cloudTrail: (trailRegion = region) => memoryCloudTrail(ctx, trailRegion)
    }
    // The port stack that ships: the same sharing wrappers as the real factory.
    const clients = this.options.share === false ? raw : shareAcrossSetups(raw, { now: () => this.now().getTime() })
    this.cache.set(key, clients)
    return clients
  }

  private begin(identity: Identity, service: MemoryService, operation: string, input: unknown, region: string): MemoryCall {
    const { accountId, arn } = this.describe(identity)
    const call: MemoryCall = { service, operation, input: structuredClone(input), accountId, callerArn: arn, region, at: this.now() }
    this.calls.push(call)
    const fail = (error: AwsCallError): never => {
      call.error = error
      throw error
    }
    const toError = (failure: ScriptedFailure): AwsCallError => (typeof failure === 'string' ? typicalAwsError(service, operation, failure, arn || undefined) : failure)
    for (const predicate of this.predicates) {
      const failure = predicate(call)
      if (failure !== undefined) fail(toError(failure))
    }
    const queued = this.queue.find((q) => q.operation === operation && (q.service === undefined || q.service === service))
    if (queued) {
      queued.remaining--
      if (queued.remaining <= 0) this.queue.splice(this.queue.indexOf(queued), 1)
      fail(toError(queued.failure))
    }
    return call
  }
}

/** What the SDK's credential chain throws when it finds nothing (mapped by src/aws/errors.ts like the real one). */
function unresolvedError(identity: { code: string; message: string }): Error {
  return Object.assign(new Error(identity.message), { name: identity.code })
}

export type { Store, TrailEvent }
