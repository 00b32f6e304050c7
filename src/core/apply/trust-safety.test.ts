import { describe, expect, it } from 'vitest'
import { buildDocuments } from '../policies/index.js'
import { fixtureSetup, type FixtureOverrides } from '../../../test/helpers/setup-fixture.js'
import type { PolicyStatement } from '../evaluate.js'
import type { RoleInfo } from '../ports/aws.js'
import { planApply } from './plan.js'
import type { ApplyDesired, ApplyObservation } from './desired-observed.js'
import { compareTrustPolicies, compareTrustStatements, externalIdsOf, weakerTrustError } from './trust-safety.js'

// Fixture accounts: A = 111111111111 (source), B = 222222222222 (target); C = 333333333333 (another account).
const ROOT_A = 'arn:aws:iam::111111111111:root'
const USER_A = 'arn:aws:iam::111111111111:user/app-caller'
const ROLE_A = 'arn:aws:iam::111111111111:role/app'
const ROOT_C = 'arn:aws:iam::333333333333:root'

function trust(principal: unknown, condition?: PolicyStatement['Condition']): PolicyStatement {
  return { Sid: 'BedrockXacctTrust', Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) }
}
const extId = (value: string | string[]) => ({ StringEquals: { 'sts:ExternalId': value } })
const ips = (...cidrs: string[]) => ({ IpAddress: { 'aws:SourceIp': cidrs } })

describe('compareTrustStatements', () => {
  const cases: { name: string; before: PolicyStatement; after: PolicyStatement; losses: RegExp[]; notices: RegExp[] }[] = [
    { name: 'same statement → nothing', before: trust({ AWS: ROOT_A }, extId('ext-1')), after: trust({ AWS: ROOT_A }, extId('ext-1')), losses: [], notices: [] },
    { name: 'ExternalId removed → judged by meaning, not here (one message per loss)', before: trust({ AWS: ROOT_A }, extId('ext-1')), after: trust({ AWS: ROOT_A }), losses: [], notices: [] },
    { name: 'ExternalId value changes → allowed, flagged as rotation', before: trust({ AWS: ROOT_A }, extId('ext-1')), after: trust({ AWS: ROOT_A }, extId('ext-2')), losses: [], notices: [/rotation/] },
    { name: 'ExternalId added → nothing to refuse', before: trust({ AWS: ROOT_A }), after: trust({ AWS: ROOT_A }, extId('ext-1')), losses: [], notices: [] },
    { name: 'SourceIp removed → judged by meaning, not here', before: trust({ AWS: ROOT_A }, ips('203.0.113.0/24')), after: trust({ AWS: ROOT_A }), losses: [], notices: [] },
    { name: 'SourceIp list changes → flagged', before: trust({ AWS: ROOT_A }, ips('203.0.113.0/24')), after: trust({ AWS: ROOT_A }, ips('203.0.113.0/24', '198.51.100.7/32')), losses: [], notices: [/adds 198\.51\.100\.7\/32/] },
    { name: 'root narrowed to one user → refused', before: trust({ AWS: ROOT_A }), after: trust({ AWS: USER_A }), losses: [/principal arn:aws:iam::111111111111:root would no longer be trusted/], notices: [] },
    { name: 'bare account id narrowed to one role → refused', before: trust({ AWS: '111111111111' }), after: trust({ AWS: ROLE_A }), losses: [/no longer be trusted/], notices: [] },
    { name: 'principal changed to another account → refused', before: trust({ AWS: ROOT_A }), after: trust({ AWS: ROOT_C }), losses: [/no longer be trusted/], notices: [] },
    { name: 'one of two principals dropped → refused', before: trust({ AWS: [USER_A, ROLE_A] }), after: trust({ AWS: USER_A }), losses: [/role\/app would no longer/], notices: [] },
    { name: 'user widened to the account root → allowed, flagged', before: trust({ AWS: USER_A }), after: trust({ AWS: ROOT_A }), losses: [], notices: [/widens to arn:aws:iam::111111111111:root/] },
    { name: 'principal added → allowed, flagged', before: trust({ AWS: USER_A }), after: trust({ AWS: [USER_A, ROLE_A] }), losses: [], notices: [/widens/] },
    { name: 'service principal replaced → refused', before: trust({ Service: 'lambda.amazonaws.com' }), after: trust({ AWS: ROOT_A }), losses: [/lambda\.amazonaws\.com/], notices: [] },
    {
      name: 'all three lost at once → only the lock-out here (the rest by meaning)',
      before: trust({ AWS: ROOT_A }, { StringEquals: { 'sts:ExternalId': 'ext-1' }, IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }),
      after: trust({ AWS: USER_A }),
      losses: [/principal/],
      notices: []
    }
  ]
  it.each(cases)('$name', ({ before, after, losses, notices }) => {
    const result = compareTrustStatements(before, after)
    expect(result.losses).toHaveLength(losses.length)
    losses.forEach((pattern, i) => expect(result.losses[i]).toMatch(pattern))
    expect(result.notices).toHaveLength(notices.length)
    notices.forEach((pattern, i) => expect(result.notices[i]).toMatch(pattern))
  })

  it('never names an ExternalId value', () => {
    const result = compareTrustStatements(trust({ AWS: ROOT_A }, extId('secret-one')), trust({ AWS: ROOT_A }, extId('secret-two')))
    const removed = compareTrustStatements(trust({ AWS: ROOT_A }, extId('secret-one')), trust({ AWS: ROOT_A }))
    expect(JSON.stringify([result, removed])).not.toMatch(/secret-(one|two)/)
  })
})

