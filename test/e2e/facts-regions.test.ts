/**
 * docs/aws-facts.md §11 (destination regions of the Claude profiles), pinned by fact id. The
 * expected regions are transcribed from each row's source, never from models.ts:
 * - CDK: aws/aws-cdk `@aws-cdk/aws-bedrock-alpha` cross-region-inference-profile.ts at
 *   01d78ea845e94128cf5c898052156e8668bf134c, enum `CrossRegionInferenceProfileRegion` (citing
 *   inference-profiles-support.html): US, EU, US_GOV, JP, AU;
 * - SECURING: AWS ML blog "Securing Amazon Bedrock cross-Region inference: geographic and global";
 * - ZH_CN: inference-profiles-support (zh_cn), Claude 3 Haiku rows;
 * - NZ: AWS ML blog "Run generative AI inference with Amazon Bedrock in Asia Pacific (New Zealand)".
 * The tool's table (destinationRegions, and so the policy builders) and the sandbox's
 * GetInferenceProfile must list at least the documented destinations from each source region (the
 * table is one union per prefix, so a superset is an over-grant, said so in the row), and exactly
 * them where the row says "equal".
 * Accounts: B = 222222222222 (user admin, may call GetInferenceProfile).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { destinationRegions, knownModel, parseModelRef, type Geography } from '../../src/core/models.js'
import { buildDocuments } from '../../src/core/policies/index.js'
import { createAwsFactory } from '../../src/aws/factory.js'
import { fixtureSetup } from '../helpers/setup-fixture.js'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js'

const SONNET_4_5 = 'anthropic.claude-sonnet-4-5-20250929-v1:0'
const HAIKU_4_5 = 'anthropic.claude-haiku-4-5-20251001-v1:0'
const CDK = {
  US: ['us-east-1', 'us-east-2', 'us-west-2'],
  EU: ['eu-central-1', 'eu-west-1', 'eu-west-3', 'eu-west-2', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-central-2'],
  US_GOV: ['us-gov-east-1', 'us-gov-west-1'],
  JP: ['ap-northeast-1', 'ap-northeast-3'],
  AU: ['ap-southeast-2', 'ap-southeast-4']
}

interface RegionCase {
  fact: string
  profile: string
  source: string
  documented: string[]
  /** `superset`: the tool may grant more (one list per prefix); `equal`: the row says the lists match. */
  relation: 'superset' | 'equal'
}

const CASES: RegionCase[] = [
  { fact: 'regions.us.claude-sonnet-4-5', profile: `us.${SONNET_4_5}`, source: 'us-east-1', documented: ['us-east-1', 'us-east-2', 'us-west-2'], relation: 'superset' }, // SECURING
  { fact: 'regions.us.claude-3-haiku', profile: 'us.anthropic.claude-3-haiku-20240307-v1:0', source: 'us-east-2', documented: ['us-east-1', 'us-east-2', 'us-west-2'], relation: 'superset' }, // ZH_CN
  { fact: 'regions.us.claude-3-haiku', profile: 'us.anthropic.claude-3-haiku-20240307-v1:0', source: 'us-west-2', documented: ['us-east-1', 'us-west-2'], relation: 'superset' }, // ZH_CN
  ...['anthropic.claude-3-5-haiku-20241022-v1:0', 'anthropic.claude-3-5-sonnet-20241022-v2:0', 'anthropic.claude-3-7-sonnet-20250219-v1:0', 'anthropic.claude-sonnet-4-20250514-v1:0', HAIKU_4_5, 'anthropic.claude-opus-4-1-20250805-v1:0'].map(
    (model): RegionCase => ({ fact: 'regions.us.other-claude', profile: `us.${model}`, source: 'us-east-1', documented: CDK.US, relation: 'superset' })
  ),
  { fact: 'regions.eu.claude-sonnet-4-5', profile: `eu.${SONNET_4_5}`, source: 'eu-west-1', documented: CDK.EU, relation: 'equal' },
  { fact: 'regions.au.claude', profile: `au.${SONNET_4_5}`, source: 'ap-southeast-6', documented: ['ap-southeast-6', 'ap-southeast-2', 'ap-southeast-4'], relation: 'equal' }, // NZ
  { fact: 'regions.au.claude', profile: `au.${HAIKU_4_5}`, source: 'ap-southeast-2', documented: CDK.AU, relation: 'superset' }, // NZ, CDK
  { fact: 'regions.jp.claude', profile: `jp.${SONNET_4_5}`, source: 'ap-northeast-1', documented: CDK.JP, relation: 'equal' }
]

let sandbox: TestSandbox
beforeAll(async () => {
  sandbox = await startTestSandbox()
})
afterAll(() => sandbox.stop())

const modelArnsFrom = async (region: string, profile: string) => {
  const keys = sandbox.principals.targetAdmin
  const clients = createAwsFactory({ endpointUrl: sandbox.endpoint, maxAttempts: 1 }).fromChain({ static: { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey } }, region)
  return (await clients.bedrockControl(region).getInferenceProfile(profile))?.modelArns
}
const regionOf = (arn: string) => arn.split(':')[3] ?? ''

describe('destination regions of the Claude profiles (docs/aws-facts.md §11)', () => {
  it.each(CASES.map((c) => [c.fact, c.profile, c.source, c] as const))('%s: %s from %s', async (_fact, _profile, _source, { profile, source, documented, relation }) => {
    const ref = parseModelRef(profile)
    if (ref?.kind !== 'system-profile') throw new Error(`${profile} is no system profile`)
    const table = destinationRegions(ref.geography, source)
    const served = (await modelArnsFrom(source, profile))?.map(regionOf)
    for (const regions of [table, served]) {
      if (relation === 'equal') expect([...(regions ?? [])].sort()).toEqual([...documented].sort())
      else expect(regions).toEqual(expect.arrayContaining(documented))
    }
  })

  it('regions.us-gov: us-gov. lists the two GovCloud regions of the CDK (table only: the sandbox serves the aws partition)', () => {
    expect([...destinationRegions('us-gov', 'us-gov-west-1')].sort()).toEqual([...CDK.US_GOV].sort())
  })

  it('regions.ca: no AWS source lists ca. destinations; the tool keeps ca-central-1 and ca-west-1 and the sandbox serves ca. from them only', async () => {
    expect(destinationRegions('ca', 'ca-central-1')).toEqual(['ca-central-1', 'ca-west-1'])
    expect((await modelArnsFrom('ca-central-1', `ca.${SONNET_4_5}`))?.map(regionOf)).toEqual(['ca-central-1', 'ca-west-1'])
    expect(await modelArnsFrom('us-east-1', `ca.${SONNET_4_5}`)).toBeUndefined()
  })

  it('regions.models-missing: Sonnet 4.6 and Opus 4.6 (NZ blog ids, no date suffix) are not in KNOWN_MODELS, yet are accepted and granted in every au. region', () => {
    for (const model of ['anthropic.claude-sonnet-4-6', 'anthropic.claude-opus-4-6-v1']) {
      expect(knownModel(model)).toBeUndefined()
      for (const geography of ['au', 'global'] as Geography[]) expect(parseModelRef(`${geography}.${model}`)).toMatchObject({ kind: 'system-profile', geography, modelId: model })
      const { permissionsPolicy } = buildDocuments(fixtureSetup({ region: 'ap-southeast-6', models: [`au.${model}`] }))
      const text = JSON.stringify(permissionsPolicy)
      for (const region of ['ap-southeast-6', 'ap-southeast-2', 'ap-southeast-4']) expect(text).toContain(`arn:aws:bedrock:${region}::foundation-model/${model}`)
    }
  })
})
