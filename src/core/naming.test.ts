import { describe, expect, it } from 'vitest'
import { conventionNames, DEFAULT_NAMES, legacyPolicyNames, providerOfModel, type ConventionInput, type ConventionNames } from './naming.js'

describe('conventionNames', () => {
  it.each<[string, ConventionInput, ConventionNames]>([
    ['no input → defaults', {}, DEFAULT_NAMES],
    ['only a layer/provider → defaults (no org, no use case)', { layer: 'Prod', provider: 'Anthropic' }, DEFAULT_NAMES],
    [
      'full convention',
      { orgPrefix: 'Acme', layer: 'Prod', useCase: 'Chatbot', provider: 'Anthropic' },
      {
        roleName: 'Acme-Prod-Chatbot-BedrockInvokeRole',
        permissionsPolicyName: 'Acme-Prod-Chatbot-Anthropic-InvokePolicy',
        sourcePolicyName: 'Acme-Prod-Chatbot-AssumeBedrockInvokeRole'
      }
    ],
    [
      'no layer: the segment is left out',
      { orgPrefix: 'Acme', useCase: 'Chatbot', provider: 'Amazon' },
      {
        roleName: 'Acme-Chatbot-BedrockInvokeRole',
        permissionsPolicyName: 'Acme-Chatbot-Amazon-InvokePolicy',
        sourcePolicyName: 'Acme-Chatbot-AssumeBedrockInvokeRole'
      }
    ],
    [
      'use case only, no provider',
      { useCase: 'Search' },
      {
        roleName: 'Search-BedrockInvokeRole',
        permissionsPolicyName: 'Search-InvokePolicy',
        sourcePolicyName: 'Search-AssumeBedrockInvokeRole'
      }
    ],
    ['blank segments count as absent', { orgPrefix: '  ', useCase: '' }, DEFAULT_NAMES]
  ])('%s', (_label, input, expected) => expect(conventionNames(input)).toEqual(expected))

  it.each([
    ['anthropic', 'Anthropic'],
    ['mistral', 'MistralAI'],
    ['MistralAI', 'MistralAI'],
    ['amazon', 'Amazon'],
    ['writer', 'Writer'],
    ['twelve-labs', 'TwelveLabs']
  ])('spells the provider %s as %s', (provider, spelled) => {
    expect(conventionNames({ orgPrefix: 'Acme', useCase: 'Chat', provider }).permissionsPolicyName).toBe(`Acme-Chat-${spelled}-InvokePolicy`)
  })

  it('a role name of exactly 64 characters is accepted', () => {
    const useCase = 'U'.repeat(64 - '-BedrockInvokeRole'.length)
    expect(conventionNames({ useCase }).roleName).toHaveLength(64)
  })

  it.each<[string, ConventionInput, RegExp]>([
    ['role name over 64', { orgPrefix: 'Acme', useCase: 'A'.repeat(60) }, /role name ".*" is invalid: expected at most 64 characters .*this one has 83/],
    ['space in use case', { orgPrefix: 'Acme', useCase: 'chat bot' }, /--use-case "chat bot" is invalid/],
    ['slash in org prefix', { orgPrefix: 'Acme/Corp', useCase: 'Chat' }, /--org-prefix "Acme\/Corp" is invalid/],
    ['bad layer', { orgPrefix: 'Acme', layer: 'Prod!', useCase: 'Chat' }, /--layer "Prod!" is invalid/]
  ])('rejects %s', (_label, input, message) => expect(() => conventionNames(input)).toThrow(message))
})

describe('providerOfModel', () => {
  it.each([
    ['anthropic.claude-3-5-haiku-20241022-v1:0', 'Anthropic'],
    ['us.anthropic.claude-sonnet-4-20250514-v1:0', 'Anthropic'],
    ['mistral.mistral-large-2407-v1:0', 'MistralAI'],
    ['amazon.nova-lite-v1:0', 'Amazon'],
    ['writer.palmyra-x5-v1:0', 'Writer'],
    ['arn:aws:bedrock:us-east-1:222222222222:application-inference-profile/a1b2c3d4e5f6', undefined],
    ['not a model', undefined]
  ])('%s → %s', (model, provider) => expect(providerOfModel(model)).toBe(provider))
})

describe('policy names follow a given role name (issue 19)', () => {
  it.each<[string, ConventionInput, Partial<ConventionNames>]>([
    ['role name alone', { roleName: 'GatewayRole' }, { roleName: 'GatewayRole', permissionsPolicyName: 'GatewayRole-InvokePolicy', sourcePolicyName: 'AssumeGatewayRole' }],
    ['role name over the convention', { orgPrefix: 'Acme', useCase: 'Chat', provider: 'Anthropic', roleName: 'ChatRole' }, { roleName: 'ChatRole', permissionsPolicyName: 'ChatRole-Anthropic-InvokePolicy', sourcePolicyName: 'AssumeChatRole' }],
    ['the default role name gives the old default names', { roleName: 'BedrockAccessRole' }, DEFAULT_NAMES],
    [
      "the convention's own role name keeps the convention's names",
      { orgPrefix: 'Acme', useCase: 'Chat', roleName: 'Acme-Chat-BedrockInvokeRole' },
      { roleName: 'Acme-Chat-BedrockInvokeRole', permissionsPolicyName: 'Acme-Chat-InvokePolicy', sourcePolicyName: 'Acme-Chat-AssumeBedrockInvokeRole' }
    ]
  ])('%s', (_label, input, expected) => expect(conventionNames(input)).toEqual(expected))

  it('two setups with different role names no longer share a source policy name', () => {
    expect(conventionNames({ roleName: 'RoleOne' }).sourcePolicyName).not.toBe(conventionNames({ roleName: 'RoleTwo' }).sourcePolicyName)
  })

  it('legacyPolicyNames: the names earlier versions gave, only where they differ', () => {
    expect(legacyPolicyNames({ roleName: 'GatewayRole' })).toEqual({ permissionsPolicyName: 'BedrockAccessRole-InvokePolicy', sourcePolicyName: 'AssumeBedrockAccessRole' })
    expect(legacyPolicyNames({ orgPrefix: 'Acme', useCase: 'Chat', roleName: 'ChatRole' })).toEqual({ permissionsPolicyName: 'Acme-Chat-InvokePolicy', sourcePolicyName: 'Acme-Chat-AssumeBedrockInvokeRole' })
    expect(legacyPolicyNames({})).toEqual({})
    expect(legacyPolicyNames({ roleName: 'BedrockAccessRole' })).toEqual({})
  })
})
