/**
 * What explain tells people about the errors of issue 18: whose policy a fix names (the principal's
 * kind decides), Bedrock API keys never answered with "grant InvokeModel on *", the model-access
 * fix without the retired console page, the caller's geography in the on-demand fix, partial
 * pastes, and the IAM action every result names. Each fact cites docs/aws-facts.md.
 */
import { describe, expect, it } from 'vitest'
import { parseAccessDenied } from '../access-denied/parse.js'
import { createEvaluator } from '../evaluate.js'
import { diagnose } from './diagnose.js'
import { profileIdFor, profilePrefixFor } from './profile-prefix.js'
import type { Answers } from './types.js'

const explain = (text: string, answers: Answers = {}) => diagnose({ parsed: parseAccessDenied(text), answers }, createEvaluator())
const HAIKU = 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0'

describe('whose policy the fix names', () => {
  it("an IAM user's explicit deny is fixed in the user's identity policy, not a role's permissions policy", async () => {
    const d = await explain(`AccessDeniedException: User: arn:aws:iam::222222222222:user/alice is not authorized to perform: bedrock:InvokeModel on resource: ${HAIKU} with an explicit deny in an identity-based policy`)
    const [lead] = d.candidates
    expect(lead).toMatchObject({ cause: 'explicit-deny-identity', confidence: 'certain' })
    expect(lead!.fix.where).toMatch(/IAM user alice/)
    expect(lead!.fix.where).not.toMatch(/role/)
  })

  it("an IAM user's missing Bedrock permission is fixed in the user's identity policy, with no init command for a role", async () => {
    const d = await explain(`User: arn:aws:iam::222222222222:user/alice is not authorized to perform: bedrock:InvokeModel on resource: ${HAIKU} because no identity-based policy allows the bedrock:InvokeModel action`)
    expect(d.candidates[0]).toMatchObject({ cause: 'identity-policy-missing-bedrock', confidence: 'certain' })
    expect(d.candidates[0]!.fix.where).toMatch(/IAM user alice/)
    expect(d.candidates[0]!.fix.command).toBeUndefined()
  })

  it('a web identity denial says what the trust statement must match (sub, aud, provider)', async () => {
    const d = await explain('Error: Could not assume role with OIDC: Not authorized to perform sts:AssumeRoleWithWebIdentity')
    expect(d.candidates[0]!.cause).toBe('trust-condition-failed')
    expect(d.candidates[0]!.fix.action).toMatch(/:sub matches .*case-sensitive/)
    expect(d.action).toBe('sts:AssumeRoleWithWebIdentity')
  })

  it("an assumed-role session's missing permission is fixed in its role's permissions policy", async () => {
    const d = await explain('User: arn:aws:sts::222222222222:assumed-role/Ops/s is not authorized to perform: bedrock:ListFoundationModels because no identity-based policy allows the bedrock:ListFoundationModels action')
    expect(d.candidates[0]).toMatchObject({ cause: 'identity-policy-missing-action' })
    expect(d.candidates[0]!.fix.where).toMatch(/permissions policy of role Ops/)
    expect(d.candidates[0]!.fix.snippet).toMatchObject({ Action: 'bedrock:ListFoundationModels' })
  })

  it('a partial paste with the principal and action elided still names the identity layer', async () => {
    const d = await explain('AccessDeniedException: ... is not authorized to perform ... with an explicit deny in an identity-based policy')
    expect(d.identified).toBe(true)
    expect(d.candidates[0]!.cause).toBe('explicit-deny-identity')
  })
})

