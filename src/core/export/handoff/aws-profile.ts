/**
 * An AWS config profile that assumes the role itself, as the AWS CLI and every SDK read it
 * (`~/.aws/config`): role_arn, external_id, source_profile or credential_source,
 * role_session_name, duration_seconds, region. Holds the ExternalId, so it is written 0600.
 */
import type { Setup } from '../../setup/model.js'
import type { SetupDocuments } from '../../policies/index.js'
import { HOLDS_EXTERNAL_ID_NOTE, primaryCaller, consumerDurationSeconds, consumerSessionName, sendsExternalId } from './common.js'

/** The profile's name in the file: what `verify --profile` and `AWS_PROFILE` take. */
export function profileName(setup: Setup): string {
  return `bedrock-${setup.name}`
}

/**
 * Where the profile's own credentials come from: a task role is ECS's (credential_source), a user
 * or any principal of the account is a profile the user already has (source_profile = default).
 */
function credentialLine(setup: Setup): string {
  return primaryCaller(setup).kind === 'role' ? 'credential_source = EcsContainer' : 'source_profile = default'
}

export function renderAwsProfile(setup: Setup, docs: SetupDocuments): string {
  const caller = primaryCaller(setup)
  const lines = [
    `# ${setup.name}: append to ~/.aws/config (or point AWS_CONFIG_FILE here) on the caller's machine in account A (${setup.sourceAccountId}).`,
    ...(sendsExternalId(setup) ? [HOLDS_EXTERNAL_ID_NOTE] : []),
    caller.kind === 'role' ? `# On ECS the task role (${caller.arn}) is the source; elsewhere use credential_source = Ec2InstanceMetadata or Environment.` : "# source_profile: the profile with the caller's own credentials in account A.",
    `[profile ${profileName(setup)}]`,
    `role_arn = ${docs.roleArn}`,
    ...(sendsExternalId(setup) ? [`external_id = ${setup.externalId}`] : []),
    credentialLine(setup),
    `role_session_name = ${consumerSessionName(setup, 'profile')}`,
    `duration_seconds = ${consumerDurationSeconds(setup)}`,
    `region = ${setup.region}`
  ]
  return `${lines.join('\n')}\n`
}
