/**
 * Properties of setup resolution (issue 8): whatever the flags, environment and config file hold,
 * resolution either returns setups that satisfy the Setup invariants (and build into documents or
 * fail with an input error), or throws an XacctError with exit code 2 and a one-line message.
 * Never a TypeError, a zod error or a stack trace. Fixture accounts: A = 111111111111 (source),
 * B = 222222222222 (target); the generators mix them with hostile values.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isAccountId } from '../arn.js'
import { XacctError } from '../errors.js'
import { parseModelRef } from '../models.js'
import { buildDocuments } from '../policies/index.js'
import { partitionOfRegion } from '../regions.js'
import type { Setup } from './model.js'
import { envLayer, flagsLayer, mergeAll, parseConfigText, resolveAll, validateGiven } from './index.js'
import type { SetupFlags } from './index.js'

/** A value from a short list of valid ones, or anything at all. */
function validOrHostile(valid: readonly string[], hostile: readonly string[] = []): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...valid) },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', '*', '-1', '1e9', 'null', 'undefined', '__proto__', 'constructor', '\n', '\u0000', 'ü', 'x'.repeat(2000), ...hostile) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) }
  )
}

const ACCOUNTS = ['111111111111', '222222222222']
const ROLE_ARNS = ['arn:aws:iam::222222222222:role/BedrockAccessRole', 'arn:aws-cn:iam::222222222222:role/R', 'arn:aws-us-gov:iam::222222222222:role/p/R', 'arn:aws:iam::222222222222:user/u']
const CALLERS = ['root', 'arn:aws:iam::111111111111:role/app', 'arn:aws:iam::111111111111:user/ci', 'service:sagemaker.amazonaws.com', 'oidc:token.actions.githubusercontent.com', 'arn:aws-cn:iam::111111111111:role/app']
const REGIONS = ['us-east-1', 'eu-west-1', 'cn-north-1', 'us-gov-west-1']
const MODELS = ['amazon.nova-lite-v1:0', 'us.anthropic.claude-3-5-haiku-20241022-v1:0', 'eu.amazon.nova-pro-v1:0', 'global.anthropic.claude-sonnet-4-5-20250929-v1:0', 'arn:aws:bedrock:us-east-1:222222222222:application-inference-profile/abc123']
const CIDRS = ['203.0.113.0/24', '2001:db8::/32', '198.51.100.7', '10.0.0.0/8', '0.0.0.0/0', '1.2.3.4/33']

const list = (valid: readonly string[], hostile: readonly string[] = []) => fc.option(fc.array(validOrHostile(valid, hostile), { minLength: 1, maxLength: 3 }), { nil: undefined })
const one = (valid: readonly string[], hostile: readonly string[] = []) => fc.option(validOrHostile(valid, hostile), { nil: undefined })
const flag = fc.option(fc.boolean(), { nil: undefined })

const hostileFlags: fc.Arbitrary<SetupFlags> = fc.record({
  name: one(['prod-chat', 'a', '../x', 'has space']),
  sourceAccount: one(ACCOUNTS, ['11111111111', '1111-1111-1111']),
  caller: one(CALLERS, ['oidc:', 'service:', 'arn:aws:s3:::b']),
  oidcAudience: list(['sts.amazonaws.com']),
  oidcSubject: list(['repo:acme/app:*', 'system:serviceaccount:ai:proxy']),
  oidcGroup: list(['team-ai-*', 'cn=ai,ou=teams'], ['', 'g'.repeat(257), 'bell\u0007']),
  targetAccount: one(ACCOUNTS),
  roleArn: one(ROLE_ARNS),
  roleName: one(['BedrockAccessRole', 'R', 'bad name']),
  rolePath: one(['/', '/bedrock/', 'nope']),
  region: one(REGIONS, ['mars-1', 'US-EAST-1']),
  models: list(MODELS, ['xx.anthropic.claude-3-5-haiku-20241022-v1:0', 'not a model']),
  useCase: one(['chat', 'Chat-Bot']),
  orgPrefix: one(['Acme']),
  layer: one(['Prod', 'Dev']),
  externalId: one(['generate', 'ext-1234', 'x'.repeat(1224)], ['x', 'has space']),
  maxSessionDuration: one(['3600', '7200', '43200'], ['0', '899', '900', '3599', '43201', '1h', '-5']),
  sessionDuration: one(['900', '3600'], ['7200.5']),
  sourceIp: list(CIDRS),
  marketplace: flag,
  streaming: flag,
  cloudtrailLookup: flag,
  durationCondition: fc.option(fc.constantFrom<string | boolean>('3600', true), { nil: undefined, freq: 20 })
})