describe('Bedrock API keys (aws-facts bedrock.api-keys)', () => {
  it.each([
    'User: arn:aws:iam::222222222222:user/BedrockAPIKey-abcd is not authorized to perform: bedrock:CallWithBearerToken because no identity-based policy allows the bedrock:CallWithBearerToken action',
    'not authorized to perform: bedrock:CallWithBearerToken'
  ])('%s → the key identity needs bedrock:CallWithBearerToken; never "grant InvokeModel on *"', async (text) => {
    const d = await explain(text)
    const [lead] = d.candidates
    expect(lead!.cause).toBe('bearer-token-not-allowed')
    expect(JSON.stringify(lead!.fix.snippet)).toContain('bedrock:CallWithBearerToken')
    for (const c of d.candidates) expect(JSON.stringify(c.fix)).not.toMatch(/"Action":\s*\[?"bedrock:InvokeModel"[^}]*"Resource":\s*"\*"/)
    expect(d.action).toBe('bedrock:CallWithBearerToken')
  })

  it('an SCP denying CallWithBearerToken is the SCP layer', async () => {
    const d = await explain(
      'User: arn:aws:iam::222222222222:user/BedrockAPIKey-abcd is not authorized to perform: bedrock:CallWithBearerToken with an explicit deny in a service control policy: arn:aws:organizations::333333333333:policy/o-a1b2c3d4e5/service_control_policy/p-abcd1234'
    )
    expect(d.candidates[0]!.cause).toBe('scp-deny')
    expect(d.candidates[0]!.fix.snippet).toEqual({ ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::222222222222:user/BedrockAPIKey-abcd' } })
    expect(d.candidates.map((c) => c.cause)).not.toContain('scp-region-lock')
  })
})

describe('Bedrock denials that are not IAM (aws-facts bedrock.model-access.default-on, bedrock.marketplace.actions)', () => {
  it('the model-access message does not point at the retired console "Model access" page', async () => {
    const d = await explain("An error occurred (AccessDeniedException) when calling the Converse operation: You don't have access to the model with the specified model ID.")
    const fix = d.candidates[0]!.fix
    expect(fix.where).not.toMatch(/Model access/)
    expect(fix.action).toMatch(/enabled by default/)
    expect(fix.action).toMatch(/Marketplace/)
    expect(fix.action).toMatch(/use-case form/)
    expect(d.action).toBe('bedrock:InvokeModel')
  })

  it('the Marketplace fix grants Subscribe, Unsubscribe and ViewSubscriptions', async () => {
    const d = await explain('Model access is denied due to IAM user or service role is not authorized to perform the required AWS Marketplace actions (aws-marketplace:ViewSubscriptions, aws-marketplace:Subscribe) to enable access to this model.')
    expect(d.candidates[0]!.fix.snippet).toMatchObject({ Action: ['aws-marketplace:Subscribe', 'aws-marketplace:Unsubscribe', 'aws-marketplace:ViewSubscriptions'] })
  })

  // DESIGN §4 quotes the use-case message; docs/aws-facts.md bedrock.anthropic.use-case-message has no public copy yet.
  it("Anthropic's use-case form", async () => {
    const d = await explain('An error occurred (ResourceNotFoundException) when calling the InvokeModel operation: Model use case details have not been submitted for this account. Fill out the Anthropic use case details form before using the model.')
    expect(d.candidates[0]!.cause).toBe('anthropic-use-case-form')
    expect(d.candidates[0]!.fix.action).not.toMatch(/InvokeModel/)
  })
})

describe("on-demand fix: the caller's geography (DESIGN §4: a geographic profile is callable only from its geography)", () => {
  it.each([
    ['eu-west-1', 'eu'],
    ['eu-central-1', 'eu'],
    ['ap-northeast-1', 'apac'],
    ['ap-southeast-2', 'apac'],
    // Auckland calls au. (and global.), no documented apac. (docs/aws-facts.md regions.au.claude).
    ['ap-southeast-6', 'au'],
    ['us-west-2', 'us'],
    ['us-east-1', 'us']
  ])('%s → %s.', (region, prefix) => {
    expect(profilePrefixFor(region)).toBe(prefix)
    expect(profileIdFor('us.anthropic.claude-sonnet-4-20250514-v1:0', region)).toBe(`${prefix}.anthropic.claude-sonnet-4-20250514-v1:0`)
  })

  it('suggests eu. to a caller in eu-west-1, never us.', async () => {
    const d = await explain(
      'An error occurred (ValidationException) when calling the Converse operation: Invocation of model ID anthropic.claude-3-7-sonnet-20250219-v1:0 with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.',
      { region: 'eu-west-1' }
    )
    const fix = d.candidates[0]!.fix
    expect(fix.action).toContain('eu.anthropic.claude-3-7-sonnet-20250219-v1:0')
    expect(`${fix.action} ${fix.command ?? ''}`).not.toContain('us.anthropic')
  })
})

describe('the IAM action every result names (DESIGN §4: Converse → InvokeModel, ConverseStream → InvokeModelWithResponseStream)', () => {
  it.each([
    ['An error occurred (ThrottlingException) when calling the ConverseStream operation: Too many tokens, please wait before trying again.', 'bedrock:InvokeModelWithResponseStream'],
    ['An error occurred (ExpiredTokenException) when calling the Converse operation: The security token included in the request is expired', 'bedrock:InvokeModel'],
    ['User: arn:aws:sts::222222222222:assumed-role/R/s is not authorized to perform: bedrock:ConverseStream on resource: ' + HAIKU, 'bedrock:InvokeModelWithResponseStream']
  ])('%s → %s', async (text, action) => {
    expect((await explain(text)).action).toBe(action)
  })

  it('a clock-skew error says how far the clock is off and that credentials are fine', async () => {
    const d = await explain('An error occurred (SignatureDoesNotMatch) when calling the GetCallerIdentity operation: Signature expired: 20220127T001427Z is now earlier than 20220127T014428Z (20220127T015928Z - 15 min.)')
    expect(d.candidates[0]!.cause).toBe('clock-skew')
    expect(d.candidates[0]!.fix.action).toMatch(/about 105 min behind/)
  })
})
