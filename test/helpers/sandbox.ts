/**
 * Start the sandbox in-process for a test file and build real SDK clients pointed at it through
 * AWS_ENDPOINT_URL (vitest runs each file in its own fork, so setting process.env here is safe).
 *
 *   const sandbox = await startTestSandbox()
 *   const sts = sandbox.sts(sandbox.principals.sourceCaller)
 *   const role = sandbox.assumeRoleCredentials(sandbox.principals.sourceCaller, { RoleArn, RoleSessionName: 't', ExternalId })
 *   afterAll(() => sandbox.stop())
 *
 * Fixture accounts: A = 111111111111 (source: users app-caller, admin), B = 222222222222 (target:
 * user admin, Bedrock models, GitHub OIDC provider). See src/sandbox/worlds/default-world.ts.
 */
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime'
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail'
import { IAMClient } from '@aws-sdk/client-iam'
import { STSClient, type AssumeRoleCommandInput } from '@aws-sdk/client-sts'
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers'
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types'
import { startSandbox, type RunningSandbox, type StartSandboxOptions } from '../../src/sandbox/index.js'

export { ACCOUNT_A, ACCOUNT_B, GITHUB_OIDC_HOST, GITHUB_OIDC_SIGNING_SECRET } from '../../src/sandbox/worlds/default-world.js'

export type TestCredentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | AwsCredentialIdentityProvider

export interface ClientOptions {
  region?: string
  /** SDK attempts (default 3, the SDK's own default). */
  maxAttempts?: number
}

export interface TestSandbox extends RunningSandbox {
  sts(credentials: TestCredentials, options?: ClientOptions): STSClient
  iam(credentials: TestCredentials, options?: ClientOptions): IAMClient
  bedrock(credentials: TestCredentials, options?: ClientOptions): BedrockRuntimeClient
  cloudTrail(credentials: TestCredentials, options?: ClientOptions): CloudTrailClient
  /** Role credentials through `fromTemporaryCredentials`, as the tool gets them. */
  assumeRoleCredentials(master: TestCredentials, params: AssumeRoleCommandInput, options?: ClientOptions): AwsCredentialIdentityProvider
}

const DEFAULT_REGION = 'us-east-1'

function asIdentity(credentials: TestCredentials): AwsCredentialIdentity | AwsCredentialIdentityProvider {
  if (typeof credentials === 'function') return credentials
  return { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}) }
}

/** Point every SDK client of this process at the sandbox, and away from the developer's own AWS set-up. */
export function pointSdkAt(endpoint: string): void {
  process.env.AWS_ENDPOINT_URL = endpoint
  for (const name of Object.keys(process.env)) {
    if (name.startsWith('AWS_ENDPOINT_URL_')) delete process.env[name]
  }
  for (const name of ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_BEARER_TOKEN_BEDROCK', 'AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE']) {
    delete process.env[name]
  }
  process.env.AWS_REGION = process.env.AWS_REGION ?? DEFAULT_REGION
  process.env.AWS_EC2_METADATA_DISABLED = 'true'
  process.env.AWS_CONFIG_FILE = '/nonexistent/bedrock-xacct-test-config'
  process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/bedrock-xacct-test-credentials'
}

export async function startTestSandbox(options: StartSandboxOptions = {}): Promise<TestSandbox> {
  const sandbox = await startSandbox(options)
  pointSdkAt(sandbox.endpoint)
  const config = (credentials: TestCredentials, options: ClientOptions = {}) => ({
    region: options.region ?? DEFAULT_REGION,
    credentials: asIdentity(credentials),
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts })
  })
  return Object.assign(sandbox, {
    sts: (credentials: TestCredentials, options?: ClientOptions) => new STSClient(config(credentials, options)),
    iam: (credentials: TestCredentials, options?: ClientOptions) => new IAMClient(config(credentials, options)),
    bedrock: (credentials: TestCredentials, options?: ClientOptions) => new BedrockRuntimeClient({ ...config(credentials, options), authSchemePreference: ['sigv4'] }),
    cloudTrail: (credentials: TestCredentials, options?: ClientOptions) => new CloudTrailClient(config(credentials, options)),
    assumeRoleCredentials: (master: TestCredentials, params: AssumeRoleCommandInput, options: ClientOptions = {}) =>
      fromTemporaryCredentials({
        masterCredentials: asIdentity(master),
        params: { ...params, RoleSessionName: params.RoleSessionName ?? 'test-session' },
        clientConfig: { region: options.region ?? DEFAULT_REGION, ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }) }
      })
  })
}
