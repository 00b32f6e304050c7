/** The top-level handler's pure parts: global options from commander's values, error text and exit codes. */
import { describe, expect, it } from 'vitest'
import { XacctError, invalidInput } from '../core/errors.js'
import { AwsCallError } from '../core/ports/aws-error.js'
import { formatCallRecord } from './aws-factory.js'
import { exitCodeOf, formatError, globalOptionsFrom } from './run-command.js'

describe('globalOptionsFrom: the .env file', () => {
  it.each([
    ['--dotenv', { dotenv: 'a.env' }, {}, { envFile: 'a.env', envFileFlag: '--dotenv' }],
    ['--env-file (alias)', { envFile: 'b.env' }, {}, { envFile: 'b.env', envFileFlag: '--env-file' }],
    ['--dotenv wins over --env-file', { dotenv: 'a.env', envFile: 'b.env' }, {}, { envFile: 'a.env', envFileFlag: '--dotenv' }],
    ['$BEDROCK_XACCT_DOTENV', {}, { BEDROCK_XACCT_DOTENV: 'c.env' }, { envFile: 'c.env', envFileFlag: 'BEDROCK_XACCT_DOTENV' }],
    ['a flag wins over $BEDROCK_XACCT_DOTENV', { dotenv: 'a.env' }, { BEDROCK_XACCT_DOTENV: 'c.env' }, { envFile: 'a.env', envFileFlag: '--dotenv' }],
    ['an empty $BEDROCK_XACCT_DOTENV is unset', {}, { BEDROCK_XACCT_DOTENV: '' }, { envFile: undefined, envFileFlag: undefined }],
    ['none', {}, {}, { envFile: undefined, envFileFlag: undefined }]
  ])('%s', (_label, raw, env, expected) => {
    const global = globalOptionsFrom(raw, env)
    expect({ envFile: global.envFile, envFileFlag: global.envFileFlag }).toEqual(expected)
  })
})

describe('formatError and exitCodeOf', () => {
  it('an XacctError: its message and hint, its exit code', () => {
    const error = invalidInput('--port', '80', 'a free port', 'omit --port.')
    expect(formatError(error, false)).toBe('Error: --port "80" is invalid: expected a free port.\nHint: omit --port.')
    expect(exitCodeOf(error)).toBe(2)
    expect(exitCodeOf(new XacctError('noCredentials', 'no credentials'))).toBe(3)
  })

  it('anything else is a bug: says so, no stack trace without --debug, exit 1', () => {
    const text = formatError(new TypeError('x is undefined'), false)
    expect(text).toBe('Error: unexpected failure: x is undefined\nHint: this is a bug in bedrock-xacct; please report it with the output of the same command run with --debug (leave out any ExternalId).')
    expect(formatError(new TypeError('x is undefined'), true)).toMatch(/\n\s+at /)
    expect(exitCodeOf(new TypeError('x'))).toBe(1)
  })
})

describe('--debug: AWS request ids', () => {
  const denied = new AwsCallError({ service: 'sts', operation: 'AssumeRole', kind: 'access-denied', awsCode: 'AccessDenied', awsMessage: 'User: x is not authorized', statusCode: 403, requestId: 'req-1234' }, { hint: 'fix it' })

  it("an AWS failure's request id is printed with --debug only, also when it is another error's cause", () => {
    expect(formatError(denied, false)).not.toContain('req-1234')
    expect(formatError(denied, true)).toContain('\nAWS request id: req-1234\n')
    const wrapped = new XacctError('accessDenied', 'Cannot read the trail', { cause: denied })
    expect(formatError(wrapped, true)).toContain('AWS request id: req-1234')
    expect(formatError(new XacctError('usage', 'bad'), true)).not.toContain('request id')
  })

  it('one trace line per call: service, operation, region, outcome, duration, attempts, request id', () => {
    expect(formatCallRecord({ service: 'sts', operation: 'AssumeRole', region: 'us-east-1', durationMs: 41, attempts: 1, outcome: 'ok', requestId: 'abc-1' })).toBe('debug: aws sts AssumeRole us-east-1 ok 41 ms, 1 attempt, request id abc-1')
    expect(formatCallRecord({ service: 'iam', operation: 'GetRole', region: undefined, durationMs: 5, attempts: 3, outcome: 'throttled', requestId: undefined })).toBe('debug: aws iam GetRole - throttled 5 ms, 3 attempts, no request id')
  })
})
