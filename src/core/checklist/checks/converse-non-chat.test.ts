/**
 * verify's model call for embedding and image models: they cannot be called with Converse on AWS
 * (docs/aws-facts.md bedrock.converse.no-embeddings), so the check calls InvokeModel with the
 * family's smallest valid body and passes only on an answer that carries an embedding or an image.
 * Accounts: A = 111111111111 (user caller), B = 222222222222 (profile admin-b).
 */
import { describe, expect, it } from 'vitest'
import { MODEL, fixtureSetup, fixtureWorld, manualClock, runFixture } from '../../../../test/helpers/checklist-fixture.js'

const EMBED = 'amazon.titan-embed-text-v2:0'
const COHERE = 'cohere.embed-english-v3'
const CANVAS = 'amazon.nova-canvas-v1:0'

describe('converse check with non-chat models', () => {
  it('calls InvokeModel (not Converse) for embedding and image models, Converse for text models, and passes', async () => {
    const clock = manualClock()
    const setup = fixtureSetup({ models: [MODEL, EMBED, COHERE, CANVAS] })
    const aws = fixtureWorld(setup, clock)
    aws.enableModels('222222222222', '*', [MODEL, EMBED, COHERE, CANVAS])
    const result = await runFixture(setup, aws, clock, { trail: false, stream: true })
    const outcome = result.checks.find((c) => c.id === 'converse')!
    expect(outcome.status, JSON.stringify(outcome)).toBe('pass')
    const bedrockCalls = aws.calls.filter((c) => c.service === 'bedrock' && !c.operation.startsWith('Get')).map((c) => `${c.operation} ${(c.input as { modelId: string }).modelId}`)
    expect(bedrockCalls).toEqual([`Converse ${MODEL}`, `ConverseStream ${MODEL}`, `InvokeModel ${EMBED}`, `InvokeModel ${COHERE}`, `InvokeModel ${CANVAS}`])
  })

  it('an answer without the embedding is a failure, never a pass', async () => {
    const clock = manualClock()
    const setup = fixtureSetup({ models: [EMBED] })
    const aws = fixtureWorld(setup, clock)
    aws.enableModels('222222222222', '*', [EMBED])
    const real = aws.fromCredentials.bind(aws)
    aws.fromCredentials = (credentials, region, options) => {
      const clients = real(credentials, region, options)
      return { ...clients, bedrock: (r?: string) => ({ ...clients.bedrock(r), invokeModel: async () => ({ body: { message: 'nothing here' } }) }) } as typeof clients
    }
    const result = await runFixture(setup, aws, clock, { trail: false })
    expect(result.checks.find((c) => c.id === 'converse')).toMatchObject({ status: 'fail' })
  })
})
