/**
 * docs/aws-facts.md §7–§9 (AccessDenied grammar, error texts, Bedrock denials), pinned by fact id.
 * Expected values are the texts quoted in each row (the IAM user guide's troubleshooting page,
 * public issues) and botocore's Bedrock model; the sandbox's message builder and explain's parser
 * must agree with them.
 */
import { describe, expect, it } from 'vitest'
import { parseAccessDenied } from '../../src/core/access-denied/parse.js'
import { accessDeniedMessage } from '../../src/sandbox/engine/messages.js'
import { botocoreModel } from '../helpers/botocore.js'
import { serviceReference } from '../helpers/service-reference.js'

const USER = 'arn:aws:iam::111111111111:user/app-caller'
const MODEL = 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0'
const head = `User: ${USER} is not authorized to perform: bedrock:InvokeModel on resource: ${MODEL}`
const parsed = (text: string) => parseAccessDenied(text) as unknown as Record<string, unknown>

describe('AccessDenied grammar (docs/aws-facts.md §8)', () => {
  it.each([
    ['identity-based policy', 'identity'],
    ['resource-based policy', 'resource'],
    ['service control policy', 'scp'],
    ['VPC endpoint policy', 'vpce'],
    ['permissions boundary', 'boundary'],
    ['session policy', 'session'],
    ['role trust policy', 'trust']
  ])('deny.grammar: "%s" is read from the implicit and the explicit form', (type, layer) => {
    expect(parsed(`${head} because no ${type} allows the bedrock:InvokeModel action`)).toMatchObject({ denial: 'implicit', policyType: layer, resource: MODEL, action: 'bedrock:InvokeModel' })
    const article = type === 'role trust policy' ? 'the' : /^[aeiou]/i.test(type) ? 'an' : 'a'
    expect(parsed(`${head} with an explicit deny in ${article} ${type}`)).toMatchObject({ denial: 'explicit', policyType: layer, resource: MODEL })
  })

  it('deny.grammar: the sandbox writes the forms the parser reads back', () => {
    for (const layer of ['identity', 'scp', 'boundary', 'session', 'resource', 'vpce'] as const) {
      for (const explicit of [false, true]) {
        const message = accessDeniedMessage({ principalArn: USER, action: 'bedrock:InvokeModel', resource: MODEL, denial: { layer, explicit }, reasonless: false })
        expect(parsed(message), message).toMatchObject({ denial: explicit ? 'explicit' : 'implicit', policyType: layer })
      }
    }
  })

  it('deny.scp.due-to: "due to an explicit deny in a Service Control Policy" names the SCP', () => {
    const result = parsed(`${head} due to an explicit deny in a Service Control Policy`)
    expect(result).toMatchObject({ denial: 'explicit', policyType: 'scp', resource: MODEL })
  })

  it('deny.vpce.transitively: "in a VPC endpoint policy transitively through a service control policy" names the VPC endpoint policy', () => {
    const result = parsed(`${head} with an explicit deny in a VPC endpoint policy transitively through a service control policy`)
    expect(result).toMatchObject({ denial: 'explicit', policyType: 'vpce', resource: MODEL })
  })

  it('deny.trust.explicit-article: an explicit deny in a trust policy reads "in the role trust policy"', () => {
    const role = 'arn:aws:iam::777788889999:role/Target'
    // The IAM guide's example: "User: arn:aws:iam::777788889999:user/JohnDoe is not authorized to perform: sts:AssumeRole with an explicit deny in the role trust policy"
    const message = accessDeniedMessage({ principalArn: USER, action: 'sts:AssumeRole', resource: role, denial: { layer: 'trust', explicit: true }, reasonless: false })
    expect(message).toBe(`User: ${USER} is not authorized to perform: sts:AssumeRole on resource: ${role} with an explicit deny in the role trust policy`)
    expect(parsed('User: arn:aws:iam::777788889999:user/JohnDoe is not authorized to perform: sts:AssumeRole with an explicit deny in the role trust policy')).toMatchObject({ denial: 'explicit', policyType: 'trust' })
  })

  it('deny.assume-role.reasonless: a cross-account AssumeRole denial names no reason, and explain still reads the action and role', () => {
    const role = 'arn:aws:iam::222222222222:role/BedrockAccessRole'
    const message = accessDeniedMessage({ principalArn: USER, action: 'sts:AssumeRole', resource: role, denial: { layer: 'trust', explicit: false }, reasonless: true })
    expect(message).toBe(`User: ${USER} is not authorized to perform: sts:AssumeRole on resource: ${role}`)
    const pasted = 'User: arn:aws:sts::123456789012:assumed-role/role_name/session_name is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::210987654321:role/role_name'
    expect(parsed(pasted)).toMatchObject({ kind: 'not-authorized', action: 'sts:AssumeRole', resource: 'arn:aws:iam::210987654321:role/role_name', denial: 'none' })
  })

  it('deny.assume-role.legacy-form: "Not authorized to perform sts:AssumeRole" is read as an AssumeRole denial', () => {
    expect(parsed('An error occurred (AccessDenied) when calling the AssumeRole operation: Not authorized to perform sts:AssumeRole')).toMatchObject({ kind: 'not-authorized', action: 'sts:AssumeRole' })
  })
})

