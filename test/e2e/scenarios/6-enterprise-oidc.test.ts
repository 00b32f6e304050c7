/**
 * Scenario 6 (the enterprise guide): an OIDC workload assumes B's role with
 * AssumeRoleWithWebIdentity; the trust requires the token's `aud` and a `sub` pattern. verify
 * assumes with the token (--web-identity-token-file, or AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN
 * as the SDK reads them), judges the trust for the provider and the token's claims, and a token with
 * another `sub` or `aud` is refused — by verify, and by the AWS CLI against the same sandbox.
 * Tokens are minted here with the provider's HS256 secret (src/sandbox/worlds/default-world.ts).
 *
 * Accounts: A = 111111111111 (source; no principal of A takes part), B = 222222222222 (role, models,
 * OIDC provider token.actions.githubusercontent.com accepting audiences sts.amazonaws.com and
 * other-client).
 */
import { SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultWorld } from '../../../src/sandbox/index.js'
import { GITHUB_OIDC_HOST, GITHUB_OIDC_SIGNING_SECRET } from '../../helpers/sandbox.js'
import { UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam'
import { ACCOUNT_A, ACCOUNT_B, MODEL, SCENARIO_TIMEOUT_MS, apply, explainCauses, outcomes, notPassing, openScenario, printedFix, runFix, trustOf, verify, widenedBy, writeScenarioFile, type Scenario } from './scenario-kit.js'

const ROLE = 'OidcScenarioRole'
const ROLE_ARN = `arn:aws:iam::${ACCOUNT_B}:role/${ROLE}`
const SUB = 'repo:acme/gateway:ref:refs/heads/main'
const FLAGS = ['--source-account', ACCOUNT_A, '--target-account', ACCOUNT_B, '--caller', `oidc:${GITHUB_OIDC_HOST}`, '--oidc-subject', 'repo:acme/gateway:*', '--role-name', ROLE, '--region', 'us-east-1', '--models', MODEL, '--use-case', 'oidc']

let s: Scenario
let good: Awaited<ReturnType<typeof trustOf>>

function token(claims: { sub?: string; aud?: string; groups?: string[] } = {}): Promise<string> {
  return new SignJWT(claims.groups ? { groups: claims.groups } : {})
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(`https://${GITHUB_OIDC_HOST}`)
    .setSubject(claims.sub ?? SUB)
    .setAudience(claims.aud ?? 'sts.amazonaws.com')
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode(GITHUB_OIDC_SIGNING_SECRET))
}

beforeAll(async () => {
  const world = defaultWorld()
  world.accounts.find((a) => a.id === ACCOUNT_B)!.oidcProviders![0]!.audiences.push('other-client')
  s = await openScenario(world)
  await apply(s, FLAGS)
  good = await trustOf(s, ROLE)
}, SCENARIO_TIMEOUT_MS)
afterAll(async () => {
  await s?.stop()
})

