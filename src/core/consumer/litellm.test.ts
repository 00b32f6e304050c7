/**
 * How a LiteLLM model entry's auth parameters resolve, as LiteLLM's Bedrock provider resolves them
 * (docs/aws-facts.md consumer.litellm.bedrock-auth): the entry's value, `os.environ/NAME`, else the
 * AWS_* variable of the same name. B = 222222222222 (the role).
 */
import { describe, expect, it } from 'vitest'
import { fixtureSetup } from '../../../test/helpers/setup-fixture.js'
import { XacctError } from '../errors.js'
import { liteLlmAssumeRoleInput, liteLlmEntry, liteLlmStaticChecks } from './litellm.js'

const ROLE = 'arn:aws:iam::222222222222:role/BedrockAccessRole'
const config = (params: Record<string, unknown>) => ({ model_list: [{ model_name: 'm', litellm_params: { model: 'bedrock/amazon.nova-lite-v1:0', ...params } }] })

describe('liteLlmEntry', () => {
  it.each([
    ['the entry', { aws_role_name: ROLE }, {}, { value: ROLE, from: 'aws_role_name of model m' }],
    ['os.environ/NAME', { aws_role_name: 'os.environ/MY_ROLE' }, { MY_ROLE: ROLE }, { value: ROLE, from: 'os.environ/MY_ROLE' }],
    ['os.environ/NAME unset', { aws_role_name: 'os.environ/MY_ROLE' }, {}, undefined],
    ['the AWS_ROLE_NAME fallback', {}, { AWS_ROLE_NAME: ROLE }, { value: ROLE, from: 'AWS_ROLE_NAME' }],
    ['nothing', {}, {}, undefined]
  ])('aws_role_name from %s', (_name, params, env, expected) => {
    expect(liteLlmEntry(config(params), 'm', 'c.yaml', env).params.aws_role_name).toEqual(expected)
  })

  it('an unknown model_name is exit 2 listing the names', () => {
    const error = (() => {
      try {
        liteLlmEntry(config({}), 'x', 'c.yaml', {})
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(XacctError)
    expect((error as XacctError).message).toBe('--litellm-model "x" is invalid: expected a model_name of c.yaml: m.')
  })

  it('what LiteLLM sends to STS, and the checks of a complete entry', () => {
    const setup = fixtureSetup({ models: ['amazon.nova-lite-v1:0'], region: 'us-east-1', externalId: 'ext-0001' })
    const entry = liteLlmEntry(config({ aws_role_name: ROLE, aws_session_name: 's', aws_region_name: 'us-east-1', aws_external_id: 'os.environ/X' }), 'm', 'c.yaml', { X: 'ext-0001' })
    expect(liteLlmAssumeRoleInput(entry, 900)).toEqual({ roleArn: ROLE, roleSessionName: 's', externalId: 'ext-0001', durationSeconds: 900 })
    expect(liteLlmStaticChecks(entry, setup, ROLE).map((c) => [c.id, c.status])).toEqual([
      ['litellm-role', 'pass'],
      ['litellm-external-id', 'pass'],
      ['litellm-region', 'pass'],
      ['litellm-model', 'pass']
    ])
  })
})
