/**
 * The consumer's side of `init --out` (issue 19): the files the caller in account A (or the
 * vendor, or CI) needs to use the role, each with where it goes, for NEXT-STEPS.md. Which files
 * depends on how the caller gets in: AWS principals call sts:AssumeRole (proxy env, AWS profile,
 * LiteLLM, Portkey, boto3), GitHub's OIDC tokens go through a workflow, AWS services need nothing.
 */
import type { SetupDocuments } from '../../policies/index.js'
import type { Setup } from '../../setup/model.js'
import { renderAwsProfile } from './aws-profile.js'
import { renderBoto3 } from './boto3.js'
import { assumesWithAwsCredentials, sendsExternalId } from './common.js'
import { portkeyWhere, renderLiteLlmConfig, renderPortkey } from './gateways.js'
import { renderGithubWorkflow } from './github-actions.js'
import { renderComposeSnippet, renderEcsSnippet, renderProxyEnv } from './proxy-env.js'

/** Folder of the hand-off files inside --out. */
export const HANDOFF_DIR = 'consumer'

export interface HandoffFile {
  /** Relative to the output directory. */
  path: string
  content: string
  /** Who uses it and where it goes, one line for NEXT-STEPS.md. */
  where: string
  /** The account it belongs in (A: the caller's; B: the role's). */
  account: 'A' | 'B'
}

export function renderHandoffFiles(setup: Setup, docs: SetupDocuments): HandoffFile[] {
  const at = (name: string) => `${HANDOFF_DIR}/${name}`
  if (assumesWithAwsCredentials(setup)) {
    const holds = sendsExternalId(setup) ? '; holds the ExternalId' : ''
    return [
      { path: at('proxy.env'), content: renderProxyEnv(setup, docs), where: `the proxy's .env (dotenv), beside it${holds}`, account: 'A' },
      { path: at('docker-compose.yaml'), content: renderComposeSnippet(setup, docs), where: "merge into the proxy's docker-compose.yaml (reads proxy.env)", account: 'A' },
      { path: at('ecs-task-environment.json'), content: renderEcsSnippet(setup, docs), where: "merge into the proxy's ECS task definition (ExternalId from SSM Parameter Store)", account: 'A' },
      { path: at('aws-config'), content: renderAwsProfile(setup, docs), where: `append to ~/.aws/config on the caller's machine (AWS CLI, SDKs)${holds}`, account: 'A' },
      { path: at('litellm-config.yaml'), content: renderLiteLlmConfig(setup, docs), where: "merge model_list into the LiteLLM proxy's config", account: 'A' },
      { path: at('portkey.json'), content: renderPortkey(setup, docs), where: portkeyWhere(setup), account: 'A' },
      { path: at('bedrock_client.py'), content: renderBoto3(setup, docs), where: 'a notebook or script with boto3 (ExternalId from the environment)', account: 'A' }
    ]
  }
  const workflow = renderGithubWorkflow(setup, docs)
  return workflow === undefined ? [] : [{ path: at('github-actions-bedrock.yml'), content: workflow, where: "copy to the repository's .github/workflows/", account: 'A' }]
}
