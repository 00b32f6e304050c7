/**
 * Scenario 2 (the proxy guide, hardened): B's role trusts exactly one ECS task role of A, with an
 * ExternalId, and both the trust and the Bedrock permissions are limited to the proxy's public
 * CIDR. verify runs with the task role's session credentials. Break: someone narrows the model in
 * the permissions policy. verify fails the permissions check and Converse, explain (policies
 * fetched) names the permissions policy, and the printed fix restores the model without touching
 * the trust. botocore, as the task, sees the same AssumeRole and Converse outcomes.
 *
 * Accounts: A = 111111111111 (role ecs-task-role, assumed by user ecs-agent at 203.0.113.40, the
 * "ECS agent"), B = 222222222222.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultWorld } from '../../../src/sandbox/index.js'
import { ACCOUNT_A, ACCOUNT_B, MODEL, SCENARIO_TIMEOUT_MS, apply, editPermissions, explainCauses, notPassing, openScenario, outcomes, printedFix, runFix, sessionOf, trustOf, verify, widenedBy, type Keys, type Scenario } from './scenario-kit.js'

const ROLE = 'ProxyTaskRole'
const ROLE_ARN = `arn:aws:iam::${ACCOUNT_B}:role/${ROLE}`
const TASK_ROLE_ARN = `arn:aws:iam::${ACCOUNT_A}:role/ecs-task-role`
const EXTERNAL_ID = 'scenario2-ecs-external-id-0c41'
const AGENT_KEYS = { accessKeyId: 'AKIASANDBOXAECSAGENT', secretAccessKey: 'sandboxAecsAgentSecretKey00000000000000A' }
const FLAGS = [
  '--source-account',
  ACCOUNT_A,
  '--target-account',
  ACCOUNT_B,
  '--caller',
  TASK_ROLE_ARN,
  '--role-name',
  ROLE,
  '--region',
  'us-east-1',
  '--models',
  MODEL,
  '--external-id',
  EXTERNAL_ID,
  '--source-ip',
  '203.0.113.32/28',
  '--use-case',
  'proxy2'
]
const NARROWED_TO = 'amazon.nova-micro-v1:0'

let s: Scenario
let task: Keys

beforeAll(async () => {
  const world = defaultWorld()
  const a = world.accounts.find((account) => account.id === ACCOUNT_A)!
  a.users.push({
    name: 'ecs-agent',
    accessKeys: [AGENT_KEYS],
    sourceIp: '203.0.113.40',
    inlinePolicies: [{ name: 'run-task', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: TASK_ROLE_ARN }] } }]
  })
  a.roles.push({ name: 'ecs-task-role', trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_A}:user/ecs-agent` }, Action: 'sts:AssumeRole' }] } })
  s = await openScenario(world)
  await apply(s, FLAGS)
  task = await sessionOf(s, AGENT_KEYS, TASK_ROLE_ARN)
}, SCENARIO_TIMEOUT_MS)
afterAll(async () => {
  await s?.stop()
})

describe('scenario 2: proxy trusting one ECS task role, ExternalId, IP allow-list in trust and permissions', { timeout: SCENARIO_TIMEOUT_MS }, () => {
  it('verify, as the task role, passes every check; botocore as the task agrees', async () => {
    const [v, live] = await Promise.all([
      verify(s, FLAGS, { keys: task }),
      outcomes(s, [
        { op: 'assume-role', keys: task, roleArn: ROLE_ARN, externalId: EXTERNAL_ID },
        { op: 'converse', keysFrom: 0, modelId: MODEL },
        { op: 'assume-role', keys: task, roleArn: ROLE_ARN }
      ])
    ])
    expect(notPassing(v)).toEqual({})
    expect(live).toEqual(['accepted', 'accepted', 'denied'])
  })

  it('break: the model narrowed in the permissions policy → role-allows-bedrock and converse fail, explain names the permissions policy, the printed fix restores it', async () => {
    const good = await trustOf(s, ROLE)
    await editPermissions(s, ROLE, (text) => text.split(MODEL).join(NARROWED_TO))
    const [failed, live] = await Promise.all([
      verify(s, [...FLAGS, '--show-secrets'], { keys: task }),
      outcomes(s, [
        { op: 'assume-role', keys: task, roleArn: ROLE_ARN, externalId: EXTERNAL_ID },
        { op: 'converse', keysFrom: 0, modelId: MODEL }
      ])
    ])
    expect(live).toEqual(['accepted', 'denied'])
    expect(Object.entries(notPassing(failed)).filter(([, status]) => status === 'fail')).toEqual([
      ['role-allows-bedrock', 'fail'],
      ['converse', 'fail']
    ])
    const converse = failed.check('converse')
    expect(converse.hint).toMatch(/does not allow bedrock:InvokeModel/)
    const denial = String((converse.evidence as { failed: { error: string } }).failed.error).replace(/^bedrock Converse: \w+ \(HTTP 403\): /, '')
    const explained = await explainCauses(s, denial, ['--fetch', '--target-profile', 'target', '--source-ip', '203.0.113.40'])
    expect(explained.causes[0]).toBe('identity-policy-missing-bedrock')

    await runFix(s, printedFix(converse.hint))
    const [fixed, again] = await Promise.all([
      verify(s, FLAGS, { keys: task }),
      outcomes(s, [
        { op: 'assume-role', keys: task, roleArn: ROLE_ARN, externalId: EXTERNAL_ID },
        { op: 'converse', keysFrom: 0, modelId: MODEL }
      ])
    ])
    expect(notPassing(fixed)).toEqual({})
    expect(again).toEqual(['accepted', 'accepted'])
    expect(await widenedBy(good, await trustOf(s, ROLE), ROLE_ARN, ACCOUNT_B)).toEqual([])
  })
})
