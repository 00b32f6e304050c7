/**
 * `verify --litellm-config FILE --litellm-model NAME`: the model entry LiteLLM would use, read the
 * way LiteLLM's Bedrock provider reads it (aws_role_name, aws_session_name, aws_external_id,
 * aws_region_name; a missing one falls back to the AWS_* variable of the same name; `os.environ/X`
 * is the variable X), judged against the setup, then used to assume the role as LiteLLM would.
 * A dropped field fails a named check (docs/aws-facts.md consumer.litellm.bedrock-auth).
 */
import { invalidInput } from '../errors.js'
import type { CheckOutcome, CheckResult } from '../checklist/types.js'
import type { AssumeRoleInput } from '../ports/aws.js'
import type { Setup } from '../setup/model.js'
import { outcome, timed } from './outcome.js'

/** LiteLLM's reference to an environment variable in its config. */
const ENV_PREFIX = 'os.environ/'
/** Each auth parameter and the variable LiteLLM falls back to when the entry leaves it out. */
const FALLBACK_ENV = { aws_role_name: 'AWS_ROLE_NAME', aws_session_name: 'AWS_SESSION_NAME', aws_external_id: 'AWS_EXTERNAL_ID', aws_region_name: 'AWS_REGION_NAME' } as const
type AuthParam = keyof typeof FALLBACK_ENV

/** One `model_list` entry, with its auth parameters resolved as LiteLLM resolves them. */
export interface LiteLlmEntry {
  modelName: string
  model: string | undefined
  /** The value and where it came from (`the entry`, `os.environ/X`, `AWS_ROLE_NAME`), or undefined. */
  params: Record<AuthParam, { value: string; from: string } | undefined>
}

/** Find the entry by model_name in a parsed config (exit 2 naming the file, listing the names). */
export function liteLlmEntry(config: unknown, modelName: string, file: string, env: Readonly<Record<string, string | undefined>>): LiteLlmEntry {
  const list = (config as { model_list?: unknown } | null)?.model_list
  if (!Array.isArray(list)) throw invalidInput('--litellm-config', file, 'a LiteLLM config with a model_list')
  const entries = list.filter((item): item is { model_name: string; litellm_params?: Record<string, unknown> } => typeof (item as { model_name?: unknown })?.model_name === 'string')
  const entry = entries.find((item) => item.model_name === modelName)
  if (!entry) throw invalidInput('--litellm-model', modelName, `a model_name of ${file}: ${entries.map((e) => e.model_name).join(', ') || '(none)'}`)
  const raw = entry.litellm_params ?? {}
  const resolve = (param: AuthParam) => {
    const value = raw[param]
    if (typeof value === 'string' && value.startsWith(ENV_PREFIX)) {
      const name = value.slice(ENV_PREFIX.length)
      return env[name] === undefined ? undefined : { value: env[name]!, from: value }
    }
    if (typeof value === 'string' && value !== '') return { value, from: `${param} of model ${modelName}` }
    const fallback = env[FALLBACK_ENV[param]]
    return fallback === undefined || fallback === '' ? undefined : { value: fallback, from: FALLBACK_ENV[param] }
  }
  const params = { aws_role_name: resolve('aws_role_name'), aws_session_name: resolve('aws_session_name'), aws_external_id: resolve('aws_external_id'), aws_region_name: resolve('aws_region_name') }
  return { modelName, model: typeof raw.model === 'string' ? raw.model : undefined, params }
}

const where = (entry: LiteLlmEntry) => `LiteLLM model ${entry.modelName}`

function roleCheck(entry: LiteLlmEntry, setup: Setup, roleArn: string): CheckResult {
  const role = entry.params.aws_role_name
  if (role === undefined) {
    return {
      status: 'fail',
      evidence: [`${where(entry)} has no aws_role_name (nor AWS_ROLE_NAME): LiteLLM would call Bedrock with the host's own credentials, in account ${setup.sourceAccountId}, not through ${roleArn}`],
      hint: `add aws_role_name: ${roleArn} to its litellm_params.`
    }
  }
  if (role.value === roleArn) return { status: 'pass', evidence: [`aws_role_name (${role.from}) is the setup's role`] }
  return { status: 'fail', evidence: [`aws_role_name (${role.from}) is ${role.value}; the setup's role is ${roleArn}`], hint: `set aws_role_name: ${roleArn} in its litellm_params.` }
}

