/**
 * Properties of the policy builders over WIDE generated setups (issue 8), extending
 * src/core/self-check.property.test.ts (fixed names, aws partition, few models) to every
 * partition, generated role names and paths, callers, long ExternalIds and long CIDR lists:
 *  - every setup builds documents that are plain JSON, `2012-10-17`, within IAM's size quotas —
 *    or is refused with the one-line input error (exit 2) naming the quota;
 *  - the self-check passes (the evaluator allows what was asked, denies its own wrong cases);
 *  - independently of the self-check: a generated model that is not in the setup, other services'
 *    actions, and AssumeRole of any other role (other name, or same name in another account) are
 *    denied; the source policy allows AssumeRole on exactly the setup's role.
 * Source account A and target account B are generated (distinct 12-digit ids).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PARTITIONS, type Partition } from '../arn.js'
import { XacctError } from '../errors.js'
import { createEvaluator, type EvaluationRequest, type PolicyDocument } from '../evaluate.js'
import { addressInside } from '../ip.js'
import { KNOWN_MODELS, foundationModelArn } from '../models.js'
import { REGIONS } from '../regions.js'
import { selfCheck } from '../self-check.js'
import type { CallerPrincipal, Setup } from '../setup/model.js'
import { EXTERNAL_ID_PATTERN } from '../setup/validators.js'
import { fixtureSetup } from '../../../test/helpers/setup-fixture.js'
import { INVOKE_ACTION, MANAGED_POLICY_MAX_CHARS, ROLE_INLINE_POLICY_MAX_CHARS, TRUST_POLICY_MAX_CHARS, buildDocuments, policySize } from './index.js'

const iamName = fc.stringMatching(/^[\w+=,.@-]{1,64}$/)
const iamPath = fc.oneof(
  fc.constant('/'),
  fc.array(fc.stringMatching(/^[A-Za-z0-9_-]{1,10}$/), { minLength: 1, maxLength: 3 }).map((s) => `/${s.join('/')}/`)
)
const accountPair = fc.tuple(fc.stringMatching(/^\d{12}$/), fc.stringMatching(/^\d{12}$/)).filter(([a, b]) => a !== b)

/** Public ranges (documentation and AWS-owned), enough of them to overflow the trust policy quota. */
const PUBLIC_CIDRS = [
  '203.0.113.0/24',
  '198.51.100.0/24',
  '192.0.2.0/24',
  '52.94.0.0/16',
  '54.239.0.0/17',
  '3.5.140.0/22',
  '13.248.96.0/19',
  '15.177.0.0/18',
  '18.34.0.0/19',
  '35.71.64.0/22',
  '44.192.0.0/11',
  '99.77.128.0/18',
  '2001:db8::/32',
  '2600:1f00::/24',
  '2a05:d000::/25',
  '2406:da00::/24'
]

/** Models per partition: ids, system profiles of every geography, an application profile. */
function modelsOf(partition: Partition, region: string, target: string): string[] {
  const ids = KNOWN_MODELS.map((m) => m.modelId)
  const profiles = ['us', 'eu', 'apac', 'jp', 'au', 'ca', 'us-gov', 'global'].map((geo) => `${geo}.anthropic.claude-sonnet-4-20250514-v1:0`)
  return [...ids, ...profiles, `arn:${partition}:bedrock:${region}:${target}:application-inference-profile/a1b2c3d4e5f6`]
}

function callerOf(partition: Partition, source: string, target: string): fc.Arbitrary<CallerPrincipal> {
  return fc.oneof(
    fc.constant<CallerPrincipal>({ kind: 'account' }),
    fc.tuple(iamPath, iamName).map<CallerPrincipal>(([path, name]) => ({ kind: 'role', arn: `arn:${partition}:iam::${source}:role${path}${name}` })),
    fc.tuple(iamPath, iamName).map<CallerPrincipal>(([path, name]) => ({ kind: 'user', arn: `arn:${partition}:iam::${source}:user${path}${name}` })),
    fc.subarray(['sagemaker.amazonaws.com', 'lambda.amazonaws.com', 'ecs-tasks.amazonaws.com'], { minLength: 1 }).map<CallerPrincipal>((services) => ({ kind: 'service', services })),
    fc.array(fc.stringMatching(/^repo:[a-z0-9-]{1,20}\/[a-z0-9-]{1,20}:(\*|ref:refs\/heads\/main)$/), { minLength: 1, maxLength: 40, size: 'max' }).map<CallerPrincipal>((subjects) => ({
      kind: 'oidc',
      providerArn: `arn:${partition}:iam::${target}:oidc-provider/token.actions.githubusercontent.com`,
      providerHost: 'token.actions.githubusercontent.com',
      audiences: ['sts.amazonaws.com'],
      subjects
    }))
  )
}

