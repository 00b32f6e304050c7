/**
 * The AccessDenied corpus: real-world-shaped messages written from the documented grammar
 * (DESIGN §5, IAM user guide "troubleshoot_access-denied") and public examples, each with the fields
 * the parser must extract. Fixture accounts: A = 111111111111 (source, the caller),
 * B = 222222222222 (target, the role and Bedrock), 333333333333 = organization management account.
 */
import { describe, expect, it } from 'vitest'
import { GRAMMAR_WORDS, unwrap } from './envelope.js'
import { parseAccessDenied } from './parse.js'

const ROLE_B = 'arn:aws:iam::222222222222:role/BedrockAccessRole'
const CALLER_A = 'arn:aws:sts::111111111111:assumed-role/gateway/i-0abc'
const SESSION_B = 'arn:aws:sts::222222222222:assumed-role/BedrockAccessRole/xacct'
const HAIKU = 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0'
const SCP_ARN = 'arn:aws:organizations::333333333333:policy/o-a1b2c3d4e5/service_control_policy/p-abcd1234'

type Case = [label: string, text: string, expected: Record<string, unknown>]

const iamGrammar: Case[] = [
  [
    'cross-account AssumeRole, no reason (CLI prefix)',
    `An error occurred (AccessDenied) when calling the AssumeRole operation: User: ${CALLER_A} is not authorized to perform: sts:AssumeRole on resource: ${ROLE_B}`,
    {
      kind: 'not-authorized',
      action: 'sts:AssumeRole',
      resource: ROLE_B,
      denial: 'none',
      policyType: undefined,
      principal: { kind: 'assumed-role', accountId: '111111111111', name: 'gateway', sessionName: 'i-0abc', roleArn: 'arn:aws:iam::111111111111:role/gateway' },
      envelope: { errorCode: 'AccessDenied', operation: 'AssumeRole' }
    }
  ],
  [
    'AssumeRole by a user, trailing period',
    `User: arn:aws:iam::111111111111:user/alice is not authorized to perform: sts:AssumeRole on resource: ${ROLE_B}.`,
    { action: 'sts:AssumeRole', resource: ROLE_B, denial: 'none', principal: { kind: 'user', name: 'alice', accountId: '111111111111' } }
  ],
  [
    'AssumeRole implicit deny in identity-based policy',
    `User: ${CALLER_A} is not authorized to perform: sts:AssumeRole on resource: ${ROLE_B} because no identity-based policy allows the sts:AssumeRole action`,
    { denial: 'implicit', policyType: 'identity', resource: ROLE_B }
  ],
  [
    'AssumeRole implicit deny in role trust policy (same account)',
    `User: arn:aws:iam::222222222222:user/bob is not authorized to perform: sts:AssumeRole on resource: ${ROLE_B} because no role trust policy allows the sts:AssumeRole action`,
    { denial: 'implicit', policyType: 'trust' }
  ],
  [
    'AssumeRole explicit deny in SCP with SCP ARN',
    `User: ${CALLER_A} is not authorized to perform: sts:AssumeRole on resource: ${ROLE_B} with an explicit deny in a service control policy: ${SCP_ARN}`,
    { denial: 'explicit', policyType: 'scp', policyArn: SCP_ARN }
  ],
  [
    'AssumeRole implicit deny in permissions boundary',
    `User: ${CALLER_A} is not authorized to perform: sts:AssumeRole on resource: ${ROLE_B} because no permissions boundary allows the sts:AssumeRole action`,
    { denial: 'implicit', policyType: 'boundary' }
  ],
  ['AssumeRole implicit deny in session policy', `User: ${CALLER_A} is not authorized to perform: sts:AssumeRole on resource: ${ROLE_B} because no session policy allows the sts:AssumeRole action`, { denial: 'implicit', policyType: 'session' }],
  [
    'AssumeRole explicit deny in identity-based policy with policy ARN',
    `User: ${CALLER_A} is not authorized to perform: sts:AssumeRole on resource: ${ROLE_B} with an explicit deny in an identity-based policy: arn:aws:iam::111111111111:policy/DenyCrossAccount`,
    { denial: 'explicit', policyType: 'identity', policyArn: 'arn:aws:iam::111111111111:policy/DenyCrossAccount' }
  ],
  [
    'Bedrock implicit deny in identity-based policy',
    `User: ${SESSION_B} is not authorized to perform: bedrock:InvokeModel on resource: ${HAIKU} because no identity-based policy allows the bedrock:InvokeModel action`,
    { action: 'bedrock:InvokeModel', resource: HAIKU, denial: 'implicit', policyType: 'identity', principal: { kind: 'assumed-role', name: 'BedrockAccessRole', accountId: '222222222222' } }
  ],
  [
    'Bedrock SCP region lock (JS SDK prefix)',
    `AccessDeniedException: User: ${SESSION_B} is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-haiku-20240307-v1:0 with an explicit deny in a service control policy: ${SCP_ARN}`,
    { denial: 'explicit', policyType: 'scp', policyArn: SCP_ARN, envelope: { errorCode: 'AccessDeniedException' } }
  ],
  [
    'Bedrock streaming, resource control policy',
    `User: ${SESSION_B} is not authorized to perform: bedrock:InvokeModelWithResponseStream on resource: ${HAIKU} with an explicit deny in a resource control policy: arn:aws:organizations::333333333333:policy/o-a1b2c3d4e5/resource_control_policy/p-rcp98765`,
    { action: 'bedrock:InvokeModelWithResponseStream', denial: 'explicit', policyType: 'rcp', policyArn: 'arn:aws:organizations::333333333333:policy/o-a1b2c3d4e5/resource_control_policy/p-rcp98765' }
  ],
  ['Bedrock explicit deny in VPC endpoint policy', `User: ${SESSION_B} is not authorized to perform: bedrock:InvokeModel on resource: ${HAIKU} with an explicit deny in a VPC endpoint policy`, { denial: 'explicit', policyType: 'vpce' }],
  [
    'Bedrock implicit deny in VPC endpoint policy',
    `User: ${SESSION_B} is not authorized to perform: bedrock:InvokeModel on resource: ${HAIKU} because no VPC endpoint policy allows the bedrock:InvokeModel action`,
    { denial: 'implicit', policyType: 'vpce' }
  ],
  [
    'Bedrock implicit deny in resource-based policy',
    `User: ${SESSION_B} is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:us-east-1:222222222222:application-inference-profile/a1b2c3d4e5f6 because no resource-based policy allows the bedrock:InvokeModel action`,
    { denial: 'implicit', policyType: 'resource', resource: 'arn:aws:bedrock:us-east-1:222222222222:application-inference-profile/a1b2c3d4e5f6' }
  ],
  [
    'Bedrock explicit deny in permissions boundary with policy ARN',
    `User: ${SESSION_B} is not authorized to perform: bedrock:InvokeModel on resource: ${HAIKU} with an explicit deny in a permissions boundary: arn:aws:iam::222222222222:policy/Boundary`,
    { denial: 'explicit', policyType: 'boundary', policyArn: 'arn:aws:iam::222222222222:policy/Boundary' }
  ],
  [
    'Bedrock session policy implicit',
    `User: ${SESSION_B} is not authorized to perform: bedrock:Converse on resource: ${HAIKU} because no session policy allows the bedrock:Converse action`,
    { action: 'bedrock:Converse', denial: 'implicit', policyType: 'session' }
  ],
  [
    'Bedrock inference profile, upper-case service prefix',
    `User: ${SESSION_B} is not authorized to perform: BEDROCK:InvokeModel on resource: arn:aws:bedrock:us-east-1:222222222222:inference-profile/us.anthropic.claude-3-7-sonnet-20250219-v1:0 because no identity-based policy allows the BEDROCK:InvokeModel action`,
    { action: 'bedrock:InvokeModel', resource: 'arn:aws:bedrock:us-east-1:222222222222:inference-profile/us.anthropic.claude-3-7-sonnet-20250219-v1:0', policyType: 'identity' }
  ],
  [
    'Bedrock destination-region foundation model (profile reroute)',
    `User: ${SESSION_B} is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:us-east-2::foundation-model/anthropic.claude-3-7-sonnet-20250219-v1:0 because no identity-based policy allows the bedrock:InvokeModel action`,
    { resource: 'arn:aws:bedrock:us-east-2::foundation-model/anthropic.claude-3-7-sonnet-20250219-v1:0', denial: 'implicit' }
  ],
  [
    'IAM GetRole during --fetch, resource named "role X"',
    'User: arn:aws:iam::111111111111:user/alice is not authorized to perform: iam:GetRole on resource: role BedrockAccessRole because no identity-based policy allows the iam:GetRole action',
    { action: 'iam:GetRole', resource: 'role BedrockAccessRole', policyType: 'identity' }
  ],
  [
    'IAM ListRolePolicies, no on-resource clause',
    'User: arn:aws:iam::222222222222:user/ops is not authorized to perform: iam:ListRoles because no identity-based policy allows the iam:ListRoles action',
    { action: 'iam:ListRoles', resource: undefined, denial: 'implicit', policyType: 'identity' }
  ],
  [
    'CloudTrail LookupEvents, explicit deny in identity policy',
    `User: ${SESSION_B} is not authorized to perform: cloudtrail:LookupEvents with an explicit deny in an identity-based policy: arn:aws:iam::222222222222:policy/NoTrail`,
    { action: 'cloudtrail:LookupEvents', resource: undefined, denial: 'explicit', policyType: 'identity', policyArn: 'arn:aws:iam::222222222222:policy/NoTrail' }
  ],
  ['root principal', `User: arn:aws:iam::111111111111:root is not authorized to perform: sts:AssumeRole on resource: ${ROLE_B}`, { principal: { kind: 'root', accountId: '111111111111' } }],
  ['federated user', `User: arn:aws:sts::111111111111:federated-user/carol is not authorized to perform: sts:AssumeRole on resource: ${ROLE_B}`, { principal: { kind: 'federated-user', name: 'carol', accountId: '111111111111' } }],
  ['role principal (IAM role ARN)', `User: arn:aws:iam::111111111111:role/service-role/gateway is not authorized to perform: sts:AssumeRole on resource: ${ROLE_B}`, { principal: { kind: 'role', name: 'gateway' } }],
  [
    'user ARN given as the role (malformed role ARN shape)',
    'User: arn:aws:iam::111111111111:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:user/BedrockAccessRole',
    { resource: 'arn:aws:iam::222222222222:user/BedrockAccessRole', denial: 'none' }
  ],
  ['anonymous principal', 'User: anonymous is not authorized to perform: sts:AssumeRole', { principal: { kind: 'anonymous' }, action: 'sts:AssumeRole' }]
]

