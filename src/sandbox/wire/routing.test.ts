import { describe, expect, it } from 'vitest'
import { bedrockOperation, operationOf } from './routing.js'
import { parseAuthorization } from './sigv4.js'

describe('routing', () => {
  it.each([
    ['/model/anthropic.claude-3-haiku-20240307-v1:0/converse', 'Converse'],
    ['/model/us.anthropic.claude-sonnet-4-20250514-v1:0/converse-stream', 'ConverseStream'],
    ['/model/amazon.nova-lite-v1:0/invoke', 'InvokeModel'],
    ['/model/amazon.nova-lite-v1:0/invoke-with-response-stream', 'InvokeModelWithResponseStream'],
    ['/model/x/unknown', undefined],
    ['/models', undefined]
  ])('Bedrock path %s → %s', (path, operation) => {
    expect(bedrockOperation(path)).toBe(operation)
  })

  it('reads the operation from Action, x-amz-target or the path', () => {
    expect(operationOf('sts', '/', {}, new URLSearchParams('Action=AssumeRole'))).toBe('AssumeRole')
    expect(operationOf('cloudtrail', '/', { 'x-amz-target': 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents' }, new URLSearchParams())).toBe('LookupEvents')
    expect(operationOf('bedrock', '/model/m.x/converse', {}, new URLSearchParams())).toBe('Converse')
  })
})

describe('parseAuthorization', () => {
  it('reads the credential scope', () => {
    const header = `AWS4-HMAC-SHA256 Credential=AKIASANDBOXACALLER01/20250101/us-west-2/bedrock/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'a'.repeat(64)}`
    expect(parseAuthorization(header)).toEqual({ accessKeyId: 'AKIASANDBOXACALLER01', date: '20250101', region: 'us-west-2', service: 'bedrock', signedHeaders: ['host', 'x-amz-date'], signature: 'a'.repeat(64) })
  })

  it.each(['Bearer abc', 'AWS4-HMAC-SHA256 Credential=AKIA/x', ''])('rejects %j', (header) => {
    expect(parseAuthorization(header)).toBeUndefined()
  })
})
