/**
 * The region-lock SCP fix for a global cross-region profile: AWS authorizes the region-less model
 * ARN `arn:aws:bedrock:::foundation-model/ID` with `aws:RequestedRegion` = "unspecified", and its
 * own SCP example allows that value (Bedrock user guide, global-cross-region-inference.html,
 * "Service Control Policy requirements for Global cross-Region inference"; docs/aws-facts.md
 * ctx.requested-region.global-unspecified). Accounts: A = 111111111111, B = 222222222222,
 * management = 333333333333.
 */
import { describe, expect, it } from 'vitest'
import { parseAccessDenied } from '../access-denied/parse.js'
import { createEvaluator, type NamedPolicy } from '../evaluate.js'
import { diagnose } from './diagnose.js'

const MODEL = 'anthropic.claude-sonnet-4-5-20250929-v1:0'
const SESSION = 'arn:aws:sts::222222222222:assumed-role/BedrockAccessRole/xacct'
const SCP = 'arn:aws:organizations::333333333333:policy/o-a1b2c3d4e5/service_control_policy/p-lock1234'
const regionLock: NamedPolicy = {
  name: 'RegionLock',
  document: { Version: '2012-10-17', Statement: [{ Sid: 'DenyOutsideUsEast1', Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1'] } } }] }
}
const permissions: NamedPolicy = { name: 'BedrockInvoke', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: '*' }] } }

describe('explain: region-lock SCP and a global profile', () => {
  it('the SCP fix allows "unspecified" (the region-less global model ARN) besides the source region', async () => {
    const text = `AccessDeniedException: User: ${SESSION} is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:::foundation-model/${MODEL} with an explicit deny in a service control policy: ${SCP}`
    const result = await diagnose({ parsed: parseAccessDenied(text), answers: { region: 'us-east-1', inferenceProfile: `global.${MODEL}` }, policies: { permissions: [permissions], scp: [regionLock] }, setup: {} }, createEvaluator())
    const lock = result.candidates.find((c) => c.cause === 'scp-region-lock')
    expect(lock, JSON.stringify(result.candidates.map((c) => c.cause))).toBeDefined()
    const regions = (lock!.fix.snippet as { StringNotEquals: { 'aws:RequestedRegion': string[] } }).StringNotEquals['aws:RequestedRegion']
    expect(regions).toEqual(expect.arrayContaining(['us-east-1', 'unspecified']))
    expect(lock!.fix.action).toMatch(/unspecified/)
  })

  it('a geographic profile needs no "unspecified"', async () => {
    const text = `AccessDeniedException: User: ${SESSION} is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:us-east-2::foundation-model/${MODEL} with an explicit deny in a service control policy: ${SCP}`
    const result = await diagnose({ parsed: parseAccessDenied(text), answers: { region: 'us-east-1', inferenceProfile: `us.${MODEL}` }, policies: { permissions: [permissions], scp: [regionLock] }, setup: {} }, createEvaluator())
    const lock = result.candidates.find((c) => c.cause === 'scp-region-lock')
    expect(JSON.stringify(lock!.fix.snippet)).not.toContain('unspecified')
  })
})
