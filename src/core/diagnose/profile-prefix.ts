/**
 * Which geographic inference-profile prefix a caller in a region can use: a geographic profile can
 * only be called from a region of its geography (DESIGN §4; Bedrock user guide,
 * geographic-cross-region-inference), so an on-demand fix for a caller in eu-west-1 must say `eu.`,
 * never `us.` (issue 18). `global.` works from any commercial region but routes anywhere.
 */
import { PROFILE_GEOGRAPHIES } from '../models.js'

/** Region-prefix rules for regions the geography table may not list yet (new regions keep their family). */
const PREFIX_BY_REGION_FAMILY: readonly [RegExp, string][] = [
  [/^us-gov-/, 'us-gov'],
  [/^us-/, 'us'],
  [/^ca-/, 'ca'],
  [/^eu-/, 'eu'],
  [/^ap-/, 'apac']
]

/** Geographies of one country, suggested only where no wider one is callable. */
const COUNTRY_PROFILES: readonly string[] = ['jp', 'au', 'ca']

/** `eu` for eu-west-1, `apac` for ap-*, `us` for us-*; undefined when the region has no geographic profile. */
export function profilePrefixFor(region: string | undefined): string | undefined {
  if (!region) return undefined
  const listed = (prefix: string) => (PROFILE_GEOGRAPHIES[prefix as keyof typeof PROFILE_GEOGRAPHIES] as readonly string[]).includes(region)
  // The wide geographies first (Tokyo calls apac. and jp.); a country profile only for a region no wide one lists (Auckland: au.).
  const wide = Object.keys(PROFILE_GEOGRAPHIES).filter((prefix) => !COUNTRY_PROFILES.includes(prefix))
  const found = wide.find(listed) ?? COUNTRY_PROFILES.find(listed)
  if (found) return found
  return PREFIX_BY_REGION_FAMILY.find(([pattern]) => pattern.test(region))?.[1]
}

/** The profile id to suggest for a bare model id called from a region (`eu.anthropic…` from eu-west-1). */
export function profileIdFor(modelId: string, region: string | undefined): string {
  const bare = modelId.replace(/^(?:us-gov|us|eu|apac|jp|au|ca|global)\./, '')
  return `${profilePrefixFor(region) ?? '<us|eu|apac|global>'}.${bare}`
}
