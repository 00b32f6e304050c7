/**
 * docs/aws-facts.md `ctx.duration-seconds.never-on-assume-role` (issue 18: "`…IfExists` on
 * `sts:DurationSeconds` is flagged as 'never matches' though it is always true"). The service
 * authorization reference lists sts:DurationSeconds for GetServiceBearerToken and
 * GetWebIdentityToken only, so an AssumeRole request never carries it; on a missing key a plain
 * operator is false and `…IfExists` is true (IAM condition operators page, quoted in the row
 * `ctx.condition.missing-key`). Lint must say so for each form, and an apply must not carry either
 * form over as something the user still wants: the plain form is what init tells the user to
 * remove, and the IfExists form limits nothing, so dropping it admits no one new.
 */
import { describe, expect, it } from 'vitest'
import { parseAccessDenied } from '../../src/core/access-denied/parse.js'
import { stillWanted } from '../../src/core/apply/still-wanted.js'
import { diagnose } from '../../src/core/diagnose/diagnose.js'
import { createEvaluator, type PolicyDocument } from '../../src/core/evaluate.js'
import { lintPolicy } from '../../src/core/lint/index.js'
import { buildTrustPolicy } from '../../src/core/policies/trust.js'
import { statementsOf } from '../../src/core/policy-document.js'
import { serviceReference } from '../helpers/service-reference.js'
import { fixtureSetup } from '../helpers/setup-fixture.js'

const listing = Object.values(serviceReference('sts'))
  .filter((action) => action.conditionKeys?.includes('sts:DurationSeconds'))
  .map((action) => action.name)

/** The tool's trust for the fixture setup, with `condition` added to its statement as someone might by hand. */
function trustWith(condition: Record<string, Record<string, string>>): PolicyDocument {
  const desired = buildTrustPolicy(fixtureSetup())
  const [statement, ...rest] = statementsOf(desired)
  return { ...desired, Statement: [{ ...statement!, Condition: { ...statement!.Condition, ...condition } }, ...rest] }
}

describe('ctx.duration-seconds.never-on-assume-role', () => {
  it('AWS lists sts:DurationSeconds for two actions, neither of them AssumeRole*', () => {
    expect(listing.sort()).toEqual(['GetServiceBearerToken', 'GetWebIdentityToken'])
  })

  it.each([
    ['NumericLessThanEquals', 'error', /never matches/],
    ['NumericLessThanEqualsIfExists', 'warning', /limits nothing.*IfExists on a missing key is always true/]
  ])('lint: %s on sts:DurationSeconds in an Allow is %s and says what AWS does', (operator, severity, message) => {
    const findings = lintPolicy(trustWith({ [operator]: { 'sts:DurationSeconds': '3600' } }), { kind: 'trust' }).filter((f) => f.rule === 'duration-seconds-condition')
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({ severity, message: expect.stringMatching(message) })
    if (operator.endsWith('IfExists')) expect(findings[0]?.message).not.toMatch(/never matches/)
  })

  it.each(['NumericLessThanEquals', 'NumericLessThanEqualsIfExists'])('apply: %s on sts:DurationSeconds is not carried over as still wanted', (operator) => {
    const desired = buildTrustPolicy(fixtureSetup())
    const { carried, intended } = stillWanted(trustWith({ [operator]: { 'sts:DurationSeconds': '3600' } }), desired)
    expect(carried).toEqual([])
    expect(JSON.stringify(intended)).not.toContain('sts:DurationSeconds')
  })

  it('explain: …IfExists on sts:DurationSeconds is never the cause; the plain form always is', async () => {
    const role = 'arn:aws:iam::222222222222:role/BedrockAccessRole'
    const denied = `An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:sts::111111111111:assumed-role/gateway/i-0abc is not authorized to perform: sts:AssumeRole on resource: ${role}`
    const source = { name: 'source', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Action: 'sts:AssumeRole', Resource: role }] } }
    const trust = (condition: Record<string, Record<string, string>>): PolicyDocument => ({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole', Condition: condition }]
    })
    const causes = async (condition: Record<string, Record<string, string>>) =>
      (await diagnose({ parsed: parseAccessDenied(denied), answers: { externalIdPassed: false }, policies: { trust: trust(condition), identity: [source] } }, createEvaluator())).candidates.map((c) => c.cause)
    expect(await causes({ NumericLessThanEquals: { 'sts:DurationSeconds': '3600' } })).toContain('duration-condition-never-matches')
    const withIfExists = await causes({ NumericLessThanEqualsIfExists: { 'sts:DurationSeconds': '3600' }, StringEquals: { 'sts:ExternalId': 'ext-1' } })
    expect(withIfExists).not.toContain('duration-condition-never-matches')
    expect(withIfExists).toContain('external-id-missing')
  })
})
