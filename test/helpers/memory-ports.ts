/**
 * The core ports (src/core/ports/aws.ts) over the sandbox's engine, for MemoryAws
 * (memory-aws.ts): each method turns its typed input into the operation's API input, calls the
 * engine directly (no HTTP, no SDK) and maps the API-shaped output to the port's types with the
 * real adapters' own helpers (src/aws/iam-role.ts, policy-encoding.ts), and engine errors to
 * AwsCallError with src/aws/errors.ts, as the SDK adapters do.
 */
import { randomUUID } from 'node:crypto'
import type { Role, RoleDetail } from '@aws-sdk/client-iam'
import type { PolicyDocument } from '../../src/core/evaluate.js'
import { AwsCallError, isAwsCallError } from '../../src/core/ports/aws-error.js'
import type { BedrockControlPort, BedrockPort, CloudTrailPort, ConverseInput, ConverseOutput, IamPort, StsPort, TrailEvent } from '../../src/core/ports/aws.js'
import type { ServiceContext } from '../../src/aws/call.js'
import { inferenceProfileOf, modelAvailabilityOf } from '../../src/aws/bedrock-control.js'
import { toAwsCallError, type CredentialOrigin } from '../../src/aws/errors.js'
import { decodeOrThrow, listedRoleOf, roleDetailsOf, roleInfoOf } from '../../src/aws/iam-role.js'
import { encodePolicyDocument } from '../../src/aws/policy-encoding.js'
import { contextEntries } from '../../src/aws/simulate-context.js'
import type { Engine } from '../../src/sandbox/engine/index.js'
import type { OperationInput } from '../../src/sandbox/engine/params.js'
import { SandboxAwsError, type ApiOutput, type ApiValue, type Caller, type RequestContext } from '../../src/sandbox/engine/types.js'
import { jsonProtocolCode } from '../../src/sandbox/wire/errors.js'
import { invokeBody } from '../../src/sandbox/wire/bedrock-responses.js'

export type MemoryService = 'sts' | 'iam' | 'bedrock' | 'cloudtrail'

/** One call made through a memory port, successful or not. Tests count write calls with it. */
export interface MemoryCall {
  service: MemoryService
  operation: string
  /** The port-level input (camelCase, as the port method received it). */
  input: unknown
  /** The caller's account and ARN ('' when the credentials did not resolve). */
  accountId: string
  callerArn: string
  region: string
  /** When the call was made, by the engine's clock. */
  at: Date
  /** Set when the call failed (scripted or by the engine). */
  error?: AwsCallError | undefined
}

/** What the ports act through; MemoryAws builds one per set of credentials. */
export interface PortContext {
  engine: Engine
  origin: CredentialOrigin
  /** Log a call and apply scripted failures (throws the scripted AwsCallError, logged on the call). */
  begin(service: MemoryService, operation: string, input: unknown, region: string): MemoryCall
  /** The caller now (store edits apply at once); throws SandboxAwsError or AwsCallError for bad credentials. */
  caller(): Caller
}

/** IAM is global: its one region. */
const IAM_REGION = 'us-east-1'
/** Items per page of the account-wide listings, as the real adapter asks. */
const LISTING_PAGE_SIZE = 1_000
/** LookupEvents page size, as the real adapter asks. */
const LOOKUP_PAGE_SIZE = 50

function callError(error: unknown, service: MemoryService, operation: string, origin: CredentialOrigin, requestId: string): AwsCallError {
  if (isAwsCallError(error)) return error
  // The credential chain's own errors (no such profile), named as the SDK names them.
  if (!(error instanceof SandboxAwsError)) {
    if (error instanceof Error && error.name !== 'Error') return toAwsCallError(error, { service, operation, credentials: origin })
    throw error
  }
  const code = service === 'bedrock' || service === 'cloudtrail' ? jsonProtocolCode(error.code) : error.code
  return toAwsCallError({ name: code, message: error.message, $metadata: { httpStatusCode: error.status, requestId } }, { service, operation, credentials: origin })
}

/** Run one engine operation as the port's caller: logged, scripted failures applied, errors mapped. */
async function call<T>(ctx: PortContext, service: MemoryService, operation: string, input: unknown, region: string, run: (request: RequestContext) => Promise<T>): Promise<T> {
  const logged = ctx.begin(service, operation, input, region)
  const requestId = randomUUID()
  try {
    const request: RequestContext = { caller: ctx.caller(), region, requestId, receivedAt: ctx.engine.now(), userAgent: 'bedrock-xacct/test MemoryAws' }
    return await run(request)
  } catch (error) {
    const mapped = callError(error, service, operation, ctx.origin, requestId)
    logged.error = mapped
    throw mapped
  }
}

