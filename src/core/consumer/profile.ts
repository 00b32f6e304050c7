/**
 * `verify --profile NAME` where the profile assumes the role itself (role_arn in ~/.aws/config):
 * the profile's fields compared with the setup, then the role assumed through the SDK's own
 * credential chain, so a dropped or wrong field fails a check that names it.
 */
import { ASSUME_ROLE_DURATION_SECONDS, ROLE_CHAINING_MAX_SECONDS } from '../aws-limits.js'
import type { CheckOutcome, CheckResult } from '../checklist/types.js'
import type { CallerIdentity } from '../ports/aws.js'
import type { Setup } from '../setup/model.js'
import { outcome, timed } from './outcome.js'

/** A shared-config profile as the SDK reads it. */
export interface ConsumerProfile {
  name: string
  settings: Readonly<Record<string, string>>
}

/** Whether a profile assumes a role itself (and so is the consumer's configuration, not a caller's keys). */
export function assumesRole(settings: Readonly<Record<string, string>> | undefined): boolean {
  return settings?.role_arn !== undefined
}

/** The profile the profile's own credentials come from (`source_profile`); undefined means the default chain (credential_source). */
export function sourceProfileOf(profile: ConsumerProfile): string | undefined {
  return profile.settings.source_profile
}

const field = (profile: ConsumerProfile, key: string) => `${key} in profile ${profile.name}`

function roleArnCheck(profile: ConsumerProfile, roleArn: string): CheckResult {
  const given = profile.settings.role_arn
  if (given === roleArn) return { status: 'pass', evidence: [`${field(profile, 'role_arn')} is the setup's role ${roleArn}`] }
  return { status: 'fail', evidence: [`${field(profile, 'role_arn')} is ${given ?? '(missing)'}; the setup's role is ${roleArn}`], hint: `set role_arn = ${roleArn} in profile ${profile.name}.` }
}

function externalIdCheck(profile: ConsumerProfile, setup: Setup): CheckResult {
  const given = profile.settings.external_id
  if (setup.externalId === undefined) {
    return given === undefined
      ? { status: 'pass', evidence: ['the role requires no ExternalId and the profile sends none'] }
      : { status: 'warn', evidence: [`${field(profile, 'external_id')} is set, but the setup requires no ExternalId`], hint: 'remove external_id, or add the ExternalId condition to the trust (init --external-id).' }
  }
  if (given === setup.externalId) return { status: 'pass', evidence: [`${field(profile, 'external_id')} is the setup's ExternalId`] }
  return {
    status: 'fail',
    evidence: [given === undefined ? `${field(profile, 'external_id')} is missing: the trust requires sts:ExternalId, so AssumeRole will be denied` : `${field(profile, 'external_id')} differs from the setup's ExternalId: AssumeRole will be denied`],
    hint: `set external_id in profile ${profile.name} to the setup's ExternalId (consumer/aws-config from init --out has it).`
  }
}

function sourceCheck(profile: ConsumerProfile): CheckResult {
  const { source_profile: source, credential_source: credentialSource } = profile.settings
  if (source !== undefined || credentialSource !== undefined) return { status: 'pass', evidence: [source !== undefined ? `${field(profile, 'source_profile')} is ${source}` : `${field(profile, 'credential_source')} is ${credentialSource}`] }
  return {
    status: 'fail',
    evidence: [`profile ${profile.name} has neither source_profile nor credential_source: the SDK has no credentials to assume the role with`],
    hint: `add source_profile = <the caller's profile> or credential_source = EcsContainer | Ec2InstanceMetadata | Environment to profile ${profile.name}.`
  }
}

