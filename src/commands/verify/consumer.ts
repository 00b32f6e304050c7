/**
 * verify through the consumer's own configuration (issue 19): with `--profile NAME` naming a
 * profile that assumes the role itself, the checklist runs as the profile's source credentials and
 * the profile is checked field by field and through the SDK's own chain; with `--litellm-config`
 * and `--litellm-model`, the LiteLLM model entry is checked and used to assume the role. Inputs
 * are read and refused (exit 2) before any AWS call.
 */
import { XacctError, errorDetail, invalidInput } from '../../core/errors.js'
import type { CheckOutcome } from '../../core/checklist/types.js'
import { liteLlmEntry, liteLlmLiveCheck, liteLlmStaticChecks } from '../../core/consumer/litellm.js'
import type { LiteLlmEntry } from '../../core/consumer/litellm.js'
import { assumesRole, profileLiveCheck, profileStaticChecks, sourceProfileOf } from '../../core/consumer/profile.js'
import type { ChainFailure, ConsumerProfile } from '../../core/consumer/profile.js'
import { buildDocuments } from '../../core/policies/index.js'
import { isAwsCallError } from '../../core/ports/aws-error.js'
import type { AwsClients } from '../../core/ports/aws.js'
import type { Setup } from '../../core/setup/model.js'
import { readInputFile } from '../../ui/files.js'
import type { CommandDeps } from '../deps.js'
import { readEnvironment } from '../shared/read-inputs.js'
import type { VerifyCommandOptions } from './options.js'

/** A LiteLLM config is a few KB; anything far larger is the wrong file. */
const MAX_LITELLM_CONFIG_BYTES = 1_000_000

export interface ConsumerPlan {
  /** The profile the checklist's caller uses (a role-assuming --profile's source_profile; undefined: the default chain). */
  callerProfile: string | undefined
  /** Checks appended to each setup's report; undefined when none was asked for. */
  extraChecks?: ((setup: Setup, caller: AwsClients) => Promise<CheckOutcome[]>) | undefined
}

function chainFailure(error: unknown): ChainFailure {
  const message = isAwsCallError(error) ? error.failure.awsMessage || error.message : errorDetail(error)
  const denied = (isAwsCallError(error) && error.failure.kind === 'access-denied') || /not authorized to perform: sts:AssumeRole/i.test(message)
  const environment = !denied && isAwsCallError(error) && ['unavailable', 'throttled'].includes(error.failure.kind)
  return { denied, environment, message: errorDetail(message) }
}

async function readLiteLlm(options: VerifyCommandOptions, deps: CommandDeps): Promise<LiteLlmEntry | undefined> {
  if (options.litellmConfig === undefined && options.litellmModel === undefined) return undefined
  if (options.litellmConfig === undefined) throw invalidInput('--litellm-model', options.litellmModel, 'to come with --litellm-config FILE')
  if (options.litellmModel === undefined) throw new XacctError('usage', 'Missing --litellm-model: the model_name of the entry to check in --litellm-config.', { field: '--litellm-model', hint: 'pass --litellm-model NAME.' })
  const text = await readInputFile('--litellm-config', options.litellmConfig, deps.cwd, { maxBytes: MAX_LITELLM_CONFIG_BYTES, expected: 'a readable LiteLLM config (YAML)' })
  const { parse } = await import('yaml')
  let config: unknown
  try {
    config = parse(text)
  } catch (error) {
    throw invalidInput('--litellm-config', options.litellmConfig, `a YAML file (${errorDetail(error)})`)
  }
  return liteLlmEntry(config, options.litellmModel, options.litellmConfig, await readEnvironment(deps))
}

async function readConsumerProfile(deps: CommandDeps): Promise<ConsumerProfile | undefined> {
  const name = deps.global.profile
  if (name === undefined) return undefined
  const { readProfileSettings } = await import('../../aws/shared-config.js')
  const settings = await readProfileSettings(name)
  return settings !== undefined && assumesRole(settings) ? { name, settings } : undefined
}

export async function planConsumerChecks(options: VerifyCommandOptions, deps: CommandDeps): Promise<ConsumerPlan> {
  const profile = await readConsumerProfile(deps)
  const liteLlm = await readLiteLlm(options, deps)
  const callerProfile = profile ? sourceProfileOf(profile) : deps.global.profile
  if (profile === undefined && liteLlm === undefined) return { callerProfile }
  if (profile) deps.io.err(`Profile ${profile.name} assumes ${profile.settings.role_arn} itself: checking it as the consumer's configuration; the checklist runs as its source credentials (${callerProfile ?? 'the default chain'}).`)
  const now = () => deps.now().getTime()
  const extraChecks = async (setup: Setup, caller: AwsClients): Promise<CheckOutcome[]> => {
    const { roleArn } = buildDocuments(setup)
    const checks: CheckOutcome[] = []
    if (profile) {
      checks.push(...profileStaticChecks(profile, setup, roleArn))
      const identify = () => deps.aws.fromChain({ profile: profile.name }, setup.region).sts.getCallerIdentity()
      checks.push(await profileLiveCheck(profile, setup, roleArn, identify, chainFailure, now))
    }
    if (liteLlm) {
      checks.push(...liteLlmStaticChecks(liteLlm, setup, roleArn))
      const assume = async (input: Parameters<AwsClients['sts']['assumeRole']>[0]) => (await caller.sts.assumeRole(input)).assumedRoleArn
      checks.push(await liteLlmLiveCheck(liteLlm, setup, assume, chainFailure, now))
    }
    return checks
  }
  return { callerProfile, extraChecks }
}
