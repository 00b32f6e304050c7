/**
 * The consumer's hand-off files (issue 19), each consumed by what reads it: the AWS SDK's own
 * credential chain (fromIni) and the AWS CLI reading the profile against the sandbox, dotenv and
 * the tool's environment layer reading proxy.env, the `yaml` package reading the LiteLLM,
 * docker-compose and GitHub Actions files, Python running the boto3 snippet against the sandbox.
 *
 * Accounts (src/sandbox/worlds/default-world.ts): A = 111111111111 (user app-caller, the caller),
 * B = 222222222222 (the role HandoffRole, Bedrock models in us-east-1).
 */
import { spawn } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { fromIni } from '@aws-sdk/credential-providers'
import { parse as parseDotenv } from 'dotenv'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { renderHandoffFiles } from '../../src/core/export/handoff/index.js'
import { profileName } from '../../src/core/export/handoff/aws-profile.js'
import { buildDocuments } from '../../src/core/policies/index.js'
import { envLayer } from '../../src/core/setup/sources.js'
import { mergeLayers } from '../../src/core/setup/input.js'
import type { Setup } from '../../src/core/setup/model.js'
import { ACCOUNT_A, ACCOUNT_B, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js'
import { EXTERNAL_ID, createSetup, e2eSetup } from './verify-world.js'

/**
 * Run a program and collect its output without blocking: the sandbox answers from this same
 * process, so a spawnSync would wait forever for replies that cannot be sent.
 */
function run(command: string, args: string[], env: Record<string, string | undefined>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (status) => resolve({ status, stdout, stderr }))
  })
}

let sandbox: TestSandbox
let dir: string
const setup = e2eSetup('HandoffRole')
const docs = buildDocuments(setup)
const fileOf = (s: Setup, name: string) => renderHandoffFiles(s, buildDocuments(s)).find((file) => file.path === `consumer/${name}`)!.content

beforeAll(async () => {
  sandbox = await startTestSandbox()
  await createSetup(sandbox, setup)
  dir = await mkdtemp(join(tmpdir(), 'xacct-handoff-'))
})
afterAll(() => sandbox?.stop())

/** A config file with the hand-off profile, and a credentials file whose default profile is app-caller. */
async function profileFiles(profileText: string): Promise<{ config: string; credentials: string }> {
  const keys = sandbox.principals.sourceCaller!
  const sub = await mkdtemp(join(dir, 'profile-'))
  const config = join(sub, 'config')
  const credentials = join(sub, 'credentials')
  await writeFile(config, profileText)
  await writeFile(credentials, `[default]\naws_access_key_id = ${keys.accessKeyId}\naws_secret_access_key = ${keys.secretAccessKey}\n`)
  return { config, credentials }
}

describe('consumer/aws-config', () => {
  it('the AWS SDK (fromIni) assumes the role with it against the sandbox', async () => {
    const { config, credentials } = await profileFiles(fileOf(setup, 'aws-config'))
    const provider = fromIni({ profile: profileName(setup), filepath: credentials, configFilepath: config, ignoreCache: true })
    const identity = await new STSClient({ region: 'us-east-1', credentials: provider }).send(new GetCallerIdentityCommand({}))
    expect(identity.Account).toBe(ACCOUNT_B)
    expect(identity.Arn).toBe(`arn:aws:sts::${ACCOUNT_B}:assumed-role/HandoffRole/HandoffRole-profile`)
  })

  it('the AWS CLI (botocore) reads it the same way', async () => {
    const { config, credentials } = await profileFiles(fileOf(setup, 'aws-config'))
    const cli = await run('aws', ['sts', 'get-caller-identity', '--profile', profileName(setup), '--output', 'json'], {
      PATH: process.env.PATH,
      HOME: dir,
      AWS_CONFIG_FILE: config,
      AWS_SHARED_CREDENTIALS_FILE: credentials,
      AWS_ENDPOINT_URL: sandbox.endpoint,
      AWS_EC2_METADATA_DISABLED: 'true'
    })
    expect(cli.stderr).toBe('')
    expect((JSON.parse(cli.stdout) as { Arn: string }).Arn).toBe(`arn:aws:sts::${ACCOUNT_B}:assumed-role/HandoffRole/HandoffRole-profile`)
  })

  it('with a wrong external_id the SDK is denied', async () => {
    const { config, credentials } = await profileFiles(fileOf(setup, 'aws-config').replace(`external_id = ${EXTERNAL_ID}`, 'external_id = not-the-right-one'))
    const provider = fromIni({ profile: profileName(setup), filepath: credentials, configFilepath: config, ignoreCache: true })
    await expect(new STSClient({ region: 'us-east-1', credentials: provider }).send(new GetCallerIdentityCommand({}))).rejects.toThrow(/not authorized to perform: sts:AssumeRole/)
  })

  it('a role caller takes its credentials from ECS (credential_source), and asks at most 1 hour (role chaining)', () => {
    const text = fileOf(e2eSetup('HandoffRole', { callers: [{ kind: 'role', arn: `arn:aws:iam::${ACCOUNT_A}:role/task` }], sessionDurationSeconds: 7200, maxSessionDurationSeconds: 7200 }), 'aws-config')
    expect(text).toMatch(/^credential_source = EcsContainer$/m)
    expect(text).not.toMatch(/^source_profile/m)
    expect(text).toMatch(/^duration_seconds = 3600$/m)
  })
})