const envelopes: Case[] = [
  [
    'Markdown line break after the policy type',
    'User: arn:aws:iam::111111111111:user/dev is not authorized to perform: bedrock:Converse on resource: arn:aws:bedrock:us-east-2::foundation-model/m with an explicit deny in a service control policy"}\\\n```',
    { kind: 'not-authorized', denial: 'explicit', policyType: 'scp' }
  ],
  [
    'framed by a terminal UI',
    '┃ User: arn:aws:iam::111111111111:user/dev is not authorized to perform: ┃\n┃ bedrock:Converse on resource: arn:aws:bedrock:us-east-2::foundation-model/m because no ┃\n┃ permissions boundary allows the bedrock:Converse action ┃',
    { kind: 'not-authorized', action: 'bedrock:Converse', resource: 'arn:aws:bedrock:us-east-2::foundation-model/m', denial: 'implicit', policyType: 'boundary' }
  ],
  [
    'reason cut off after "allows the"',
    'User: arn:aws:iam::111111111111:user/dev is not authorized to perform: bedrock:Converse on resource: arn:aws:bedrock:us-east-2::foundation-model/m because no session policy allows the bedr',
    { kind: 'not-authorized', denial: 'implicit', policyType: 'session' }
  ],
  [
    'Markdown line break inside the denial',
    'User: arn:aws:iam::111111111111:user/dev is not authorized to perform: bedrock:Converse on \\\nresource: arn:aws:bedrock:us-east-2::foundation-model/m because no identity-based policy allows the bedrock:Converse action',
    { kind: 'not-authorized', resource: 'arn:aws:bedrock:us-east-2::foundation-model/m', denial: 'implicit', policyType: 'identity' }
  ],
  [
    'stray backslash closing a quoted denial',
    '{"Message":"User: arn:aws:iam::111111111111:user/dev is not authorized to perform: bedrock:Converse on resource: arn:aws:bedrock:us-east-2::foundation-model/m with an explicit deny in a permissions boundary"}\\',
    { kind: 'not-authorized', denial: 'explicit', policyType: 'boundary' }
  ],
  [
    'redacted account ***',
    `User: arn:aws:sts::***:assumed-role/gateway/s1 is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::***:role/BedrockAccessRole`,
    { principal: { kind: 'assumed-role', accountId: undefined, name: 'gateway', roleArn: undefined }, resource: 'arn:aws:iam::***:role/BedrockAccessRole' }
  ],
  [
    'masked account xxxxxxxxxxxx',
    'User: arn:aws:iam::xxxxxxxxxxxx:user/alice is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:eu-west-1::foundation-model/amazon.nova-lite-v1:0 because no identity-based policy allows the bedrock:InvokeModel action',
    { principal: { kind: 'user', accountId: undefined, name: 'alice' }, policyType: 'identity' }
  ],
  [
    'Java v2 suffix',
    `User: ${CALLER_A} is not authorized to perform: sts:AssumeRole on resource: ${ROLE_B} (Service: Sts, Status Code: 403, Request ID: 6d3c1f2e-0a1b-4c5d-8e9f-0123456789ab)`,
    { resource: ROLE_B, envelope: { service: 'Sts', statusCode: 403, requestId: '6d3c1f2e-0a1b-4c5d-8e9f-0123456789ab' } }
  ],
  [
    'Java v1 suffix with error code',
    `User: ${CALLER_A} is not authorized to perform: sts:AssumeRole on resource: ${ROLE_B} (Service: AWSSecurityTokenService; Status Code: 403; Error Code: AccessDenied; Request ID: 0a1b2c3d-1111-2222-3333-444455556666; Proxy: null)`,
    { resource: ROLE_B, envelope: { service: 'AWSSecurityTokenService', statusCode: 403, errorCode: 'AccessDenied' } }
  ],
  [
    'Go SDK v2 wrapper',
    `operation error STS: AssumeRole, https response error StatusCode: 403, RequestID: 9f8e7d6c-aaaa-bbbb-cccc-ddddeeeeffff, api error AccessDenied: User: ${CALLER_A} is not authorized to perform: sts:AssumeRole on resource: ${ROLE_B}`,
    { resource: ROLE_B, envelope: { service: 'STS', operation: 'AssumeRole', statusCode: 403, errorCode: 'AccessDenied' } }
  ],
  ['AccessDenied: prefix (JS SDK v3 name)', `AccessDenied: User: ${CALLER_A} is not authorized to perform: sts:AssumeRole on resource: ${ROLE_B}`, { denial: 'none', envelope: { errorCode: 'AccessDenied' } }],
  [
    'boto3 traceback line',
    `botocore.exceptions.ClientError: An error occurred (AccessDeniedException) when calling the Converse operation: User: ${SESSION_B} is not authorized to perform: bedrock:InvokeModel on resource: ${HAIKU} because no identity-based policy allows the bedrock:InvokeModel action`,
    { action: 'bedrock:InvokeModel', envelope: { errorCode: 'AccessDeniedException', operation: 'Converse' } }
  ],
  [
    'line-wrapped at spaces',
    `An error occurred (AccessDenied) when calling the AssumeRole operation:\n  User: ${CALLER_A} is not authorized\n  to perform: sts:AssumeRole on resource:\n  ${ROLE_B}`,
    { action: 'sts:AssumeRole', resource: ROLE_B, envelope: { operation: 'AssumeRole' } }
  ],
  [
    'line-wrapped inside an ARN (after a colon)',
    `User: arn:aws:sts::111111111111:\nassumed-role/gateway/i-0abc is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:\nrole/BedrockAccessRole`,
    { principal: { arn: CALLER_A }, resource: ROLE_B }
  ],
  // Two lines prove nothing about terminal width: a break is a space unless it cut a token in two.
  [
    'two lines, soft-wrapped between "identity-based" and "policy"',
    `User: ${CALLER_A} is not authorized to perform: sts:AssumeRole on resource: ${ROLE_B} because no identity-based\npolicy allows the sts:AssumeRole action`,
    { denial: 'implicit', policyType: 'identity', resource: ROLE_B }
  ],
  [
    'two lines, soft-wrapped before "service control policy"',
    `User: ${CALLER_A} is not authorized to perform: sts:AssumeRole on resource: ${ROLE_B} with an explicit deny in a\nservice control policy: ${SCP_ARN}`,
    { denial: 'explicit', policyType: 'scp', policyArn: SCP_ARN }
  ],
  [
    "two lines, hard-wrapped inside the role ARN's account id",
    `User: ${CALLER_A} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::2222222\n22222:role/BedrockAccessRole because no role trust policy allows the sts:AssumeRole action`,
    { resource: ROLE_B, denial: 'implicit', policyType: 'trust' }
  ],
  [
    'two lines, hard-wrapped inside the role name',
    `User: ${CALLER_A} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/Bedrock\nAccessRole because no identity-based policy allows the sts:AssumeRole action`,
    { resource: ROLE_B, policyType: 'identity' }
  ],
  ['two lines, hard-wrapped inside a word', `User: ${CALLER_A} is not authorized to perfo\nrm: sts:AssumeRole on resource: ${ROLE_B}`, { action: 'sts:AssumeRole', resource: ROLE_B, principal: { arn: CALLER_A } }],
  [
    'two lines, broken at a space kept on the first line',
    `User: ${CALLER_A} is not authorized to perform: sts:AssumeRole on resource: ${ROLE_B} \nbecause no permissions boundary allows the sts:AssumeRole action`,
    { resource: ROLE_B, denial: 'implicit', policyType: 'boundary' }
  ],
  [
    'two lines after an ARN, soft-wrapped',
    `User: ${CALLER_A} is not authorized to perform: sts:AssumeRole on resource: ${ROLE_B}\nbecause no session policy allows the sts:AssumeRole action`,
    { resource: ROLE_B, denial: 'implicit', policyType: 'session' }
  ],
  [
    'two lines with CRLF, soft-wrapped between words',
    `AccessDeniedException: User: ${SESSION_B} is not authorized to perform: bedrock:InvokeModel on resource: ${HAIKU} because no resource-based\r\npolicy allows the bedrock:InvokeModel action\r\n`,
    { resource: HAIKU, denial: 'implicit', policyType: 'resource', envelope: { errorCode: 'AccessDeniedException' } }
  ],
  ['two lines, error code label then the message', `AccessDeniedException:\nUser: ${SESSION_B} is not authorized to perform: bedrock:InvokeModel on resource: ${HAIKU}`, { resource: HAIKU, envelope: { errorCode: 'AccessDeniedException' } }],
  [
    'hard-wrapped by an 60-column terminal',
    (() => {
      const text = `User: ${SESSION_B} is not authorized to perform: bedrock:InvokeModel on resource: ${HAIKU} because no identity-based policy allows the bedrock:InvokeModel action`
      return text.match(/.{1,60}/g)!.join('\n')
    })(),
    { resource: HAIKU, policyType: 'identity' }
  ],
  [
    'JSON error body',
    JSON.stringify({
      __type: 'com.amazon.coral.service#AccessDeniedException',
      message: `User: ${SESSION_B} is not authorized to perform: bedrock:InvokeModel on resource: ${HAIKU} because no identity-based policy allows the bedrock:InvokeModel action`
    }),
    { action: 'bedrock:InvokeModel', envelope: { errorCode: 'AccessDeniedException' } }
  ],
  [
    'XML STS error body',
    `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: ${CALLER_A} is not authorized to perform: sts:AssumeRole on resource: ${ROLE_B}</Message></Error><RequestId>abc-123</RequestId></ErrorResponse>`,
    { resource: ROLE_B, envelope: { errorCode: 'AccessDenied', requestId: 'abc-123' } }
  ],
  ['quoted log line', `"An error occurred (AccessDenied) when calling the AssumeRole operation: User: ${CALLER_A} is not authorized to perform: sts:AssumeRole on resource: ${ROLE_B}"`, { resource: ROLE_B }],
  [
    'web identity, reason-less',
    'An error occurred (AccessDenied) when calling the AssumeRoleWithWebIdentity operation: Not authorized to perform sts:AssumeRoleWithWebIdentity',
    { kind: 'not-authorized', action: 'sts:AssumeRoleWithWebIdentity', denial: 'none', principal: undefined }
  ]
]

