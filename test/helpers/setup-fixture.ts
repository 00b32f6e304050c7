/**
 * A documented setup for tests (ours and other engineers'): source account A = 111111111111 (the
 * caller), target account B = 222222222222 (Bedrock and the access role), region us-east-1.
 * Override any field; the default is an account-root caller with an ExternalId and no IP list.
 */
import type { Setup } from '../../src/core/setup/model.js'

export const FIXTURE_SOURCE_ACCOUNT = '111111111111'
export const FIXTURE_TARGET_ACCOUNT = '222222222222'
export const FIXTURE_EXTERNAL_ID = 'bedrock-xacct-fixture-ext-0001'

export function fixtureSetup(overrides: Partial<Setup> = {}): Setup {
  return {
    name: 'fixture',
    partition: 'aws',
    sourceAccountId: FIXTURE_SOURCE_ACCOUNT,
    caller: { kind: 'account' },
    targetAccountId: FIXTURE_TARGET_ACCOUNT,
    roleName: 'BedrockAccessRole',
    rolePath: '/',
    permissionsPolicyName: 'BedrockAccessRole-InvokePolicy',
    sourcePolicyName: 'AssumeBedrockAccessRole',
    region: 'us-east-1',
    models: ['anthropic.claude-3-5-haiku-20241022-v1:0'],
    externalId: FIXTURE_EXTERNAL_ID,
    maxSessionDurationSeconds: 3600,
    sessionDurationSeconds: 900,
    sourceIpCidrs: [],
    marketplace: false,
    streaming: true,
    cloudTrailLookup: false,
    ...overrides
  }
}
