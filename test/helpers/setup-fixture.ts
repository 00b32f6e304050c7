/**
 * A documented setup for tests (ours and other engineers'): source account A = 111111111111 (the
 * caller), target account B = 222222222222 (Bedrock and the access role), region us-east-1.
 * Override any field; the default is an account-root caller with an ExternalId and no IP list.
 */
import type { CallerPrincipal, Setup } from '../../src/core/setup/model.js'

export const FIXTURE_SOURCE_ACCOUNT = '111111111111'
export const FIXTURE_TARGET_ACCOUNT = '222222222222'
export const FIXTURE_EXTERNAL_ID = 'bedrock-xacct-fixture-ext-0001'

/** Overrides of a fixture setup; `caller` is shorthand for a one-caller `callers` list. */
export type FixtureOverrides = Partial<Setup> & { caller?: CallerPrincipal | undefined }

export function fixtureSetup(overrides: FixtureOverrides = {}): Setup {
  const { caller, ...rest } = overrides
  return {
    name: 'fixture',
    partition: 'aws',
    sourceAccountId: FIXTURE_SOURCE_ACCOUNT,
    callers: [{ kind: 'account' }],
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
    ...rest,
    ...(caller !== undefined ? { callers: [caller] } : {})
  }
}
