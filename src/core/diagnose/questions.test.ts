import { describe, expect, it } from 'vitest'
import { parseAccessDenied } from '../access-denied/parse.js'
import { createEvaluator } from '../evaluate.js'
import { diagnose } from './diagnose.js'
import { discriminatingQuestions } from './questions.js'
import type { Answers, PolicySet } from './types.js'

/** Fixture accounts: A = 111111111111 (caller), B = 222222222222 (role). */
const ASSUME_DENIED = 'User: arn:aws:sts::111111111111:assumed-role/gateway/s is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/BedrockAccessRole'
const trustWith = (condition: Record<string, Record<string, string>>): PolicySet => ({
  trust: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole', Condition: condition }] }
})

async function questionsFor(message: string, answers: Answers = {}, policies?: PolicySet) {
  const parsed = parseAccessDenied(message)
  const result = await diagnose({ parsed, answers, policies }, createEvaluator())
  return discriminatingQuestions(parsed, result.candidates, answers, policies)
}

describe('discriminatingQuestions', () => {
  it.each([
    ['reason-less AssumeRole, nothing known', ASSUME_DENIED, {}, undefined, ['side', 'externalId', 'viaVpcEndpoint']],
    ['ExternalId already answered', ASSUME_DENIED, { externalIdPassed: false }, undefined, ['side', 'viaVpcEndpoint']],
    ['trust policy only checks ExternalId', ASSUME_DENIED, {}, trustWith({ StringEquals: { 'sts:ExternalId': 'x1' } }), ['externalId']],
    ['trust policy only checks SourceIp', ASSUME_DENIED, {}, trustWith({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }), ['viaVpcEndpoint', 'sourceIp']],
    ['certain cause from the message', "AccessDeniedException: You don't have access to the model with the specified model ID.", {}, undefined, []],
    [
      'Bedrock identity denial on a foundation model',
      'User: arn:aws:sts::222222222222:assumed-role/R/s is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0 because no identity-based policy allows the bedrock:InvokeModel action',
      {},
      undefined,
      ['region', 'inferenceProfile']
    ]
  ] as const)('%s', async (_label, message, answers, policies, expected) => {
    expect(await questionsFor(message, answers as Answers, policies as PolicySet | undefined)).toEqual(expected)
  })
})

describe('chaining question', () => {
  it('is asked for an unrecognized AssumeRole validation error, and answering no rules out the chaining limit', async () => {
    const message = 'An error occurred (ValidationError) when calling the AssumeRole operation: something about the session'
    expect(await questionsFor(message)).toContain('chained')
    const parsed = parseAccessDenied(message)
    const result = await diagnose({ parsed, answers: { chained: false } }, createEvaluator())
    expect(result.candidates.map((c) => c.cause)).not.toContain('role-chaining-limit')
    expect(result.candidates.map((c) => c.cause)).toContain('duration-over-max')
  })
})

describe('side answer', () => {
  it('puts the causes the user can fix from their side first', async () => {
    const parsed = parseAccessDenied(ASSUME_DENIED)
    const target = await diagnose({ parsed, answers: { side: 'target' } }, createEvaluator())
    expect(target.candidates[0]!.fix.account).toBe('target')
    const source = await diagnose({ parsed, answers: { side: 'source' } }, createEvaluator())
    expect(['source', 'client']).toContain(source.candidates[0]!.fix.account)
  })
})
