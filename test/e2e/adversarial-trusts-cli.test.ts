/**
 * The adversarial table's live half (issue 16): for the trusts whose flaw a live call can show, the
 * AWS CLI's library (botocore, not our code; oracles/assume-role-probes.py) acting as the caller
 * calls AssumeRole against the sandbox with no, a wrong, a near-miss and the right ExternalId. Its outcome must be the one
 * written here by hand from AWS's condition semantics, and whenever the CLI gets in without the
 * right ExternalId the static proof must say "not enforced" (live and static agree).
 *
 * Accounts: A = 111111111111 (user app-caller, apparent IP 203.0.113.10), B = 222222222222 (admin
 * creates the role). See src/sandbox/worlds/default-world.ts.
 */
import { execFile } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fileURLToPath } from 'node:url'
import { CreateRoleCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam'
import { createEvaluator, type PolicyDocument, type PolicyStatement } from '../../src/core/evaluate.js'
import { proveTrust } from '../../src/core/trust-proof/trust.js'
import { ACCOUNT_A, ACCOUNT_B, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js'

const X = 'ext-7f3a9c21-4d1b-4c55-9e0a-1b2c3d4e5f60'
const ROLE = 'AdversarialTrustRole'
const ROLE_ARN = `arn:aws:iam::${ACCOUNT_B}:role/${ROLE}`
const ROOT_A = `arn:aws:iam::${ACCOUNT_A}:root`
const doc = (...Statement: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement })
const allow = (Condition?: PolicyStatement['Condition']): PolicyStatement => ({ Effect: 'Allow', Principal: { AWS: ROOT_A }, Action: 'sts:AssumeRole', ...(Condition ? { Condition } : {}) })
const denyAll = (Condition: PolicyStatement['Condition']): PolicyStatement => ({ Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition })
const SETUP = doc(allow({ StringEquals: { 'sts:ExternalId': X } }))

/** The ExternalIds the CLI sends: none, unrelated, the right one ±1 character, in upper case, and right. */
const PROBES = { none: undefined, wrong: 'unrelated-value', longer: `${X}0`, shorter: X.slice(0, -1), upper: X.toUpperCase(), right: X } as const
type Probe = keyof typeof PROBES
/** Which probes AWS admits, by hand from the operator's documented semantics. */
type Admits = Record<Probe, boolean>
const only = (...admitted: Probe[]): Admits => Object.fromEntries(Object.keys(PROBES).map((p) => [p, admitted.includes(p as Probe)])) as Admits

const CASES: [string, PolicyDocument, Admits][] = [
  ['the setup trust', SETUP, only('right')],
  ['no ExternalId condition', doc(allow()), only('none', 'wrong', 'longer', 'shorter', 'upper', 'right')],
  ["a second statement for the caller's own network", doc(allow({ StringEquals: { 'sts:ExternalId': X } }), allow({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } })), only('none', 'wrong', 'longer', 'shorter', 'upper', 'right')],
  ['a second statement for another network (live cannot show it)', doc(allow({ StringEquals: { 'sts:ExternalId': X } }), allow({ IpAddress: { 'aws:SourceIp': '198.51.100.0/24' } })), only('right')],
  ['StringLike on the right value and a *', doc(allow({ StringLike: { 'sts:ExternalId': `${X}*` } })), only('longer', 'right')],
  ['StringEqualsIfExists', doc(allow({ StringEqualsIfExists: { 'sts:ExternalId': X } })), only('none', 'right')],
  ['StringNotEquals another value', doc(allow({ StringNotEquals: { 'sts:ExternalId': 'unrelated-value' } })), only('none', 'longer', 'shorter', 'upper', 'right')],
  ['ForAllValues:StringEquals', doc(allow({ 'ForAllValues:StringEquals': { 'sts:ExternalId': X } })), only('none', 'right')],
  ['ForAnyValue:StringEquals (sound)', doc(allow({ 'ForAnyValue:StringEquals': { 'sts:ExternalId': X } })), only('right')],
  ['Null false', doc(allow({ Null: { 'sts:ExternalId': 'false' } })), only('wrong', 'longer', 'shorter', 'upper', 'right')],
  ['StringEqualsIgnoreCase', doc(allow({ StringEqualsIgnoreCase: { 'sts:ExternalId': X } })), only('upper', 'right')],
  ['an open Allow under a Deny StringNotEquals (sound)', doc(allow(), denyAll({ StringNotEquals: { 'sts:ExternalId': X } })), only('right')],
  ['an open Allow under a Deny on a missing ExternalId only', doc(allow(), denyAll({ Null: { 'sts:ExternalId': 'true' } })), only('wrong', 'longer', 'shorter', 'upper', 'right')]
]

let sandbox: TestSandbox
const evaluator = createEvaluator()

const ORACLE = fileURLToPath(new URL('./oracles/assume-role-probes.py', import.meta.url))

/** botocore (the AWS CLI's library) as app-caller, one process for the whole table: case → probe → admitted. */
function botocoreOutcomes(): Promise<Record<string, Admits>> {
  const keys = (k: { accessKeyId: string; secretAccessKey: string }) => ({ key: k.accessKeyId, secret: k.secretAccessKey })
  const spec = {
    endpoint: sandbox.endpoint,
    admin: keys(sandbox.principals.targetAdmin),
    caller: keys(sandbox.principals.sourceCaller),
    roleArn: ROLE_ARN,
    cases: CASES.map(([name, trust]) => ({ name, trust, probes: Object.fromEntries(Object.entries(PROBES).map(([label, value]) => [label, value ?? null])) }))
  }
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, AWS_CONFIG_FILE: '/nonexistent/config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials', AWS_EC2_METADATA_DISABLED: 'true' }
  return new Promise((resolve, reject) => {
    const child = execFile('python3', [ORACLE], { env, timeout: 240_000, maxBuffer: 1 << 20 }, (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout))))
    child.stdin?.end(JSON.stringify(spec))
  })
}

describe('adversarial trusts: the AWS CLI sees the hand-written outcome', () => {
  beforeAll(async () => {
    sandbox = await startTestSandbox()
    const admin = sandbox.principals.targetAdmin
    await sandbox.iam(admin).send(new CreateRoleCommand({ RoleName: ROLE, AssumeRolePolicyDocument: JSON.stringify(SETUP) }))
    const allowAssume = doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ROLE_ARN } as PolicyStatement)
    await sandbox.iam(sandbox.principals.sourceAdmin).send(new PutUserPolicyCommand({ UserName: 'app-caller', PolicyName: 'assume', PolicyDocument: JSON.stringify(allowAssume) }))
  })
  afterAll(() => sandbox?.stop())

  let outcomes: Record<string, Admits>
  beforeAll(async () => {
    outcomes = await botocoreOutcomes()
  }, 240_000)

  it.each(CASES)('%s', async (name, trust, admits) => {
    const seen = outcomes[name]!
    expect(seen).toEqual(admits)
    const probes = Object.keys(PROBES) as Probe[]
    const proof = await proveTrust(trust, SETUP, { roleArn: ROLE_ARN, accountId: ACCOUNT_B }, evaluator)
    const liveBypass = probes.some((probe) => probe !== 'right' && seen[probe])
    if (liveBypass) expect(proof.externalId).toBe('not-enforced')
  })
})
