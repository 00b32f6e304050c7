/**
 * The proxy's environment, three ways: a `.env` file (holds the ExternalId, so it is written 0600),
 * a docker-compose snippet that takes the ExternalId from that file (env_file), and an ECS
 * task-definition snippet that takes it from SSM Parameter Store (`secrets` / `valueFrom`), never
 * in the task definition's plain text.
 */
import type { Setup } from '../../setup/model.js'
import type { SetupDocuments } from '../../policies/index.js'
import { toYaml } from '../yaml.js'
import { HANDOFF_ENV, HOLDS_EXTERNAL_ID_NOTE, primaryCaller, sendsExternalId } from './common.js'

/** `.env` (dotenv syntax): every value on one line, no quotes needed (ARNs, regions and ExternalIds have no spaces or #). */
export function renderProxyEnv(setup: Setup, docs: SetupDocuments): string {
  const lines = [
    `# ${setup.name}: the proxy's environment in account A (${setup.sourceAccountId}), written by bedrock-xacct init.`,
    ...(sendsExternalId(setup) ? [HOLDS_EXTERNAL_ID_NOTE] : []),
    `${HANDOFF_ENV.roleArn}=${docs.roleArn}`,
    `${HANDOFF_ENV.region}=${setup.region}`,
    `AWS_REGION=${setup.region}`,
    ...(sendsExternalId(setup) ? [`${HANDOFF_ENV.externalId}=${setup.externalId}`] : [])
  ]
  return `${lines.join('\n')}\n`
}

/** docker-compose: the variables for a `bedrock-proxy` service; the ExternalId comes from proxy.env (env_file), not from this file. */
export function renderComposeSnippet(setup: Setup, docs: SetupDocuments): string {
  const environment: Record<string, string> = { [HANDOFF_ENV.roleArn]: docs.roleArn, [HANDOFF_ENV.region]: setup.region, AWS_REGION: setup.region }
  return toYaml({ services: { 'bedrock-proxy': { env_file: ['proxy.env'], environment } } }, [
    `${setup.name}: merge into your docker-compose.yaml (service name is yours to change).`,
    sendsExternalId(setup) ? `The ExternalId (${HANDOFF_ENV.externalId}) comes from proxy.env (env_file) and is never written here.` : 'env_file: proxy.env holds the same variables.'
  ])
}

/** The SSM parameter the ECS snippet reads the ExternalId from (create it as a SecureString). */
export function externalIdParameterArn(setup: Setup): string {
  return `arn:${setup.partition}:ssm:${setup.region}:${setup.sourceAccountId}:parameter/bedrock-xacct/${setup.name}/external-id`
}

/** ECS task definition: the container's `environment` and `secrets`, and the task role when it is the caller. */
export function renderEcsSnippet(setup: Setup, docs: SetupDocuments): string {
  const container = {
    name: 'bedrock-proxy',
    environment: [
      { name: HANDOFF_ENV.roleArn, value: docs.roleArn },
      { name: HANDOFF_ENV.region, value: setup.region },
      { name: 'AWS_REGION', value: setup.region }
    ],
    ...(sendsExternalId(setup) ? { secrets: [{ name: HANDOFF_ENV.externalId, valueFrom: externalIdParameterArn(setup) }] } : {})
  }
  const caller = primaryCaller(setup)
  const task = { ...(caller.kind === 'role' ? { taskRoleArn: caller.arn } : {}), containerDefinitions: [container] }
  return `${JSON.stringify(task, null, 2)}\n`
}
