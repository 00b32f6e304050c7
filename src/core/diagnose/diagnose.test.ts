/**
 * Diagnosis table tests: each cause from a message plus policies and answers. Fixture accounts:
 * A = 111111111111 (source: the caller role `gateway`), B = 222222222222 (target: BedrockAccessRole).
 */
import { describe, expect, it } from 'vitest'
import { parseAccessDenied } from '../access-denied/parse.js'
import { createEvaluator, type NamedPolicy, type PolicyDocument } from '../evaluate.js'
import { diagnose } from './diagnose.js'
import type { CauseId } from './causes.js'
import type { Answers, Confidence, PolicySet } from './types.js'

const ROLE = 'arn:aws:iam::222222222222:role/BedrockAccessRole'
const CALLER = 'arn:aws:sts::111111111111:assumed-role/gateway/i-0abc'
const SESSION = 'arn:aws:sts::222222222222:assumed-role/BedrockAccessRole/xacct'
const SONNET = 'anthropic.claude-3-7-sonnet-20250219-v1:0'
const ASSUME_DENIED = `An error occurred (AccessDenied) when calling the AssumeRole operation: User: ${CALLER} is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`
const bedrockDenied = (resource: string, tail = 'because no identity-based policy allows the bedrock:InvokeModel action') => `AccessDeniedException: User: ${SESSION} is not authorized to perform: bedrock:InvokeModel on resource: ${resource} ${tail}`