/** Undefined instead of a not-found error (lookups whose absence is an answer), as the real adapter. */
async function orUndefined<T>(run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run()
  } catch (error) {
    if (isAwsCallError(error) && error.failure.kind === 'not-found') return undefined
    throw error
  }
}

const list = <T>(value: ApiValue): T[] => (Array.isArray(value) ? (value as T[]) : [])
const field = (value: ApiValue, name: string): ApiValue => (value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date) ? value[name] : undefined)
const tagList = (tags: Record<string, string>) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }))
const document = (policy: PolicyDocument) => encodePolicyDocument(policy)

export function memorySts(ctx: PortContext, region: string): StsPort {
  return {
    async getCallerIdentity() {
      const output = await call(ctx, 'sts', 'GetCallerIdentity', {}, region, (request) => ctx.engine.sts(request, 'GetCallerIdentity', {}))
      return { account: String(output.Account), arn: String(output.Arn), userId: String(output.UserId) }
    },
    async assumeRole(input) {
      const api: OperationInput = { RoleArn: input.roleArn, RoleSessionName: input.roleSessionName, ExternalId: input.externalId, DurationSeconds: input.durationSeconds, SourceIdentity: input.sourceIdentity }
      const output = await call(ctx, 'sts', 'AssumeRole', input, region, (request) => ctx.engine.sts(request, 'AssumeRole', api))
      const credentials = output.Credentials
      return {
        credentials: {
          accessKeyId: String(field(credentials, 'AccessKeyId')),
          secretAccessKey: String(field(credentials, 'SecretAccessKey')),
          sessionToken: String(field(credentials, 'SessionToken')),
          expiration: field(credentials, 'Expiration') as Date
        },
        assumedRoleArn: String(field(output.AssumedRoleUser, 'Arn')),
        assumedRoleId: String(field(output.AssumedRoleUser, 'AssumedRoleId'))
      }
    },
    async assumeRoleWithWebIdentity(input) {
      const api: OperationInput = { RoleArn: input.roleArn, RoleSessionName: input.roleSessionName, WebIdentityToken: input.webIdentityToken, DurationSeconds: input.durationSeconds }
      // Unsigned, as the SDK sends it: the engine sees an anonymous caller (the sandbox's wire does the same).
      const logged = { ...input, webIdentityToken: '[redacted]' }
      const output = await call(ctx, 'sts', 'AssumeRoleWithWebIdentity', logged, region, (request) => ctx.engine.sts({ ...request, caller: ANONYMOUS }, 'AssumeRoleWithWebIdentity', api))
      const credentials = output.Credentials
      return {
        credentials: {
          accessKeyId: String(field(credentials, 'AccessKeyId')),
          secretAccessKey: String(field(credentials, 'SecretAccessKey')),
          sessionToken: String(field(credentials, 'SessionToken')),
          expiration: field(credentials, 'Expiration') as Date
        },
        assumedRoleArn: String(field(output.AssumedRoleUser, 'Arn')),
        assumedRoleId: String(field(output.AssumedRoleUser, 'AssumedRoleId')),
        subjectFromWebIdentityToken: String(output.SubjectFromWebIdentityToken),
        audience: String(output.Audience),
        provider: String(output.Provider)
      }
    }
  }
}

/** Who an unsigned call comes from, as the sandbox's wire builds it. */
const ANONYMOUS: Caller = { accountId: '', arn: '', type: 'Root', accessKeyId: '', principalId: '', isRoleSession: false, sourceIp: '0.0.0.0', identityPolicies: [] }