const setups: fc.Arbitrary<Setup> = fc
  .tuple(fc.constantFrom(...PARTITIONS), accountPair)
  .chain(([partition, [source, target]]) =>
    fc.constantFrom(...REGIONS[partition]).chain((region) =>
      fc.record({
        partition: fc.constant(partition),
        sourceAccountId: fc.constant(source),
        targetAccountId: fc.constant(target),
        region: fc.constant(region),
        callers: callerOf(partition, source, target).map((caller) => [caller]),
        roleName: iamName,
        rolePath: iamPath,
        models: fc.subarray(modelsOf(partition, region, target), { minLength: 1, maxLength: 8 }),
        // Short ones, and long ones that with many CIDRs or subjects push the trust policy past its quota.
        externalId: fc.option(
          fc.oneof(
            fc.stringMatching(/^[\w+=,.@:/-]{2,64}$/),
            fc.integer({ min: 600, max: 1224 }).map((n) => 'e'.repeat(n))
          ),
          { nil: undefined }
        ),
        sourceIpCidrs: fc.subarray(PUBLIC_CIDRS, { maxLength: 16 }),
        marketplace: fc.boolean(),
        streaming: fc.boolean(),
        cloudTrailLookup: fc.boolean()
      })
    )
  )
  .map((fields) => fixtureSetup(fields))

/** A model id no setup chooses: a provider and name that Bedrock does not have. */
const unchosenModel = fc.stringMatching(/^[a-z]{3,8}$/).map((word) => `propertytest.${word}-unchosen-v1:0`)

function isPlainJson(document: PolicyDocument): boolean {
  return JSON.stringify(JSON.parse(JSON.stringify(document))) === JSON.stringify(document) && JSON.stringify(document) !== undefined
}

const RUNS = 60

