/**
 * What a permissions or source policy rewrite newly allows, judged by meaning (issue 17). Accounts:
 * A = 111111111111 (the caller's), B = 222222222222 (the role's).
 */
import { describe, expect, it } from 'vitest'
import { createEvaluator, type PolicyDocument, type PolicyStatement } from '../evaluate.js'
import { newlyAllowedActions } from './permissions-widening.js'

const evaluator = createEvaluator()
const role = { principalArn: 'arn:aws:iam::222222222222:role/BedrockAccessRole', accountId: '222222222222' }
const caller = { principalArn: 'arn:aws:iam::111111111111:user/app-caller', accountId: '111111111111' }
const doc = (...Statement: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement })
const model = (id: string) => `arn:aws:bedrock:us-east-1::foundation-model/${id}`
const invoke = (...ids: string[]): PolicyStatement => ({ Sid: 'BedrockXacctInvoke', Effect: 'Allow', Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'], Resource: ids.map(model) })

describe('newlyAllowedActions', () => {
  it('names the actions and resources a new model adds', async () => {
    const found = await newlyAllowedActions(doc(invoke('old-model')), doc(invoke('old-model', 'new-model')), role, evaluator)
    expect(found).toEqual([`bedrock:InvokeModel on ${model('new-model')}`, `bedrock:InvokeModelWithResponseStream on ${model('new-model')}`])
  })

  it('finds a widening hidden in a wildcard and in another statement', async () => {
    const found = await newlyAllowedActions(doc(invoke('old-model')), doc(invoke('old-model'), { Sid: 'Other', Effect: 'Allow', Action: 'bedrock:*', Resource: '*' }), role, evaluator)
    expect(found.join('\n')).toMatch(/bedrock:CreateModelCustomizationJob on/)
  })

  it('a condition dropped is a widening too', async () => {
    const regional: PolicyStatement = { ...invoke('m'), Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } }
    expect(await newlyAllowedActions(doc(regional), doc(invoke('m')), role, evaluator)).not.toEqual([])
  })

  it.each<[string, PolicyDocument, PolicyDocument]>([
    ['the same document', doc(invoke('a', 'b')), doc(invoke('b', 'a'))],
    ['a model removed', doc(invoke('a', 'b')), doc(invoke('a'))],
    ['a Deny added', doc(invoke('a')), doc(invoke('a'), { Effect: 'Deny', Action: 'bedrock:InvokeModel', Resource: model('a') })]
  ])('nothing new: %s', async (_label, before, after) => {
    expect(await newlyAllowedActions(before, after, role, evaluator)).toEqual([])
  })

  it('the caller’s source policy: a role added to sts:AssumeRole', async () => {
    const assume = (...roles: string[]): PolicyDocument => doc({ Sid: 'BedrockXacctAssumeRole', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roles.map((r) => `arn:aws:iam::222222222222:role/${r}`) })
    expect(await newlyAllowedActions(assume('Other'), assume('Other', 'BedrockAccessRole'), caller, evaluator)).toEqual(['sts:AssumeRole on arn:aws:iam::222222222222:role/BedrockAccessRole'])
  })
})
