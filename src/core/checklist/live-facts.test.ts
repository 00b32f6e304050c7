/**
 * Which credentials read B's CloudTrail (facts.targetTrail): `--target-profile` when given, else
 * the role itself — whatever the setup's `cloudTrailLookup` says, since the role may be allowed
 * LookupEvents by another policy. A denial is a `skip` whose hint names cloudtrail:LookupEvents and
 * the `init --apply … --cloudtrail-lookup` that grants it.
 *
 * The in-memory CloudTrail does not authorize LookupEvents, so these tests enforce it the way IAM
 * would for a role: allowed only when one of the role's inline policies allows the action.
 * Accounts: A = 111111111111 (caller), B = 222222222222 (role BedrockAccessRole).
 */
import { describe, expect, it } from 'vitest'
import type { MemoryAws } from '../../../test/helpers/memory-aws.js'
import type { PolicyDocument } from '../evaluate.js'
import { ACCOUNT_B, fixtureSetup, fixtureWorld, manualClock, runFixture, statusOf } from '../../../test/helpers/checklist-fixture.js'

const LOOKUP_ACTIONS = ['cloudtrail:LookupEvents', 'cloudtrail:*', '*']

function allowsLookup(document: PolicyDocument): boolean {
  const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement]
  return statements.some((statement) => {
    const s = statement as { Effect?: string; Action?: string | string[] }
    const actions = typeof s.Action === 'string' ? [s.Action] : (s.Action ?? [])
    return s.Effect === 'Allow' && actions.some((a) => LOOKUP_ACTIONS.includes(a))
  })
}

/** Deny LookupEvents to sessions of roles in B whose inline policies do not allow it. */
function enforceRoleLookupPermission(aws: MemoryAws): void {
  aws.failWhen((call) => {
    const session = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\//.exec(call.callerArn)
    if (call.operation !== 'LookupEvents' || !session) return undefined
    const role = aws.accounts[session[1]!]?.roles[session[2]!]
    return role && Object.values(role.inlinePolicies).some(allowsLookup) ? undefined : 'access-denied'
  })
}

const roleLookups = (aws: MemoryAws) => aws.callsTo('LookupEvents').filter((c) => c.callerArn.includes(':assumed-role/'))

describe('CloudTrail reader without --target-profile', () => {
  it('tries the role even when the setup does not grant LookupEvents; denied → skip with a hint naming the permission and the fix', async () => {
    const clock = manualClock()
    const setup = fixtureSetup({ cloudTrailLookup: false })
    const aws = fixtureWorld(setup, clock)
    enforceRoleLookupPermission(aws)
    const result = await runFixture(setup, aws, clock, { target: false })
    const statuses = statusOf(result)
    expect(statuses['converse']).toBe('pass')
    for (const id of ['cloudtrail-assume-role', 'cloudtrail-invoke']) {
      const check = result.checks.find((c) => c.id === id)!
      expect(check.status).toBe('skip')
      expect(check.evidence).toEqual(['LookupEvents was denied (through the role)'])
      expect(check.hint).toMatch(/role BedrockAccessRole may not call cloudtrail:LookupEvents in account 222222222222/)
      expect(check.hint).toMatch(/--target-profile/)
      expect(check.hint).toMatch(/^[^\n]*bedrock-xacct init --apply .* --cloudtrail-lookup$/)
      expect(check.hint!.match(/--cloudtrail-lookup/g)).toHaveLength(1)
    }
    // The denial is remembered: one denied request, not one per check (they share the account's 2/s).
    expect(roleLookups(aws)).toHaveLength(1)
    expect(roleLookups(aws)[0]!.error?.failure.kind).toBe('access-denied')
  })

  it('reads the trail through the role when another policy allows it, though setup.cloudTrailLookup is false', async () => {
    const clock = manualClock()
    const setup = fixtureSetup({ cloudTrailLookup: false })
    const aws = fixtureWorld(setup, clock)
    aws.putRolePolicy(ACCOUNT_B, setup.roleName, 'ReadTrail', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'cloudtrail:LookupEvents', Resource: '*' }]
    })
    enforceRoleLookupPermission(aws)
    const result = await runFixture(setup, aws, clock, { target: false })
    expect(statusOf(result)['cloudtrail-assume-role']).toBe('pass')
    expect(statusOf(result)['cloudtrail-invoke']).toBe('pass')
    expect(roleLookups(aws).length).toBeGreaterThanOrEqual(2)
    expect(roleLookups(aws).every((c) => c.accountId === ACCOUNT_B && c.error === undefined)).toBe(true)
  })

  it("reads through the role when the setup grants it (--cloudtrail-lookup); a denial then quotes the setup's own command", async () => {
    const clock = manualClock()
    const setup = fixtureSetup({ cloudTrailLookup: true })
    const granted = fixtureWorld(setup, clock)
    enforceRoleLookupPermission(granted)
    const passing = await runFixture(setup, granted, clock, { target: false })
    expect(statusOf(passing)['cloudtrail-invoke']).toBe('pass')

    // The setup says --cloudtrail-lookup but the live role lacks it (not applied yet).
    const notApplied = fixtureWorld(fixtureSetup({ cloudTrailLookup: false }), clock)
    enforceRoleLookupPermission(notApplied)
    const skipped = await runFixture(setup, notApplied, clock, { target: false })
    const hint = skipped.checks.find((c) => c.id === 'cloudtrail-invoke')!.hint!
    expect(hint.match(/--cloudtrail-lookup/g)).toHaveLength(1)
  })

  it('uses --target-profile, never the role, when it is given', async () => {
    const clock = manualClock()
    const setup = fixtureSetup({ cloudTrailLookup: true })
    const aws = fixtureWorld(setup, clock)
    enforceRoleLookupPermission(aws)
    const result = await runFixture(setup, aws, clock)
    expect(statusOf(result)['cloudtrail-invoke']).toBe('pass')
    expect(roleLookups(aws)).toEqual([])
    expect(aws.callsTo('LookupEvents').some((c) => c.accountId === ACCOUNT_B)).toBe(true)
  })
})