const bedrockNonIam: Case[] = [
  [
    'model access not granted',
    "An error occurred (AccessDeniedException) when calling the InvokeModel operation: You don't have access to the model with the specified model ID.",
    { kind: 'bedrock-denial', reason: 'model-access-not-granted', envelope: { operation: 'InvokeModel' } }
  ],
  ['model access, JS SDK', "AccessDeniedException: You don't have access to the model with the specified model ID.", { kind: 'bedrock-denial', reason: 'model-access-not-granted' }],
  [
    'Marketplace actions',
    'An error occurred (AccessDeniedException) when calling the Converse operation: Model access is denied due to IAM user or service role is not authorized to perform the required AWS Marketplace actions (aws-marketplace:ViewSubscriptions, aws-marketplace:Subscribe) to enable access to this model.',
    { kind: 'bedrock-denial', reason: 'marketplace-subscription' }
  ],
  ['Marketplace subscription pending', 'AccessDeniedException: Your AWS Marketplace subscription for this model cannot be completed at this time.', { kind: 'bedrock-denial', reason: 'marketplace-subscription' }],
  ['account not authorized', 'An error occurred (AccessDeniedException) when calling the InvokeModel operation: Your account is not authorized to invoke this API operation.', { kind: 'bedrock-denial', reason: 'account-not-authorized' }]
]