function externalIdCheck(entry: LiteLlmEntry, setup: Setup): CheckResult {
  const given = entry.params.aws_external_id
  if (setup.externalId === undefined) return { status: 'pass', evidence: ['the role requires no ExternalId'] }
  if (given?.value === setup.externalId) return { status: 'pass', evidence: [`aws_external_id (${given.from}) is the setup's ExternalId`] }
  return {
    status: 'fail',
    evidence: [
      given === undefined
        ? `${where(entry)} has no aws_external_id (or its variable is not set): the trust requires sts:ExternalId, so AssumeRole will be denied`
        : `aws_external_id (${given.from}) differs from the setup's ExternalId: AssumeRole will be denied`
    ],
    hint: 'set aws_external_id: os.environ/BEDROCK_XACCT_EXTERNAL_ID and that variable (consumer/proxy.env from init --out).'
  }
}

function regionCheck(entry: LiteLlmEntry, setup: Setup): CheckResult {
  const region = entry.params.aws_region_name
  if (region?.value === setup.region) return { status: 'pass', evidence: [`aws_region_name (${region.from}) is ${setup.region}`] }
  return {
    status: 'fail',
    evidence: [region === undefined ? `${where(entry)} has no aws_region_name (nor AWS_REGION_NAME): LiteLLM picks a region the setup did not grant` : `aws_region_name (${region.from}) is ${region.value}; the setup grants ${setup.region}`],
    hint: `set aws_region_name: ${setup.region}.`
  }
}

function modelCheck(entry: LiteLlmEntry, setup: Setup): CheckResult {
  const id = entry.model?.replace(/^bedrock\//, '').replace(/^(converse|invoke)\//, '')
  if (id !== undefined && setup.models.includes(id)) return { status: 'pass', evidence: [`model ${entry.model} is allowed by the role`] }
  return { status: 'fail', evidence: [`model ${entry.model ?? '(missing)'} is not one of the setup's models (${setup.models.join(', ')})`], hint: `set model: bedrock/${setup.models[0] ?? 'MODEL'}, or add the model to the setup.` }
}

export function liteLlmStaticChecks(entry: LiteLlmEntry, setup: Setup, roleArn: string): CheckOutcome[] {
  const title = (what: string) => `${where(entry)}: ${what}`
  return [
    outcome('litellm-role', title('aws_role_name is the setup role'), roleCheck(entry, setup, roleArn)),
    outcome('litellm-external-id', title('aws_external_id matches'), externalIdCheck(entry, setup)),
    outcome('litellm-region', title('aws_region_name is the setup region'), regionCheck(entry, setup)),
    outcome('litellm-model', title('model is allowed'), modelCheck(entry, setup))
  ]
}

/** What LiteLLM sends to STS for this entry (its `_assume_role_params`), or undefined without a role. */
export function liteLlmAssumeRoleInput(entry: LiteLlmEntry, durationSeconds: number): AssumeRoleInput | undefined {
  const role = entry.params.aws_role_name
  if (role === undefined) return undefined
  return { roleArn: role.value, roleSessionName: entry.params.aws_session_name?.value ?? 'litellm-session', externalId: entry.params.aws_external_id?.value, durationSeconds }
}

/** The live check: the caller's credentials assume the role with the entry's parameters. */
export async function liteLlmLiveCheck(entry: LiteLlmEntry, setup: Setup, assume: (input: AssumeRoleInput) => Promise<string>, describeError: (error: unknown) => { denied: boolean; message: string }, now: () => number): Promise<CheckOutcome> {
  return timed(now, 'litellm-assume-role', `${where(entry)}: assumes the role as LiteLLM would`, async () => {
    const input = liteLlmAssumeRoleInput(entry, setup.sessionDurationSeconds)
    if (input === undefined) return { status: 'skip', evidence: ['no aws_role_name: nothing to assume (see litellm-role)'], hint: 'fix litellm-role first.' }
    try {
      return { status: 'pass', evidence: [`AssumeRole with the entry's parameters gave ${await assume(input)}`] }
    } catch (error) {
      const failure = describeError(error)
      return {
        status: 'fail',
        kind: failure.denied ? 'check' : 'error',
        evidence: [`AssumeRole with the entry's parameters failed: ${failure.message}`],
        hint: failure.denied ? 'see litellm-external-id and litellm-role; the caller also needs sts:AssumeRole on the role.' : 'check the caller credentials and the network.'
      }
    }
  })
}
