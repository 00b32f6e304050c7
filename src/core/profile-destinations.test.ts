/**
 * Live inference-profile destinations over the static table (issue 18): what GetInferenceProfile
 * returns is what the role is granted; the table is the fallback, and the report says when and why.
 * The port is a fake of our own BedrockControlPort; the ARNs it returns are written out by hand
 * (e.g. APAC regions the table lacks: docs/aws-facts.md regions.apac.claude).
 * Fixture accounts: A = 111111111111 (source), B = 222222222222 (target).
 */
import { describe, expect, it } from 'vitest'
import { fixtureSetup } from '../../test/helpers/setup-fixture.js'
import { createEvaluator } from './evaluate.js'
import { buildDocuments } from './policies/index.js'
import { AwsCallError } from './ports/aws-error.js'
import type { BedrockControlPort, InferenceProfileInfo } from './ports/aws.js'
import { describeDestinations, readProfileDestinations, tableDestinations } from './profile-destinations.js'
import { selfCheck } from './self-check.js'

const SONNET4 = 'anthropic.claude-sonnet-4-20250514-v1:0'
const fm = (region: string, model = SONNET4) => `arn:aws:bedrock:${region}::foundation-model/${model}`
const APP = 'arn:aws:bedrock:ap-southeast-1:222222222222:application-inference-profile/yj8cdgc1r9gz'

function fakeControl(profiles: Record<string, string[]>, calls: string[] = []): BedrockControlPort {
  return {
    async getInferenceProfile(id) {
      calls.push(id)
      const modelArns = profiles[id]
      if (!modelArns) return undefined
      const info: InferenceProfileInfo = { id, arn: id, type: id.startsWith('arn:') ? 'APPLICATION' : 'SYSTEM_DEFINED', status: 'ACTIVE', modelArns }
      return info
    },
    async getFoundationModelAvailability() {
      throw new Error('not used')
    }
  }
}

const denied = (calls: string[]): BedrockControlPort => ({
  async getInferenceProfile(id) {
    calls.push(id)
    throw new AwsCallError({ service: 'bedrock', operation: 'GetInferenceProfile', kind: 'access-denied', awsCode: 'AccessDeniedException', awsMessage: 'User: … is not authorized to perform: bedrock:GetInferenceProfile' })
  },
  async getFoundationModelAvailability() {
    throw new Error('not used')
  }
})

describe('live profile destinations', () => {
  it('grants exactly the destinations Bedrock lists for an apac. profile, including regions the table lacks', async () => {
    const setup = fixtureSetup({ region: 'ap-southeast-1', models: [`apac.${SONNET4}`] })
    const live = [fm('ap-southeast-1'), fm('ap-southeast-3'), fm('ap-southeast-5'), fm('ap-northeast-1')]
    const report = await readProfileDestinations(setup, fakeControl({ [`apac.${SONNET4}`]: live }))
    expect(report.source).toBe('live')
    const docs = buildDocuments(setup, report)
    expect(docs.invokeResources).toEqual(expect.arrayContaining(live))
    // The table's regions Bedrock did not list are not granted.
    expect(docs.invokeResources).not.toContain(fm('ap-south-2'))
    expect((await selfCheck(setup, docs, createEvaluator())).ok).toBe(true)
    expect(describeDestinations(report)).toMatch(/read from Bedrock/)
  })

  it("grants an application profile's models (unknown without a live read)", async () => {
    const setup = fixtureSetup({ region: 'ap-southeast-1', models: [APP] })
    const report = await readProfileDestinations(setup, fakeControl({ [APP]: [fm('ap-southeast-1'), fm('ap-northeast-1')] }))
    const docs = buildDocuments(setup, report)
    expect(docs.invokeResources).toEqual([APP, fm('ap-southeast-1'), fm('ap-northeast-1')])
    expect(buildDocuments(setup).invokeResources).toEqual([APP])
    expect((await selfCheck(setup, docs, createEvaluator())).ok).toBe(true)
  })

  it('a global profile keeps the source-region and region-less ARNs whatever the list says', async () => {
    const setup = fixtureSetup({ region: 'us-east-1', models: [`global.${SONNET4}`] })
    const report = await readProfileDestinations(setup, fakeControl({ [`global.${SONNET4}`]: [fm('us-east-1')] }))
    expect(buildDocuments(setup, report).invokeResources).toEqual([`arn:aws:bedrock:us-east-1:222222222222:inference-profile/global.${SONNET4}`, fm('us-east-1'), fm('')])
  })

  it('falls back to the dated table when GetInferenceProfile is denied, asking once, and says why', async () => {
    const calls: string[] = []
    const setup = fixtureSetup({ region: 'us-east-1', models: [`us.${SONNET4}`, `global.${SONNET4}`, 'amazon.nova-lite-v1:0'] })
    const report = await readProfileDestinations(setup, denied(calls))
    expect(calls).toEqual([`us.${SONNET4}`])
    expect(report.source).toBe('table')
    expect(report.fallback.map((f) => f.model)).toEqual([`us.${SONNET4}`, `global.${SONNET4}`])
    expect(buildDocuments(setup, report).invokeResources).toEqual(buildDocuments(setup).invokeResources)
    expect(describeDestinations(report)).toMatch(/static table \(checked \d{4}-\d{2}-\d{2}\) for us\..*bedrock:GetInferenceProfile is not allowed/)
  })

  it('a profile Bedrock does not know falls back with that reason; a setup without profiles reports none', async () => {
    const setup = fixtureSetup({ region: 'us-east-1', models: [`us.${SONNET4}`] })
    const report = await readProfileDestinations(setup, fakeControl({}))
    expect(report.fallback).toEqual([{ model: `us.${SONNET4}`, reason: `Bedrock has no inference profile us.${SONNET4} in us-east-1` }])
    expect(tableDestinations(fixtureSetup({ models: ['amazon.nova-lite-v1:0'] }), 'offline').source).toBe('none')
    expect(describeDestinations(tableDestinations(fixtureSetup({ models: ['amazon.nova-lite-v1:0'] }), 'offline'))).toBeUndefined()
  })
})
