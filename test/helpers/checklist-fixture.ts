/**
 * Test fixture for the checklist: one correct setup and an in-memory world (memory-aws.ts: the sandbox's engine without HTTP)
 * built from the setup's own documents, plus a manual clock whose sleep advances time.
 * Accounts: A = 111111111111 (source; user `caller`, profile `source`), B = 222222222222 (target;
 * role `BedrockAccessRole`, readable through profile `admin-b`).
 */
import { createEvaluator, type PolicyDocument } from '../../src/core/evaluate.js'
import { buildDocuments } from '../../src/core/policies/index.js'
import type { CallerPrincipal, Setup } from '../../src/core/setup/model.js'
import { ACCOUNT_A, ACCOUNT_B, MemoryAws } from './memory-aws.js'
import type { Clock } from '../../src/core/checklist/types.js'
import type { VerifyOptions } from '../../src/core/checklist/context.js'
import { verifySetup, type SetupVerification } from '../../src/core/checklist/verify-setup.js'

export { ACCOUNT_A, ACCOUNT_B }

export const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0'
export const EXTERNAL_ID = 'fixture-external-id-0001'

/** Overrides of a fixture setup; `caller` is shorthand for a one-caller `callers` list. */
export type FixtureOverrides = Partial<Setup> & { caller?: CallerPrincipal | undefined }

export function fixtureSetup(overrides: FixtureOverrides = {}): Setup {
  const { caller, ...rest } = overrides
  return {
    name: 'default',
    partition: 'aws',
    sourceAccountId: ACCOUNT_A,
    callers: [{ kind: 'user', arn: `arn:aws:iam::${ACCOUNT_A}:user/caller` }],
    targetAccountId: ACCOUNT_B,
    roleName: 'BedrockAccessRole',
    rolePath: '/',
    permissionsPolicyName: 'BedrockInvoke',
    sourcePolicyName: 'AssumeBedrockAccessRole',
    region: 'us-east-1',
    models: [MODEL],
    externalId: EXTERNAL_ID,
    maxSessionDurationSeconds: 3600,
    sessionDurationSeconds: 3600,
    sourceIpCidrs: [],
    marketplace: false,
    streaming: true,
    cloudTrailLookup: false,
    ...rest,
    ...(caller !== undefined ? { callers: [caller] } : {})
  }
}

/** A manual clock: `sleep` advances `now`; starts at a fixed instant. */
export function manualClock(start = Date.parse('2026-01-01T00:00:00Z')): Clock & { advance(ms: number): void } {
  let now = start
  return {
    now: () => now,
    sleep: async (ms) => {
      now += ms
    },
    advance: (ms) => {
      now += ms
    }
  }
}

/** LookupEvents in the caller's own account. */
const READ_TRAIL: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'cloudtrail:LookupEvents', Resource: '*' }] }

/** The world the setup describes, created from its own documents (as init --apply would). */
export function fixtureWorld(setup: Setup, clock: Clock, options: { trailDelayMs?: number } = {}): MemoryAws {
  const docs = buildDocuments(setup)
  const aws = new MemoryAws({ now: () => new Date(clock.now()), trailDelayMs: options.trailDelayMs ?? 0 })
  // The caller may also read its own account's trail (verify's source-side CloudTrail check).
  aws.addUser(ACCOUNT_A, 'caller', { policies: { [setup.sourcePolicyName]: docs.sourcePolicy, ReadTrail: READ_TRAIL }, profile: 'source' })
  aws.addRole(ACCOUNT_B, {
    name: setup.roleName,
    trustPolicy: docs.trustPolicy,
    inlinePolicies: { [setup.permissionsPolicyName]: docs.permissionsPolicy },
    maxSessionDurationSeconds: setup.maxSessionDurationSeconds
  })
  aws.setProfile('admin-b', `arn:aws:iam::${ACCOUNT_B}:root`)
  aws.enableModels(ACCOUNT_B, '*', [MODEL])
  return aws
}

export const FAST_OPTIONS: VerifyOptions = { stream: false, trail: true, trailTimeoutMs: 60_000 }

export async function runFixture(setup: Setup, aws: MemoryAws, clock: Clock, options: Partial<VerifyOptions> & { target?: boolean; probesAfterTrail?: boolean } = {}): Promise<SetupVerification> {
  const { target = true, probesAfterTrail, ...rest } = options
  return verifySetup({
    setup,
    ports: {
      caller: aws.fromChain({ profile: 'source' }, setup.region),
      target: target ? aws.fromChain({ profile: 'admin-b' }, setup.region) : undefined,
      factory: aws
    },
    evaluator: createEvaluator(),
    clock,
    options: { ...FAST_OPTIONS, ...rest },
    origin: {},
    appEnv: {},
    runId: 'abcd1234',
    probesAfterTrail
  })
}

export function statusOf(result: SetupVerification): Record<string, string> {
  return Object.fromEntries(result.checks.map((c) => [c.id, c.kind === 'error' ? 'error' : c.status]))
}