const lookalikes: Case[] = [
  [
    'on-demand throughput',
    'An error occurred (ValidationException) when calling the Converse operation: Invocation of model ID anthropic.claude-3-7-sonnet-20250219-v1:0 with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.',
    { kind: 'validation', reason: 'on-demand-not-supported', modelId: 'anthropic.claude-3-7-sonnet-20250219-v1:0', envelope: { errorCode: 'ValidationException' } }
  ],
  ['invalid model identifier', 'ValidationException: The provided model identifier is invalid.', { kind: 'validation', reason: 'invalid-model-id' }],
  [
    'DurationSeconds over max',
    'An error occurred (ValidationError) when calling the AssumeRole operation: The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    { kind: 'validation', reason: 'duration-over-max', envelope: { errorCode: 'ValidationError', operation: 'AssumeRole' } }
  ],
  [
    'role chaining limit',
    'An error occurred (ValidationError) when calling the AssumeRole operation: The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    { kind: 'validation', reason: 'role-chaining-limit' }
  ],
  [
    'ExternalId with spaces',
    "An error occurred (ValidationError) when calling the AssumeRole operation: 1 validation error detected: Value 'my external id' at 'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*",
    { kind: 'validation', reason: 'external-id-malformed', value: 'my external id' }
  ],
  [
    'ExternalId too short',
    "ValidationError: 1 validation error detected: Value 'x' at 'externalId' failed to satisfy constraint: Member must have length greater than or equal to 2",
    { kind: 'validation', reason: 'external-id-malformed', value: 'x' }
  ],
  [
    'role ARN too short',
    "An error occurred (ValidationError) when calling the AssumeRole operation: 1 validation error detected: Value 'BedrockAccessRole' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20",
    { kind: 'validation', reason: 'malformed-role-arn', value: 'BedrockAccessRole' }
  ],
  ['role ARN invalid', 'An error occurred (ValidationError) when calling the AssumeRole operation: arn:aws:iam:222222222222:role/BedrockAccessRole is invalid', { kind: 'validation', reason: 'malformed-role-arn' }],
  [
    'trust principal that does not exist yet',
    'An error occurred (MalformedPolicyDocument) when calling the CreateRole operation: Invalid principal in policy: "AWS":"arn:aws:iam::222222222222:role/NotYetCreated"',
    { kind: 'validation', reason: 'invalid-principal', value: 'arn:aws:iam::222222222222:role/NotYetCreated', envelope: { operation: 'CreateRole' } }
  ],
  ['trust statement without a principal', 'MalformedPolicyDocument: Invalid principal in policy: The passed in policy has a statement with no principals!', { kind: 'validation', reason: 'invalid-principal' }]
]

