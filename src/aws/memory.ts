/**
 * An in-memory AWS for unit tests of commands (after iam-lens's inMemoryClient): implements
 * AwsFactory/AwsClients over a small mutable store, logs every call, and fails on demand.
 * No SDK, no HTTP; for wire-level tests use the sandbox (src/sandbox) with the real factory.
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
 * Identities: `fromChain({ profile })` resolves the identity given to `setProfile(profile, arn)`
 * (`setProfile(undefined, arn)` is the default chain); `fromChain({ static: { accessKeyId } })`
 * and `fromCredentials` resolve keys given to `addAccessKey` or minted by `assumeRole`. Unknown
 * profiles fail with a `credentials` AwsCallError on the first call, as the SDK chain does.
 * Fixture accounts: A = 111111111111 (source), B = 222222222222 (target).
 */
import { AwsCallError } from '../core/ports/aws-error.js'
import type { PolicyDocument } from '../core/evaluate.js'
import { parsePrincipalArn } from '../core/arn.js'
import { memoryIam } from './memory-iam.js'
import { shareAcrossSetups } from './share-across-setups.js'
import { memoryBedrock, memoryCloudTrail, memorySts } from './memory-services.js'
import {
  DEFAULT_MAX_SESSION_SECONDS,
  emptyAccount,
  makeIdFactory,
  typicalAwsError,
  type BedrockAnswer,
  type FailurePredicate,
  type MemoryAccount,
  type MemoryCall,
  type MemoryContext,
  type MemoryIdentity,
  type MemoryManagedPolicy,
  type MemoryRole,
  type MemoryService,
  type MemoryUser,
  type ScriptedFailure
} from './memory-store.js'
import type { AwsClients, AwsFactory, ConverseInput, ConverseOutput, CredentialOptions, CredentialSource, TemporaryCredentials, TrailEvent } from '../core/ports/aws.js'

export type { MemoryAccount, MemoryCall, MemoryIdentity, MemoryManagedPolicy, MemoryRole, MemoryUser, ScriptedFailure, FailurePredicate, BedrockAnswer }
export { typicalAwsError } from './memory-store.js'

/** Source-account fixture id (A). */
export const ACCOUNT_A = '111111111111'
/** Target-account fixture id (B). */
export const ACCOUNT_B = '222222222222'

/** Where calls appear to come from unless an identity says otherwise (TEST-NET-3, documentation range). */
const DEFAULT_SOURCE_IP = '203.0.113.10'

/** IAM operations that change state: what "zero write calls" counts. */
const READ_PREFIXES = ['Get', 'List', 'Simulate']

export interface MemoryAwsOptions {
  /** The clock (session expiry, event times, trail delay). Default: real time. */
  now?: () => Date
  /** Evaluate trust/identity policies for AssumeRole and Bedrock calls (default true). */
  authorize?: boolean
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

interface PrincipalRef {
  arn: string
  sourceIp: string
}

export class MemoryAws implements AwsFactory {
  /** The store, by account id; read and edit it directly in tests. */
  readonly accounts: Record<string, MemoryAccount> = {}
  /** Every call made, in order, with its input and (when it failed) its error. */
  readonly calls: MemoryCall[] = []
  /** Identities of credentials minted by assumeRole, by access key id. */
  readonly sessions: Record<string, MemoryIdentity> = {}

  private readonly profiles = new Map<string, PrincipalRef>()
  private readonly accessKeys = new Map<string, PrincipalRef>()
  private readonly queue: QueuedFailure[] = []
  private readonly predicates: FailurePredicate[] = []
  private answer: BedrockAnswer = {}
  private readonly newId = makeIdFactory()
  private readonly context: MemoryContext

  constructor(private readonly options: MemoryAwsOptions = {}) {
    this.context = {
      account: (id) => this.account(id),
      now: () => this.now(),
      newId: (prefix) => this.newId(prefix),
      begin: (service, operation, input, caller, region) => this.begin(service, operation, input, caller, region),
      reject: (call, error) => {
        call.error = error
        throw error
      },
      sessions: this.sessions,
      bedrockAnswer: (input, caller, region) => this.bedrockAnswer(input, caller, region),
      authorize: options.authorize ?? true,
      trailDelayMs: options.trailDelayMs ?? 0
    }
  }

  now(): Date {
    return this.options.now ? this.options.now() : new Date()
  }