export function memoryIam(ctx: PortContext): IamPort {
  const service: ServiceContext = { service: 'iam', credentials: ctx.origin, secrets: [], deadlineMs: 0 }
  const iam = (operation: string, portInput: unknown, api: OperationInput): Promise<ApiOutput> => call(ctx, 'iam', operation, portInput, IAM_REGION, async (request) => (await ctx.engine.iam(request, operation, api)) ?? {})
  /** A listing paged to the end, one logged call per page, as the real adapter pages. */
  const pages = async <T>(operation: string, portInput: unknown, api: OperationInput, items: (output: ApiOutput) => T[]): Promise<T[]> => {
    const all: T[] = []
    let marker: string | undefined
    do {
      const output = await iam(operation, portInput, { ...api, ...(marker === undefined ? {} : { Marker: marker }) })
      all.push(...items(output))
      marker = output.IsTruncated === true && typeof output.Marker === 'string' ? output.Marker : undefined
    } while (marker !== undefined)
    return all
  }
  const attached = (output: ApiOutput) => list<{ PolicyArn?: string; PolicyName?: string }>(output.AttachedPolicies).map((p) => ({ arn: p.PolicyArn ?? '', name: p.PolicyName ?? '' }))
  return {
    getRole: (roleName) => orUndefined(async () => roleInfoOf(service, 'GetRole', (await iam('GetRole', { roleName }, { RoleName: roleName })).Role as unknown as Role)),
    listRolePolicies: (roleName) => pages('ListRolePolicies', { roleName }, { RoleName: roleName }, (o) => list<string>(o.PolicyNames)),
    getRolePolicy: (roleName, policyName) => orUndefined(async () => decodeOrThrow(service, 'GetRolePolicy', String((await iam('GetRolePolicy', { roleName, policyName }, { RoleName: roleName, PolicyName: policyName })).PolicyDocument))),
    listAttachedRolePolicies: (roleName) => pages('ListAttachedRolePolicies', { roleName }, { RoleName: roleName }, attached),
    getPolicy: (policyArn) =>
      orUndefined(async () => {
        const policy = (await iam('GetPolicy', { policyArn }, { PolicyArn: policyArn })).Policy
        return { arn: String(field(policy, 'Arn')), name: String(field(policy, 'PolicyName')), defaultVersionId: String(field(policy, 'DefaultVersionId') ?? 'v1') }
      }),
    async getPolicyVersion(policyArn, versionId) {
      const output = await iam('GetPolicyVersion', { policyArn, versionId }, { PolicyArn: policyArn, VersionId: versionId })
      return decodeOrThrow(service, 'GetPolicyVersion', field(output.PolicyVersion, 'Document') as string | undefined)
    },
    listPolicyVersions: (policyArn) =>
      pages('ListPolicyVersions', { policyArn }, { PolicyArn: policyArn }, (o) =>
        list<{ VersionId: string; IsDefaultVersion: boolean; CreateDate: Date }>(o.Versions).map((v) => ({ versionId: v.VersionId, isDefault: v.IsDefaultVersion, createDate: v.CreateDate }))
      ),
    listUserPolicies: (userName) => pages('ListUserPolicies', { userName }, { UserName: userName }, (o) => list<string>(o.PolicyNames)),
    getUserPolicy: (userName, policyName) => orUndefined(async () => decodeOrThrow(service, 'GetUserPolicy', String((await iam('GetUserPolicy', { userName, policyName }, { UserName: userName, PolicyName: policyName })).PolicyDocument))),
    listAttachedUserPolicies: (userName) => pages('ListAttachedUserPolicies', { userName }, { UserName: userName }, attached),
    listRoles: () => pages('ListRoles', {}, { MaxItems: LISTING_PAGE_SIZE }, (o) => list<Role>(o.Roles).map((role) => listedRoleOf(service, 'ListRoles', role))),
    listRoleDetails: () => pages('GetAccountAuthorizationDetails', { filter: ['Role'] }, { Filter: ['Role'], MaxItems: LISTING_PAGE_SIZE }, (o) => list<RoleDetail>(o.RoleDetailList).map((detail) => roleDetailsOf(service, detail))),
    async simulatePrincipalPolicy(input) {
      const api: OperationInput = {
        PolicySourceArn: input.policySourceArn,
        ActionNames: input.actionNames,
        ResourceArns: input.resourceArns,
        ContextEntries: contextEntries(input.context).map((e) => ({ ContextKeyName: e.ContextKeyName, ContextKeyValues: e.ContextKeyValues, ContextKeyType: e.ContextKeyType }))
      }
      return pages('SimulatePrincipalPolicy', input, api, (o) =>
        list<{ EvalActionName: string; EvalResourceName: string; EvalDecision: string; MatchedStatements?: { SourcePolicyId?: string }[] }>(o.EvaluationResults).map((r) => ({
          action: r.EvalActionName,
          resource: r.EvalResourceName,
          decision: r.EvalDecision === 'allowed' ? ('allowed' as const) : r.EvalDecision === 'explicitDeny' ? ('explicitDeny' as const) : ('implicitDeny' as const),
          matchedStatements: (r.MatchedStatements ?? []).map((s) => s.SourcePolicyId ?? '').filter((id) => id !== '')
        }))
      )
    },

    async createRole(input) {
      const api: OperationInput = {
        RoleName: input.roleName,
        Path: input.path,
        AssumeRolePolicyDocument: document(input.trustPolicy),
        MaxSessionDuration: input.maxSessionDurationSeconds || undefined,
        Description: input.description,
        Tags: tagList(input.tags)
      }
      return roleInfoOf(service, 'CreateRole', (await iam('CreateRole', input, api)).Role as unknown as Role)
    },
    async updateAssumeRolePolicy(roleName, trustPolicy) {
      await iam('UpdateAssumeRolePolicy', { roleName, trustPolicy }, { RoleName: roleName, PolicyDocument: document(trustPolicy) })
    },
    async updateRole(roleName, changes) {
      await iam('UpdateRole', { roleName, ...changes }, { RoleName: roleName, MaxSessionDuration: changes.maxSessionDurationSeconds, Description: changes.description })
    },
    async tagRole(roleName, tags) {
      await iam('TagRole', { roleName, tags }, { RoleName: roleName, Tags: tagList(tags) })
    },
    async untagRole(roleName, tagKeys) {
      await iam('UntagRole', { roleName, tagKeys }, { RoleName: roleName, TagKeys: [...tagKeys] })
    },
    async putRolePolicy(roleName, policyName, policy) {
      await iam('PutRolePolicy', { roleName, policyName, document: policy }, { RoleName: roleName, PolicyName: policyName, PolicyDocument: document(policy) })
    },
    async deleteRolePolicy(roleName, policyName) {
      await iam('DeleteRolePolicy', { roleName, policyName }, { RoleName: roleName, PolicyName: policyName })
    },
    async createPolicy(input) {
      const api: OperationInput = { PolicyName: input.policyName, Path: input.path, PolicyDocument: document(input.document), Description: input.description, Tags: tagList(input.tags) }
      const policy = (await iam('CreatePolicy', input, api)).Policy
      return { arn: String(field(policy, 'Arn')), name: String(field(policy, 'PolicyName')), defaultVersionId: String(field(policy, 'DefaultVersionId') ?? 'v1') }
    },
    async createPolicyVersion(policyArn, policy, setAsDefault) {
      const output = await iam('CreatePolicyVersion', { policyArn, document: policy, setAsDefault }, { PolicyArn: policyArn, PolicyDocument: document(policy), SetAsDefault: setAsDefault })
      const version = output.PolicyVersion
      return { versionId: String(field(version, 'VersionId')), isDefault: field(version, 'IsDefaultVersion') === true, createDate: field(version, 'CreateDate') as Date }
    },
    async deletePolicyVersion(policyArn, versionId) {
      await iam('DeletePolicyVersion', { policyArn, versionId }, { PolicyArn: policyArn, VersionId: versionId })
    },
    async attachRolePolicy(roleName, policyArn) {
      await iam('AttachRolePolicy', { roleName, policyArn }, { RoleName: roleName, PolicyArn: policyArn })
    },
    async putUserPolicy(userName, policyName, policy) {
      await iam('PutUserPolicy', { userName, policyName, document: policy }, { UserName: userName, PolicyName: policyName, PolicyDocument: document(policy) })
    },
    async deleteUserPolicy(userName, policyName) {
      await iam('DeleteUserPolicy', { userName, policyName }, { UserName: userName, PolicyName: policyName })
    },
    async detachRolePolicy(roleName, policyArn) {
      await iam('DetachRolePolicy', { roleName, policyArn }, { RoleName: roleName, PolicyArn: policyArn })
    },
    async deletePolicy(policyArn) {
      await iam('DeletePolicy', { policyArn }, { PolicyArn: policyArn })
    },
    async deleteRole(roleName) {
      await iam('DeleteRole', { roleName }, { RoleName: roleName })
    }
  }
}

