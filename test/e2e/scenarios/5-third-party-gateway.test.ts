/**
 * Scenario 5 (a third-party gateway): the caller is a role in an account we do not own (C); B's
 * role trusts exactly that role, with the ExternalId the vendor gave us. We apply only B's side
 * (no --source-profile: C's own admin grants their role sts:AssumeRole), and verify runs with the
 * vendor role's session. Break: B's admin drops the ExternalId condition while debugging — the
 * confused-deputy hole. It makes the role accept more, so there is no AWS error to explain: verify
 * fails external-id-enforced (and botocore, as the vendor, is admitted without an ExternalId too);
 * the printed fix puts the condition back without admitting anyone new.
 *
 * Accounts: B = 222222222222; C = 333333333333 (the vendor: user gw-admin 198.51.100.99, role
 * gateway-role); A of the default world is not involved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultWorld } from '../../../src/sandbox/index.js'
import { ACCOUNT_B, MODEL, SCENARIO_TIMEOUT_MS, apply, notPassing, openScenario, outcomes, printedFix, putTrust, runFix, sessionOf, trustOf, verify, widenedBy, type Keys, type Scenario } from './scenario-kit.js'

const VENDOR = '333333333333'
const VENDOR_ROLE_ARN = `arn:aws:iam::${VENDOR}:role/gateway-role`
const ROLE = 'VendorGatewayRole'
const ROLE_ARN = `arn:aws:iam::${ACCOUNT_B}:role/${ROLE}`
const EXTERNAL_ID = 'vendor-issued-external-id-3e9b'
const VENDOR_ADMIN = { accessKeyId: 'AKIASANDBOXCGWADMIN1', secretAccessKey: 'sandboxCgwAdminSecretKey000000000000000C' }
const FLAGS = ['--source-account', VENDOR, '--target-account', ACCOUNT_B, '--caller', VENDOR_ROLE_ARN, '--role-name', ROLE, '--region', 'us-east-1', '--models', MODEL, '--external-id', EXTERNAL_ID, '--use-case', 'vendor']
/** Only B is ours: consent and B's admin. */
const B_ONLY = ['--yes', '--target-profile', 'target']

let s: Scenario
let gateway: Keys

beforeAll(async () => {
  const world = defaultWorld()
  world.accounts.push({
    id: VENDOR,
    alias: 'vendor',
    users: [{ name: 'gw-admin', accessKeys: [VENDOR_ADMIN], sourceIp: '198.51.100.99', attachedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'] }],
    roles: [
      {
        name: 'gateway-role',
        trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${VENDOR}:user/gw-admin` }, Action: 'sts:AssumeRole' }] },
        // The vendor's own grant (their side of the guide), with read access for verify's simulation.
        inlinePolicies: [{ name: 'assume-customer-roles', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole', 'iam:SimulatePrincipalPolicy'], Resource: '*' }] } }]
      }
    ],
    models: {}
  })
  s = await openScenario(world)
  await apply(s, FLAGS, B_ONLY)
  gateway = await sessionOf(s, VENDOR_ADMIN, VENDOR_ROLE_ARN)
}, SCENARIO_TIMEOUT_MS)
afterAll(async () => {
  await s?.stop()
})

describe('scenario 5: third-party gateway, a role of an account we do not own, ExternalId', { timeout: SCENARIO_TIMEOUT_MS }, () => {
  it('verify, as the vendor role, passes every check; botocore as the vendor is admitted only with the ExternalId', async () => {
    const [v, live] = await Promise.all([
      verify(s, FLAGS, { keys: gateway }),
      outcomes(s, [
        { op: 'assume-role', keys: gateway, roleArn: ROLE_ARN, externalId: EXTERNAL_ID },
        { op: 'converse', keysFrom: 0, modelId: MODEL },
        { op: 'assume-role', keys: gateway, roleArn: ROLE_ARN }
      ])
    ])
    expect(notPassing(v)).toEqual({})
    expect(live).toEqual(['accepted', 'accepted', 'denied'])
  })

  it('break: the ExternalId condition dropped in B → verify fails external-id-enforced exactly, botocore is admitted without one; the printed fix restores it without widening', async () => {
    const good = await trustOf(s, ROLE)
    const loose = JSON.parse(JSON.stringify(good)) as { Statement: { Condition?: Record<string, Record<string, unknown>> }[] }
    for (const statement of loose.Statement) {
      for (const entries of Object.values(statement.Condition ?? {})) delete entries['sts:ExternalId']
      for (const [operator, entries] of Object.entries(statement.Condition ?? {})) if (Object.keys(entries).length === 0) delete statement.Condition![operator]
      if (statement.Condition && Object.keys(statement.Condition).length === 0) delete statement.Condition
    }
    await putTrust(s, ROLE, loose as typeof good)
    const [failed, live] = await Promise.all([verify(s, [...FLAGS, '--show-secrets'], { keys: gateway }), outcomes(s, [{ op: 'assume-role', keys: gateway, roleArn: ROLE_ARN }])])
    expect(live).toEqual(['accepted'])
    expect(Object.entries(notPassing(failed)).filter(([, status]) => status === 'fail')).toEqual([['external-id-enforced', 'fail']])
    const hint = failed.check('external-id-enforced').hint
    expect(hint).toMatch(/confused-deputy/)
    await runFix(s, printedFix(hint), B_ONLY)
    const [fixed, again] = await Promise.all([verify(s, FLAGS, { keys: gateway }), outcomes(s, [{ op: 'assume-role', keys: gateway, roleArn: ROLE_ARN }])])
    expect(notPassing(fixed)).toEqual({})
    expect(again).toEqual(['denied'])
    expect(await widenedBy(good, await trustOf(s, ROLE), ROLE_ARN, ACCOUNT_B)).toEqual([])
  })
})