  /** The account, created empty on first use. */
  account(id: string): MemoryAccount {
    return (this.accounts[id] ??= emptyAccount(id))
  }

  // ─── Building the world ───

  addRole(
    accountId: string,
    role: { name: string; trustPolicy: PolicyDocument } & Partial<Omit<MemoryRole, 'name' | 'trustPolicy'>>
  ): MemoryRole {
    const created: MemoryRole = {
      path: '/',
      roleId: this.newId('AROA'),
      inlinePolicies: {},
      attachedPolicyArns: [],
      maxSessionDurationSeconds: DEFAULT_MAX_SESSION_SECONDS,
      tags: {},
      ...role
    }
    this.account(accountId).roles[role.name] = created
    return created
  }

  /**
   * Add an IAM user; `profile` makes `fromChain({ profile })` resolve to it (`'default'` for the
   * default chain), `accessKeyId` makes static keys resolve to it.
   */
  addUser(
    accountId: string,
    name: string,
    options: { policies?: Record<string, PolicyDocument>; attachedPolicyArns?: string[]; path?: string; profile?: string; accessKeyId?: string; sourceIp?: string } = {}
  ): MemoryUser {
    const user: MemoryUser = {
      name,
      path: options.path ?? '/',
      userId: this.newId('AIDA'),
      inlinePolicies: { ...options.policies },
      attachedPolicyArns: [...(options.attachedPolicyArns ?? [])]
    }
    this.account(accountId).users[name] = user
    const arn = `arn:aws:iam::${accountId}:user${user.path}${name}`
    const ref = { arn, sourceIp: options.sourceIp ?? DEFAULT_SOURCE_IP }
    if (options.profile !== undefined) this.profiles.set(options.profile, ref)
    if (options.accessKeyId !== undefined) this.accessKeys.set(options.accessKeyId, ref)
    return user
  }

  /** A customer-managed policy with one version (v1, default) per document given, oldest first; the last is default. */
  addManagedPolicy(accountId: string, policy: { name: string; documents: PolicyDocument[]; path?: string; description?: string }): MemoryManagedPolicy {
    const path = policy.path ?? '/'
    const arn = `arn:aws:iam::${accountId}:policy${path}${policy.name}`
    const versions = policy.documents.map((document, index) => ({
      versionId: `v${index + 1}`,
      document,
      isDefault: index === policy.documents.length - 1,
      createDate: this.now()
    }))
    const created: MemoryManagedPolicy = { arn, name: policy.name, path, description: policy.description, tags: {}, versions, nextVersion: versions.length + 1 }
    this.account(accountId).policies[arn] = created
    return created
  }

  /** The principal `fromChain({ profile })` resolves to; `undefined` = the default chain. */
  setProfile(profile: string | undefined, arn: string, sourceIp = DEFAULT_SOURCE_IP): void {
    this.profiles.set(profile ?? 'default', { arn, sourceIp })
  }

  /** The principal that static keys / fromCredentials with this access key id resolve to. */
  addAccessKey(accessKeyId: string, arn: string, sourceIp = DEFAULT_SOURCE_IP): void {
    this.accessKeys.set(accessKeyId, { arn, sourceIp })
  }

  /** Bedrock model access for an account in a region (`*` = all regions); other models are denied. */
  enableModels(accountId: string, region: string, modelIds: string[]): void {
    this.account(accountId).models[region] = [...modelIds]
  }

  /** What Converse/ConverseStream answer: fixed fields, or a function of the input. */
  setBedrockAnswer(answer: BedrockAnswer): void {
    this.answer = answer
  }

  /** Put an event in an account's trail (visible at once unless `visibleAt` is given). */
  addTrailEvent(accountId: string, region: string, event: Partial<TrailEvent> & { eventName: string; visibleAt?: Date }): TrailEvent {
    const eventTime = event.eventTime ?? this.now()
    const full = {
      eventId: event.eventId ?? this.newId('evt-').toLowerCase(),
      eventSource: event.eventSource ?? 'sts.amazonaws.com',
      username: event.username,
      record: event.record ?? {},
      ...event,
      eventTime,
      visibleAt: event.visibleAt ?? eventTime
    }
    ;(this.account(accountId).trail[region] ??= []).push(full)
    return full
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
    if (source.static) return this.clients(this.identityOfKey(source.static.accessKeyId), region, source.static.accessKeyId)
    const profile = source.profile ?? 'default'
    const ref = this.profiles.get(profile)
    const missing = source.profile === undefined ? 'Could not load credentials from any providers' : `Could not resolve credentials using profile: [${profile}] in configuration/credentials file(s).`
    return this.clients(ref ? this.identityOf(ref) : unresolved(missing, 'CredentialsProviderError'), region, ref ? `AKIA-${profile}` : '')
  }

