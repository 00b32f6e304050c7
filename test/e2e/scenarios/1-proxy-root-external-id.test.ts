/**
 * Scenario 1 (the proxy guide's base case): the role in B trusts the whole source account (its
 * root) with an ExternalId; the proxy runs as app-caller in A. Break: B's admin rotates the trust's
 * ExternalId without telling the proxy. verify fails the trust and the live AssumeRole, explain
 * (with the policies fetched) names the ExternalId, and the printed fix puts the setup's ExternalId
 * back without admitting anyone new. The AWS CLI, as app-caller, sees the same accept/deny.
 *
 * Accounts: A = 111111111111 (app-caller 203.0.113.10), B = 222222222222.
 */
import { UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ACCOUNT_A, ACCOUNT_B, MODEL, SCENARIO_TIMEOUT_MS, allowAssume, apply, awsCli, explainCauses, outcomes, notPassing, openScenario, printedFix, runFix, trustOf, verify, widenedBy, type Scenario } from './scenario-kit.js'

const ROLE = 'ProxyRootRole'
const ROLE_ARN = `arn:aws:iam::${ACCOUNT_B}:role/${ROLE}`
const EXTERNAL_ID = 'scenario1-proxy-external-id-51c3'
const FLAGS = ['--source-account', ACCOUNT_A, '--target-account', ACCOUNT_B, '--caller', 'root', '--role-name', ROLE, '--region', 'us-east-1', '--models', MODEL, '--external-id', EXTERNAL_ID, '--use-case', 'proxy1']

let s: Scenario

beforeAll(async () => {
  s = await openScenario()
  await apply(s, FLAGS)
  // A root trust names no principal of A, so apply has no one to give the source policy to: A's admin
  // gives it to the proxy's identity, as NEXT-STEPS says.
  await allowAssume(s, { kind: 'user', name: 'app-caller' }, ROLE_ARN)
}, SCENARIO_TIMEOUT_MS)
afterAll(async () => {
  await s?.stop()
})

describe('scenario 1: proxy, account-root trust, ExternalId', { timeout: SCENARIO_TIMEOUT_MS }, () => {
  it('verify passes every check; the AWS CLI as the proxy is admitted with the ExternalId and refused without it', async () => {
    const caller = s.sandbox.principals.sourceCaller
    const [v, live, typed] = await Promise.all([
      verify(s, FLAGS),
      outcomes(s, [
        { op: 'assume-role', keys: caller, roleArn: ROLE_ARN, externalId: EXTERNAL_ID },
        { op: 'converse', keysFrom: 0, modelId: MODEL },
        { op: 'assume-role', keys: caller, roleArn: ROLE_ARN },
        { op: 'assume-role', keys: caller, roleArn: ROLE_ARN, externalId: `${EXTERNAL_ID}x` }
      ]),
      awsCli(s, ['sts', 'assume-role', '--role-arn', ROLE_ARN, '--role-session-name', 'typed-by-a-user'], caller)
    ])
    expect(notPassing(v)).toEqual({})
    expect(v.run.code).toBe(0)
    expect(live).toEqual(['accepted', 'accepted', 'denied', 'denied'])
    // The aws command a user would type, without the ExternalId: refused, as verify's probe was.
    expect(typed.code).not.toBe(0)
    expect(typed.stderr).toMatch(/An error occurred \(AccessDenied\) when calling the AssumeRole operation/)
  })

  it('break: the trust ExternalId rotated in B only → trust and AssumeRole fail, explain names the ExternalId, the printed fix restores it without widening', async () => {
    const good = await trustOf(s, ROLE)
    const rotated = JSON.parse(JSON.stringify(good).split(EXTERNAL_ID).join('rotated-by-b-without-telling-9a7e')) as typeof good
    await s.sandbox.iam(s.sandbox.principals.targetAdmin).send(new UpdateAssumeRolePolicyCommand({ RoleName: ROLE, PolicyDocument: JSON.stringify(rotated) }))

    const failed = await verify(s, [...FLAGS, '--show-secrets'])
    expect(Object.entries(notPassing(failed)).filter(([, status]) => status === 'fail')).toEqual([
      ['trust-includes-source', 'fail'],
      ['assume-role', 'fail']
    ])
    expect(failed.run.code).toBe(1)
    const hint = failed.check('trust-includes-source').hint!
    expect(hint).toMatch(/requires a different sts:ExternalId/)
    expect(await outcomes(s, [{ op: 'assume-role', keys: s.sandbox.principals.sourceCaller, roleArn: ROLE_ARN, externalId: EXTERNAL_ID }])).toEqual(['denied'])

    const denial = (failed.check('assume-role').evidence as string[])[0]!
    const explained = await explainCauses(s, denial.replace(/^sts AssumeRole: AccessDenied \(HTTP 403\): /, ''), ['--fetch', '--target-profile', 'target', '--external-id', EXTERNAL_ID])
    expect(explained.causes[0]).toBe('external-id-wrong')

    await runFix(s, printedFix(hint))
    const [fixed, live] = await Promise.all([verify(s, FLAGS), outcomes(s, [{ op: 'assume-role', keys: s.sandbox.principals.sourceCaller, roleArn: ROLE_ARN, externalId: EXTERNAL_ID }])])
    expect(notPassing(fixed)).toEqual({})
    expect(live).toEqual(['accepted'])
    expect(await widenedBy(good, await trustOf(s, ROLE), ROLE_ARN, ACCOUNT_B)).toEqual([])
  })
})