describe('consumer/proxy.env', () => {
  it('dotenv reads it, and the tool resolves the same role, region and ExternalId from it', () => {
    const values = parseDotenv(fileOf(setup, 'proxy.env'))
    expect(values).toEqual({ BEDROCK_CROSS_ACCOUNT_ROLE_ARN: docs.roleArn, BEDROCK_REGION: 'us-east-1', AWS_REGION: 'us-east-1', BEDROCK_XACCT_EXTERNAL_ID: EXTERNAL_ID })
    const merged = mergeLayers([envLayer(values)])
    expect(merged.targetAccountId?.value).toBe(ACCOUNT_B)
    expect(merged.roleName?.value).toBe('HandoffRole')
    expect(merged.region?.value).toBe('us-east-1')
    expect(merged.externalId?.value).toBe(EXTERNAL_ID)
  })

  it('docker-compose takes it as env_file and never holds the ExternalId; ECS takes it from SSM', () => {
    const compose = fileOf(setup, 'docker-compose.yaml')
    expect(compose).not.toContain(EXTERNAL_ID)
    const service = (parseYaml(compose) as { services: Record<string, { env_file: string[]; environment: Record<string, string> }> }).services['bedrock-proxy']!
    expect(service.env_file).toEqual(['proxy.env'])
    expect(service.environment.BEDROCK_CROSS_ACCOUNT_ROLE_ARN).toBe(docs.roleArn)
    const ecs = fileOf(setup, 'ecs-task-environment.json')
    expect(ecs).not.toContain(EXTERNAL_ID)
    const container = (JSON.parse(ecs) as { containerDefinitions: { secrets: { name: string; valueFrom: string }[] }[] }).containerDefinitions[0]!
    expect(container.secrets).toEqual([{ name: 'BEDROCK_XACCT_EXTERNAL_ID', valueFrom: `arn:aws:ssm:us-east-1:${ACCOUNT_A}:parameter/bedrock-xacct/HandoffRole/external-id` }])
  })
})

describe('consumer/litellm-config.yaml', () => {
  it("has the fields LiteLLM's Bedrock provider reads, and they assume the role as LiteLLM would", async () => {
    const config = parseYaml(fileOf(setup, 'litellm-config.yaml')) as { model_list: { model_name: string; litellm_params: Record<string, string> }[] }
    const entry = config.model_list.find((m) => m.model_name === setup.models[0])!
    expect(entry.litellm_params).toEqual({
      model: `bedrock/${setup.models[0]}`,
      aws_role_name: docs.roleArn,
      aws_session_name: 'HandoffRole-litellm',
      aws_region_name: 'us-east-1',
      aws_external_id: 'os.environ/BEDROCK_XACCT_EXTERNAL_ID'
    })
    // LiteLLM resolves os.environ/NAME when it loads the config; proxy.env gives the variable.
    const env = parseDotenv(fileOf(setup, 'proxy.env'))
    const externalId = env[entry.litellm_params.aws_external_id!.slice('os.environ/'.length)]
    const caller = sandbox.principals.sourceCaller!
    const role = sandbox.assumeRoleCredentials(caller, { RoleArn: entry.litellm_params.aws_role_name, RoleSessionName: entry.litellm_params.aws_session_name, ExternalId: externalId })
    const identity = await sandbox.sts(role, { region: entry.litellm_params.aws_region_name! }).send(new GetCallerIdentityCommand({}))
    expect(identity.Account).toBe(ACCOUNT_B)
  })

  // The names Portkey's gateway reads (Portkey-AI/gateway src/handlers/handlerUtils.ts, awsConfig; 'assumedRole' in
  // src/providers/bedrock/api.ts): its config validator refuses a config whose only Bedrock credentials are a role.
  it("Portkey's assumed-role request headers, as its gateway reads them", () => {
    expect(JSON.parse(fileOf(setup, 'portkey.json'))).toEqual({
      'x-portkey-provider': 'bedrock',
      'x-portkey-aws-auth-type': 'assumedRole',
      'x-portkey-aws-role-arn': docs.roleArn,
      'x-portkey-aws-external-id': EXTERNAL_ID,
      'x-portkey-aws-region': 'us-east-1'
    })
  })

  it('an ExternalId with a "+" is flagged for Portkey, whose gateway sends it to STS unencoded (a space)', () => {
    const whereOf = (s: Setup) => renderHandoffFiles(s, buildDocuments(s)).find((file) => file.path === 'consumer/portkey.json')!.where
    expect(whereOf(e2eSetup('HandoffRole', { externalId: 'team+bedrock-7f3a' }))).toMatch(/has a "\+", which Portkey sends to STS unencoded/)
    expect(whereOf(setup)).not.toMatch(/\+/)
  })
})