describe('policy builders over generated setups (property)', () => {
  const evaluator = createEvaluator()

  it('valid JSON within IAM quotas (or one exit-2 refusal); self-check passes; unchosen models, other actions and other roles are denied', async () => {
    let built = 0
    let refused = 0
    await fc.assert(
      fc.asyncProperty(setups, unchosenModel, iamName, async (setup, unchosen, otherRoleName) => {
        expect(setup.externalId === undefined || EXTERNAL_ID_PATTERN.test(setup.externalId)).toBe(true)
        let docs: ReturnType<typeof buildDocuments>
        try {
          docs = buildDocuments(setup)
        } catch (error) {
          if (!(error instanceof XacctError)) throw error
          expect(error.exitCode).toBe(2)
          expect(error.message).not.toContain('\n')
          refused++
          return
        }
        built++
        for (const document of [docs.trustPolicy, docs.permissionsPolicy, docs.sourcePolicy]) {
          expect(isPlainJson(document)).toBe(true)
          expect(document.Version).toBe('2012-10-17')
        }
        expect(policySize(docs.trustPolicy)).toBeLessThanOrEqual(TRUST_POLICY_MAX_CHARS)
        expect(policySize(docs.permissionsPolicy)).toBeLessThanOrEqual(ROLE_INLINE_POLICY_MAX_CHARS)
        expect(policySize(docs.sourcePolicy)).toBeLessThanOrEqual(MANAGED_POLICY_MAX_CHARS)

        const report = await selfCheck(setup, docs, evaluator)
        expect(report.cases.filter((c) => !c.ok)).toEqual([])

        // The role's session: a model not in the setup, and other services' actions, are denied.
        const p = setup.partition
        const session = `arn:${p}:sts::${setup.targetAccountId}:assumed-role/${setup.roleName}/property-test`
        const context = { 'aws:RequestedRegion': setup.region, 'aws:SourceIp': addressInside(setup.sourceIpCidrs) ?? '198.51.100.10' }
        const asRole = (action: string, resource: string): EvaluationRequest => ({
          principal: session,
          action,
          resource,
          resourceAccount: setup.targetAccountId,
          context,
          identityPolicies: [{ name: setup.permissionsPolicyName, document: docs.permissionsPolicy }]
        })
        const denied = [
          asRole(INVOKE_ACTION, foundationModelArn(p, setup.region, unchosen)),
          asRole('s3:GetObject', `arn:${p}:s3:::property-test-bucket/key`),
          asRole('iam:CreateRole', `arn:${p}:iam::${setup.targetAccountId}:role/${otherRoleName}`),
          asRole('iam:PassRole', `arn:${p}:iam::${setup.targetAccountId}:role/${otherRoleName}`),
          asRole('sts:AssumeRole', `arn:${p}:iam::${setup.targetAccountId}:role/${otherRoleName}`)
        ]
        for (const request of denied) expect((await evaluator.evaluate(request)).allowed, `${request.action} ${request.resource}`).toBe(false)

        // The source policy: AssumeRole on exactly this role. A trust policy that admits the caller
        // isolates the source policy's decision.
        const first = setup.callers[0]!
        if (first.kind === 'service' || first.kind === 'oidc') return
        const caller = first.kind === 'account' ? `arn:${p}:iam::${setup.sourceAccountId}:role/any-caller` : first.arn
        const admitsCaller: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: caller }, Action: 'sts:AssumeRole' }] }
        const assume = (resource: string, resourceAccount: string): EvaluationRequest => ({
          principal: caller,
          action: 'sts:AssumeRole',
          resource,
          resourceAccount,
          context: {},
          identityPolicies: [{ name: setup.sourcePolicyName, document: docs.sourcePolicy }],
          resourcePolicy: admitsCaller
        })
        const otherAccount = setup.sourceAccountId === '999999999999' || setup.targetAccountId === '999999999999' ? '888888888888' : '999999999999'
        expect((await evaluator.evaluate(assume(docs.roleArn, setup.targetAccountId))).allowed).toBe(true)
        if (otherRoleName !== setup.roleName) {
          expect((await evaluator.evaluate(assume(docs.roleArn.replace(/[^/]+$/, otherRoleName), setup.targetAccountId))).allowed).toBe(false)
        }
        expect((await evaluator.evaluate(assume(docs.roleArn.replace(setup.targetAccountId, otherAccount), otherAccount))).allowed).toBe(false)
      }),
      { numRuns: RUNS }
    )
    // Both outcomes must be reached, or the property says little about one of them.
    expect(built).toBeGreaterThan(RUNS / 4)
    expect(refused + built).toBe(RUNS)
  }, 120_000)

  it('long trust policies (many OIDC subjects, CIDRs, a long ExternalId): within 2,048 characters, or refused naming the quota', () => {
    let built = 0
    let refused = 0
    const bigTrust = fc.record({
      subjects: fc.integer({ min: 1, max: 80 }).map((n) => Array.from({ length: n }, (_, i) => `repo:acme-org/service-${i}:ref:refs/heads/main`)),
      sourceIpCidrs: fc.subarray(PUBLIC_CIDRS),
      oidc: fc.boolean(),
      externalId: fc.integer({ min: 2, max: 1224 }).map((n) => 'x'.repeat(n))
    })
    fc.assert(
      fc.property(bigTrust, ({ subjects, sourceIpCidrs, oidc, externalId }) => {
        const caller: CallerPrincipal = oidc
          ? { kind: 'oidc', providerArn: 'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com', providerHost: 'token.actions.githubusercontent.com', audiences: ['sts.amazonaws.com'], subjects }
          : { kind: 'account' }
        try {
          const docs = buildDocuments(fixtureSetup({ caller, sourceIpCidrs, externalId }))
          expect(policySize(docs.trustPolicy)).toBeLessThanOrEqual(TRUST_POLICY_MAX_CHARS)
          built++
        } catch (error) {
          if (!(error instanceof XacctError)) throw error
          expect(error.exitCode).toBe(2)
          expect(error.message).toMatch(/^trust policy "\d+ characters" is invalid: expected at most 2048 characters/)
          refused++
        }
      }),
      { numRuns: 500 }
    )
    expect(built).toBeGreaterThan(50)
    expect(refused).toBeGreaterThan(50)
  })
})
