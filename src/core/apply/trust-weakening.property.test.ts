/**
 * "Never weaker" as properties over generated trust policies (issue 17): a document is never weaker
 * than itself; adding a Deny or a condition to every Allow never makes it weaker; adding an Allow
 * for a principal the document did not admit always does; and the gate's intended document keeps a
 * condition added by hand to any of the tool's statements (one per kind of caller). Accounts: A =
 * 111111111111, B = 222222222222, a stranger 444444444444.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createEvaluator, type PolicyDocument, type PolicyStatement } from '../evaluate.js'
import { stillWanted } from './still-wanted.js'
import { newlyAdmitted } from './trust-weakening.js'

const subject = { roleArn: 'arn:aws:iam::222222222222:role/R', accountId: '222222222222' }
const evaluator = createEvaluator()

const principal = fc.constantFrom<unknown>(
  { AWS: 'arn:aws:iam::111111111111:root' },
  { AWS: 'arn:aws:iam::111111111111:role/gateway' },
  { AWS: ['arn:aws:iam::111111111111:user/app', 'arn:aws:iam::111111111111:role/gateway'] },
  { Service: 'sagemaker.amazonaws.com' }
)
const condition = fc.constantFrom<PolicyStatement['Condition'] | undefined>(
  undefined,
  { StringEquals: { 'sts:ExternalId': 'ext-7f3a9c21' } },
  { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
  { StringEquals: { 'sts:ExternalId': 'ext-7f3a9c21' }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
  { StringLike: { 'sts:RoleSessionName': 'ci-*' } }
)
const allow = fc.record({ principal, condition }).map(({ principal: p, condition: c }): PolicyStatement => ({ Effect: 'Allow', Principal: p, Action: 'sts:AssumeRole', ...(c ? { Condition: c } : {}) }))
const trust = fc.array(allow, { minLength: 1, maxLength: 3 }).map((Statement): PolicyDocument => ({ Version: '2012-10-17', Statement }))

const RUNS = 15
/** Each property evaluates thousands of requests: generous on a loaded two-core machine (a timeout here is not a counterexample). */
const TIMEOUT_MS = 120_000

