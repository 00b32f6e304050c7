/**
 * The adversarial table of issue 16: hostile trust and permissions documents, each with the verdict
 * written by hand from AWS's documented semantics (IAM user guide: reference_policies_elements_condition_operators,
 * _condition-single-vs-multi-valued-context-keys, reference_policies_evaluation-logic), never from
 * the code under test. The static proof (core/trust-proof) must reach exactly these verdicts: zero
 * false passes (an unsafe document judged sound) and zero false failures (a safe one judged unsound).
 *
 * Accounts: A = 111111111111 (source), B = 222222222222 (the role's), 999999999999 and
 * 333333333333 nobody's. X is the setup's ExternalId.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { createEvaluator, type PolicyDocument, type PolicyStatement } from '../../src/core/evaluate.js'
import { proveTrust } from '../../src/core/trust-proof/trust.js'
import { provePermissions } from '../../src/core/trust-proof/permissions.js'

const A = '111111111111'
const B = '222222222222'
const X = 'ext-7f3a9c21-4d1b-4c55-9e0a-1b2c3d4e5f60'
const ROOT_A = `arn:aws:iam::${A}:root`
const GATEWAY = `arn:aws:iam::${A}:role/gateway`
const OIDC_HOST = 'token.actions.githubusercontent.com'
const PROVIDER = `arn:aws:iam::${B}:oidc-provider/${OIDC_HOST}`
const CIDR = '203.0.113.0/24'
const subject = { roleArn: `arn:aws:iam::${B}:role/BedrockAccessRole`, accountId: B }

const doc = (...Statement: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement })
const allow = (Principal: unknown, Condition?: PolicyStatement['Condition'], Action: string | string[] = 'sts:AssumeRole'): PolicyStatement => ({ Effect: 'Allow', Principal, Action, ...(Condition ? { Condition } : {}) })
const deny = (Principal: unknown, Condition?: PolicyStatement['Condition']): PolicyStatement => ({ Effect: 'Deny', Principal, Action: 'sts:AssumeRole', ...(Condition ? { Condition } : {}) })
const ext = { StringEquals: { 'sts:ExternalId': X } }
const SESSION = ['sts:TagSession', 'sts:SetSourceIdentity']

/** The setups' own trusts (what init writes for them). */
const SETUPS = {
  proxy: doc(allow({ AWS: ROOT_A }, ext)),
  gatewayIp: doc(allow({ AWS: GATEWAY }, { StringEquals: { 'sts:ExternalId': X }, IpAddress: { 'aws:SourceIp': CIDR } })),
  service: doc(allow({ Service: 'sagemaker.amazonaws.com' }, { StringEquals: { 'aws:SourceAccount': A } })),
  oidc: doc(allow({ Federated: PROVIDER }, { StringEquals: { [`${OIDC_HOST}:aud`]: 'sts.amazonaws.com' }, StringLike: { [`${OIDC_HOST}:sub`]: 'repo:acme/app:*' } }, 'sts:AssumeRoleWithWebIdentity')),
  // --allow-session-tags --allow-source-identity: AWS's session-tags shape (issue 18).
  proxySession: doc(allow({ AWS: ROOT_A }, ext), allow({ AWS: ROOT_A }, undefined, SESSION)),
  oidcSession: doc(allow({ Federated: PROVIDER }, { StringEquals: { [`${OIDC_HOST}:aud`]: 'sts.amazonaws.com' }, StringLike: { [`${OIDC_HOST}:sub`]: 'repo:acme/app:*' } }, ['sts:AssumeRoleWithWebIdentity', ...SESSION]))
} as const

type Verdict = 'enforced' | 'not-enforced'
interface Expected {
  sound: boolean
  externalId?: Verdict
  sourceIp?: Verdict
  oidc?: Verdict
  principals?: Verdict
}
type TrustCase = [name: string, setup: keyof typeof SETUPS, live: PolicyDocument, expected: Expected]

const SOUND = { sound: true } as const
const EXT_BYPASS = { sound: false, externalId: 'not-enforced' } as const
const WIDER = { sound: false, principals: 'not-enforced' } as const

