import { it } from 'vitest'
import { createEvaluator } from '../../src/core/evaluate.js'
import { proveTrust } from '../../src/core/trust-proof/trust.js'
it('dbg', async () => {
  const A = '111111111111',
    X = 'ext-1'
  const live = { Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Principal: '*', Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': X, 'aws:PrincipalAccount': A } } }] }
  const intended = { Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': X } } }] }
  const p = await proveTrust(live, intended, { roleArn: 'arn:aws:iam::222222222222:role/R', accountId: '222222222222' }, createEvaluator())
  console.log(JSON.stringify(p, null, 1))
})
