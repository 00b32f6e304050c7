/**
 * Error mapping over SDK-shaped errors (the shapes the SDK v3 actually throws, recorded from
 * @aws-sdk/client-sts 3.1169 and client-cloudtrail 3.1137 against a local HTTP server): this test is
 * about the adapter itself, so SDK-level fakes are the point here.
 */
import { describe, expect, it } from 'vitest'
import type { AwsFailureKind } from '../core/ports/aws-error.js'
import { iamActionOf, scrubSecrets, toAwsCallError, type ErrorContext } from './errors.js'

function serviceError(name: string, message: string, status: number, extra: Record<string, unknown> = {}) {
  return Object.assign(new Error(message), { name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status, requestId: 'req-1', attempts: 1 }, ...extra })
}
function networkError(name: string, code: string, message: string) {
  return Object.assign(new Error(message), { name, code, $metadata: { attempts: 4 } })
}

const sts: ErrorContext = { service: 'sts', operation: 'AssumeRole', credentials: { kind: 'chain', profile: 'source' } }

const CASES: [string, unknown, AwsFailureKind, string | undefined][] = [
  ['AccessDenied (query)', serviceError('AccessDenied', 'User: arn:aws:iam::111111111111:user/caller is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/R', 403), 'access-denied', 'AccessDenied'],
  ['AccessDeniedException (json)', serviceError('AccessDeniedException', "You don't have access to the model with the specified model ID.", 403), 'access-denied', 'AccessDeniedException'],
  ['UnauthorizedOperation', serviceError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403), 'access-denied', 'UnauthorizedOperation'],
  ['ValidationError', serviceError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.', 400), 'invalid-request', 'ValidationError'],
  ['ValidationException', serviceError('ValidationException', "Invocation of model ID x with on-demand throughput isn't supported.", 400), 'invalid-request', 'ValidationException'],
  ['MalformedPolicyDocument', serviceError('MalformedPolicyDocument', 'Syntax errors in policy.', 400), 'invalid-request', 'MalformedPolicyDocument'],
  ['LimitExceeded', serviceError('LimitExceeded', 'A managed policy can have up to 5 versions.', 409), 'invalid-request', 'LimitExceeded'],
  ['InvalidInput', serviceError('InvalidInput', 'ARN x is not valid.', 400), 'invalid-request', 'InvalidInput'],
  ['NoSuchEntity', serviceError('NoSuchEntity', 'The role with name R cannot be found.', 404), 'not-found', 'NoSuchEntity'],
  ['ResourceNotFoundException', serviceError('ResourceNotFoundException', 'Model not found.', 404), 'not-found', 'ResourceNotFoundException'],
  ['InvalidClientTokenId', serviceError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403), 'credentials', 'InvalidClientTokenId'],
  ['ExpiredToken', serviceError('ExpiredToken', 'The security token included in the request is expired', 400), 'credentials', 'ExpiredToken'],
  ['SignatureDoesNotMatch', serviceError('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.', 403), 'credentials', 'SignatureDoesNotMatch'],
  ['CredentialsProviderError', Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }), 'credentials', 'CredentialsProviderError'],
  ['plain "Could not load credentials"', new Error('Could not load credentials from any providers'), 'credentials', undefined],
  ['Throttling after retries', serviceError('Throttling', 'Rate exceeded', 400, { Code: 'Throttling', $metadata: { httpStatusCode: 400, attempts: 4 } }), 'throttled', 'Throttling'],
  ['ThrottlingException', serviceError('ThrottlingException', 'Rate exceeded', 400), 'throttled', 'ThrottlingException'],
  ['TooManyRequests (bare 429)', serviceError('Unknown', 'Unknown', 429), 'throttled', undefined],
  ['500 without details', serviceError('Unknown', 'Unknown', 500), 'unavailable', undefined],
  ['503 ServiceUnavailableException', serviceError('ServiceUnavailableException', 'Service unavailable', 503), 'unavailable', 'ServiceUnavailableException'],
  ['InternalFailure', serviceError('InternalFailure', 'We encountered an internal error.', 500), 'unavailable', 'InternalFailure'],
  ['ECONNREFUSED', networkError('Error', 'ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:4566'), 'unavailable', undefined],
  ['ECONNRESET (SDK names it TimeoutError)', networkError('TimeoutError', 'ECONNRESET', 'socket hang up'), 'unavailable', undefined],
  ['request timeout', networkError('TimeoutError', 'ETIMEDOUT', 'a request has exceeded the configured 700 ms requestTimeout.'), 'unavailable', undefined],
  [
    'XML parse failure on a 200',
    Object.assign(new Error('@aws-sdk XML parse error: unexpected end of input.\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.'), { $metadata: { httpStatusCode: 200 } }),
    'unavailable',
    undefined
  ],
  ['JSON parse failure on a 200', Object.assign(new SyntaxError("Expected property name or '}' in JSON at position 1\n  Deserialization error: …"), { $metadata: { httpStatusCode: 200 } }), 'unavailable', undefined],
  ['a string thrown', 'boom', 'other', undefined]
]