describe('scenario 6: enterprise OIDC (AssumeRoleWithWebIdentity)', { timeout: SCENARIO_TIMEOUT_MS }, () => {
  it('verify assumes with --web-identity-token-file and passes everything a web identity caller can prove; the AWS CLI agrees', async () => {
    const jwt = await token()
    const file = await writeScenarioFile(s, 'token.jwt', jwt)
    const [v, live] = await Promise.all([
      verify(s, [...FLAGS, '--web-identity-token-file', file]),
      outcomes(s, [
        { op: 'assume-role-with-web-identity', roleArn: ROLE_ARN, token: jwt },
        { op: 'converse', keysFrom: 0, modelId: MODEL }
      ])
    ])
    expect(notPassing(v)).toEqual({})
    expect(v.run.code).toBe(0)
    expect(live).toEqual(['accepted', 'accepted'])
    expect(v.check('assume-role').evidence).toMatchObject({ operation: 'AssumeRoleWithWebIdentity', assumedRoleArn: expect.stringContaining(`:assumed-role/${ROLE}/bedrock-xacct-verify-`), subject: SUB })
    expect(v.check('trust-includes-source').evidence).toMatchObject({ caller: `arn:aws:iam::${ACCOUNT_B}:oidc-provider/${GITHUB_OIDC_HOST}` })
    expect(JSON.stringify(v.check('external-id-enforced').evidence)).toMatch(/another sub .*refused.*another aud .*refused/)
    expect(v.run.stdout + v.run.stderr).not.toContain(jwt)
  })

  it('reads AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN as the SDK does; an AWS_ROLE_ARN of another role is bad input', async () => {
    const file = await writeScenarioFile(s, 'env-token.jwt', await token())
    const v = await verify(s, FLAGS, { extraEnv: { AWS_WEB_IDENTITY_TOKEN_FILE: file, AWS_ROLE_ARN: ROLE_ARN } })
    expect(notPassing(v)).toEqual({})
    expect(v.check('assume-role').evidence).toMatchObject({ token: `AWS_WEB_IDENTITY_TOKEN_FILE (${file})` })
    const wrong = await s.cli(['verify', ...FLAGS, '--target-profile', 'target'], { extraEnv: { AWS_WEB_IDENTITY_TOKEN_FILE: file, AWS_ROLE_ARN: `arn:aws:iam::${ACCOUNT_B}:role/SomeoneElse` } })
    expect(wrong.code).toBe(2)
    expect(wrong.stderr).toMatch(/AWS_ROLE_ARN .*role\/SomeoneElse.* is invalid/)
  })

  it('without a token, reports the live call as not made (skipped, with why), never as denied', async () => {
    const v = await verify(s, FLAGS)
    expect(v.statuses['assume-role']).toBe('skip')
    expect(JSON.stringify(v.check('assume-role').evidence)).toMatch(/AssumeRoleWithWebIdentity was not called/)
    // What the checks say (titles are the checklist's fixed wording): no call was made, so none was denied.
    const said = v.report.setups[0]!.checks.map((c) => JSON.stringify({ evidence: c.evidence, hint: c.hint }))
    expect(said.filter((text) => /denied/i.test(text))).toEqual([])
    expect(Object.values(v.statuses)).not.toContain('fail')
  })

  it.each([
    ['another sub', { sub: 'repo:evil/fork:ref:refs/heads/main' }],
    ['another aud (one the provider accepts, the trust does not)', { aud: 'other-client' }]
  ])('a token with %s is refused: verify fails the trust and the live call, the AWS CLI is denied too', async (_label, claims) => {
    const jwt = await token(claims)
    const file = await writeScenarioFile(s, 'other.jwt', jwt)
    const [v, live] = await Promise.all([verify(s, [...FLAGS, '--web-identity-token-file', file]), outcomes(s, [{ op: 'assume-role-with-web-identity', roleArn: ROLE_ARN, token: jwt }])])
    expect(live).toEqual(['denied'])
    expect(Object.entries(notPassing(v)).filter(([, status]) => status === 'fail')).toEqual([
      ['trust-includes-source', 'fail'],
      ['assume-role', 'fail']
    ])
    expect(v.run.code).toBe(1)
    expect(v.check('assume-role').hint).toMatch(/trust policy refuses the token/)
  })

  it('a groups condition AWS does not evaluate for this provider: the static trust admits the token, STS refuses it, and verify reports the disagreement (botocore is refused too)', async () => {
    const groupsRole = 'OidcGroupsRole'
    const flags = [...FLAGS.map((f) => (f === ROLE ? groupsRole : f === 'oidc' ? 'oidcgroups' : f)), '--oidc-group', 'team-ai-*']
    await apply(s, flags)
    const jwt = await token({ groups: ['team-ai-chat'] })
    const file = await writeScenarioFile(s, 'groups.jwt', jwt)
    const [v, live] = await Promise.all([verify(s, [...flags, '--web-identity-token-file', file]), outcomes(s, [{ op: 'assume-role-with-web-identity', roleArn: `arn:aws:iam::${ACCOUNT_B}:role/${groupsRole}`, token: jwt }])])
    expect(live).toEqual(['denied'])
    expect(v.statuses['trust-includes-source']).toBe('pass')
    expect(v.statuses['assume-role']).toBe('fail')
    expect(JSON.stringify(v.check('assume-role').evidence)).toMatch(/admits this token when evaluated with its claims .*groups.*yet STS refused it/)
  })

  it('break: the sub pattern narrowed to another repo → verify fails the trust and the live call, explain names the trust, the printed fix restores it without widening', async () => {
    const file = await writeScenarioFile(s, 'token.jwt', await token())
    const broken = JSON.parse(JSON.stringify(good).replace('repo:acme/gateway:*', 'repo:acme/renamed-gateway:*')) as typeof good
    await s.sandbox.iam(s.sandbox.principals.targetAdmin).send(new UpdateAssumeRolePolicyCommand({ RoleName: ROLE, PolicyDocument: JSON.stringify(broken) }))
    const failed = await verify(s, [...FLAGS, '--web-identity-token-file', file])
    expect(Object.entries(notPassing(failed)).filter(([, status]) => status === 'fail')).toEqual([
      ['trust-includes-source', 'fail'],
      ['assume-role', 'fail']
    ])
    const trustHint = failed.check('trust-includes-source').hint
    expect(trustHint).toMatch(/sub/)
    const denial = (failed.check('assume-role').evidence as string[])[0]!
    expect(denial).toMatch(/Not authorized to perform sts:AssumeRoleWithWebIdentity/)
    const explained = await explainCauses(s, 'An error occurred (AccessDenied) when calling the AssumeRoleWithWebIdentity operation: Not authorized to perform sts:AssumeRoleWithWebIdentity', ['--role-arn', ROLE_ARN])
    expect(explained.causes.some((cause) => cause.startsWith('trust-'))).toBe(true)
    await runFix(s, printedFix(trustHint))
    const fixed = await verify(s, [...FLAGS, '--web-identity-token-file', file])
    expect(notPassing(fixed)).toEqual({})
    expect(await widenedBy(good, await trustOf(s, ROLE), ROLE_ARN, ACCOUNT_B)).toEqual([])
  })

  it('break: the sub condition removed (any workload of the provider) → verify fails external-id-enforced: another sub is admitted', async () => {
    const file = await writeScenarioFile(s, 'token.jwt', await token())
    const loose = JSON.parse(JSON.stringify(good)) as { Statement: { Condition: Record<string, Record<string, unknown>> }[] }
    for (const statement of loose.Statement) delete statement.Condition.StringLike
    await s.sandbox.iam(s.sandbox.principals.targetAdmin).send(new UpdateAssumeRolePolicyCommand({ RoleName: ROLE, PolicyDocument: JSON.stringify(loose) }))
    const failed = await verify(s, [...FLAGS, '--web-identity-token-file', file])
    expect(Object.entries(notPassing(failed)).filter(([, status]) => status === 'fail')).toEqual([['external-id-enforced', 'fail']])
    expect(failed.check('external-id-enforced').hint).toMatch(/admits a token with another sub/)
    expect(await outcomes(s, [{ op: 'assume-role-with-web-identity', roleArn: ROLE_ARN, token: await token({ sub: 'repo:evil/fork:ref:refs/heads/main' }) }])).toEqual(['accepted'])
    await runFix(s, printedFix(failed.check('external-id-enforced').hint))
    expect(notPassing(await verify(s, [...FLAGS, '--web-identity-token-file', file]))).toEqual({})
    expect(await widenedBy(good, await trustOf(s, ROLE), ROLE_ARN, ACCOUNT_B)).toEqual([])
  })
})
