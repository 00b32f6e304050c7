/** Field validators, table-driven: what each accepts, normalizes and rejects. */
import { describe, expect, it } from 'vitest'
import { parseCallerText } from './caller.js'
import { checkCidr, checkDuration, checkExternalId, checkMaxSessionDuration, checkIamPath, checkSetupName, must } from './validators.js'

describe('checkCidr', () => {
  const accepted: [string, string][] = [
    ['203.0.113.0/24', '203.0.113.0/24'],
    ['8.8.8.8', '8.8.8.8/32'],
    ['2001:db8::/32', '2001:db8::/32'],
    ['2606:4700::1', '2606:4700::1/128'],
    [' 198.51.100.0/25 ', '198.51.100.0/25']
  ]
  it.each(accepted)('accepts %s', (input, normalized) => {
    expect(checkCidr(input)).toEqual({ ok: true, value: normalized })
  })
  const rejected = ['*', '', '0.0.0.0/0', '::/0', '1.2.3.4/33', '1.2.3', '0x01020304', '10.1.2.0/24', '192.168.0.0/16', '172.16.0.0/12', '127.0.0.1', '169.254.0.0/16', 'fc00::/7', 'fe80::/10', '::1', '100.64.0.0/10', 'example.com', '2001:db8::/129']
  it.each(rejected)('rejects %s', (input) => {
    expect(checkCidr(input).ok).toBe(false)
  })
})

describe('checkDuration', () => {
  it.each([
    ['900', 900],
    [3600, 3600],
    ['43200', 43200]
  ] as const)('accepts %s', (input, seconds) => {
    expect(checkDuration(input)).toEqual({ ok: true, value: seconds })
  })
  it.each(['0', '899', '43201', '1h', '3600.5', '-900', '', '1e4'])('rejects %s', (input) => {
    expect(checkDuration(input).ok).toBe(false)
  })
  it('caps at the given maximum', () => {
    expect(checkDuration('3601', 3600).ok).toBe(false)
  })
})

describe('checkMaxSessionDuration (IAM CreateRole/UpdateRole accept 3600–43200; issue 18)', () => {
  it.each(['3600', '7200', '43200'])('accepts %s', (input) => expect(checkMaxSessionDuration(input).ok).toBe(true))
  it.each(['900', '3599', '43201', '1h'])('rejects %s', (input) => expect(checkMaxSessionDuration(input).ok).toBe(false))
  it('a session may still be 900 s (AssumeRole DurationSeconds)', () => expect(checkDuration('900').ok).toBe(true))
})

describe('checkExternalId', () => {
  it.each(['abcdefgh', 'a'.repeat(1224), 'Team+Bedrock=1,x.y@z:w/v-u_t'])('accepts %s', (input) => {
    expect(checkExternalId(input).ok).toBe(true)
  })
  it.each(['a', 'ab', 'abcdefg', 'a'.repeat(1225), 'with space', 'tab\there', 'ümlaut', 'emoji🙂', 'semi;colon'])('rejects %s', (input) => {
    expect(checkExternalId(input).ok).toBe(false)
  })
  it('names what is wrong without repeating the value (issue 17)', () => {
    const check = checkExternalId('secret-value\r')
    expect(check.ok === false && check.problem).toBe('contains a carriage return at position 13')
    expect(() => must('--external-id', 'secret-value\r', check)).toThrow(/^--external-id is invalid \(the value is not shown\): it contains a carriage return at position 13/)
    expect(() => must('--external-id', 'secret-value\r', check)).not.toThrow(/secret-value/)
  })
})

describe('names and paths', () => {
  it.each(['/', '/bedrock/', '/a/b/'])('path %s ok', (path) => expect(checkIamPath(path).ok).toBe(true))
  it.each(['bedrock', '/bedrock', '//', '/a b/'])('path %s rejected', (path) => expect(checkIamPath(path).ok).toBe(false))
  it.each(['../x', 'a/b', '.hidden', 'a..b', ''])('setup name %s rejected', (name) => expect(checkSetupName(name).ok).toBe(false))
})

describe('parseCallerText', () => {
  const cases: [string, unknown][] = [
    ['root', { kind: 'account' }],
    ['ACCOUNT', { kind: 'account' }],
    ['arn:aws:iam::111111111111:root', { kind: 'account', accountId: '111111111111', partition: 'aws' }],
    ['arn:aws:iam::111111111111:role/path/proxy', { kind: 'role', accountId: '111111111111', arn: 'arn:aws:iam::111111111111:role/path/proxy' }],
    ['arn:aws:iam::111111111111:user/ci', { kind: 'user', accountId: '111111111111' }],
    ['service:sagemaker.amazonaws.com, lambda.amazonaws.com', { kind: 'service', services: ['sagemaker.amazonaws.com', 'lambda.amazonaws.com'] }],
    ['oidc:https://token.actions.githubusercontent.com', { kind: 'oidc', host: 'token.actions.githubusercontent.com' }],
    ['arn:aws:iam::222222222222:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC123', { kind: 'oidc', host: 'oidc.eks.us-east-1.amazonaws.com/id/ABC123', providerAccountId: '222222222222' }]
  ]
  it.each(cases)('%s', (text, expected) => {
    expect(parseCallerText('--caller', text)).toMatchObject(expected as object)
  })
  it.each(['bob', 'service:', 'service:not a service', 'oidc:', 'arn:aws:iam::1111:role/x', 'arn:aws:s3:::bucket', '*'])('rejects %s', (text) => {
    expect(() => parseCallerText('--caller', text)).toThrow(/--caller/)
  })
})