  fromCredentials(credentials: TemporaryCredentials, region: string, _options?: CredentialOptions): AwsClients {
    return this.clients(this.identityOfKey(credentials.accessKeyId), region, credentials.accessKeyId)
  }

  private identityOfKey(accessKeyId: string): MemoryIdentity {
    const session = this.sessions[accessKeyId]
    if (session) return session
    const ref = this.accessKeys.get(accessKeyId)
    return ref ? this.identityOf(ref) : unresolved('The security token included in the request is invalid.', 'InvalidClientTokenId')
  }

  private identityOf(ref: PrincipalRef): MemoryIdentity {
    const principal = parsePrincipalArn(ref.arn)
    if (!principal) throw new Error(`MemoryAws: not a principal ARN: ${ref.arn}`)
    const account = this.account(principal.accountId)
    if (principal.kind === 'user') {
      const userId = account.users[principal.name]?.userId ?? `AIDA${principal.name.toUpperCase()}`
      return { accountId: principal.accountId, arn: principal.arn, userId, userName: principal.name, sourceIp: ref.sourceIp }
    }
    if (principal.kind === 'assumed-role') {
      const roleId = account.roles[principal.roleName]?.roleId ?? `AROA${principal.roleName.toUpperCase()}`
      return { accountId: principal.accountId, arn: principal.arn, userId: `${roleId}:${principal.sessionName}`, roleName: principal.roleName, sourceIp: ref.sourceIp }
    }
    return { accountId: principal.accountId, arn: principal.arn, userId: principal.accountId, sourceIp: ref.sourceIp }
  }

  private clients(identity: MemoryIdentity, region: string, accessKeyId: string): AwsClients {
    const context = this.context
    const raw: AwsClients = {
      region,
      sts: memorySts(context, identity, region, accessKeyId),
      iam: memoryIam(context, identity, region),
      bedrock: (bedrockRegion = region) => memoryBedrock(context, identity, bedrockRegion, accessKeyId),
      cloudTrail: (trailRegion = region) => memoryCloudTrail(context, identity, trailRegion)
    }
    // The port stack that ships: the same sharing wrappers as the real factory.
    return this.options.share === false ? raw : shareAcrossSetups(raw, { now: () => this.now().getTime() })
  }

  private begin(service: MemoryService, operation: string, input: unknown, caller: MemoryIdentity, region: string): MemoryCall {
    const call: MemoryCall = { service, operation, input: structuredClone(input), accountId: caller.accountId, callerArn: caller.arn, region, at: this.now() }
    this.calls.push(call)
    const fail = (error: AwsCallError): never => {
      call.error = error
      throw error
    }
    if (caller.unresolved) {
      fail(new AwsCallError({ service, operation, kind: 'credentials', awsCode: caller.unresolved.code, awsMessage: caller.unresolved.message }))
    }
    if (caller.expiration && caller.expiration.getTime() <= this.now().getTime()) {
      fail(new AwsCallError({ service, operation, kind: 'credentials', awsCode: 'ExpiredToken', awsMessage: 'The security token included in the request is expired', statusCode: 403 }))
    }
    const toError = (failure: ScriptedFailure): AwsCallError =>
      typeof failure === 'string' ? typicalAwsError(service, operation, failure, caller.arn) : failure
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

  private bedrockAnswer(input: ConverseInput, caller: MemoryIdentity, region: string): ConverseOutput {
    const given = typeof this.answer === 'function' ? this.answer(input, caller, region) : this.answer
    const text = given.text ?? `Hello from ${input.modelId}.`
    const inputTokens = Math.ceil(((input.system ?? '').length + input.prompt.length) / 4) + 1
    const outputTokens = Math.min(input.maxTokens, Math.ceil(text.length / 4))
    return {
      text,
      stopReason: given.stopReason ?? 'end_turn',
      usage: given.usage ?? { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens },
      latencyMs: given.latencyMs ?? 120
    }
  }
}

function unresolved(message: string, code: string): MemoryIdentity {
  return { accountId: '', arn: '', userId: '', sourceIp: DEFAULT_SOURCE_IP, unresolved: { code, message } }
}
