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

describe('destinationRegions', () => {
  it('a us. profile can land in every US region', () => {
    expect(destinationRegions('us', 'us-east-1')).toEqual(expect.arrayContaining(['us-east-1', 'us-east-2', 'us-west-2']))
  })
  it('global routes are handled by the empty-region ARN, so only the source region is listed', () => {
    expect(destinationRegions('global', 'eu-west-1')).toEqual(['eu-west-1'])
  })
})