describe('error texts (docs/aws-facts.md §7, §9)', () => {
  it('err.invalid-client-token: "The security token included in the request is invalid." under either code', () => {
    for (const code of ['InvalidClientTokenId', 'UnrecognizedClientException']) {
      expect(parsed(`An error occurred (${code}) when calling the InvokeModel operation: The security token included in the request is invalid.`)).toMatchObject({ kind: 'aws-error', reason: 'credentials-invalid' })
    }
  })

  it('oidc.error.expired: an expired web identity token is a token to renew, not expired session credentials', () => {
    // awslabs/aws-orbit-workbench#707 (botocore paste)
    const pasted =
      'botocore.errorfactory.ExpiredTokenException: An error occurred (ExpiredTokenException) when calling the AssumeRoleWithWebIdentity operation: Token expired: current date/time 1624482533 must be before the expiration date/time1624482335'
    expect(parsed(pasted)).toMatchObject({ kind: 'aws-error', reason: 'web-identity-token-invalid' })
  })

  it('bedrock.marketplace.message: the Marketplace denial is read as a subscription problem', () => {
    const message =
      'AccessDeniedException: Model access is denied due to IAM user or service role is not authorized to perform the required AWS Marketplace actions (aws-marketplace:ViewSubscriptions, aws-marketplace:Subscribe) to enable access to this model. Refer to the Amazon Bedrock documentation for further details. Your AWS Marketplace subscription for this model cannot be completed at this time. If you recently fixed this issue, try again after 5 minutes.'
    expect(parsed(message)).toMatchObject({ kind: 'bedrock-denial', reason: 'marketplace-subscription' })
  })

  it('bedrock.account-not-authorized: "Your account is not authorized to invoke this API operation." is read as such', () => {
    expect(parsed('An error occurred (ValidationException) when calling the InvokeModel operation: Your account is not authorized to invoke this API operation.')).toMatchObject({ kind: 'bedrock-denial', reason: 'account-not-authorized' })
  })

  it('bedrock.anthropic.use-case-form: the control-plane API exists as the row says (botocore, service reference)', () => {
    const bedrock = botocoreModel('bedrock')
    expect(bedrock.operation('GetUseCaseForModelAccess').http).toMatchObject({ method: 'GET', requestUri: '/use-case-for-model-access' })
    expect(bedrock.operation('PutUseCaseForModelAccess').http.method).toBe('POST')
    expect(Object.keys(serviceReference('bedrock'))).toEqual(expect.arrayContaining(['getusecaseformodelaccess', 'putusecaseformodelaccess']))
  })
})
