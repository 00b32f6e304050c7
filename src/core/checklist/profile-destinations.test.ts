/**
 * verify asks Bedrock where a setup's inference profiles route (GetInferenceProfile) when it has
 * read access to B (`--target-profile`), checks the role against that, and says when it had to use
 * the dated table instead (issue 18). Accounts: A = 111111111111 (user caller), B = 222222222222
 * (profile admin-b, the account's root; the role built from the setup's own documents).
 */
import { describe, expect, it } from 'vitest'
import { MODEL, fixtureSetup, fixtureWorld, manualClock, runFixture, statusOf } from '../../../test/helpers/checklist-fixture.js'

describe('verify: inference-profile destinations', () => {
  it('with --target-profile, reads them from Bedrock and every check passes', async () => {
    const clock = manualClock()
    const setup = fixtureSetup({ models: [`us.${MODEL}`] })
    const aws = fixtureWorld(setup, clock)
    const result = await runFixture(setup, aws, clock, { trail: false })
    expect(result.destinations).toMatchObject({ source: 'live', fallback: [] })
    expect(Object.keys(result.destinations.live)).toEqual([`us.${MODEL}`])
    expect(aws.calls.filter((c) => c.operation === 'GetInferenceProfile').map((c) => c.callerArn)).toEqual(['arn:aws:iam::222222222222:root'])
    expect(Object.values(statusOf(result)).filter((s) => s !== 'pass' && s !== 'skip')).toEqual([])
  })

  it('without read access to B, uses the dated table and says why', async () => {
    const clock = manualClock()
    const setup = fixtureSetup({ models: [`us.${MODEL}`] })
    const aws = fixtureWorld(setup, clock)
    const result = await runFixture(setup, aws, clock, { trail: false, target: false })
    expect(result.destinations.source).toBe('table')
    expect(result.destinations.fallback[0]!.reason).toMatch(/--target-profile/)
    expect(aws.calls.some((c) => c.operation === 'GetInferenceProfile')).toBe(false)
  })
})
