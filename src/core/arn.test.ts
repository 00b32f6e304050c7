import { describe, expect, it } from 'vitest'
import { formatArn, parseArn, parsePrincipalArn, parseRoleArn } from './arn.js'

describe('parseArn', () => {
  it.each([
    'arn:aws:iam::111111111111:role/app',
    'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
    'arn:aws:bedrock:us-east-1:222222222222:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0',
    'arn:aws-cn:iam::111111111111:root',
    'arn:aws-us-gov:sts::111111111111:assumed-role/r/s'
  ])('round-trips %s', (text) => {
    const arn = parseArn(text)
    expect(arn).toBeDefined()
    expect(formatArn(arn!)).toBe(text)
  })

  it.each(['', 'arn', 'arn:aws:iam::1234:role/x', 'arn:aws-xx:iam::111111111111:role/x', 'arn:aws:iam::111111111111:', 'arn:aws:BED:us-east-1::x'])('rejects %j', (text) => expect(parseArn(text)).toBeUndefined())
})

describe('parsePrincipalArn', () => {
  it.each([
    ['arn:aws:iam::111111111111:root', { kind: 'root', accountId: '111111111111' }],
    ['arn:aws:iam::111111111111:role/team/app', { kind: 'role', name: 'app', path: '/team/' }],
    ['arn:aws:iam::111111111111:user/alice', { kind: 'user', name: 'alice', path: '/' }],
    ['arn:aws:sts::111111111111:assumed-role/app/i-0abc', { kind: 'assumed-role', roleName: 'app', sessionName: 'i-0abc' }],
    ['arn:aws:sts::111111111111:federated-user/bob', { kind: 'federated-user', name: 'bob' }],
    ['arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com', { kind: 'oidc-provider', host: 'token.actions.githubusercontent.com' }]
  ])('%s', (text, expected) => {
    expect(parsePrincipalArn(text)).toMatchObject(expected)
  })
})

describe('parseRoleArn', () => {
  it('accepts a role ARN with a path', () => {
    expect(parseRoleArn('--role-arn', 'arn:aws:iam::222222222222:role/ml/BedrockAccessRole')).toMatchObject({
      accountId: '222222222222',
      name: 'BedrockAccessRole',
      path: '/ml/'
    })
  })

  it.each([
    ['arn:aws:iam::222222222222:user/alice', /user ARN/],
    ['arn:aws:sts::222222222222:assumed-role/R/s', /session ARN.*role\/R/],
    ['arn:aws:iam:::role/R', /12 digits/],
    ['arn:aws:iam::2222:role/R', /12 digits/],
    ['BedrockAccessRole', /bare name/],
    ['arn:aws:s3:::bucket', /expected an IAM role ARN/]
  ])('rejects %s with a reason', (text, reason) => {
    expect(() => parseRoleArn('--role-arn', text)).toThrow(reason)
  })
})
