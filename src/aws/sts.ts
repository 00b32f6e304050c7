/** StsPort over the SDK's STS client. Loaded lazily by the factory on first use. */
import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient, type AssumeRoleResponse, type STSClientConfig } from '@aws-sdk/client-sts'
import type { ResponseMetadata } from '@smithy/types'
import type { AssumedRole, AssumedWebIdentityRole, CallerIdentity, StsPort } from '../core/ports/aws.js'
import { callAws, malformed, type ServiceContext } from './call.js'

/** A port's answer with the SDK output's metadata beside it, for callAws's record. */
interface WithMetadata<T> {
  $metadata: ResponseMetadata
  value: T
}

export function createStsPort(config: STSClientConfig, context: ServiceContext): StsPort {
  const client = new STSClient(config)
  return {
    async getCallerIdentity() {
      // The value travels with the SDK's $metadata so the call's record has its attempts and request id.
      const answer = await callAws(context, 'GetCallerIdentity', async (abortSignal): Promise<WithMetadata<CallerIdentity>> => {
        const output = await client.send(new GetCallerIdentityCommand({}), { abortSignal })
        if (!output.Account || !output.Arn || !output.UserId) {
          throw malformed(context, 'GetCallerIdentity', 'the response has no Account/Arn/UserId', output.$metadata.requestId)
        }
        return { $metadata: output.$metadata, value: { account: output.Account, arn: output.Arn, userId: output.UserId } }
      })
      return answer.value
    },
    async assumeRole(input) {
      const command = new AssumeRoleCommand({
        RoleArn: input.roleArn,
        RoleSessionName: input.roleSessionName,
        ExternalId: input.externalId,
        DurationSeconds: input.durationSeconds,
        SourceIdentity: input.sourceIdentity
      })
      const answer = await callAws(context, 'AssumeRole', async (abortSignal): Promise<WithMetadata<AssumedRole>> => {
        const output = await client.send(command, { abortSignal })
        return { $metadata: output.$metadata, value: sessionOf(context, 'AssumeRole', output) }
      })
      return answer.value
    },
    async assumeRoleWithWebIdentity(input) {
      // The SDK sends this operation unsigned (its auth scheme for it is "no auth"), so the caller's
      // credential chain is never resolved for it: the token alone identifies the caller.
      const command = new AssumeRoleWithWebIdentityCommand({
        RoleArn: input.roleArn,
        RoleSessionName: input.roleSessionName,
        WebIdentityToken: input.webIdentityToken,
        DurationSeconds: input.durationSeconds
      })
      const scrubbing: ServiceContext = { ...context, secrets: [...context.secrets, input.webIdentityToken] }
      const answer = await callAws(scrubbing, 'AssumeRoleWithWebIdentity', async (abortSignal): Promise<WithMetadata<AssumedWebIdentityRole>> => {
        const output = await client.send(command, { abortSignal })
        const value: AssumedWebIdentityRole = {
          ...sessionOf(scrubbing, 'AssumeRoleWithWebIdentity', output),
          subjectFromWebIdentityToken: output.SubjectFromWebIdentityToken,
          audience: output.Audience,
          provider: output.Provider
        }
        return { $metadata: output.$metadata, value }
      })
      return answer.value
    }
  }
}

/** The session an AssumeRole* answer carries; an empty 200 deserializes to {} (DESIGN §7) and is never a success. */
function sessionOf(context: ServiceContext, operation: string, output: Pick<AssumeRoleResponse, 'Credentials' | 'AssumedRoleUser'> & { $metadata: ResponseMetadata }): AssumedRole {
  const credentials = output.Credentials
  const user = output.AssumedRoleUser
  if (!credentials?.AccessKeyId || !credentials.SecretAccessKey || !credentials.SessionToken || !credentials.Expiration || !user?.Arn || !user.AssumedRoleId) {
    throw malformed(context, operation, 'the response has no credentials', output.$metadata.requestId)
  }
  return {
    credentials: {
      accessKeyId: credentials.AccessKeyId,
      secretAccessKey: credentials.SecretAccessKey,
      sessionToken: credentials.SessionToken,
      expiration: credentials.Expiration
    },
    assumedRoleArn: user.Arn,
    assumedRoleId: user.AssumedRoleId
  }
}