describe('toAwsCallError', () => {
  it.each(CASES)('%s → %s', (_name, thrown, kind, awsCode) => {
    const error = toAwsCallError(thrown, sts)
    expect(error.failure.kind).toBe(kind)
    expect(error.failure.awsCode).toBe(awsCode)
    expect(error.failure.service).toBe('sts')
    expect(error.failure.operation).toBe('AssumeRole')
  })

  it("keeps AWS's message verbatim, with request id and status", () => {
    const message = 'User: arn:aws:sts::222222222222:assumed-role/R/s is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:us-east-1::foundation-model/m because no identity-based policy allows the bedrock:InvokeModel action'
    const error = toAwsCallError(serviceError('AccessDeniedException', message, 403), { ...sts, service: 'bedrock', operation: 'Converse' })
    expect(error.failure).toMatchObject({ awsMessage: message, requestId: 'req-1', statusCode: 403 })
    expect(error.message).toContain(message)
  })

  it.each([
    ['sts', 'AssumeRole', 'User: arn:aws:iam::111111111111:user/caller is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/R', /trust policy.*sts:AssumeRole/],
    [
      'cloudtrail',
      'LookupEvents',
      'User: arn:aws:sts::222222222222:assumed-role/R/s is not authorized to perform: cloudtrail:LookupEvents because no identity-based policy allows the cloudtrail:LookupEvents action',
      /cloudtrail:LookupEvents.*account 222222222222/
    ],
    ['iam', 'GetRole', 'Access denied', /iam:GetRole/],
    ['bedrock', 'Converse', 'Access denied', /bedrock:InvokeModel/],
    ['bedrock', 'Converse', "You don't have access to the model with the specified model ID.", /Marketplace subscription.*use-case form/],
    ['bedrock', 'Converse', 'User: arn:aws:iam::222222222222:user/BedrockAPIKey-x is not authorized to perform: bedrock:CallWithBearerToken', /bedrock:CallWithBearerToken.*does not help/]
  ])('an AccessDenied from %s %s gets a hint naming what is missing', (service, operation, message, hint) => {
    const error = toAwsCallError(serviceError('AccessDenied', message, 403), { ...sts, service, operation })
    expect(error.hint).toMatch(hint)
  })

  it('a signature that expired on arrival is a clock to sync, not a key pair to check (aws-facts err.signature-expired)', () => {
    const message = 'Signature expired: 20220127T001427Z is now earlier than 20220127T014428Z (20220127T015928Z - 15 min.)'
    const error = toAwsCallError(serviceError('SignatureDoesNotMatch', message, 403), sts)
    expect(error.hint).toMatch(/clock/)
    expect(error.hint).not.toMatch(/key pair/)
  })

  it('a Legacy model is a model to replace (aws-facts bedrock.legacy.message)', () => {
    const message = 'Access denied. This Model is marked by provider as Legacy and you have not been actively using the model in the last 15 days. Please upgrade to an active model on Amazon Bedrock'
    const error = toAwsCallError(serviceError('ResourceNotFoundException', message, 404), { ...sts, service: 'bedrock', operation: 'Converse' })
    expect(error.hint).toMatch(/active model/)
  })

  it.each([
    ["Invocation of model ID anthropic.claude-3-5-sonnet-20241022-v2:0 with on-demand throughput isn't supported.", /inference profile/],
    ['The requested DurationSeconds exceeds the MaxSessionDuration set for this role.', /MaxSessionDuration/],
    ['The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.', /Role chaining/],
    ["1 validation error detected: Value 'a b' at 'externalId' failed to satisfy constraint", /no spaces/]
  ])('a validation error gets a hint: %s', (message, hint) => {
    expect(toAwsCallError(serviceError('ValidationError', message, 400), sts).hint).toMatch(hint)
  })

  it.each([
    [{ kind: 'chain', profile: 'prod' } as const, /profile "prod"/],
    [{ kind: 'chain' } as const, /AWS_PROFILE.*AWS_ACCESS_KEY_ID/],
    [{ kind: 'temporary' } as const, /assumed-role session/]
  ])('a credentials error says what to set (%j)', (credentials, hint) => {
    const error = toAwsCallError(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }), { ...sts, credentials })
    expect(error.hint).toMatch(hint)
    expect(error.exitCode).toBe(3)
  })

  it('never carries a known secret or a security token in its message', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
    const token = 'IQoJb3JpZ2luX2VjEXAMPLETOKEN'
    const thrown = serviceError('SignatureDoesNotMatch', `bad signature for ${secret}; X-Amz-Security-Token=${token}&x=1`, 403)
    const error = toAwsCallError(thrown, { ...sts, secrets: [secret] })
    expect(error.message).not.toContain(secret)
    expect(error.message).not.toContain(token)
    expect(scrubSecrets(`"SessionToken": "${token}"`)).not.toContain(token)
    const cause = error.cause as Error
    expect(`${cause.message}${cause.stack}`).not.toContain(secret)
  })

  it('authorizes Converse as bedrock:InvokeModel and ConverseStream as InvokeModelWithResponseStream', () => {
    expect(iamActionOf('bedrock', 'Converse')).toBe('bedrock:InvokeModel')
    expect(iamActionOf('bedrock', 'ConverseStream')).toBe('bedrock:InvokeModelWithResponseStream')
    expect(iamActionOf('sts', 'AssumeRole')).toBe('sts:AssumeRole')
  })
})