const trust = (condition?: Record<string, Record<string, string | string[]>>, principal = 'arn:aws:iam::111111111111:root'): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [{ Sid: 'BedrockXacctTrust', Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) }]
})
const sourcePolicy: NamedPolicy = { name: 'BedrockXacctSource', document: { Version: '2012-10-17', Statement: [{ Sid: 'BedrockXacctAssumeRole', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ROLE }] } }
const unrelatedPolicy: NamedPolicy = { name: 'S3Only', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } }
const permissions = (resources: string[]): NamedPolicy => ({
  name: 'BedrockInvoke',
  document: { Version: '2012-10-17', Statement: [{ Sid: 'BedrockXacctInvoke', Effect: 'Allow', Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'], Resource: resources }] }
})
const fm = (region: string, model = SONNET) => `arn:aws:bedrock:${region}::foundation-model/${model}`
const regionLockScp: NamedPolicy = {
  name: 'RegionLock',
  document: { Version: '2012-10-17', Statement: [{ Sid: 'DenyOutsideUsEast1', Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1'] } } }] }
}

interface Row {
  label: string
  message: string
  answers?: Answers
  policies?: PolicySet
  expect: [CauseId, Confidence]
  /** Causes that must be gone. */
  absent?: CauseId[]
}

const rows: Row[] = [
  {
    label: 'wrong ExternalId',
    message: ASSUME_DENIED,
    answers: { externalId: 'wrong-id' },
    policies: { trust: trust({ StringEquals: { 'sts:ExternalId': 'ext-123' } }), identity: [sourcePolicy] },
    expect: ['external-id-wrong', 'certain'],
    absent: ['external-id-missing', 'trust-missing-source', 'source-missing-assume-role']
  },
  {
    label: 'no ExternalId sent',
    message: ASSUME_DENIED,
    answers: { externalIdPassed: false },
    policies: { trust: trust({ StringEquals: { 'sts:ExternalId': 'ext-123' } }), identity: [sourcePolicy] },
    expect: ['external-id-missing', 'certain'],
    absent: ['external-id-wrong']
  },
  {
    label: 'trust names another account',
    message: ASSUME_DENIED,
    policies: { trust: trust(undefined, 'arn:aws:iam::999999999999:root'), identity: [sourcePolicy] },
    expect: ['trust-missing-source', 'certain'],
    absent: ['source-missing-assume-role', 'external-id-missing']
  },
  { label: 'caller lacks sts:AssumeRole', message: ASSUME_DENIED, policies: { trust: trust(), identity: [unrelatedPolicy] }, expect: ['source-missing-assume-role', 'certain'], absent: ['trust-missing-source'] },
  {
    label: 'IP outside the allow-list',
    message: ASSUME_DENIED,
    answers: { sourceIp: '198.51.100.7', viaVpcEndpoint: false },
    policies: { trust: trust({ IpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } }), identity: [sourcePolicy] },
    expect: ['source-ip-outside', 'certain'],
    absent: ['source-ip-via-vpc-endpoint']
  },
  {
    label: 'through a VPC endpoint, SourceIp absent',
    message: ASSUME_DENIED,
    answers: { viaVpcEndpoint: true },
    policies: { trust: trust({ IpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } }), identity: [sourcePolicy] },
    expect: ['source-ip-via-vpc-endpoint', 'certain'],
    absent: ['source-ip-outside']
  },
  { label: 'sts:DurationSeconds trap', message: ASSUME_DENIED, policies: { trust: trust({ NumericLessThanEquals: { 'sts:DurationSeconds': '3600' } }), identity: [sourcePolicy] }, expect: ['duration-condition-never-matches', 'certain'] },
  {
    label: 'SCP on the caller',
    message: ASSUME_DENIED,
    policies: { trust: trust(), identity: [sourcePolicy], scp: [{ name: 'NoSts', document: { Version: '2012-10-17', Statement: [{ Sid: 'NoAssume', Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*' }] } }] },
    expect: ['scp-deny', 'certain']
  },
  {
    label: 'profile rerouted to an ungranted region',
    message: bedrockDenied(fm('us-east-2')),
    answers: { region: 'us-east-1', inferenceProfile: `us.${SONNET}` },
    policies: { permissions: [permissions([`arn:aws:bedrock:us-east-1:222222222222:inference-profile/us.${SONNET}`, fm('us-east-1')])] },
    expect: ['profile-missing-destination-region', 'certain'],
    absent: ['region-model-mismatch']
  },
  {
    label: 'model granted in another region',
    message: bedrockDenied(fm('us-east-1', 'anthropic.claude-3-haiku-20240307-v1:0')),
    policies: { permissions: [permissions([fm('us-west-2', 'anthropic.claude-3-haiku-20240307-v1:0')])] },
    expect: ['region-model-mismatch', 'certain']
  },
  {
    label: 'inference profile ARN not granted',
    message: bedrockDenied(`arn:aws:bedrock:us-east-1:222222222222:inference-profile/us.${SONNET}`),
    policies: { permissions: [permissions([fm('us-east-1')])] },
    expect: ['profile-arn-missing', 'certain']
  },
  {
    label: 'SCP region lock breaks cross-region inference',
    message: bedrockDenied(fm('us-east-2'), 'with an explicit deny in a service control policy: arn:aws:organizations::333333333333:policy/o-a1b2c3d4e5/service_control_policy/p-lock1234'),
    answers: { region: 'us-east-1', inferenceProfile: `us.${SONNET}` },
    policies: { permissions: [permissions(['*'])], scp: [regionLockScp] },
    expect: ['scp-region-lock', 'certain']
  },
  { label: 'permissions boundary (message)', message: bedrockDenied(fm('us-east-1'), 'because no permissions boundary allows the bedrock:InvokeModel action'), expect: ['permissions-boundary', 'certain'] },
  {
    label: 'permissions boundary (evaluated)',
    message: bedrockDenied(fm('us-east-1'), 'because no permissions boundary allows the bedrock:InvokeModel action'),
    policies: { permissions: [permissions([fm('us-east-1')])], boundary: { name: 'Boundary', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } } },
    expect: ['permissions-boundary', 'certain']
  },
  { label: 'session policy (message)', message: bedrockDenied(fm('us-east-1'), 'because no session policy allows the bedrock:InvokeModel action'), expect: ['session-policy', 'certain'] },
  { label: 'explicit deny in identity policy', message: bedrockDenied(fm('us-east-1'), 'with an explicit deny in an identity-based policy: arn:aws:iam::222222222222:policy/NoBedrock'), expect: ['explicit-deny-identity', 'certain'] },
  { label: 'VPC endpoint policy', message: bedrockDenied(fm('us-east-1'), 'because no VPC endpoint policy allows the bedrock:InvokeModel action'), expect: ['vpc-endpoint-policy', 'certain'] },
  { label: 'model access', message: "AccessDeniedException: You don't have access to the model with the specified model ID.", expect: ['model-access-not-granted', 'certain'] },
  {
    label: 'marketplace',
    message:
      'AccessDeniedException: Model access is denied due to IAM user or service role is not authorized to perform the required AWS Marketplace actions (aws-marketplace:ViewSubscriptions, aws-marketplace:Subscribe) to enable access to this model.',
    expect: ['marketplace-subscription', 'certain']
  },
  {
    label: 'on-demand not supported',
    message: `ValidationException: Invocation of model ID ${SONNET} with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.`,
    expect: ['on-demand-not-supported', 'certain']
  },
  { label: 'invalid model id', message: 'ValidationException: The provided model identifier is invalid.', expect: ['invalid-model-id', 'certain'] },
  { label: 'duration over max', message: 'ValidationError: The requested DurationSeconds exceeds the MaxSessionDuration set for this role.', expect: ['duration-over-max', 'certain'] },
  { label: 'role chaining', message: 'ValidationError: The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.', expect: ['role-chaining-limit', 'certain'] },
  {
    label: 'malformed ExternalId',
    message: "ValidationError: 1 validation error detected: Value 'a b' at 'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*",
    expect: ['external-id-malformed', 'certain']
  },
  {
    label: 'trust principal IAM cannot resolve (an IAM write, not AssumeRole)',
    message: 'MalformedPolicyDocument: Invalid principal in policy: "AWS":"arn:aws:iam::222222222222:role/NotYetCreated"',
    expect: ['invalid-principal', 'certain']
  },
  { label: 'SSO session refresh refused', message: 'An error occurred (InvalidGrantException) when calling the CreateToken operation: Invalid grant provided', expect: ['credentials-expired', 'certain'] },
  {
    label: 'web identity token without aud',
    message: 'An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithWebIdentity operation: Missing a required claim: aud',
    expect: ['oidc-audience-mismatch', 'certain']
  },
  { label: 'user ARN given as role', message: `User: ${CALLER} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:user/BedrockAccessRole`, expect: ['malformed-role-arn', 'certain'] },
  { label: 'no ExternalId sent, setup requires one (answers only)', message: ASSUME_DENIED, answers: { externalIdPassed: false }, expect: ['external-id-missing', 'likely'], absent: ['external-id-wrong'] }
]

describe('diagnose: each cause from message, policies and answers', () => {
  const evaluator = createEvaluator()
  it.each(rows)('$label → $expect.0 ($expect.1)', async (row) => {
    const setup = row.label.includes('setup requires') ? { externalId: 'ext-123' } : {}
    const result = await diagnose({ parsed: parseAccessDenied(row.message), answers: row.answers ?? {}, policies: row.policies, setup }, evaluator)
    const found = result.candidates.find((c) => c.cause === row.expect[0])
    expect(found, JSON.stringify(result.candidates.map((c) => [c.cause, c.confidence]))).toBeDefined()
    expect(found!.confidence).toBe(row.expect[1])
    expect(found!.fix.where).not.toBe('')
    for (const cause of row.absent ?? []) expect(result.candidates.map((c) => c.cause)).not.toContain(cause)
    expect(result.identified).toBe(true)
  })
})

describe('diagnose: evidence and fixes', () => {
  const evaluator = createEvaluator()
  it('a Principal IAM refused is an IAM write: the action is the write the paste names, never sts:AssumeRole', async () => {
    const explainText = async (text: string) => diagnose({ parsed: parseAccessDenied(text), answers: {} }, evaluator)
    const created = await explainText('An error occurred (MalformedPolicyDocument) when calling the CreateRole operation: Invalid principal in policy: "AWS":"arn:aws:iam::222222222222:role/Gone"')
    expect(created.action).toBe('iam:CreateRole')
    const unnamed = await explainText('MalformedPolicyDocument: Invalid principal in policy: "SERVICE":"amazonaws.com"')
    expect(unnamed.action).toBeUndefined()
    expect(unnamed.candidates[0]?.fix.where).toMatch(/amazonaws\.com/)
  })
  it('quotes the deciding statement with the policy value next to the request value', async () => {
    const result = await diagnose(
      {
        parsed: parseAccessDenied(ASSUME_DENIED),
        answers: { externalId: 'wrong-id' },
        policies: { trust: trust({ StringEquals: { 'sts:ExternalId': 'ext-123' } }), identity: [sourcePolicy] }
      },
      evaluator
    )
    const top = result.candidates[0]!
    expect(top.cause).toBe('external-id-wrong')
    expect(top.evidence.join(' ')).toContain('trust policy statement BedrockXacctTrust: StringEquals sts:ExternalId: policy wants "ext-123", request has "wrong-id"')
    expect(top.fix).toMatchObject({ account: 'client', snippet: { ExternalId: 'ext-123', RoleArn: ROLE } })
    const trace = result.evaluations[0]!
    expect(trace.decision).toBe('ImplicitlyDenied')
    expect(trace.context).toMatchObject({ 'sts:ExternalId': 'wrong-id' })
    expect(trace.statements.find((s) => s.layer === 'trust')).toMatchObject({ statement: 'BedrockXacctTrust', outcome: 'allow-not-matched', failedConditions: [{ key: 'sts:ExternalId', policyValues: ['ext-123'], requestValue: 'wrong-id' }] })
  })

  it('marks sts:DurationSeconds as never set', async () => {
    const result = await diagnose({ parsed: parseAccessDenied(ASSUME_DENIED), answers: {}, policies: { trust: trust({ NumericLessThanEquals: { 'sts:DurationSeconds': '3600' } }), identity: [sourcePolicy] } }, evaluator)
    const condition = result.evaluations[0]!.statements.find((s) => s.layer === 'trust')!.failedConditions[0]!
    expect(condition).toMatchObject({ key: 'sts:DurationSeconds', neverSet: true })
  })

  it('puts the trust fix in the target account and the source fix in the source account', async () => {
    const missing = await diagnose({ parsed: parseAccessDenied(ASSUME_DENIED), answers: {}, policies: { trust: trust(undefined, 'arn:aws:iam::999999999999:root'), identity: [unrelatedPolicy] } }, evaluator)
    const byCause = Object.fromEntries(missing.candidates.map((c) => [c.cause, c.fix]))
    expect(byCause['trust-missing-source']).toMatchObject({ account: 'target', accountId: '222222222222', snippet: { Principal: { AWS: 'arn:aws:iam::111111111111:role/gateway' } } })
    expect(byCause['source-missing-assume-role']).toMatchObject({ account: 'source', accountId: '111111111111', snippet: { Action: 'sts:AssumeRole', Resource: ROLE } })
    const command = byCause['source-missing-assume-role']!.command!
    expect(command).toMatch(/^bedrock-xacct init --apply /)
    for (const flag of ['--source-account 111111111111', '--caller arn:aws:iam::111111111111:role/gateway', '--target-account 222222222222', '--role-name BedrockAccessRole']) expect(command).toContain(flag)
  })

  it('grants every destination region of the profile', async () => {
    const result = await diagnose(
      {
        parsed: parseAccessDenied(bedrockDenied(fm('us-east-2'))),
        answers: { region: 'us-east-1', inferenceProfile: `us.${SONNET}` },
        policies: { permissions: [permissions([fm('us-east-1')])] }
      },
      evaluator
    )
    const fix = result.candidates.find((c) => c.cause === 'profile-missing-destination-region')!.fix
    expect(fix.account).toBe('target')
    expect((fix.snippet as { Resource: string[] }).Resource).toEqual(expect.arrayContaining([`arn:aws:bedrock:us-east-1:222222222222:inference-profile/us.${SONNET}`, fm('us-east-2'), fm('us-west-2')]))
  })

  it('leaves a reason-less denial open without policies (not identified)', async () => {
    const result = await diagnose({ parsed: parseAccessDenied(ASSUME_DENIED), answers: {} }, evaluator)
    expect(result.identified).toBe(false)
    expect(result.candidates.map((c) => c.cause)).toEqual(expect.arrayContaining(['source-missing-assume-role', 'trust-missing-source', 'external-id-missing', 'source-ip-outside']))
    expect(result.candidates.every((c) => c.confidence === 'possible')).toBe(true)
  })

  it('clears both sides when the given policies allow the request, and says so', async () => {
    const result = await diagnose({ parsed: parseAccessDenied(ASSUME_DENIED), answers: { externalId: 'ext-123' }, policies: { trust: trust({ StringEquals: { 'sts:ExternalId': 'ext-123' } }), identity: [sourcePolicy] } }, evaluator)
    expect(result.candidates.map((c) => c.cause)).not.toContain('external-id-wrong')
    expect(result.candidates.map((c) => c.cause)).not.toContain('source-missing-assume-role')
    expect(result.notes.join(' ')).toContain('allow this exact request')
    expect(result.identified).toBe(false)
  })

  it('evaluates a redacted message with the accounts given as answers', async () => {
    const redacted = 'User: arn:aws:sts::***:assumed-role/gateway/s is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::***:role/BedrockAccessRole'
    const without = await diagnose({ parsed: parseAccessDenied(redacted), answers: {}, policies: { trust: trust(undefined, 'arn:aws:iam::999999999999:root') } }, evaluator)
    expect(without.notes.join(' ')).toContain('redacted')
    const given = await diagnose({ parsed: parseAccessDenied(redacted), answers: { roleArn: ROLE, sourceAccountId: '111111111111' }, policies: { trust: trust(undefined, 'arn:aws:iam::999999999999:root') } }, evaluator)
    expect(given.candidates[0]).toMatchObject({ cause: 'trust-missing-source', confidence: 'certain' })
  })

  it('handles unrecognized text with the operation as a hint', async () => {
    const result = await diagnose({ parsed: parseAccessDenied('An error occurred (AccessDeniedException) when calling the Converse operation: Access denied'), answers: {} }, evaluator)
    expect(result.candidates.map((c) => c.cause)).toContain('model-access-not-granted')
    expect(result.candidates.map((c) => c.cause)).not.toContain('trust-missing-source')
  })
})
