import { describe, expect, it } from 'vitest'
import { parseAccessDenied } from '../access-denied/parse.js'
import { trailDenialOf } from './trail-event.js'

/** Fixture accounts: A = 111111111111 (caller user app-caller), B = 222222222222 (role). */
const meta = (eventName: string, eventSource = 'sts.amazonaws.com') => ({ eventId: 'e1', eventName, eventSource, eventTime: new Date('2026-01-01T00:00:00Z') })
const ROLE = 'arn:aws:iam::222222222222:role/BedrockAccessRole'

describe('trailDenialOf', () => {
  it('AssumeRole denied: AWS message, real source IP, ExternalId sent and its value', () => {
    const denial = trailDenialOf(meta('AssumeRole'), {
      errorCode: 'AccessDenied',
      errorMessage: `User: arn:aws:iam::111111111111:user/app-caller is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`,
      sourceIPAddress: '203.0.113.10',
      awsRegion: 'us-east-1',
      userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111111111111:user/app-caller' },
      requestParameters: { roleArn: ROLE, roleSessionName: 's', externalId: 'wrong' }
    })!
    expect(denial.answers).toEqual({ sourceIp: '203.0.113.10', viaVpcEndpoint: false, region: 'us-east-1', externalIdPassed: true, externalId: 'wrong', roleArn: ROLE })
    expect(parseAccessDenied(denial.message)).toMatchObject({ kind: 'not-authorized', resource: ROLE, envelope: { errorCode: 'AccessDenied' } })
  })

  it('no ExternalId, through a VPC endpoint, from assumed-role credentials', () => {
    const denial = trailDenialOf(meta('AssumeRole'), {
      errorCode: 'AccessDenied',
      sourceIPAddress: 'AWS Internal',
      vpcEndpointId: 'vpce-0abc',
      userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::111111111111:assumed-role/ci/run-1' },
      requestParameters: { roleArn: ROLE, roleSessionName: 's' }
    })!
    expect(denial).toMatchObject({ externalIdSent: false, answers: { viaVpcEndpoint: true, externalIdPassed: false, chained: true } })
    expect(parseAccessDenied(denial.message)).toMatchObject({ kind: 'not-authorized', action: 'sts:AssumeRole', principal: { kind: 'assumed-role', name: 'ci' } })
  })

  it('Bedrock Converse through a profile: rebuilt message when CloudTrail has none, profile as the answer', () => {
    const denial = trailDenialOf(meta('Converse', 'bedrock.amazonaws.com'), {
      errorCode: 'AccessDeniedException',
      userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::222222222222:assumed-role/BedrockAccessRole/s' },
      requestParameters: { modelId: 'us.anthropic.claude-3-7-sonnet-20250219-v1:0' }
    })!
    expect(denial.answers.inferenceProfile).toBe('us.anthropic.claude-3-7-sonnet-20250219-v1:0')
    expect(parseAccessDenied(denial.message)).toMatchObject({ kind: 'not-authorized', action: 'bedrock:InvokeModel' })
  })

  it('ignores successes and unrelated errors', () => {
    expect(trailDenialOf(meta('AssumeRole'), { requestParameters: {} })).toBeUndefined()
    expect(trailDenialOf(meta('AssumeRole'), { errorCode: 'ExpiredTokenException' })).toBeUndefined()
  })
})
