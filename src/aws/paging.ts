/**
 * Marker/IsTruncated paging for IAM list calls, bounded: IAM's own quotas (10 inline policies'
 * worth of 10 KB, 20 attached policies, 5 versions) fit in one or two pages, so an endpoint that
 * keeps paging past the bound, or repeats a marker, is broken — and a silently partial list
 * could hide a Deny, so that is an error, not a shorter answer.
 */
import type { AwsCallError } from '../core/ports/aws-error.js'

/** Most pages read for one IAM list; 20 pages of 100 is 20× any IAM quota on these lists. */
export const MAX_IAM_PAGES = 20

export interface Page<T> {
  items: T[]
  /** The answer carries its list element (even empty): a real answer, not an empty 200. */
  answered?: boolean | undefined
  isTruncated?: boolean | undefined
  marker?: string | undefined
}

export async function allPages<T>(fetchPage: (marker: string | undefined) => Promise<Page<T>>, broken: (what: string) => AwsCallError, maxPages = MAX_IAM_PAGES): Promise<T[]> {
  const items: T[] = []
  const seen = new Set<string>()
  let marker: string | undefined
  for (let page = 0; page < maxPages; page++) {
    const result = await fetchPage(marker)
    // IAM's model lets IsTruncated be absent (moto leaves it out of ListPolicyVersions): an answer
    // that carries its list is then the last page. An answer with neither was empty or cut off, and
    // an empty list read from it could hide a policy (a Deny, or the statement a check looks for).
    if (result.isTruncated === undefined && !result.answered) throw broken('the response has neither IsTruncated nor the list (an empty or cut-off answer)')
    items.push(...result.items)
    if (!result.isTruncated) return items
    if (!result.marker || seen.has(result.marker)) throw broken('IsTruncated without a new Marker')
    seen.add(result.marker)
    marker = result.marker
  }
  throw broken(`still truncated after ${maxPages} pages`)
}