const unrecognized: Case[] = [
  ['empty', '', { kind: 'unrecognized' }],
  ['plain Access Denied with operation', 'An error occurred (AccessDeniedException) when calling the InvokeModel operation: Access denied', { kind: 'unrecognized', envelope: { errorCode: 'AccessDeniedException', operation: 'InvokeModel' } }],
  ['unrelated text', 'Segmentation fault (core dumped)', { kind: 'unrecognized' }]
]

/** Every expected field equals the parsed one; an expected `undefined` means "absent". Recurses into objects. */
function expectFields(actual: unknown, expected: Record<string, unknown>, path: string): void {
  for (const [key, value] of Object.entries(expected)) {
    const got = (actual as Record<string, unknown> | undefined)?.[key]
    if (value !== null && typeof value === 'object') expectFields(got, value as Record<string, unknown>, `${path}.${key}`)
    else expect(got, `${path}.${key}`).toEqual(value)
  }
}

describe('parseAccessDenied corpus', () => {
  const all = [...iamGrammar, ...envelopes, ...bedrockNonIam, ...lookalikes, ...unrecognized]
  it('has at least 40 messages', () => {
    expect(all.length).toBeGreaterThanOrEqual(40)
  })
  describe.each([
    ['IAM grammar', iamGrammar],
    ['prefixes, suffixes, redactions, wraps', envelopes],
    ['Bedrock non-IAM denials', bedrockNonIam],
    ['validation look-alikes', lookalikes],
    ['unrecognized', unrecognized]
  ])('%s', (_group, cases) => {
    it.each(cases)('%s', (_label, text, expected) => {
      expectFields(parseAccessDenied(text), expected, _label)
    })
  })
})