describe('compareTrustPolicies', () => {
  it('looks only at the tool statement; other statements are the merge’s business', () => {
    const other: PolicyStatement = { Sid: 'Partner', Effect: 'Allow', Principal: { AWS: ROOT_C }, Action: 'sts:AssumeRole', Condition: extId('partner-id') }
    const result = compareTrustPolicies({ Version: '2012-10-17', Statement: [other, trust({ AWS: ROOT_A })] }, { Version: '2012-10-17', Statement: [other, trust({ AWS: ROOT_A })] })
    expect(result).toEqual({ losses: [], notices: [] })
  })

  it('collects the ExternalIds of every statement (for redaction)', () => {
    expect(externalIdsOf({ Version: '2012-10-17', Statement: [trust({ AWS: ROOT_A }, extId(['a-1', 'a-2'])), trust({ AWS: ROOT_C }, extId('c-1'))] })).toEqual(['a-1', 'a-2', 'c-1'])
  })

  it('refuses with exit 2, naming the loss and the override flag', () => {
    const error = weakerTrustError('BedrockAccessRole', '222222222222', ['the sts:ExternalId condition would be removed'])
    expect(error.exitCode).toBe(2)
    expect(error.message).toContain('the trust policy of role BedrockAccessRole in account 222222222222: the sts:ExternalId condition would be removed')
    expect(error.hint).toContain('--allow-weaker-trust')
  })
})

describe('planApply trust safety', () => {
  function planFor(existing: FixtureOverrides, wanted: FixtureOverrides) {
    const docsOf = (overrides: FixtureOverrides) => buildDocuments(fixtureSetup({ caller: { kind: 'account' }, ...overrides }))
    const setup = fixtureSetup({ caller: { kind: 'account' }, ...wanted })
    const docs = docsOf(wanted)
    const desired: ApplyDesired = { setup, trustPolicy: docs.trustPolicy, permissionsPolicy: docs.permissionsPolicy, sourcePolicy: docs.sourcePolicy, permissionsMode: 'inline' }
    const role: RoleInfo = { arn: 'arn:aws:iam::222222222222:role/BedrockAccessRole', name: 'BedrockAccessRole', path: '/', roleId: 'AROAEXAMPLE', trustPolicy: docsOf(existing).trustPolicy, maxSessionDurationSeconds: 3600, tags: {} }
    const observation: ApplyObservation = { target: { role, inlinePermissions: docs.permissionsPolicy, attachedPolicyArns: [] } }
    return planApply(desired, observation)
  }

  it('records a lock-out (the account root narrowed to one user) and shows it in the notes', () => {
    const plan = planFor({ externalId: 'ext-0001' }, { externalId: 'ext-0001', caller: { kind: 'user', arn: USER_A } })
    expect(plan.trustLosses).toEqual([expect.stringMatching(/arn:aws:iam::111111111111:root would no longer be trusted/)])
    expect(plan.notes.join('\n')).toMatch(/WEAKER TRUST \(refused without --allow-weaker-trust\)/)
  })

  it('has no loss for a rotation, but a note', () => {
    const plan = planFor({ externalId: 'ext-0001' }, { externalId: 'ext-0002' })
    expect(plan.trustLosses).toEqual([])
    expect(plan.notes.join('\n')).toMatch(/Trust change: the sts:ExternalId value changes \(rotation\)/)
  })

  it('has no loss and no note when nothing changes, or for a new role', () => {
    expect(planFor({ externalId: 'ext-0001' }, { externalId: 'ext-0001' }).trustLosses).toEqual([])
    expect(planFor({ externalId: 'ext-0001' }, { externalId: 'ext-0001' }).notes.filter((n) => /trust/i.test(n))).toEqual([])
  })
})
