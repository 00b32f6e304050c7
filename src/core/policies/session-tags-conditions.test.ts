/**
 * sts:TagSession beside an ExternalId or OIDC conditions (issue 18; docs/aws-facts.md
 * sts.tag-session.conditions). AWS's service authorization reference lists no `sts:ExternalId` and
 * no OIDC claim keys for sts:TagSession, and AWS's own example trust policy for session tags grants
 * it in a statement of its own, without the ExternalId condition that guards sts:AssumeRole. The
 * evaluator (iam-simulate, which the sandbox uses too) drops keys an action does not list, so a
 * TagSession sharing the conditioned statement is never allowed. The documents must give it its own
 * statement, and that statement must not let anyone assume the role without the ExternalId.
 * Fixture accounts: A = 111111111111 (source, the caller), B = 222222222222 (target, the role).
 */
import { describe, expect, it } from 'vitest'
import { evaluateOnce } from '../evaluate.js'
import type { CallerPrincipal, Setup } from '../setup/model.js'
import { fixtureSetup } from '../../../test/helpers/setup-fixture.js'
import { buildDocuments } from './index.js'

const ROLE_CALLER: CallerPrincipal = { kind: 'role', arn: 'arn:aws:iam::111111111111:role/gateway' }
const GITHUB: CallerPrincipal = {
  kind: 'oidc',
  providerArn: 'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com',
  providerHost: 'token.actions.githubusercontent.com',
  audiences: ['sts.amazonaws.com'],
  subjects: ['repo:acme/gateway:*']
}
const EXTERNAL_ID = 'ext-tags-0001'

async function evaluate(overrides: Partial<Setup>, principal: string, action: string, context: Record<string, string | string[]>) {
  const setup = fixtureSetup({ allowSessionTags: true, ...overrides })
  const docs = buildDocuments(setup)
  return evaluateOnce({
    principal,
    action,
    resource: docs.roleArn,
    resourceAccount: setup.targetAccountId,
    context,
    identityPolicies: principal.startsWith('arn:aws:sts::') ? [] : [{ name: setup.sourcePolicyName, document: docs.sourcePolicy }],
    resourcePolicy: docs.trustPolicy
  })
}

const TAGS = { 'aws:TagKeys': ['GitHub', 'Repository'], 'aws:RequestTag/GitHub': 'Actions', 'aws:RequestTag/Repository': 'acme/gateway' }

describe('sts:TagSession with an ExternalId or OIDC conditions', () => {
  it('a role caller that sends the ExternalId may tag its session', async () => {
    const result = await evaluate({ caller: ROLE_CALLER, externalId: EXTERNAL_ID }, ROLE_CALLER.arn, 'sts:TagSession', { ...TAGS, 'sts:ExternalId': EXTERNAL_ID, 'sts:RoleSessionName': 's' })
    expect(result.allowed).toBe(true)
  })

  it('the ExternalId still guards sts:AssumeRole', async () => {
    expect((await evaluate({ caller: ROLE_CALLER, externalId: EXTERNAL_ID }, ROLE_CALLER.arn, 'sts:AssumeRole', { 'sts:RoleSessionName': 's' })).allowed).toBe(false)
    expect((await evaluate({ caller: ROLE_CALLER, externalId: EXTERNAL_ID }, ROLE_CALLER.arn, 'sts:AssumeRole', { 'sts:RoleSessionName': 's', 'sts:ExternalId': EXTERNAL_ID })).allowed).toBe(true)
  })

  it('the trust gives sts:TagSession its own statement, without the ExternalId condition', () => {
    const trust = buildDocuments(fixtureSetup({ caller: ROLE_CALLER, externalId: EXTERNAL_ID, allowSessionTags: true })).trustPolicy
    const statements = Array.isArray(trust.Statement) ? trust.Statement : [trust.Statement]
    const tag = statements.find((s) => s.Action === 'sts:TagSession')
    expect(tag?.Sid).toBe('BedrockXacctTagSession')
    expect(JSON.stringify(tag)).not.toContain('sts:ExternalId')
    expect(statements.find((s) => s.Sid === 'BedrockXacctTrust')?.Action).toBe('sts:AssumeRole')
  })

  it('a GitHub workflow (web identity) may tag its session under the same trust', async () => {
    const principal = 'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com'
    const result = await evaluate({ caller: GITHUB, externalId: undefined }, principal, 'sts:TagSession', {
      ...TAGS,
      'token.actions.githubusercontent.com:sub': 'repo:acme/gateway:ref:refs/heads/main',
      'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com'
    })
    expect(result.allowed).toBe(true)
  })
})
