import { describe, expect, it } from 'vitest'
import type { PolicyDocument } from '../core/evaluate.js'
import { decodePolicyDocument, encodePolicyDocument } from './policy-encoding.js'
import { contextEntries } from './simulate-context.js'

const TRUST: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'BedrockXacctTrust',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111111111111:root' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': 'a+b=c,d.e@f:g/h-i' }, IpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } }
    }
  ]
}

describe('decodePolicyDocument', () => {
  it.each([
    ['URL-encoded as IAM returns it (RFC 3986, %20 spaces)', encodeURIComponent(JSON.stringify(TRUST, null, 2))],
    ['raw JSON, as some local stand-ins return it', JSON.stringify(TRUST)]
  ])('decodes %s', (_name, text) => {
    expect(decodePolicyDocument(text)).toEqual(TRUST)
  })

  it('keeps a literal percent sign in raw JSON', () => {
    const document = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/100%20off' }] }
    expect(decodePolicyDocument(JSON.stringify(document))).toEqual(document)
    expect(decodePolicyDocument(encodeURIComponent(JSON.stringify(document)))).toEqual(document)
  })

  it.each([['%E0%A4%A'], ['not json'], ['%5B%5D'], ['%7B%22Version%22%3A%222012-10-17%22%7D'], ['']])('returns undefined for %j', (text) => {
    expect(decodePolicyDocument(text)).toBeUndefined()
  })

  it('encodes compactly (the size quota counts whitespace)', () => {
    expect(encodePolicyDocument(TRUST)).toBe(JSON.stringify(TRUST))
  })
})

describe('contextEntries (SimulatePrincipalPolicy)', () => {
  it.each([
    ['aws:SourceIp', ['203.0.113.7'], 'ip'],
    ['aws:SourceIp', ['203.0.113.7', '198.51.100.1'], 'ipList'],
    ['sts:ExternalId', ['x-1'], 'string'],
    ['aws:PrincipalTag/team', ['a', 'b'], 'stringList'],
    ['aws:CurrentTime', ['2026-01-01T00:00:00Z'], 'date'],
    ['aws:SecureTransport', ['true'], 'boolean'],
    ['aws:MultiFactorAuthAge', ['30'], 'numeric'],
    ['AWS:SOURCEIP', ['203.0.113.7'], 'ip']
  ])('types %s=%j as %s', (key, values, type) => {
    expect(contextEntries({ [key]: values })).toEqual([{ ContextKeyName: key, ContextKeyValues: values, ContextKeyType: type }])
  })
})
