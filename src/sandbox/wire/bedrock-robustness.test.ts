/**
 * Bad input never crashes the sandbox: whatever body, path or model id a client sends, the Bedrock
 * and CloudTrail handlers answer or throw a SandboxAwsError (which the server renders), never any
 * other error. Property-based over arbitrary JSON, bytes and ids. Caller: account B = 222222222222.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { invokeBedrock } from '../engine/bedrock/index.js'
import { runBedrockControl } from '../engine/bedrock/control.js'
import { createTrailStore } from '../engine/cloudtrail/index.js'
import { SandboxAwsError } from '../engine/types.js'
import type { Caller, EngineEnv as SandboxEnv } from '../engine/types.js'
import { bedrockHandler as bedrockCodec } from './bedrock.js'
import { cloudTrailHandler } from './cloudtrail.js'
import type { SandboxRequest, SandboxResponse } from './types.js'

/** The wire codecs over the engine's operations, acting through `env`. */
const bedrockHandler = (request: SandboxRequest, env: SandboxEnv) => bedrockCodec({ bedrock: (r, input) => invokeBedrock(r, env, input), bedrockControl: (r, operation, id) => runBedrockControl(r, env, operation, id) })(request)
const trailHandler = (request: SandboxRequest, env: SandboxEnv) => cloudTrailHandler({ lookupEvents: (r, input) => trail.lookupEvents(r, env, input) })(request)

const B = '222222222222'
const HAIKU = 'anthropic.claude-3-5-haiku-20241022-v1:0'
const caller: Caller = {
  accountId: B,
  arn: `arn:aws:iam::${B}:user/admin`,
  type: 'IAMUser',
  accessKeyId: 'AKIASANDBOXBADMIN001',
  principalId: 'AIDATESTTESTTESTTEST1',
  isRoleSession: false,
  sourceIp: '198.51.100.20',
  identityPolicies: []
}

let clockMs = Date.parse('2026-11-23T07:00:00Z')
const trail = createTrailStore({ now: () => new Date((clockMs += 1000)), delayMs: 0 })
const env: SandboxEnv = {
  authorize: async () => ({ allowed: true, message: '' }),
  trail,
  now: () => new Date(clockMs),
  enabledModels: () => [HAIKU, 'amazon.nova-lite-v1:0']
}

function request(service: 'bedrock' | 'cloudtrail', path: string, body: Buffer): SandboxRequest {
  return {
    service,
    region: 'us-east-1',
    method: 'POST',
    path,
    query: new URLSearchParams(),
    headers: { 'x-amz-target': 'CloudTrail_20131101.LookupEvents' },
    body,
    caller,
    requestId: 'req',
    receivedAt: new Date(clockMs),
    userAgent: 'fuzz'
  }
}

async function drain(response: SandboxResponse): Promise<void> {
  if (typeof response.body === 'string' || Buffer.isBuffer(response.body)) return
  for await (const part of response.body) void part
}

async function answersOrAwsError(run: () => Promise<SandboxResponse>): Promise<boolean> {
  try {
    await drain(await run())
    return true
  } catch (error) {
    return error instanceof SandboxAwsError && error.status >= 400 && error.status < 500
  }
}

const jsonBodies = fc.oneof(
  fc.json().map((text) => Buffer.from(text)),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
  // Near-valid Converse bodies: right keys, arbitrary values.
  fc.record({ messages: fc.anything(), system: fc.anything(), inferenceConfig: fc.anything(), max_tokens: fc.anything(), prompt: fc.anything() }, { requiredKeys: [] }).map((value) => Buffer.from(JSON.stringify(value) ?? ''))
)

describe('never a crash', () => {
  it('Bedrock: any body to every operation and model dialect', async () => {
    const paths = ['converse', 'converse-stream', 'invoke', 'invoke-with-response-stream'].flatMap((op) => [HAIKU, 'amazon.nova-lite-v1:0', 'us.' + HAIKU].map((id) => `/model/${id}/${op}`))
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), jsonBodies, async (path, body) => answersOrAwsError(() => bedrockHandler(request('bedrock', path, body), env))),
      { numRuns: 300 }
    )
  })

  it('Bedrock: any model id and path', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 80 }), fc.constantFrom('converse', 'invoke', 'x'), async (id, op) =>
        answersOrAwsError(() => bedrockHandler(request('bedrock', `/model/${id}/${op}`, Buffer.from('{"messages":[{"role":"user","content":[{"text":"hi"}]}]}')), env))
      ),
      { numRuns: 300 }
    )
  })

  it('CloudTrail: any LookupEvents body', async () => {
    const lookupBodies = fc.oneof(
      jsonBodies,
      fc.record({ LookupAttributes: fc.anything(), StartTime: fc.anything(), EndTime: fc.anything(), MaxResults: fc.anything(), NextToken: fc.anything() }, { requiredKeys: [] }).map((value) => Buffer.from(JSON.stringify(value) ?? ''))
    )
    await fc.assert(
      fc.asyncProperty(lookupBodies, async (body) => answersOrAwsError(() => trailHandler(request('cloudtrail', '/', body), env))),
      { numRuns: 300 }
    )
    expect(trail.lookupLog.length).toBeGreaterThan(0)
  })
})