describe('newlyAdmitted (property)', () => {
  it(
    'a document is never weaker than itself',
    async () => {
      await fc.assert(
        fc.asyncProperty(trust, async (document) => {
          expect(await newlyAdmitted(document, document, subject, evaluator)).toEqual([])
        }),
        { numRuns: RUNS }
      )
    },
    TIMEOUT_MS
  )

  it(
    'adding a condition to every Allow, or a Deny, never makes it weaker',
    async () => {
      await fc.assert(
        fc.asyncProperty(trust, async (document) => {
          const statements = document.Statement as PolicyStatement[]
          const stricter = { ...document, Statement: statements.map((s) => ({ ...s, Condition: { ...s.Condition, Bool: { ...s.Condition?.['Bool'], 'aws:SecureTransport': 'true' } } })) }
          const denied = { ...document, Statement: [...statements, { Effect: 'Deny' as const, Principal: { AWS: 'arn:aws:iam::111111111111:user/app' }, Action: 'sts:AssumeRole' }] }
          expect(await newlyAdmitted(document, stricter, subject, evaluator)).toEqual([])
          expect(await newlyAdmitted(document, denied, subject, evaluator)).toEqual([])
        }),
        { numRuns: RUNS }
      )
    },
    TIMEOUT_MS
  )

  it(
    'an Allow for a stranger account is always weaker, named',
    async () => {
      await fc.assert(
        fc.asyncProperty(trust, async (document) => {
          const opened = { ...document, Statement: [...(document.Statement as PolicyStatement[]), { Effect: 'Allow' as const, Principal: { AWS: 'arn:aws:iam::444444444444:root' }, Action: 'sts:AssumeRole' }] }
          const found = await newlyAdmitted(document, opened, subject, evaluator)
          expect(found.join('\n')).toMatch(/444444444444/)
        }),
        { numRuns: RUNS }
      )
    },
    TIMEOUT_MS
  )

  it(
    'an apply whose setup does not name a condition of the tool’s statement never drops it unseen (the gate’s intended document)',
    async () => {
      const owned = fc
        .record({ principal, condition: condition.filter((c) => c !== undefined) })
        .map(({ principal: p, condition: c }): PolicyStatement => ({ Sid: 'BedrockXacctTrust', Effect: 'Allow', Principal: p, Action: 'sts:AssumeRole', Condition: c }))
      await fc.assert(
        fc.asyncProperty(owned, async (statement) => {
          const before: PolicyDocument = { Version: '2012-10-17', Statement: [statement] }
          // The setup asks for the same principal and names no condition at all.
          const { Condition: _dropped, ...bare } = statement
          const desired: PolicyDocument = { Version: '2012-10-17', Statement: [bare] }
          const { intended } = stillWanted(before, desired)
          expect(await newlyAdmitted(before, desired, subject, evaluator, { intended })).not.toEqual([])
          // And a setup that names every key (the same conditions) is not refused.
          expect(await newlyAdmitted(before, before, subject, evaluator, { intended: stillWanted(before, before).intended })).toEqual([])
        }),
        { numRuns: RUNS }
      )
    },
    TIMEOUT_MS
  )

  it(
    'a condition added by hand to any of several tool-owned statements (AWS, service, web identity) is never dropped unseen',
    async () => {
      const host = 'token.actions.githubusercontent.com'
      // Each kind as the tool writes it: the keys the setup names.
      const asWritten: Record<Kind, PolicyStatement> = {
        aws: { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'ext-7f3a9c21' } } },
        service: { Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } } },
        webIdentity: {
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::222222222222:oidc-provider/${host}` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { [`${host}:aud`]: 'sts.amazonaws.com' }, StringLike: { [`${host}:sub`]: 'repo:acme/app:*' } }
        }
      }
      // Narrowings someone adds by hand, none on a key the tool writes.
      const handAdded = fc.constantFrom<NonNullable<PolicyStatement['Condition']>>(
        { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
        { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
        { StringLike: { 'sts:RoleSessionName': 'ci-*' } },
        { ArnLike: { 'aws:SourceArn': 'arn:aws:sagemaker:us-east-1:111111111111:notebook-instance/research' } }
      )
      const kinds = fc.subarray<Kind>(['aws', 'service', 'webIdentity'], { minLength: 1 })
      const edits = fc.record({ before: kinds, joined: kinds, hand: fc.array(fc.option(handAdded, { nil: undefined }), { minLength: 3, maxLength: 3 }) })
      await fc.assert(
        fc.asyncProperty(edits, async ({ before: kindsBefore, joined, hand }) => {
          fc.pre(kindsBefore.some((_, i) => hand[i] !== undefined))
          // The first statement is BedrockXacctTrust whatever its kind (policies/trust.ts), so Sids shift when a kind joins.
          const trustOf = (kindsOf: Kind[], edit: (kind: Kind, i: number) => PolicyStatement['Condition']): PolicyDocument => ({
            Version: '2012-10-17',
            Statement: kindsOf.map((kind, i) => ({ ...asWritten[kind], Sid: i === 0 ? 'BedrockXacctTrust' : `BedrockXacctTrust${kind === 'service' ? 'Service' : 'WebIdentity'}`, Condition: edit(kind, i) }))
          })
          const before = trustOf(kindsBefore, (kind, i) => ({ ...asWritten[kind].Condition, ...hand[i] }))
          // The setup keeps every kind it had (a caller may join) and names none of the hand-added keys.
          const desiredKinds = (['aws', 'service', 'webIdentity'] as const).filter((kind) => kindsBefore.includes(kind) || joined.includes(kind))
          const desired = trustOf(desiredKinds, (kind) => asWritten[kind].Condition)
          const { intended } = stillWanted(before, desired)
          expect(await newlyAdmitted(before, desired, subject, evaluator, { intended })).not.toEqual([])
          // What the gate would write after all (the intended document itself) is not refused.
          expect(await newlyAdmitted(before, intended, subject, evaluator, { intended })).toEqual([])
        }),
        { numRuns: RUNS }
      )
    },
    TIMEOUT_MS
  )

  it(
    'a Deny someone wrote under one of the tool’s Sids excuses nothing when the setup drops it (the gate’s intended document keeps it whole)',
    async () => {
      const deny = fc.constantFrom<PolicyStatement>(
        { Sid: 'BedrockXacctDenyWithoutMfa', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } },
        { Sid: 'BedrockXacctDenyElsewhere', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } },
        { Sid: 'BedrockXacctDenyGateway', Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::111111111111:role/gateway' }, Action: 'sts:AssumeRole' }
      )
      await fc.assert(
        fc.asyncProperty(trust, deny, async (document, denied) => {
          const statements = (document.Statement as PolicyStatement[]).map((statement, i) => ({ ...statement, Sid: i === 0 ? 'BedrockXacctTrust' : `Mine${i}` }))
          const desired: PolicyDocument = { ...document, Statement: statements }
          const before: PolicyDocument = { ...document, Statement: [...statements, denied] }
          const { intended } = stillWanted(before, desired)
          expect(await newlyAdmitted(before, desired, subject, evaluator, { intended })).toEqual(await newlyAdmitted(before, desired, subject, evaluator))
          expect(await newlyAdmitted(before, intended, subject, evaluator)).toEqual([])
        }),
        { numRuns: RUNS }
      )
    },
    TIMEOUT_MS
  )
})

type Kind = 'aws' | 'service' | 'webIdentity'
