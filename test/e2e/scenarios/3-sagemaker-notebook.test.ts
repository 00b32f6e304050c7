/**
 * Scenario 3 (the SageMaker guide): ONE trust for three service principals (sagemaker, events,
 * bedrock) AND a role of the source account (the notebook's execution role). It needs several
 * callers per setup: `--caller` is repeatable, and none is dropped (issue 16).
 *
 * Accounts: A = 111111111111 (role notebook-role, assumed by user app-caller at 203.0.113.10),
 * B = 222222222222.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultWorld } from '../../../src/sandbox/index.js'
import { ACCOUNT_A, ACCOUNT_B, MODEL, SCENARIO_TIMEOUT_MS, apply, notPassing, openScenario, outcomes, printedFix, putTrust, runFix, sessionOf, trustOf, verify, widenedBy, type Keys, type Scenario } from './scenario-kit.js'

const ROLE = 'NotebookRole'
const ROLE_ARN = `arn:aws:iam::${ACCOUNT_B}:role/${ROLE}`
const NOTEBOOK_ROLE_ARN = `arn:aws:iam::${ACCOUNT_A}:role/notebook-role`
const EXTERNAL_ID = 'scenario3-notebook-external-id-5a1c'
const SERVICES = ['sagemaker.amazonaws.com', 'events.amazonaws.com', 'bedrock.amazonaws.com']
const FLAGS = [
  '--source-account',
  ACCOUNT_A,
  '--target-account',
  ACCOUNT_B,
  '--caller',
  `service:${SERVICES.join(',')}`,
  '--caller',
  NOTEBOOK_ROLE_ARN,
  '--role-name',
  ROLE,
  '--region',
  'us-east-1',
  '--models',
  MODEL,
  '--external-id',
  EXTERNAL_ID,
  '--use-case',
  'notebook'
]

describe('scenario 3: SageMaker notebook, service principals and a role of A in one trust', { timeout: SCENARIO_TIMEOUT_MS }, () => {
  let s: Scenario
  let notebook: Keys

  beforeAll(async () => {
    const world = defaultWorld()
    world.accounts
      .find((account) => account.id === ACCOUNT_A)!
      .roles.push({ name: 'notebook-role', trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_A}:user/app-caller` }, Action: 'sts:AssumeRole' }] } })
    s = await openScenario(world)
    await apply(s, FLAGS)
    notebook = await sessionOf(s, s.sandbox.principals.sourceCaller, NOTEBOOK_ROLE_ARN)
  }, SCENARIO_TIMEOUT_MS)
  afterAll(async () => {
    await s?.stop()
  })

  it('one trust names the three services and the notebook role; verify as the notebook role passes; botocore agrees', async () => {
    const trust = JSON.stringify(await trustOf(s, ROLE))
    for (const principal of [...SERVICES, NOTEBOOK_ROLE_ARN]) expect(trust).toContain(principal)
    const [v, live] = await Promise.all([
      verify(s, FLAGS, { keys: notebook }),
      outcomes(s, [
        { op: 'assume-role', keys: notebook, roleArn: ROLE_ARN, externalId: EXTERNAL_ID },
        { op: 'converse', keysFrom: 0, modelId: MODEL }
      ])
    ])
    expect(Object.values(notPassing(v))).not.toContain('fail')
    expect(v.statuses['assume-role']).toBe('pass')
    expect(live).toEqual(['accepted', 'accepted'])
  })

  it('break: the notebook role dropped from the trust → the trust and AssumeRole fail; the printed fix puts it back and keeps the services', async () => {
    const good = await trustOf(s, ROLE)
    // Someone deletes the statement that admits the notebook role; the services' statement stays.
    await putTrust(s, ROLE, { ...good, Statement: [good.Statement].flat().filter((statement) => !JSON.stringify(statement.Principal ?? {}).includes(NOTEBOOK_ROLE_ARN)) })
    const failed = await verify(s, [...FLAGS, '--show-secrets'], { keys: notebook })
    expect(Object.entries(notPassing(failed)).filter(([, status]) => status === 'fail')).toEqual([
      ['trust-includes-source', 'fail'],
      ['assume-role', 'fail']
    ])
    await runFix(s, printedFix(failed.check('trust-includes-source').hint))
    expect(Object.values(notPassing(await verify(s, FLAGS, { keys: notebook })))).not.toContain('fail')
    const fixed = await trustOf(s, ROLE)
    for (const principal of SERVICES) expect(JSON.stringify(fixed)).toContain(principal)
    expect(await widenedBy(good, fixed, ROLE_ARN, ACCOUNT_B)).toEqual([])
  })
})
