/**
 * Properties of the AccessDenied parser under SDK envelopes (issue 8), extending
 * parse.property.test.ts (bare arbitrary text): arbitrary text wrapped in what the AWS CLI, boto,
 * the Go, Java and JS SDKs, JSON and XML error bodies and terminals put around AWS's message never
 * makes it throw; and a generated AccessDenied message is parsed to the same kind, principal, action
 * and resource whatever envelope it comes in. Accounts are generated 12-digit ids.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseAccessDenied } from './parse.js'
import type { NotAuthorizedDenial } from './types.js'

const KINDS = ['not-authorized', 'bedrock-denial', 'validation', 'unrecognized']

type Wrap = (message: string) => string

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')
}

/** Envelopes as real tools print them; `operation` and `code` vary. */
const ENVELOPES: Record<string, (code: string, operation: string) => Wrap> = {
  bare: () => (m) => m,
  'aws cli / boto': (code, op) => (m) => `An error occurred (${code}) when calling the ${op} operation: ${m}`,
  'boto with retries': (code, op) => (m) => `An error occurred (${code}) when calling the ${op} operation (reached max retries: 4): ${m}`,
  'js sdk': (code) => (m) => `${code}Exception: ${m}`,
  'js sdk logged': (code) => (m) => `[ERROR] 2025-01-01T00:00:00.000Z request failed: ${code}: ${m}`,
  'go sdk': (code, op) => (m) => `operation error STS: ${op}, https response error StatusCode: 403, RequestID: 0a1b2c3d-0000-4000-8000-000000000000, api error ${code}: ${m}`,
  'java sdk': (code) => (m) => `${m} (Service: AWSSecurityTokenService; Status Code: 403; Error Code: ${code}; Request ID: 0a1b2c3d-0000-4000-8000-000000000000; Proxy: null)`,
  'json body': (code) => (m) => JSON.stringify({ __type: `com.amazon.coral.service#${code}Exception`, message: m }),
  'xml body': (code) => (m) => `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xmlEscape(m)}</Message></Error><RequestId>0a1b2c3d</RequestId></ErrorResponse>`,
  'quoted in a log': () => (m) => `"${m}"`,
  'crlf and trailing newline': () => (m) => `${m}\r\n`
}

const envelope = fc
  .tuple(fc.constantFrom(...Object.keys(ENVELOPES)), fc.constantFrom('AccessDenied', 'AccessDeniedException', 'ValidationError'), fc.constantFrom('AssumeRole', 'InvokeModel', 'Converse'))
  .map(([name, code, operation]) => ({ name, wrap: ENVELOPES[name]!(code, operation) }))

/** A terminal's hard wrap: the text cut every `width` characters. */
function hardWrap(text: string, width: number): string {
  const lines: string[] = []
  for (let i = 0; i < text.length; i += width) lines.push(text.slice(i, i + width))
  return lines.join('\n')
}

describe('parseAccessDenied inside SDK envelopes (property)', () => {
  it('never throws on arbitrary text in any envelope, optionally hard-wrapped', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), envelope, fc.option(fc.integer({ min: 40, max: 120 }), { nil: undefined }), (text, env, width) => {
        const wrapped = env.wrap(text)
        const input = width === undefined ? wrapped : hardWrap(wrapped, width)
        expect(KINDS).toContain(parseAccessDenied(input).kind)
      }),
      { numRuns: 3000 }
    )
  })

  it('a generated AccessDenied message parses the same in every envelope', () => {
    const account = fc.stringMatching(/^\d{12}$/)
    // Names end in a letter or digit: a trailing `.` or `,` reads as the sentence's punctuation.
    const name = fc.stringMatching(/^[A-Za-z]([\w+=,.@-]{0,29}[A-Za-z0-9])?$/)
    const principal = fc.oneof(
      fc.tuple(account, name).map(([a, n]) => `arn:aws:iam::${a}:user/${n}`),
      fc.tuple(account, name, name).map(([a, r, s]) => `arn:aws:sts::${a}:assumed-role/${r}/${s}`),
      fc.tuple(account, name).map(([a, r]) => `arn:aws-us-gov:iam::${a}:role/${r}`)
    )
    const call = fc.oneof(
      fc.tuple(account, name).map(([a, r]) => ({ action: 'sts:AssumeRole', resource: `arn:aws:iam::${a}:role/${r}` })),
      fc.constantFrom('anthropic.claude-3-5-haiku-20241022-v1:0', 'amazon.nova-lite-v1:0').map((model) => ({ action: 'bedrock:InvokeModel', resource: `arn:aws:bedrock:us-east-1::foundation-model/${model}` }))
    )
    const reason = fc.constantFrom('', ' because no identity-based policy allows the {action} action', ' with an explicit deny in a service control policy')
    fc.assert(
      fc.property(principal, call, reason, envelope, fc.option(fc.integer({ min: 40, max: 120 }), { nil: undefined }), (who, { action, resource }, why, env, width) => {
        const message = `User: ${who} is not authorized to perform: ${action} on resource: ${resource}${why.replace('{action}', action)}`
        const bare = parseAccessDenied(message) as NotAuthorizedDenial
        expect(bare.kind).toBe('not-authorized')
        // A terminal hard-wraps what it shows; a pasted JSON or XML body is copied from a file, unwrapped.
        const structured = env.name === 'json body' || env.name === 'xml body'
        const text = width === undefined || structured ? env.wrap(message) : hardWrap(env.wrap(message), width)
        const wrapped = parseAccessDenied(text) as NotAuthorizedDenial
        expect({ kind: wrapped.kind, action: wrapped.action, resource: wrapped.resource, principal: wrapped.principal?.arn, denial: wrapped.denial }).toEqual({
          kind: 'not-authorized',
          action,
          resource,
          principal: who,
          denial: bare.denial
        })
      }),
      { numRuns: 1500 }
    )
  })
})