const TRUST_CASES: TrustCase[] = [
  // The setup's own document, and rewrites that mean the same (no false failures).
  ['the setup trust itself', 'proxy', SETUPS.proxy, { ...SOUND, externalId: 'enforced', principals: 'enforced' }],
  ['the ExternalId as a one-element list', 'proxy', doc(allow({ AWS: [ROOT_A] }, { StringEquals: { 'sts:ExternalId': [X] } })), SOUND],
  ['the key spelt sts:externalid (keys are case-insensitive)', 'proxy', doc(allow({ AWS: ROOT_A }, { StringEquals: { 'sts:externalid': X } })), SOUND],
  ['the account as a bare id', 'proxy', doc(allow({ AWS: A }, ext)), SOUND],
  ['StringLike with no wildcard in the value', 'proxy', doc(allow({ AWS: ROOT_A }, { StringLike: { 'sts:ExternalId': X } })), SOUND],
  ['ForAnyValue:StringEquals on the single-valued key (a missing key fails it)', 'proxy', doc(allow({ AWS: ROOT_A }, { 'ForAnyValue:StringEquals': { 'sts:ExternalId': X } })), SOUND],
  ['Principal "*" narrowed to account A by aws:PrincipalAccount', 'proxy', doc(allow('*', { StringEquals: { 'sts:ExternalId': X, 'aws:PrincipalAccount': A } })), SOUND],
  ['an Allow without ExternalId under a Deny StringNotEquals the right one', 'proxy', doc(allow({ AWS: ROOT_A }), deny('*', { StringNotEquals: { 'sts:ExternalId': X } })), SOUND],
  ['an Allow without ExternalId under a Deny StringNotEqualsIfExists', 'proxy', doc(allow({ AWS: ROOT_A }), deny({ AWS: '*' }, { StringNotEqualsIfExists: { 'sts:ExternalId': X } })), SOUND],
  ['an extra Deny for a stranger', 'proxy', doc(allow({ AWS: ROOT_A }, ext), deny({ AWS: 'arn:aws:iam::999999999999:root' })), SOUND],
  ['an extra condition (MFA) on the only statement: stricter', 'proxy', doc(allow({ AWS: ROOT_A }, { StringEquals: { 'sts:ExternalId': X }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } })), SOUND],
  ['one role of A instead of the whole account: stricter', 'proxy', doc(allow({ AWS: GATEWAY }, ext)), SOUND],

  // The ExternalId made optional or guessable.
  ['no ExternalId condition at all', 'proxy', doc(allow({ AWS: ROOT_A })), EXT_BYPASS],
  ['a second statement without the ExternalId', 'proxy', doc(allow({ AWS: ROOT_A }, ext), allow({ AWS: ROOT_A })), EXT_BYPASS],
  ['a second statement from another source IP', 'proxy', doc(allow({ AWS: ROOT_A }, ext), allow({ AWS: ROOT_A }, { IpAddress: { 'aws:SourceIp': '198.51.100.0/24' } })), EXT_BYPASS],
  ['a second statement for a chosen session name', 'proxy', doc(allow({ AWS: ROOT_A }, ext), allow({ AWS: ROOT_A }, { StringLike: { 'sts:RoleSessionName': 'ops-*' } })), EXT_BYPASS],
  ['a second statement for a principal tag', 'proxy', doc(allow({ AWS: ROOT_A }, ext), allow({ AWS: ROOT_A }, { StringEquals: { 'aws:PrincipalTag/team': 'platform' } })), EXT_BYPASS],
  ['a second statement for an organization id', 'proxy', doc(allow({ AWS: ROOT_A }, ext), allow({ AWS: ROOT_A }, { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123def4' } })), EXT_BYPASS],
  ['a second statement for MFA sessions', 'proxy', doc(allow({ AWS: ROOT_A }, ext), allow({ AWS: ROOT_A }, { Bool: { 'aws:MultiFactorAuthPresent': 'true' } })), EXT_BYPASS],
  ['a second statement for a chosen SourceIdentity', 'proxy', doc(allow({ AWS: ROOT_A }, ext), allow({ AWS: ROOT_A }, { StringEquals: { 'sts:SourceIdentity': 'admin' } })), EXT_BYPASS],
  ['a second statement for sessions without MFA (Bool false)', 'proxy', doc(allow({ AWS: ROOT_A }, ext), allow({ AWS: ROOT_A }, { Bool: { 'aws:MultiFactorAuthPresent': 'false' } })), EXT_BYPASS],
  ['a second statement for a request tag', 'proxy', doc(allow({ AWS: ROOT_A }, ext), allow({ AWS: ROOT_A }, { StringEquals: { 'aws:RequestTag/project': 'bedrock' } })), EXT_BYPASS],
  ['StringLike on a prefix of the ExternalId', 'proxy', doc(allow({ AWS: ROOT_A }, { StringLike: { 'sts:ExternalId': 'ext-7f3a9c21*' } })), EXT_BYPASS],
  ['StringLike with a ? in place of one character', 'proxy', doc(allow({ AWS: ROOT_A }, { StringLike: { 'sts:ExternalId': X.slice(0, -1) + '?' } })), EXT_BYPASS],
  ['StringEqualsIfExists (a missing key passes)', 'proxy', doc(allow({ AWS: ROOT_A }, { StringEqualsIfExists: { 'sts:ExternalId': X } })), EXT_BYPASS],
  ['StringNotEquals a wrong value', 'proxy', doc(allow({ AWS: ROOT_A }, { StringNotEquals: { 'sts:ExternalId': 'wrong' } })), EXT_BYPASS],
  ['ForAllValues:StringEquals (a missing key passes)', 'proxy', doc(allow({ AWS: ROOT_A }, { 'ForAllValues:StringEquals': { 'sts:ExternalId': X } })), EXT_BYPASS],
  ['Null false: any ExternalId at all', 'proxy', doc(allow({ AWS: ROOT_A }, { Null: { 'sts:ExternalId': 'false' } })), EXT_BYPASS],
  ['several ExternalIds', 'proxy', doc(allow({ AWS: ROOT_A }, { StringEquals: { 'sts:ExternalId': [X, 'legacy-shared-id'] } })), EXT_BYPASS],
  ['StringEqualsIgnoreCase (another string than the right one passes)', 'proxy', doc(allow({ AWS: ROOT_A }, { StringEqualsIgnoreCase: { 'sts:ExternalId': X } })), EXT_BYPASS],
  ['a Deny only for missing ExternalIds (a wrong one passes)', 'proxy', doc(allow({ AWS: ROOT_A }), deny('*', { Null: { 'sts:ExternalId': 'true' } })), EXT_BYPASS],
  ['a Deny StringNotEquals that only covers a stranger', 'proxy', doc(allow({ AWS: ROOT_A }), deny({ AWS: 'arn:aws:iam::999999999999:root' }, { StringNotEquals: { 'sts:ExternalId': X } })), EXT_BYPASS],
  ['the condition on another key than the ExternalId', 'proxy', doc(allow({ AWS: ROOT_A }, { StringEquals: { 'sts:RoleSessionName': X } })), EXT_BYPASS],

  // More principals than the setup's.
  ['Principal "*" guarded only by the ExternalId', 'proxy', doc(allow('*', ext)), { ...WIDER, externalId: 'enforced' }],
  ['Principal AWS "*" guarded only by the ExternalId', 'proxy', doc(allow({ AWS: '*' }, ext)), { ...WIDER, externalId: 'enforced' }],
  ['a stranger account beside A', 'proxy', doc(allow({ AWS: [ROOT_A, 'arn:aws:iam::999999999999:root'] }, ext)), WIDER],
  ['Allow with NotPrincipal (everyone but one)', 'proxy', doc({ Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: 'sts:AssumeRole', Condition: ext }), WIDER],
  ['Principal "*" with aws:PrincipalAccount by StringLike *', 'proxy', doc(allow('*', { StringEquals: { 'sts:ExternalId': X }, StringLike: { 'aws:PrincipalAccount': '*' } })), WIDER],
  ['the whole account where the setup trusts one role', 'gatewayIp', doc(allow({ AWS: ROOT_A }, { StringEquals: { 'sts:ExternalId': X }, IpAddress: { 'aws:SourceIp': CIDR } })), WIDER],
  ['Principal "*" with aws:PrincipalArn matching roles of any account', 'proxy', doc(allow('*', { StringEquals: { 'sts:ExternalId': X }, ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*' } })), WIDER],
  ['Principal "*" with aws:PrincipalArn of A only (same as the account)', 'proxy', doc(allow('*', { StringEquals: { 'sts:ExternalId': X }, ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:*` } })), SOUND],
  ['a service principal beside the caller', 'proxy', doc(allow({ AWS: ROOT_A }, ext), allow({ Service: 'ec2.amazonaws.com' })), WIDER],

  // The IP allow-list.
  ['the gateway setup itself', 'gatewayIp', SETUPS.gatewayIp, { ...SOUND, sourceIp: 'enforced', externalId: 'enforced' }],
  ['a narrower range: stricter', 'gatewayIp', doc(allow({ AWS: GATEWAY }, { StringEquals: { 'sts:ExternalId': X }, IpAddress: { 'aws:SourceIp': '203.0.113.0/25' } })), SOUND],
  ['a Deny outside the range instead of an IpAddress Allow', 'gatewayIp', doc(allow({ AWS: GATEWAY }, ext), deny('*', { NotIpAddress: { 'aws:SourceIp': CIDR } })), SOUND],
  ['the IP condition dropped', 'gatewayIp', doc(allow({ AWS: GATEWAY }, ext)), { sound: false, sourceIp: 'not-enforced', externalId: 'enforced' }],
  ['the whole address space', 'gatewayIp', doc(allow({ AWS: GATEWAY }, { StringEquals: { 'sts:ExternalId': X }, IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } })), { sound: false, sourceIp: 'not-enforced' }],
  ['NotIpAddress another range (no address passes too)', 'gatewayIp', doc(allow({ AWS: GATEWAY }, { StringEquals: { 'sts:ExternalId': X }, NotIpAddress: { 'aws:SourceIp': '198.51.100.0/24' } })), { sound: false, sourceIp: 'not-enforced' }],
  ['IpAddressIfExists (no address passes)', 'gatewayIp', doc(allow({ AWS: GATEWAY }, { StringEquals: { 'sts:ExternalId': X }, IpAddressIfExists: { 'aws:SourceIp': CIDR } })), { sound: false, sourceIp: 'not-enforced' }],
  ['a second statement from anywhere', 'gatewayIp', doc(...(SETUPS.gatewayIp.Statement as PolicyStatement[]), allow({ AWS: GATEWAY }, ext)), { sound: false, sourceIp: 'not-enforced', externalId: 'enforced' }],

  // Service principals.
  ['the service setup itself', 'service', SETUPS.service, SOUND],
  ['the service without aws:SourceAccount (any account’s notebook)', 'service', doc(allow({ Service: 'sagemaker.amazonaws.com' })), { sound: false }],
  ['aws:SourceAccount matched by StringLike *', 'service', doc(allow({ Service: 'sagemaker.amazonaws.com' }, { StringLike: { 'aws:SourceAccount': '*' } })), { sound: false }],
  ['another service beside it', 'service', doc(allow({ Service: ['sagemaker.amazonaws.com', 'events.amazonaws.com'] }, { StringEquals: { 'aws:SourceAccount': A } })), WIDER],

  // Session actions (issue 18): their own statement must not make the ExternalId optional nor widen who may tag.
  ['the session-actions setup itself', 'proxySession', SETUPS.proxySession, { ...SOUND, externalId: 'enforced', principals: 'enforced' }],
  ['no session actions where the setup allows them: stricter', 'proxySession', SETUPS.proxy, SOUND],
  ['session actions the setup does not grant', 'proxy', SETUPS.proxySession, { sound: false, externalId: 'enforced', principals: 'enforced' }],
  ['TagSession for any principal', 'proxySession', doc(allow({ AWS: ROOT_A }, ext), allow({ AWS: '*' }, undefined, SESSION)), { sound: false, externalId: 'enforced', principals: 'not-enforced' }],
  ['sts:* in the session statement (AssumeRole without the ExternalId)', 'proxySession', doc(allow({ AWS: ROOT_A }, ext), allow({ AWS: ROOT_A }, undefined, 'sts:*')), EXT_BYPASS],
  ['the OIDC session setup itself', 'oidcSession', SETUPS.oidcSession, { ...SOUND, oidc: 'enforced' }],
  ['TagSession for any token of the provider', 'oidcSession', doc(...(SETUPS.oidcSession.Statement as PolicyStatement[]), allow({ Federated: PROVIDER }, undefined, 'sts:TagSession')), { sound: false, oidc: 'not-enforced' }],

  // OIDC.
  ['the OIDC setup itself', 'oidc', SETUPS.oidc, { ...SOUND, oidc: 'enforced' }],
  ['one branch only: stricter', 'oidc', doc(allow({ Federated: PROVIDER }, { StringEquals: { [`${OIDC_HOST}:aud`]: 'sts.amazonaws.com', [`${OIDC_HOST}:sub`]: 'repo:acme/app:ref:refs/heads/main' } }, 'sts:AssumeRoleWithWebIdentity')), SOUND],
  ['sub matched by *', 'oidc', doc(allow({ Federated: PROVIDER }, { StringEquals: { [`${OIDC_HOST}:aud`]: 'sts.amazonaws.com' }, StringLike: { [`${OIDC_HOST}:sub`]: '*' } }, 'sts:AssumeRoleWithWebIdentity')), { sound: false, oidc: 'not-enforced' }],
  [
    'sub of every repository of the org',
    'oidc',
    doc(allow({ Federated: PROVIDER }, { StringEquals: { [`${OIDC_HOST}:aud`]: 'sts.amazonaws.com' }, StringLike: { [`${OIDC_HOST}:sub`]: 'repo:acme/*' } }, 'sts:AssumeRoleWithWebIdentity')),
    { sound: false, oidc: 'not-enforced' }
  ],
  ['no aud condition', 'oidc', doc(allow({ Federated: PROVIDER }, { StringLike: { [`${OIDC_HOST}:sub`]: 'repo:acme/app:*' } }, 'sts:AssumeRoleWithWebIdentity')), { sound: false, oidc: 'not-enforced' }],
  ['a second statement for the provider without conditions', 'oidc', doc(...(SETUPS.oidc.Statement as PolicyStatement[]), allow({ Federated: PROVIDER }, undefined, 'sts:AssumeRoleWithWebIdentity')), { sound: false, oidc: 'not-enforced' }],
  [
    'StringLikeIfExists on sub (a token without sub passes)',
    'oidc',
    doc(allow({ Federated: PROVIDER }, { StringEquals: { [`${OIDC_HOST}:aud`]: 'sts.amazonaws.com' }, StringLikeIfExists: { [`${OIDC_HOST}:sub`]: 'repo:acme/app:*' } }, 'sts:AssumeRoleWithWebIdentity')),
    { sound: false, oidc: 'not-enforced' }
  ]
]

const evaluator = createEvaluator()
const tally = { cases: 0, sound: 0, unsound: 0, falsePass: 0, falseFail: 0 }

afterAll(() => {
  console.info(`adversarial table: ${tally.cases} documents, ${tally.sound} sound, ${tally.unsound} unsound; false passes ${tally.falsePass}, false failures ${tally.falseFail}`)
})

describe('adversarial trusts: the static proof reaches the hand-written verdict', () => {
  it.each(TRUST_CASES)('%s', async (_name, setup, live, expected) => {
    const proof = await proveTrust(live, SETUPS[setup], subject, evaluator)
    tally.cases++
    if (expected.sound) tally.sound++
    else tally.unsound++
    if (proof.sound && !expected.sound) tally.falsePass++
    if (!proof.sound && expected.sound) tally.falseFail++
    expect({ sound: proof.sound, gaps: proof.gaps.map((g) => g.text) }).toMatchObject({ sound: expected.sound })
    if (expected.externalId) expect(proof.externalId).toBe(expected.externalId)
    if (expected.sourceIp) expect(proof.sourceIp).toBe(expected.sourceIp)
    if (expected.oidc) expect(proof.oidc).toBe(expected.oidc)
    if (expected.principals) expect(proof.principals).toBe(expected.principals)
    // The ExternalId is a secret: no gap names it.
    expect(JSON.stringify(proof.gaps)).not.toContain(X)
  })
})

const MODEL = 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0'
const invoke = (Resource: string | string[], Condition?: PolicyStatement['Condition'], Action: string | string[] = 'bedrock:InvokeModel'): PolicyStatement => ({ Effect: 'Allow', Action, Resource, ...(Condition ? { Condition } : {}) })
const PERMISSIONS = {
  plain: doc(invoke(MODEL)),
  ip: doc(invoke(MODEL, { IpAddress: { 'aws:SourceIp': CIDR } }))
} as const
type PermissionsCase = [name: string, setup: keyof typeof PERMISSIONS, live: PolicyDocument[], expected: { sound: boolean; resources?: Verdict; sourceIp?: Verdict }]

const PERMISSION_CASES: PermissionsCase[] = [
  ['the setup policy itself', 'plain', [PERMISSIONS.plain], { sound: true, resources: 'enforced' }],
  ['the setup policy with the IP list', 'ip', [PERMISSIONS.ip], { sound: true, sourceIp: 'enforced' }],
  ['an IP list the setup does not ask for: stricter', 'plain', [PERMISSIONS.ip], { sound: true }],
  ['Resource "*"', 'plain', [doc(invoke('*'))], { sound: false, resources: 'not-enforced' }],
  ['the model in every region', 'plain', [doc(invoke('arn:aws:bedrock:*::foundation-model/amazon.nova-lite-v1:0'))], { sound: false, resources: 'not-enforced' }],
  ['every model of the region', 'plain', [doc(invoke('arn:aws:bedrock:us-east-1::foundation-model/*'))], { sound: false, resources: 'not-enforced' }],
  ['a second policy allowing everything in the region', 'plain', [PERMISSIONS.plain, doc(invoke('*', { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } }))], { sound: false, resources: 'not-enforced' }],
  ['Allow "*" fenced by a Deny on every other resource', 'plain', [doc(invoke('*'), { Effect: 'Deny', Action: 'bedrock:*', NotResource: MODEL })], { sound: true }],
  ['the IP list dropped', 'ip', [PERMISSIONS.plain], { sound: false, sourceIp: 'not-enforced' }],
  ['IpAddressIfExists (no address passes)', 'ip', [doc(invoke(MODEL, { IpAddressIfExists: { 'aws:SourceIp': CIDR } }))], { sound: false, sourceIp: 'not-enforced' }],
  ['a second policy without the IP list', 'ip', [PERMISSIONS.ip, PERMISSIONS.plain], { sound: false, sourceIp: 'not-enforced' }],
  ['bedrock:* on the model (streaming the setup does not grant)', 'plain', [doc(invoke(MODEL, undefined, 'bedrock:*'))], { sound: false, resources: 'enforced' }]
]

describe('adversarial permissions: the static proof reaches the hand-written verdict', () => {
  const subjectOf = { sessionArn: `arn:aws:sts::${B}:assumed-role/BedrockAccessRole/verify`, accountId: B, region: 'us-east-1', invokeResources: [MODEL], actions: ['bedrock:InvokeModel'] }
  it.each(PERMISSION_CASES)('%s', async (_name, setup, live, expected) => {
    const proof = await provePermissions(
      live.map((document, i) => ({ name: `policy-${i}`, document })),
      PERMISSIONS[setup],
      subjectOf,
      evaluator
    )
    tally.cases++
    if (expected.sound) tally.sound++
    else tally.unsound++
    if (proof.sound && !expected.sound) tally.falsePass++
    if (!proof.sound && expected.sound) tally.falseFail++
    expect({ sound: proof.sound, gaps: proof.gaps.map((g) => g.text) }).toMatchObject({ sound: expected.sound })
    if (expected.resources) expect(proof.resources).toBe(expected.resources)
    if (expected.sourceIp) expect(proof.sourceIp).toBe(expected.sourceIp)
  })
})

describe('the table as a whole', () => {
  it('has at least 40 documents and zero false passes or failures (runs last)', () => {
    expect(tally.cases).toBe(TRUST_CASES.length + PERMISSION_CASES.length)
    expect(tally.cases).toBeGreaterThanOrEqual(40)
    expect({ falsePass: tally.falsePass, falseFail: tally.falseFail }).toEqual({ falsePass: 0, falseFail: 0 })
  })
})
