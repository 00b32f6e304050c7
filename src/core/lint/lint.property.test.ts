/**
 * Property (issue 8): the linter never crashes on what a user may pass as a policy file — any JSON
 * value, policy-shaped objects with wrong types in every field, JSON text and URL-encoded text (as
 * IAM's GetRole returns it). The result is findings, or the one input error "not a policy" (exit 2).
 * Accounts in the generators: A = 111111111111 (source), B = 222222222222 (target).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { XacctError } from '../errors.js'
import { lintPolicy } from './index.js'
import type { PolicyKind } from './index.js'

const KINDS: (PolicyKind | undefined)[] = ['trust', 'permissions', 'identity', undefined]

/** A value of a plausible field, or of the wrong type. */
const fieldValue = (plausible: readonly unknown[]) =>
  fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...plausible) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) }, { weight: 1, arbitrary: fc.array(fc.constantFrom(...plausible), { maxLength: 3 }) })

const statement = fc.record(
  {
    Sid: fieldValue(['Trust', '', 'x y']),
    Effect: fieldValue(['Allow', 'Deny', 'allow', '']),
    Principal: fieldValue([
      '*',
      { AWS: 'arn:aws:iam::111111111111:root' },
      { AWS: ['111111111111', '*'] },
      { Service: 'lambda.amazonaws.com' },
      { Federated: 'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com' },
      { AWS: null }
    ]),
    NotPrincipal: fieldValue([{ AWS: 'arn:aws:iam::111111111111:root' }]),
    Action: fieldValue(['sts:AssumeRole', 'bedrock:*', 'bedrock:InvokeModel', '*', 'sts:AssumeRoleWithWebIdentity', 'BEDROCK:invokemodel', '']),
    NotAction: fieldValue(['iam:*']),
    Resource: fieldValue(['*', 'arn:aws:bedrock:us-east-1::foundation-model/*', 'arn:aws:iam::222222222222:role/BedrockAccessRole', 'arn:aws:bedrock:*:*:inference-profile/us.*', 'not an arn']),
    NotResource: fieldValue(['arn:aws:s3:::b']),
    Condition: fieldValue([
      { StringEquals: { 'sts:ExternalId': 'ext-1234' } },
      { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', 'bogus'] } },
      { NumericLessThanEquals: { 'sts:DurationSeconds': 3600 } },
      { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:*' } },
      { Bool: { 'aws:SecureTransport': 'false' } },
      { StringEquals: null },
      { 'ForAllValues:StringEquals': { 'aws:RequestedRegion': [] } }
    ])
  },
  { requiredKeys: [] }
)

const policyShaped = fc.record({ Version: fieldValue(['2012-10-17', '2008-10-17', '']), Id: fieldValue(['p']), Statement: fc.oneof(statement, fc.array(statement, { maxLength: 4 }), fc.jsonValue({ maxDepth: 1 })) }, { requiredKeys: [] })

/** What a policy "file" may hold: objects, any JSON, JSON text, URL-encoded JSON text, junk text. */
const document: fc.Arbitrary<unknown> = fc.oneof(
  policyShaped,
  fc.jsonValue({ maxDepth: 3 }),
  policyShaped.map((p) => JSON.stringify(p)),
  policyShaped.map((p) => encodeURIComponent(JSON.stringify(p))),
  fc.string({ maxLength: 40 }).map((s) => `%7B${s}`),
  fc.string({ unit: 'binary', maxLength: 80 })
)

describe('lintPolicy on arbitrary documents (property)', () => {
  it('returns findings or throws the one-line "not a policy" input error', () => {
    let linted = 0
    fc.assert(
      fc.property(document, fc.constantFrom(...KINDS), fc.option(fc.array(fc.constantFrom('us.anthropic.claude-3-5-haiku-20241022-v1:0', 'amazon.nova-lite-v1:0', 'bad model'), { maxLength: 2 }), { nil: undefined }), (doc, kind, models) => {
        try {
          const findings = lintPolicy(doc, { ...(kind ? { kind } : {}), ...(models ? { models } : {}) })
          linted++
          for (const finding of findings) expect(['error', 'warning', 'info']).toContain(finding.severity)
        } catch (error) {
          if (!(error instanceof XacctError)) throw error
          expect(error.exitCode).toBe(2)
          expect(error.message).not.toMatch(/[\x00-\x1f]/)
        }
      }),
      { numRuns: 3000 }
    )
    expect(linted).toBeGreaterThan(100)
  })

  it('an object whose toString is not a function (found by the property above) is linted, not a crash', () => {
    for (const doc of [{ Statement: [{ Action: { toString: null } }] }, { Statement: [{ Effect: { toString: 1 }, Resource: [{ valueOf: null, toString: null }] }] }]) {
      for (const shown of [doc, JSON.stringify(doc), encodeURIComponent(JSON.stringify(doc))]) {
        expect(() => lintPolicy(shown, { kind: 'trust' })).not.toThrow(TypeError)
      }
    }
  })
})