export function memoryBedrock(ctx: PortContext, region: string): BedrockPort {
  const invoke = async (operation: 'Converse' | 'ConverseStream', input: ConverseInput): Promise<ConverseOutput> => {
    // The Converse request as the real adapter sends it (src/aws/bedrock.ts).
    const request = {
      ...(input.system === undefined ? {} : { system: [{ text: input.system }] }),
      messages: [{ role: 'user', content: [{ text: input.prompt }] }],
      inferenceConfig: { maxTokens: input.maxTokens, temperature: input.temperature }
    }
    const output = await call(ctx, 'bedrock', operation, input, region, (context) => ctx.engine.bedrock(context, { operation, modelId: input.modelId, request }))
    const { answer } = output
    return {
      text: answer.text,
      stopReason: answer.stopReason,
      usage: { inputTokens: answer.inputTokens, outputTokens: answer.outputTokens, totalTokens: answer.inputTokens + answer.outputTokens },
      latencyMs: answer.latencyMs
    }
  }
  return {
    converse: (input) => invoke('Converse', input),
    converseStream: (input) => invoke('ConverseStream', input),
    async invokeModel(input) {
      const output = await call(ctx, 'bedrock', 'InvokeModel', input, region, (context) => ctx.engine.bedrock(context, { operation: 'InvokeModel', modelId: input.modelId, body: Buffer.from(JSON.stringify(input.body)) }))
      // The body as the wire renders it (src/sandbox/wire/bedrock.ts), through JSON as the SDK receives it.
      return { body: JSON.parse(JSON.stringify(output.nativeBody ?? invokeBody(output.modelId, output.dialect ?? 'text', output.answer))) as unknown }
    }
  }
}

