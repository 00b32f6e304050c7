/**
 * The model-availability check (issue 18): Bedrock's own answer on a model's access and agreement
 * state for the role's account (GetFoundationModelAvailability; docs/aws-facts.md
 * bedrock.control-plane.availability), with a fix per state, a skip when the read is not
 * permitted, and never a pass it has not seen. Accounts: A = 111111111111 (user caller),
 * B = 222222222222 (profile admin-b; models enabled per test).
 */
import { describe, expect, it } from 'vitest'
import { AwsCallError } from '../../ports/aws-error.js'
import { MODEL, fixtureSetup, fixtureWorld, manualClock, runFixture } from '../../../../test/helpers/checklist-fixture.js'

const outcomeOf = async (options: { models?: string[]; enabled?: string[]; target?: boolean; fail?: 'denied' | 'throttled' } = {}) => {
  const clock = manualClock()
  const setup = fixtureSetup({ models: options.models ?? [MODEL] })
  const aws = fixtureWorld(setup, clock)
  if (options.enabled) aws.enableModels('222222222222', '*', options.enabled)
  if (options.fail === 'denied') aws.failWhen((call) => (call.operation === 'GetFoundationModelAvailability' ? 'access-denied' : undefined))
  if (options.fail === 'throttled')
    aws.failWhen((call) =>
      call.operation === 'GetFoundationModelAvailability' ? new AwsCallError({ service: 'bedrock', operation: 'GetFoundationModelAvailability', kind: 'throttled', awsCode: 'ThrottlingException', awsMessage: 'Too many requests' }) : undefined
    )
  const result = await runFixture(setup, aws, clock, { trail: false, target: options.target ?? true })
  return { outcome: result.checks.find((c) => c.id === 'model-availability'), aws }
}

describe('model-availability', () => {
  it('passes when Bedrock says the model is authorized and its agreement available', async () => {
    const { outcome } = await outcomeOf()
    expect(outcome).toMatchObject({ status: 'pass' })
    expect(JSON.stringify(outcome!.evidence)).toContain('AUTHORIZED')
  })

  it('fails, naming the Anthropic use-case form, when an Anthropic model is not authorized', async () => {
    const { outcome } = await outcomeOf({ enabled: ['amazon.nova-lite-v1:0'] })
    expect(outcome).toMatchObject({ status: 'fail' })
    expect(outcome!.hint).toMatch(/use case/i)
  })

  it('fails with the Marketplace fix for a third-party model whose agreement is not available', async () => {
    const { outcome } = await outcomeOf({ models: ['cohere.command-r-plus-v1:0'], enabled: [MODEL] })
    expect(outcome).toMatchObject({ status: 'fail' })
    expect(outcome!.hint).toMatch(/aws-marketplace:Subscribe/)
  })

  it('asks about the model behind an inference profile', async () => {
    const { aws } = await outcomeOf({ models: [`us.${MODEL}`] })
    expect(aws.calls.filter((c) => c.operation === 'GetFoundationModelAvailability').map((c) => c.input)).toEqual([{ modelId: MODEL }])
  })

  it('skips with the reason when the read is denied: never a pass', async () => {
    const { outcome } = await outcomeOf({ fail: 'denied' })
    expect(outcome!.status).toBe('skip')
    expect(outcome!.hint).toMatch(/bedrock:GetFoundationModelAvailability/)
  })

  it('an environment failure is a failure of kind error, not a pass', async () => {
    const { outcome } = await outcomeOf({ fail: 'throttled' })
    expect(outcome).toMatchObject({ status: 'fail', kind: 'error' })
  })
})
