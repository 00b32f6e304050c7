/**
 * The sandbox's Bedrock control plane (GetInferenceProfile, GetFoundationModelAvailability) over the
 * wire, read by oracles we did not write: the real SDK client (`@aws-sdk/client-bedrock`, through
 * the tool's factory) and the AWS CLI, whose botocore model (bedrock 2023-04-20) parses the answer.
 * Expected ARNs are written out from docs/aws-facts.md (profile.geo.iam: the foundation model in
 * every destination region), not computed by the code under test.
 *
 * Fixture accounts (src/sandbox/worlds/default-world.ts): A = 111111111111 (user app-caller, no
 * Bedrock permissions), B = 222222222222 (user admin, AdministratorAccess; models enabled in the
 * four US regions: Claude 3.5 Haiku, Sonnet 4, Nova Lite, … but not Claude Haiku 4.5).
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAwsFactory } from '../../src/aws/factory.js'
import { isAwsCallError } from '../../src/core/ports/aws-error.js'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js'

const run = promisify(execFile)
const SONNET4 = 'anthropic.claude-sonnet-4-20250514-v1:0'
const US_DESTINATIONS = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2'].map((r) => `arn:aws:bedrock:${r}::foundation-model/${SONNET4}`)

let sandbox: TestSandbox
beforeAll(async () => {
  sandbox = await startTestSandbox()
})
afterAll(() => sandbox.stop())

const clients = (who: 'targetAdmin' | 'sourceCaller', region = 'us-east-1') => {
  const keys = sandbox.principals[who]
  return createAwsFactory({ endpointUrl: sandbox.endpoint, maxAttempts: 1 }).fromChain({ static: { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey } }, region)
}

async function cli(args: string[], who: 'targetAdmin' | 'sourceCaller' = 'targetAdmin'): Promise<{ ok: true; json: Record<string, unknown> } | { ok: false; stderr: string }> {
  const keys = sandbox.principals[who]
  const env = { PATH: process.env.PATH ?? '', HOME: '/nonexistent', AWS_ACCESS_KEY_ID: keys.accessKeyId, AWS_SECRET_ACCESS_KEY: keys.secretAccessKey, AWS_DEFAULT_REGION: 'us-east-1', AWS_MAX_ATTEMPTS: '1' }
  try {
    const { stdout } = await run('aws', ['bedrock', ...args, '--endpoint-url', sandbox.endpoint, '--output', 'json'], { env })
    return { ok: true, json: JSON.parse(stdout) as Record<string, unknown> }
  } catch (error) {
    return { ok: false, stderr: String((error as { stderr?: unknown }).stderr ?? error) }
  }
}

describe('GetInferenceProfile', () => {
  it('the SDK client reads a us. profile: every US destination model ARN', async () => {
    const profile = await clients('targetAdmin').bedrockControl('us-east-1').getInferenceProfile(`us.${SONNET4}`)
    expect(profile).toEqual({ id: `us.${SONNET4}`, arn: `arn:aws:bedrock:us-east-1:222222222222:inference-profile/us.${SONNET4}`, type: 'SYSTEM_DEFINED', status: 'ACTIVE', modelArns: US_DESTINATIONS })
  })

  it('the AWS CLI (botocore model) parses the same answer', async () => {
    const answer = await cli(['get-inference-profile', '--inference-profile-identifier', `us.${SONNET4}`])
    expect(answer.ok, answer.ok ? '' : answer.stderr).toBe(true)
    if (!answer.ok) return
    expect(answer.json).toMatchObject({ inferenceProfileId: `us.${SONNET4}`, type: 'SYSTEM_DEFINED', status: 'ACTIVE', models: US_DESTINATIONS.map((modelArn) => ({ modelArn })) })
  })

  it('the AWS CLI reads a global profile', async () => {
    const answer = await cli(['get-inference-profile', '--inference-profile-identifier', `global.${SONNET4}`])
    expect(answer.ok, answer.ok ? '' : answer.stderr).toBe(true)
  })

  it('a geography outside its regions (us. from eu-west-1) is no profile: undefined, not a failure', async () => {
    expect(await clients('targetAdmin', 'eu-west-1').bedrockControl('eu-west-1').getInferenceProfile(`us.${SONNET4}`)).toBeUndefined()
    const answer = await cli(['get-inference-profile', '--inference-profile-identifier', `us.${SONNET4}`, '--region', 'eu-west-1'])
    expect(answer.ok ? 'ok' : answer.stderr).toMatch(/ResourceNotFoundException/)
  })

  it('a caller without bedrock:GetInferenceProfile is refused with AccessDeniedException naming the action', async () => {
    const error = await clients('sourceCaller')
      .bedrockControl('us-east-1')
      .getInferenceProfile(`us.${SONNET4}`)
      .catch((e: unknown) => e)
    expect(isAwsCallError(error) && error.failure.kind).toBe('access-denied')
    const answer = await cli(['get-inference-profile', '--inference-profile-identifier', `us.${SONNET4}`], 'sourceCaller')
    expect(answer.ok ? 'ok' : answer.stderr).toMatch(/AccessDeniedException.*bedrock:GetInferenceProfile/s)
  })
})

describe('GetFoundationModelAvailability', () => {
  it('an enabled model is AUTHORIZED with its agreement and entitlement AVAILABLE (SDK and CLI)', async () => {
    const availability = await clients('targetAdmin').bedrockControl('us-east-1').getFoundationModelAvailability(SONNET4)
    expect(availability).toEqual({ modelId: SONNET4, agreement: { status: 'AVAILABLE' }, authorizationStatus: 'AUTHORIZED', entitlementAvailability: 'AVAILABLE', regionAvailability: 'AVAILABLE' })
    const answer = await cli(['get-foundation-model-availability', '--model-id', SONNET4])
    expect(answer.ok ? answer.json : answer.stderr).toEqual({ modelId: SONNET4, agreementAvailability: { status: 'AVAILABLE' }, authorizationStatus: 'AUTHORIZED', entitlementAvailability: 'AVAILABLE', regionAvailability: 'AVAILABLE' })
  })

  it('a known model the account has not enabled is NOT_AUTHORIZED', async () => {
    const availability = await clients('targetAdmin').bedrockControl('us-east-1').getFoundationModelAvailability('anthropic.claude-haiku-4-5-20251001-v1:0')
    expect(availability.authorizationStatus).toBe('NOT_AUTHORIZED')
  })
})
