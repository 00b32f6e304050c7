/**
 * Gateway configurations: a LiteLLM `model_list` (the fields LiteLLM's Bedrock provider reads:
 * aws_role_name, aws_session_name, aws_region_name, aws_external_id; the ExternalId by
 * `os.environ/` reference, which LiteLLM resolves when it loads the config), and Portkey's
 * assumed-role request headers (x-portkey-aws-auth-type assumedRole, -role-arn, -external-id, -region).
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

/**
 * Portkey's gateway reads Bedrock's "AWS Assumed Role" settings from these request headers
 * (Portkey-AI/gateway src/handlers/handlerUtils.ts; docs/aws-facts.md consumer.portkey.assumed-role);
 * its hosted integration form takes the same values. Not a config object: the gateway's config
 * validator refuses one whose only Bedrock credentials are a role. Holds the ExternalId: 0600.
 */
export function renderPortkey(setup: Setup, docs: SetupDocuments): string {
  const headers = {
    'x-portkey-provider': 'bedrock',
    'x-portkey-aws-auth-type': 'assumedRole',
    'x-portkey-aws-role-arn': docs.roleArn,
    ...(sendsExternalId(setup) ? { 'x-portkey-aws-external-id': setup.externalId } : {}),
    'x-portkey-aws-region': setup.region
  }
  return `${JSON.stringify(headers, null, 2)}\n`
}

/**
 * Where portkey.json goes. Portkey's gateway puts the ExternalId into the STS query string without
 * encoding it (src/providers/bedrock/utils.ts getAssumedRoleCredentials), so a `+` arrives as a space.
 */
export function portkeyWhere(setup: Setup): string {
  const plus = sendsExternalId(setup) && setup.externalId?.includes('+') === true
  const holds = sendsExternalId(setup) ? '; holds the ExternalId' : ''
  return `Portkey: its gateway's request headers (the hosted app's Bedrock "AWS Assumed Role" form takes the same values)${holds}${plus ? '. This ExternalId has a "+", which Portkey sends to STS unencoded (read as a space): choose one without it' : ''}`
}
