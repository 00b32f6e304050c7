/**
 * `allowSessionTags`: AWS refuses an AssumeRole that passes session tags unless `sts:TagSession` is
 * allowed (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html). The trust and
 * source policies carry it only when the setup asks, and the evaluator agrees. Fixture accounts:
 * A = 111111111111 (source, the caller), B = 222222222222 (target, the role).
 */
import { describe, expect, it } from 'vitest'
import { evaluateOnce } from '../evaluate.js'
import type { PolicyStatement } from '../evaluate.js'
import type { CallerPrincipal } from '../setup/model.js'
import { fixtureSetup, type FixtureOverrides } from '../../../test/helpers/setup-fixture.js'
import { buildDocuments } from './index.js'

const ROLE_CALLER: CallerPrincipal = { kind: 'role', arn: 'arn:aws:iam::111111111111:role/gateway' }
const GITHUB: CallerPrincipal = {
  kind: 'oidc',
  providerArn: 'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com',
  providerHost: 'token.actions.githubusercontent.com',
  audiences: ['sts.amazonaws.com'],
  subjects: ['repo:acme/gateway:*']
}

const actionsOf = (doc: { Statement: PolicyStatement | PolicyStatement[] }): string[] => (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]).flatMap((s) => (Array.isArray(s.Action) ? s.Action : s.Action === undefined ? [] : [s.Action]))

describe('allowSessionTags in the documents', () => {
  it.each<[string, FixtureOverrides, string]>([
    ['account root', {}, 'sts:AssumeRole'],
    ['role caller', { caller: ROLE_CALLER }, 'sts:AssumeRole'],
    ['OIDC caller', { caller: GITHUB }, 'sts:AssumeRoleWithWebIdentity']
  ])('%s: sts:TagSession joins the assume action only when set', (_label, overrides, assume) => {
    expect(actionsOf(buildDocuments(fixtureSetup(overrides)).trustPolicy)).toEqual([assume])
    expect(actionsOf(buildDocuments(fixtureSetup({ ...overrides, allowSessionTags: false })).trustPolicy)).toEqual([assume])
    expect(actionsOf(buildDocuments(fixtureSetup({ ...overrides, allowSessionTags: true })).trustPolicy)).toEqual([assume, 'sts:TagSession'])
  })

  it("the caller's source policy allows sts:TagSession too only when set (cross-account needs both sides)", () => {
    expect(actionsOf(buildDocuments(fixtureSetup({ caller: ROLE_CALLER })).sourcePolicy)).toEqual(['sts:AssumeRole'])
    expect(actionsOf(buildDocuments(fixtureSetup({ caller: ROLE_CALLER, allowSessionTags: true })).sourcePolicy)).toEqual(['sts:AssumeRole', 'sts:TagSession'])
  })
})

describe('allowSessionTags and the evaluator', () => {
  // Setups without an ExternalId: iam-simulate only keeps the context keys iam-data lists for an
  // action, and it lists neither sts:ExternalId nor OIDC claims for sts:TagSession, so a condition
  // on them never matches a TagSession evaluation (see the report of the change that added this).
  async function tagSession(overrides: FixtureOverrides, principal: string, identity: 'source' | 'assume-only' = 'source') {
    const setup = fixtureSetup({ externalId: undefined, ...overrides })
    const docs = buildDocuments(setup)
    const own = identity === 'source' ? docs.sourcePolicy : buildDocuments(fixtureSetup({ ...overrides, allowSessionTags: false })).sourcePolicy
    return evaluateOnce({
      principal,
      action: 'sts:TagSession',
      resource: docs.roleArn,
      resourceAccount: setup.targetAccountId,
      context: { 'aws:TagKeys': ['team'], 'aws:RequestTag/team': 'ai' },
      identityPolicies: [{ name: setup.sourcePolicyName, document: own }],
      resourcePolicy: docs.trustPolicy
    })
  }

  it.each([false, true])('a role caller may tag its session only when set: %s', async (allowed) => {
    expect((await tagSession({ caller: ROLE_CALLER, allowSessionTags: allowed }, ROLE_CALLER.arn)).allowed).toBe(allowed)
  })

  it.each([false, true])('a principal of an account-root caller may tag its session only when set: %s', async (allowed) => {
    expect((await tagSession({ allowSessionTags: allowed }, 'arn:aws:iam::111111111111:role/any-proxy')).allowed).toBe(allowed)
  })

  it('the trust policy alone is not enough for a cross-account caller whose own policy lacks it', async () => {
    expect((await tagSession({ caller: ROLE_CALLER, allowSessionTags: true }, ROLE_CALLER.arn, 'assume-only')).allowed).toBe(false)
  })
})