/** The control plane over the engine, mapped with the real adapter's own helpers (src/aws/bedrock-control.ts). */
export function memoryBedrockControl(ctx: PortContext, region: string): BedrockControlPort {
  // The engine's output is the API's JSON; through JSON, as the SDK would receive it.
  const api = <T>(output: ApiOutput): T => JSON.parse(JSON.stringify(output)) as T
  return {
    async getInferenceProfile(identifier) {
      try {
        const output = await call(ctx, 'bedrock', 'GetInferenceProfile', { identifier }, region, (request) => ctx.engine.bedrockControl(request, 'GetInferenceProfile', identifier))
        const value = inferenceProfileOf(api(output))
        if (!value) throw new Error(`MemoryAws: the engine's GetInferenceProfile answer is malformed: ${JSON.stringify(output)}`)
        return value
      } catch (error) {
        if (isAwsCallError(error) && error.failure.kind === 'not-found') return undefined
        throw error
      }
    },
    async getFoundationModelAvailability(modelId) {
      const output = await call(ctx, 'bedrock', 'GetFoundationModelAvailability', { modelId }, region, (request) => ctx.engine.bedrockControl(request, 'GetFoundationModelAvailability', modelId))
      const value = modelAvailabilityOf(api(output), modelId)
      if (!value) throw new Error(`MemoryAws: the engine's GetFoundationModelAvailability answer is malformed: ${JSON.stringify(output)}`)
      return value
    }
  }
}

function parseRecord(text: ApiValue): Record<string, unknown> {
  try {
    return typeof text === 'string' ? (JSON.parse(text) as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

export function memoryCloudTrail(ctx: PortContext, region: string): CloudTrailPort {
  return {
    async lookupEvents(input) {
      const { until, onSend, ...logged } = input
      const events: TrailEvent[] = []
      let nextToken: string | undefined
      let pages = 0
      do {
        const api = {
          LookupAttributes: input.attribute ? [{ AttributeKey: input.attribute.key, AttributeValue: input.attribute.value }] : undefined,
          StartTime: input.startTime.getTime() / 1000,
          EndTime: input.endTime.getTime() / 1000,
          MaxResults: LOOKUP_PAGE_SIZE,
          NextToken: nextToken
        }
        // One logged call per page, as LookupEvents is paged: tests count them against the 2/s limit.
        const output = await call(ctx, 'cloudtrail', 'LookupEvents', { ...logged, page: pages + 1 }, region, (request) => {
          onSend?.()
          return ctx.engine.lookupEvents(request, JSON.parse(JSON.stringify(api)))
        })
        events.push(
          ...list<Record<string, ApiValue>>(output.Events).map((event) => ({
            eventId: String(event.EventId ?? ''),
            eventName: String(event.EventName ?? ''),
            eventSource: String(event.EventSource ?? ''),
            eventTime: new Date(Number(event.EventTime ?? 0) * 1000),
            username: typeof event.Username === 'string' ? event.Username : undefined,
            record: parseRecord(event.CloudTrailEvent)
          }))
        )
        pages++
        nextToken = typeof output.NextToken === 'string' && output.NextToken !== '' ? output.NextToken : undefined
        if (nextToken && until?.(events)) return { events, truncated: true, pages }
      } while (nextToken && pages < Math.max(1, input.maxPages))
      return { events, truncated: nextToken !== undefined, pages }
    }
  }
}
