/**
 * Where each inference profile of a setup routes, as Bedrock says today: with credentials in the
 * target account, `bedrock:GetInferenceProfile` returns the foundation-model ARNs of a
 * system-defined profile (`us.…`, `eu.…`, `apac.…`, `global.…`) and of an application profile
 * (docs/aws-facts.md profile.get.models). The table in models.ts (PROFILE_GEOGRAPHIES) is the dated
 * offline fallback; the report says when, for which models and why it was used, so init's and
 * verify's output can say so. A read that fails never fails the command: it falls back, with the
 * reason (access denied, no such profile, AWS unreachable).
 */
import { isAwsCallError } from './ports/aws-error.js'
import type { BedrockControlPort } from './ports/aws.js'
import { PROFILE_TABLE_CHECKED, parseModelRef } from './models.js'
import type { Setup } from './setup/model.js'

/** Each profile's destination model ARNs as Bedrock returned them, keyed by the model as the setup names it. */
export type LiveDestinations = Readonly<Record<string, readonly string[]>>

export interface DestinationsReport {
  /** `live`: every profile was read from Bedrock; `table`: none was; `mixed`: some were. `none`: the setup names no profile. */
  source: 'live' | 'table' | 'mixed' | 'none'
  live: LiveDestinations
  /** Profiles whose destinations came from the static table, with why. */
  fallback: { model: string; reason: string }[]
  /** When the static table was last checked against AWS's documentation. */
  tableChecked: string
}

/** The models of a setup that are inference profiles (system-defined or application). */
export function profilesOf(setup: Pick<Setup, 'models'>): string[] {
  return setup.models.filter((model) => {
    const kind = parseModelRef(model)?.kind
    return kind === 'system-profile' || kind === 'application-profile'
  })
}

function summarize(profiles: readonly string[], live: Record<string, readonly string[]>, fallback: DestinationsReport['fallback']): DestinationsReport {
  const liveCount = Object.keys(live).length
  const source = profiles.length === 0 ? 'none' : fallback.length === 0 ? 'live' : liveCount === 0 ? 'table' : 'mixed'
  return { source, live, fallback, tableChecked: PROFILE_TABLE_CHECKED }
}

/** The table for every profile, e.g. for offline init or when no credentials in B were given. */
export function tableDestinations(setup: Pick<Setup, 'models'>, reason: string): DestinationsReport {
  const profiles = profilesOf(setup)
  return summarize(
    profiles,
    {},
    profiles.map((model) => ({ model, reason }))
  )
}

function reasonOf(error: unknown, region: string): string {
  if (isAwsCallError(error)) {
    if (error.failure.kind === 'access-denied') return `bedrock:GetInferenceProfile is not allowed for these credentials in ${region}`
    return `GetInferenceProfile failed in ${region} (${error.failure.awsCode ?? error.failure.kind}: ${error.failure.awsMessage ?? ''})`.replace(/: \)$/, ')')
  }
  return `GetInferenceProfile failed in ${region} (${error instanceof Error ? error.message : String(error)})`
}

/**
 * Ask Bedrock (in the setup's region, where the profiles are called) for each profile's
 * destinations. After the first access denial the others are not asked: the permission does not
 * depend on the profile, and each refused call is one more CloudTrail event for nothing.
 */
export async function readProfileDestinations(setup: Pick<Setup, 'models' | 'region'>, port: BedrockControlPort): Promise<DestinationsReport> {
  const profiles = profilesOf(setup)
  const live: Record<string, readonly string[]> = {}
  const fallback: DestinationsReport['fallback'] = []
  let denied: string | undefined
  for (const model of profiles) {
    if (denied !== undefined) {
      fallback.push({ model, reason: denied })
      continue
    }
    try {
      const profile = await port.getInferenceProfile(model)
      if (profile) live[model] = [...profile.modelArns]
      else fallback.push({ model, reason: `Bedrock has no inference profile ${model} in ${setup.region}` })
    } catch (error) {
      const reason = reasonOf(error, setup.region)
      if (isAwsCallError(error) && error.failure.kind === 'access-denied') denied = reason
      fallback.push({ model, reason })
    }
  }
  return summarize(profiles, live, fallback)
}

/** One line for people: where the destinations came from. Undefined when the setup names no profile. */
export function describeDestinations(report: DestinationsReport): string | undefined {
  if (report.source === 'none') return undefined
  if (report.source === 'live') return 'inference-profile destinations: read from Bedrock (GetInferenceProfile)'
  const models = report.fallback.map((f) => f.model).join(', ')
  const reasons = [...new Set(report.fallback.map((f) => f.reason))].join('; ')
  return `inference-profile destinations: the static table (checked ${report.tableChecked}) for ${models}: ${reasons}`
}