/** Complete, valid flags (so the happy path is exercised as often as the error paths). */
const validFlags: fc.Arbitrary<SetupFlags> = fc.record({
  sourceAccount: fc.constant('111111111111'),
  targetAccount: fc.constant('222222222222'),
  caller: fc.option(fc.constantFrom('root', 'arn:aws:iam::111111111111:role/app'), { nil: undefined }),
  region: fc.constantFrom(...REGIONS),
  models: fc.subarray(['amazon.nova-lite-v1:0', 'anthropic.claude-3-5-haiku-20241022-v1:0', 'us.amazon.nova-pro-v1:0'], { minLength: 1 }),
  externalId: fc.option(fc.constantFrom('generate', 'ext-1234'), { nil: undefined }),
  maxSessionDuration: fc.option(fc.constantFrom('3600', '43200'), { nil: undefined }),
  sourceIp: fc.option(fc.subarray(['203.0.113.0/24', '2001:db8::/32'], { minLength: 1 }), { nil: undefined }),
  streaming: flag
})

const flags = fc.oneof(validFlags, hostileFlags)

const env = fc.record({
  BEDROCK_CROSS_ACCOUNT_ROLE_ARN: one(ROLE_ARNS),
  BEDROCK_REGION: one(REGIONS),
  AWS_REGION: one(REGIONS),
  BEDROCK_XACCT_EXTERNAL_ID: one(['ext-from-env'], ['has space'])
})

/** Config file texts: valid-looking setups with hostile values, arbitrary JSON, and non-JSON. */
const configText: fc.Arbitrary<string> = fc.oneof(
  fc
    .record({
      sourceAccountId: fc.oneof(one(ACCOUNTS), fc.integer(), fc.constant(null)),
      targetAccountId: one(ACCOUNTS),
      region: one(REGIONS),
      models: fc.oneof(list(MODELS), one(MODELS), fc.constant([])),
      externalId: one(['ext-1234']),
      sourceIpCidrs: list(CIDRS),
      caller: fc.oneof(one(CALLERS), fc.record({ kind: fc.constantFrom('account', 'role', 'user', 'service', 'oidc', 'nobody'), arn: one(['arn:aws:iam::111111111111:role/app']) })),
      maxSessionDurationSeconds: fc.oneof(fc.integer({ min: -10, max: 50_000 }), one(['3600'])),
      streaming: fc.oneof(fc.boolean(), fc.constant('yes'))
    })
    .map((entry) => JSON.stringify(entry)),
  fc.array(fc.record({ name: one(['same', 'other']), sourceAccountId: one(ACCOUNTS), targetAccountId: one(ACCOUNTS), region: one(REGIONS), models: list(MODELS) }), { maxLength: 3 }).map((setups) => JSON.stringify({ setups })),
  fc.json({ maxDepth: 3 }),
  fc.string({ unit: 'binary', maxLength: 100 })
)

function expectInputError(error: unknown): void {
  if (!(error instanceof XacctError)) throw error
  expect(error.exitCode).toBe(2)
  expect(error.message).not.toMatch(/[\n\r]/)
  expect(error.message.length).toBeGreaterThan(10)
}

/** What every resolved Setup must satisfy, whatever the input. */
function expectValidSetup(setup: Setup): void {
  expect(isAccountId(setup.sourceAccountId)).toBe(true)
  expect(isAccountId(setup.targetAccountId)).toBe(true)
  expect(partitionOfRegion(setup.region)).toBe(setup.partition)
  expect(setup.models.length).toBeGreaterThan(0)
  for (const model of setup.models) expect(parseModelRef(model)).toBeDefined()
  expect(setup.sessionDurationSeconds).toBeLessThanOrEqual(setup.maxSessionDurationSeconds)
  expect(setup.maxSessionDurationSeconds).toBeGreaterThanOrEqual(3600)
  expect(setup.maxSessionDurationSeconds).toBeLessThanOrEqual(43_200)
  for (const cidr of setup.sourceIpCidrs) expect(cidr).toMatch(/\/\d+$/)
  for (const caller of setup.callers) if (caller.kind === 'oidc') for (const group of caller.groups ?? []) expect(group).toMatch(/^[^\u0000-\u001f]{1,256}$/)
}

let counter = 0
const context = { generateId: () => `generated-${++counter}` }

describe('setup resolution on arbitrary input (property)', () => {
  it('flags and environment: valid setups that build, or one input error (exit 2)', () => {
    let resolved = 0
    fc.assert(
      fc.property(flags, env, (f, e) => {
        try {
          const pending = mergeAll({ flags: flagsLayer(f), env: envLayer(e), config: [] })
          for (const item of pending) validateGiven(item.merged)
          const setups = resolveAll(pending, context)
          resolved++
          for (const setup of setups) {
            expectValidSetup(setup)
            try {
              buildDocuments(setup)
            } catch (error) {
              expectInputError(error)
            }
          }
        } catch (error) {
          expectInputError(error)
        }
      }),
      { numRuns: 1500 }
    )
    // The generators must reach the happy path too, or the property says little about it.
    expect(resolved).toBeGreaterThan(150)
  })

  it('config file text: setups or one input error (exit 2), also merged with flags', () => {
    fc.assert(
      fc.property(configText, flags, (text, f) => {
        try {
          const config = parseConfigText(text, 'bedrock-xacct.json')
          const pending = mergeAll({ flags: flagsLayer(f), env: envLayer({}), config })
          for (const setup of resolveAll(pending, context)) expectValidSetup(setup)
        } catch (error) {
          expectInputError(error)
        }
      }),
      { numRuns: 1500 }
    )
  })
})
