import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createEvaluator } from './evaluate.js'
import { lintPolicy } from './lint/index.js'
import { fixtureSetup } from '../../test/helpers/setup-fixture.js'
import { buildDocuments } from './policies/index.js'
import { selfCheck } from './self-check.js'
import type { CallerPrincipal } from './setup/model.js'

/**
 * Property: for any setup the generator accepts, its documents pass their own self-check and lint
 * without errors. Fixture accounts: A = 111111111111 (source), B = 222222222222 (target).
 */
const callers: fc.Arbitrary<CallerPrincipal> = fc.oneof(
  fc.constant<CallerPrincipal>({ kind: 'account' }),
  fc.constant<CallerPrincipal>({ kind: 'role', arn: 'arn:aws:iam::111111111111:role/path/gateway' }),
  fc.constant<CallerPrincipal>({ kind: 'user', arn: 'arn:aws:iam::111111111111:user/ci' }),
  fc.subarray(['sagemaker.amazonaws.com', 'lambda.amazonaws.com', 'ecs-tasks.amazonaws.com'], { minLength: 1 }).map<CallerPrincipal>((services) => ({ kind: 'service', services })),
  fc
    .tuple(
      fc.subarray(['repo:acme/gateway:*', 'repo:acme/batch:ref:refs/heads/main', 'system:serviceaccount:ai:proxy'], { minLength: 1 }),
      fc.option(fc.subarray(['team-ai-*', 'admins', 'cn=ai,ou=teams,dc=example', 'g?oup', '*'], { minLength: 1 }), { nil: undefined })
    )
    .map<CallerPrincipal>(([subjects, groups]) => ({
      kind: 'oidc',
      providerArn: 'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com',
      providerHost: 'token.actions.githubusercontent.com',
      audiences: ['sts.amazonaws.com'],
      subjects,
      ...(groups === undefined ? {} : { groups })
    }))
)

const MODELS = [
  'anthropic.claude-3-5-haiku-20241022-v1:0',
  'amazon.nova-lite-v1:0',
  'us.anthropic.claude-sonnet-4-20250514-v1:0',
  'eu.amazon.nova-pro-v1:0',
  'apac.anthropic.claude-3-5-sonnet-20241022-v2:0',
  'global.anthropic.claude-sonnet-4-5-20250929-v1:0',
  'arn:aws:bedrock:us-east-1:222222222222:application-inference-profile/a1b2c3d4e5f6'
]

const setups = fc.record({
  caller: callers,
  region: fc.constantFrom('us-east-1', 'us-west-2', 'eu-west-1', 'ap-northeast-1'),
  models: fc.subarray(MODELS, { minLength: 1, maxLength: 3 }),
  externalId: fc.option(fc.constantFrom('ext-1234', 'a1b2c3d4-e5f6-4a5b-8c7d-0123456789ab'), { nil: undefined }),
  sourceIpCidrs: fc.subarray(['203.0.113.0/24', '198.51.100.7/32', '2001:db8::/32']),
  marketplace: fc.boolean(),
  streaming: fc.boolean(),
  cloudTrailLookup: fc.boolean()
})

describe('generated documents (property)', () => {
  const evaluator = createEvaluator()
  it('always pass their self-check and lint without errors', async () => {
    await fc.assert(
      fc.asyncProperty(setups, async (overrides) => {
        const setup = fixtureSetup(overrides)
        const docs = buildDocuments(setup)
        const report = await selfCheck(setup, docs, evaluator)
        expect(report.cases.filter((c) => !c.ok)).toEqual([])
        const errors = [...lintPolicy(docs.trustPolicy, { kind: 'trust' }), ...lintPolicy(docs.permissionsPolicy, { kind: 'permissions', models: setup.models }), ...lintPolicy(docs.sourcePolicy, { kind: 'identity' })].filter(
          (f) => f.severity === 'error'
        )
        expect(errors).toEqual([])
      }),
      { numRuns: 40 }
    )
  })
})