describe('unwrap', () => {
  it('no grammar word splits into two grammar words, so a hard wrap inside one joins it back', () => {
    for (const word of GRAMMAR_WORDS) {
      for (let cut = 1; cut < word.length; cut++) {
        expect(unwrap(`x ${word.slice(0, cut)}\n${word.slice(cut)} y`), `${word} cut at ${cut}`).toBe(`x ${word} y`)
      }
    }
  })
  it.each([
    ['soft wrap between words', 'because no identity-based\npolicy allows', 'because no identity-based policy allows'],
    ['CRLF soft wrap', 'with an explicit deny in a\r\nservice control policy\r\n', 'with an explicit deny in a service control policy'],
    ['hard wrap mid-ARN', 'on resource: arn:aws:iam::22222\n2222222:role/R', 'on resource: arn:aws:iam::222222222222:role/R'],
    ['break at a kept space', 'on resource: arn:aws:iam::222222222222:role/R \nbecause no', 'on resource: arn:aws:iam::222222222222:role/R because no'],
    ['label then value', 'to perform:\nsts:AssumeRole on', 'to perform: sts:AssumeRole on'],
    ['inside an action', 'to perform: sts:Assu\nmeRole on', 'to perform: sts:AssumeRole on'],
    ['three equal-width lines (terminal)', 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH\nabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH\nxyz', 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHxyz']
  ])('%s', (_label, text, expected) => {
    expect(unwrap(text)).toBe(expected)
  })
})
