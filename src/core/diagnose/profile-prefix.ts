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

/** `eu` for eu-west-1, `apac` for ap-*, `us` for us-*; undefined when the region has no geographic profile. */
export function profilePrefixFor(region: string | undefined): string | undefined {
  if (!region) return undefined
  for (const [prefix, regions] of Object.entries(PROFILE_GEOGRAPHIES)) {
    if (['jp', 'au', 'ca'].includes(prefix)) continue
    if ((regions as readonly string[]).includes(region)) return prefix
  }
  return PREFIX_BY_REGION_FAMILY.find(([pattern]) => pattern.test(region))?.[1]
}

/** The profile id to suggest for a bare model id called from a region (`eu.anthropic…` from eu-west-1). */
export function profileIdFor(modelId: string, region: string | undefined): string {
  const bare = modelId.replace(/^(?:us-gov|us|eu|apac|jp|au|ca|global)\./, '')
  return `${profilePrefixFor(region) ?? '<us|eu|apac|global>'}.${bare}`
}
