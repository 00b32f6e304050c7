/**
 * Lint against AWS's own recommended policy for global cross-region inference (Bedrock user guide,
 * global-cross-region-inference.html, "IAM policy requirements for global cross-Region inference";
 * docs/aws-facts.md `profile.global.iam`). The fixture is AWS's three-statement example with its
 * placeholders filled in, not something our builders produced.
 * Fixture accounts: B = 222222222222 (target, Bedrock); source region us-east-1.
 */
import { describe, expect, it } from 'vitest'
import { lintPolicy } from './index.js'

const MODEL = 'anthropic.claude-sonnet-4-5-20250929-v1:0'
const PROFILE = `arn:aws:bedrock:us-east-1:222222222222:inference-profile/global.${MODEL}`

/** AWS's example, `<REQUESTING REGION>` = us-east-1, `<ACCOUNT>` = 222222222222, `<MODEL NAME>` = Sonnet 4.5. */
const AWS_GLOBAL_POLICY = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'GrantGlobalCrisInferenceProfileRegionAccess', Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: [PROFILE], Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } },
    {
      Sid: 'GrantGlobalCrisInferenceProfileInRegionModelAccess',
      Effect: 'Allow',
      Action: 'bedrock:InvokeModel',
      Resource: [`arn:aws:bedrock:us-east-1::foundation-model/${MODEL}`],
      Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1', 'bedrock:InferenceProfileArn': PROFILE } }
    },
    {
      Sid: 'GrantGlobalCrisInferenceProfileGlobalModelAccess',
      Effect: 'Allow',
      Action: 'bedrock:InvokeModel',
      Resource: [`arn:aws:bedrock:::foundation-model/${MODEL}`],
      Condition: { StringEquals: { 'aws:RequestedRegion': 'unspecified', 'bedrock:InferenceProfileArn': PROFILE } }
    }
  ]
}

const withoutStatement = (sid: string) => ({ ...AWS_GLOBAL_POLICY, Statement: AWS_GLOBAL_POLICY.Statement.filter((s) => s.Sid !== sid) })
const rules = (document: unknown) => lintPolicy(document, { models: [`global.${MODEL}`] }).map((f) => `${f.rule}:${f.severity}`)

describe('lint and the global cross-region inference policy AWS recommends', () => {
  it("raises nothing on AWS's own three-statement example", () => {
    expect(lintPolicy(AWS_GLOBAL_POLICY, { models: [`global.${MODEL}`] })).toEqual([])
  })

  it('flags the example without the source-region foundation-model statement', () => {
    const findings = lintPolicy(withoutStatement('GrantGlobalCrisInferenceProfileInRegionModelAccess'), { models: [`global.${MODEL}`] })
    const finding = findings.find((f) => f.rule === 'inference-profile-incomplete')
    expect(finding?.severity).toBe('error')
    expect(finding?.fix).toContain(`arn:aws:bedrock:REGION::foundation-model/${MODEL}`)
  })

  it('flags the example without the region-less foundation-model statement', () => {
    expect(rules(withoutStatement('GrantGlobalCrisInferenceProfileGlobalModelAccess'))).toContain('inference-profile-incomplete:error')
  })

  it('warns when the region-less ARN is locked to a real region (AWS evaluates it with "unspecified")', () => {
    const locked = structuredClone(AWS_GLOBAL_POLICY)
    locked.Statement[2]!.Condition.StringEquals['aws:RequestedRegion'] = 'us-east-1'
    expect(rules(locked)).toContain('requested-region-lock:warning')
  })

  it('still warns on a region lock over a geographic profile whose destinations it leaves out', () => {
    const us = `arn:aws:bedrock:us-east-1:222222222222:inference-profile/us.${MODEL}`
    const fms = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2'].map((r) => `arn:aws:bedrock:${r}::foundation-model/${MODEL}`)
    const document = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: [us, ...fms], Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } }] }
    expect(lintPolicy(document, { models: [`us.${MODEL}`] }).map((f) => f.rule)).toContain('requested-region-lock')
  })
})
