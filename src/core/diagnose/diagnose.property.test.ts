import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseAccessDenied } from '../access-denied/parse.js'
import { createEvaluator } from '../evaluate.js'
import { diagnose } from './diagnose.js'

/** Fixture accounts: A = 111111111111, B = 222222222222. */
const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole' }] }

describe('diagnose never throws on what the parser returns', () => {
  it('for grammar-shaped text with odd principals, actions and resources, with a trust policy given', async () => {
    const evaluator = createEvaluator()
    const principal = fc.constantFrom('arn:aws:sts::111111111111:assumed-role/r/s', 'arn:aws:iam::***:user/u', 'anonymous', 'arn:aws:iam::1:role/x', 'x')
    const action = fc.constantFrom('sts:AssumeRole', 'bedrock:InvokeModel', 'BEDROCK:Converse', 'iam:GetRole', 'aws-marketplace:Subscribe', 'x:y')
    const resource = fc.constantFrom('', ' on resource: arn:aws:iam::222222222222:role/R', ' on resource: arn:aws:bedrock:us-east-1::foundation-model/m.x', ' on resource: role R', ' on resource: arn:aws:iam::***:role/', ' on resource: arn:')
    const reason = fc.constantFrom('', ' because no identity-based policy allows the a action', ' with an explicit deny in a service control policy: p-1', ' because no role trust policy allows the a action')
    await fc.assert(
      fc.asyncProperty(principal, action, resource, reason, async (p, a, r, why) => {
        const result = await diagnose({ parsed: parseAccessDenied(`User: ${p} is not authorized to perform: ${a}${r}${why}`), answers: { externalId: 'e', sourceIp: '203.0.113.1' }, policies: { trust } }, evaluator)
        expect(Array.isArray(result.candidates)).toBe(true)
      }),
      { numRuns: 300 }
    )
  })
})
