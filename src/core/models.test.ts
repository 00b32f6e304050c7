import { describe, expect, it } from 'vitest'
import { destinationRegions, parseModelRef } from './models.js'

describe('parseModelRef', () => {
  it.each([
    ['anthropic.claude-3-5-haiku-20241022-v1:0', { kind: 'foundation-model', modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0' }],
    ['amazon.nova-lite-v1:0', { kind: 'foundation-model' }],
    ['us.anthropic.claude-sonnet-4-20250514-v1:0', { kind: 'system-profile', geography: 'us', modelId: 'anthropic.claude-sonnet-4-20250514-v1:0' }],
    ['eu.amazon.nova-pro-v1:0', { kind: 'system-profile', geography: 'eu' }],
    ['apac.anthropic.claude-3-5-sonnet-20241022-v2:0', { kind: 'system-profile', geography: 'apac' }],
    ['global.anthropic.claude-sonnet-4-5-20250929-v1:0', { kind: 'system-profile', geography: 'global' }],
    ['arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0', { kind: 'foundation-model', modelId: 'amazon.nova-lite-v1:0' }],
    ['arn:aws:bedrock:us-east-1:222222222222:inference-profile/us.amazon.nova-lite-v1:0', { kind: 'system-profile', geography: 'us' }],
    ['arn:aws:bedrock:us-east-1:222222222222:application-inference-profile/a1b2c3d4e5f6', { kind: 'application-profile', profileId: 'a1b2c3d4e5f6', accountId: '222222222222' }]
  ])('%s', (text, expected) => expect(parseModelRef(text)).toMatchObject(expected))

  it.each(['', 'claude', 'Anthropic.Claude', 'anthropic claude', '*', 'us.'])('rejects %j', (text) => expect(parseModelRef(text)).toBeUndefined())
})

describe('geographic tables as AWS documents them (docs/aws-facts.md regions.au.claude, regions.apac.claude; checked 2026-12-05)', () => {
  // AWS ML blog "Run generative AI inference with Amazon Bedrock in Asia Pacific (New Zealand)":
  // au. profiles are called from Auckland and route to ap-southeast-6, -2 and -4.
  it('au. is callable from Auckland and may land there', () => {
    expect(destinationRegions('au', 'ap-southeast-6')).toEqual(expect.arrayContaining(['ap-southeast-6', 'ap-southeast-2', 'ap-southeast-4']))
    expect(destinationRegions('au', 'ap-southeast-2')).toContain('ap-southeast-6')
  })
  // aws/aws-cdk @aws-cdk/aws-bedrock-alpha CrossRegionInferenceProfileRegion.APAC (citing
  // inference-profiles-support.html): Jakarta, Malaysia, Thailand, Taipei and the UAE are APAC destinations.
  it.each(['ap-southeast-3', 'ap-southeast-5', 'ap-southeast-7', 'ap-east-2', 'me-central-1'])('apac. may land in %s', (region) => {
    expect(destinationRegions('apac', 'ap-northeast-1')).toContain(region)
  })
  it.each([
    ['eu', ['eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-2', 'eu-west-3']],
    ['jp', ['ap-northeast-1', 'ap-northeast-3']],
    ['us-gov', ['us-gov-east-1', 'us-gov-west-1']]
  ] as const)('%s. lists the regions AWS documents', (geography, regions) => {
    expect(destinationRegions(geography, regions[0])).toEqual(expect.arrayContaining([...regions]))
  })
})

describe('destinationRegions', () => {
  it('a us. profile can land in every US region', () => {
    expect(destinationRegions('us', 'us-east-1')).toEqual(expect.arrayContaining(['us-east-1', 'us-east-2', 'us-west-2']))
  })
  it('global routes are handled by the empty-region ARN, so only the source region is listed', () => {
    expect(destinationRegions('global', 'eu-west-1')).toEqual(['eu-west-1'])
  })
})
