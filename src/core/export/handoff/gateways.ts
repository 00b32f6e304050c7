/**
 * Gateway configurations: a LiteLLM `model_list` (the fields LiteLLM's Bedrock provider reads:
 * aws_role_name, aws_session_name, aws_region_name, aws_external_id; the ExternalId by
 * `os.environ/` reference, which LiteLLM resolves when it loads the config), and Portkey's
 * assumed-role fields (aws_auth_type assumedRole, aws_role_arn, aws_external_id, aws_region).
 */
import type { Setup } from '../../setup/model.js'
import type { SetupDocuments } from '../../policies/index.js'
import { toYaml } from '../yaml.js'
import { HANDOFF_ENV, consumerSessionName, sendsExternalId } from './common.js'

/** LiteLLM's reference to an environment variable in its config (resolved at load time). */
export const LITELLM_ENV_PREFIX = 'os.environ/'

export function renderLiteLlmConfig(setup: Setup, docs: SetupDocuments): string {
  const model_list = setup.models.map((model) => ({
    model_name: model,
    litellm_params: {
      model: `bedrock/${model}`,
      aws_role_name: docs.roleArn,
      aws_session_name: consumerSessionName(setup, 'litellm'),
      aws_region_name: setup.region,
      ...(sendsExternalId(setup) ? { aws_external_id: `${LITELLM_ENV_PREFIX}${HANDOFF_ENV.externalId}` } : {})
    }
  }))
  return toYaml({ model_list }, [
    `${setup.name}: LiteLLM proxy config (merge model_list into yours). Without aws_role_name LiteLLM calls Bedrock with the host's own credentials, in account A.`,
    `The ExternalId is read from the environment (${HANDOFF_ENV.externalId}, see proxy.env). Check it: bedrock-xacct verify --litellm-config litellm-config.yaml --litellm-model MODEL`
  ])
}

/** Portkey's Bedrock integration with "AWS Assumed Role" authentication (holds the ExternalId: 0600). */
export function renderPortkey(setup: Setup, docs: SetupDocuments): string {
  const config = {
    provider: 'bedrock',
    aws_auth_type: 'assumedRole',
    aws_role_arn: docs.roleArn,
    ...(sendsExternalId(setup) ? { aws_external_id: setup.externalId } : {}),
    aws_region: setup.region
  }
  return `${JSON.stringify(config, null, 2)}\n`
}
