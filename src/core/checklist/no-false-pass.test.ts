/**
 * No false pass (issue 5/8): whatever AWS call a check depends on, when it fails for environmental
 * reasons (5xx, throttling past retries, network, credentials), that check is never `pass`. Every
 * check id is covered: config-role-arn and config-region make no AWS call and are covered by the
 * all-calls-fail case only to prove they stay independent.
 */
import { describe, expect, it } from 'vitest'
import type { AwsFailureKind } from '../ports/aws-error.js'
import { VERIFY_CHECK_IDS } from './checks/index.js'
import { fixtureSetup, fixtureWorld, manualClock, runFixture } from '../../../test/helpers/checklist-fixture.js'
import { countOutcomes, exitCodeFor } from './summary.js'

/** Which checks must not pass when every call of an operation fails. */
const TABLE: { operation: string; kinds: AwsFailureKind[]; checks: string[] }[] = [
  { operation: 'GetCallerIdentity', kinds: ['unavailable', 'credentials'], checks: ['trust-includes-source', 'source-can-assume', 'session-duration'] },
  { operation: 'AssumeRole', kinds: ['unavailable', 'throttled', 'credentials'], checks: ['assume-role', 'external-id-enforced', 'converse', 'cloudtrail-assume-role', 'cloudtrail-invoke'] },
  { operation: 'GetRole', kinds: ['unavailable', 'throttled'], checks: ['role-exists', 'trust-includes-source', 'role-allows-bedrock'] },
  { operation: 'ListRolePolicies', kinds: ['unavailable'], checks: ['role-allows-bedrock'] },
  { operation: 'SimulatePrincipalPolicy', kinds: ['unavailable'], checks: ['source-can-assume'] },
  { operation: 'Converse', kinds: ['unavailable', 'throttled', 'other'], checks: ['converse', 'cloudtrail-invoke'] },
  { operation: 'ConverseStream', kinds: ['unavailable', 'throttled'], checks: ['converse', 'cloudtrail-invoke'] },
  { operation: 'LookupEvents', kinds: ['unavailable', 'throttled'], checks: ['cloudtrail-assume-role', 'cloudtrail-invoke'] },
  { operation: 'GetFoundationModelAvailability', kinds: ['unavailable', 'throttled', 'credentials'], checks: ['model-availability'] }
]

describe('no false pass on an environmental AWS failure', () => {
  const cases = TABLE.flatMap((row) => row.kinds.map((kind) => [row.operation, kind, row.checks] as const))
  it.each(cases)('%s failing with %s', async (operation, kind, checks) => {
    const clock = manualClock()
    const setup = fixtureSetup()
    const aws = fixtureWorld(setup, clock)
    aws.failWhen((call) => (call.operation === operation ? kind : undefined))
    const result = await runFixture(setup, aws, clock, { stream: true, trailTimeoutMs: 30_000 })
    for (const id of checks) {
      const outcome = result.checks.find((c) => c.id === id)!
      expect({ id, status: outcome.status }).not.toEqual({ id, status: 'pass' })
    }
    expect(exitCodeFor(countOutcomes(result.checks), false)).not.toBe(0)
  })

  it('covers every check id', () => {
    const covered = new Set(TABLE.flatMap((row) => row.checks))
    expect(VERIFY_CHECK_IDS.filter((id) => !covered.has(id))).toEqual(['config-role-arn', 'config-region'])
  })

  it('every AWS-backed check fails of kind error (exit 3) when AWS is unreachable', async () => {
    const clock = manualClock()
    const setup = fixtureSetup()
    const aws = fixtureWorld(setup, clock)
    aws.failWhen(() => 'unavailable')
    const result = await runFixture(setup, aws, clock)
    for (const outcome of result.checks) {
      if (outcome.id.startsWith('config-')) expect(outcome.status).toBe('pass')
      else expect(outcome.status === 'skip' || (outcome.status === 'fail' && outcome.kind === 'error')).toBe(true)
    }
    expect(exitCodeFor(countOutcomes(result.checks), false)).toBe(3)
  })
})