describe('consumer/bedrock_client.py', () => {
  it('runs with boto3 against the sandbox and prints the model reply', async () => {
    const script = join(dir, 'bedrock_client.py')
    await writeFile(script, fileOf(setup, 'bedrock_client.py'))
    const keys = sandbox.principals.sourceCaller!
    const env = { PATH: process.env.PATH, HOME: dir, AWS_ENDPOINT_URL: sandbox.endpoint, AWS_ACCESS_KEY_ID: keys.accessKeyId, AWS_SECRET_ACCESS_KEY: keys.secretAccessKey, AWS_EC2_METADATA_DISABLED: 'true' }
    const ok = await run('python3', [script], { ...env, BEDROCK_XACCT_EXTERNAL_ID: EXTERNAL_ID })
    expect(ok.stderr).toBe('')
    expect(ok.status).toBe(0)
    expect(ok.stdout.trim().length).toBeGreaterThan(0)
    const denied = await run('python3', [script], { ...env, BEDROCK_XACCT_EXTERNAL_ID: 'wrong-external-id' })
    expect(denied.status).not.toBe(0)
    expect(denied.stderr).toMatch(/AccessDenied/)
  })
})

describe('consumer/github-actions-bedrock.yml (OIDC caller)', () => {
  const oidc = (allowSessionTags: boolean, subjects: string[]) =>
    e2eSetup('CiRole', {
      callers: [{ kind: 'oidc', providerArn: `arn:aws:iam::${ACCOUNT_B}:oidc-provider/token.actions.githubusercontent.com`, providerHost: 'token.actions.githubusercontent.com', audiences: ['sts.amazonaws.com'], subjects }],
      externalId: undefined,
      allowSessionTags
    })

  it.each([false, true])('id-token: write, role-to-assume, and session tagging skipped unless the trust allows it (allowSessionTags %s)', (allowSessionTags) => {
    const setupOidc = oidc(allowSessionTags, ['repo:acme/chatbot:ref:refs/heads/main'])
    const text = fileOf(setupOidc, 'github-actions-bedrock.yml')
    const workflow = parseYaml(text) as { permissions: Record<string, string>; jobs: { bedrock: { steps: { uses?: string; with?: Record<string, unknown> }[] } } }
    expect(workflow.permissions['id-token']).toBe('write')
    const step = workflow.jobs.bedrock.steps.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'))!
    expect(step.with!['role-to-assume']).toBe(buildDocuments(setupOidc).roleArn)
    expect(step.with!['aws-region']).toBe('us-east-1')
    expect(step.with!['role-skip-session-tagging']).toBe(allowSessionTags ? undefined : true)
    // The sub values for a branch, a tag, an environment and a pull request, marked admitted or not.
    expect(text).toMatch(/branch +repo:acme\/chatbot:ref:refs\/heads\/main +\(admitted\)/)
    expect(text).toMatch(/tag +repo:acme\/chatbot:ref:refs\/tags\/v1\.0\.0 +\(NOT admitted\)/)
    expect(text).toMatch(/environment +repo:acme\/chatbot:environment:production +\(NOT admitted\)/)
    expect(text).toMatch(/pull_request +repo:acme\/chatbot:pull_request +\(NOT admitted\)/)
  })

  it('a sub pattern for an environment puts the job in that environment', () => {
    const workflow = parseYaml(fileOf(oidc(false, ['repo:acme/chatbot:environment:prod']), 'github-actions-bedrock.yml')) as { jobs: { bedrock: { environment?: string } } }
    expect(workflow.jobs.bedrock.environment).toBe('prod')
  })

  it('no AssumeRole files for an OIDC caller, and none at all for AWS services', () => {
    expect(renderHandoffFiles(oidc(false, ['repo:acme/chatbot:*']), buildDocuments(oidc(false, ['repo:acme/chatbot:*']))).map((f) => f.path)).toEqual(['consumer/github-actions-bedrock.yml'])
    const service = e2eSetup('SvcRole', { callers: [{ kind: 'service', services: ['sagemaker.amazonaws.com'] }] })
    expect(renderHandoffFiles(service, buildDocuments(service))).toEqual([])
  })
})