function durationCheck(profile: ConsumerProfile, setup: Setup): CheckResult {
  const text = profile.settings.duration_seconds
  if (text === undefined) return { status: 'pass', evidence: [`${field(profile, 'duration_seconds')} is not set: the SDK asks for its default`] }
  const seconds = Number(text)
  const chained = setup.callers.some((c) => c.kind === 'role')
  const max = chained ? Math.min(setup.maxSessionDurationSeconds, ROLE_CHAINING_MAX_SECONDS) : setup.maxSessionDurationSeconds
  if (Number.isInteger(seconds) && seconds >= ASSUME_ROLE_DURATION_SECONDS.min && seconds <= max) return { status: 'pass', evidence: [`${field(profile, 'duration_seconds')} is ${seconds} (≤ ${max})`] }
  return {
    status: 'fail',
    evidence: [`${field(profile, 'duration_seconds')} is ${text}: AssumeRole takes ${ASSUME_ROLE_DURATION_SECONDS.min}–${max} s here${chained ? ' (role chaining caps it at 1 hour)' : " (the role's MaxSessionDuration)"}`],
    hint: `set duration_seconds to at most ${max} in profile ${profile.name}.`
  }
}

/** The static checks: what the profile says against what the setup needs. */
export function profileStaticChecks(profile: ConsumerProfile, setup: Setup, roleArn: string): CheckOutcome[] {
  return [
    outcome('profile-role-arn', `Profile ${profile.name}: role_arn is the setup's role`, roleArnCheck(profile, roleArn)),
    outcome('profile-external-id', `Profile ${profile.name}: external_id matches`, externalIdCheck(profile, setup)),
    outcome('profile-source', `Profile ${profile.name}: has credentials to assume with`, sourceCheck(profile)),
    outcome('profile-duration', `Profile ${profile.name}: duration_seconds fits the role`, durationCheck(profile, setup))
  ]
}

/** A failure of the profile's credential chain, as the check reports it. */
export interface ChainFailure {
  /** AccessDenied on sts:AssumeRole. */
  denied: boolean
  /** Could not reach AWS or had no credentials (exit 3 when nothing else failed). */
  environment: boolean
  message: string
}

/**
 * The live check: the SDK's own chain assumes the role from the profile; the identity must be a
 * session of the setup's role. A denial names the profile fields that explain it.
 */
export async function profileLiveCheck(profile: ConsumerProfile, setup: Setup, roleArn: string, identify: () => Promise<CallerIdentity>, classify: (error: unknown) => ChainFailure, now: () => number): Promise<CheckOutcome> {
  return timed(now, 'profile-assume-role', `Profile ${profile.name}: the SDK assumes the role through it`, async () => {
    try {
      const identity = await identify()
      const roleName = roleArn.split('/').pop()
      const expected = `arn:${setup.partition}:sts::${setup.targetAccountId}:assumed-role/${roleName}/`
      if (identity.arn.startsWith(expected)) return { status: 'pass', evidence: [`the SDK's credential chain for profile ${profile.name} is ${identity.arn}`] }
      return { status: 'fail', evidence: [`the SDK's credential chain for profile ${profile.name} is ${identity.arn}, not a session of ${roleArn}`], hint: `set role_arn = ${roleArn} in profile ${profile.name}.` }
    } catch (error) {
      const failure = classify(error)
      if (!failure.denied)
        return {
          status: 'fail',
          kind: failure.environment ? 'error' : 'check',
          evidence: [`the SDK could not use profile ${profile.name}: ${failure.message}`],
          hint: 'check the profile and its source credentials (aws sts get-caller-identity --profile …).'
        }
      const wrongExternalId = setup.externalId !== undefined && profile.settings.external_id !== setup.externalId
      const cause = wrongExternalId
        ? `${field(profile, 'external_id')} ${profile.settings.external_id === undefined ? 'is missing' : "does not match the role's ExternalId"}`
        : `the trust or the caller's policy refuses the profile's source credentials (${profile.settings.source_profile !== undefined ? field(profile, 'source_profile') : field(profile, 'credential_source')})`
      return {
        status: 'fail',
        evidence: [`AssumeRole through profile ${profile.name} was denied: ${cause}`, failure.message],
        hint: wrongExternalId ? `set external_id in profile ${profile.name} to the setup's ExternalId.` : 'run verify with the source profile as --profile to see which side refuses.'
      }
    }
  })
}
