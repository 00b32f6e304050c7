/**
 * `trail`'s options and their validation (exit 2 before any AWS call).
 */
import { invalidInput } from '../../core/errors.js'
import { parseDuration } from '../../core/checklist/duration.js'

export interface TrailCommandOptions {
  roleArn?: string
  externalId?: string
  only?: string
  since?: string
  errors?: boolean
  follow?: boolean
  account?: string
  targetProfile?: string
  maxPages?: string
}

/** CloudTrail's LookupEvents reaches back 90 days. */
const MAX_SINCE_MS = 90 * 86_400_000
/** 10 pages × 50 events per query: enough for an hour of a busy role, bounded so a typo'd --since 90d is not minutes of paging. */
export const DEFAULT_MAX_PAGES = 10
/** Poll period of --follow: CloudTrail delivers in minutes; faster polling only burns the 2 TPS budget. */
export const FOLLOW_INTERVAL_MS = 15_000

export interface ValidatedTrailOptions {
  sinceMs: number
  errorsOnly: boolean
  follow: boolean
  sides: ('target' | 'source')[]
  maxPages: number
}

export function validateTrailOptions(options: TrailCommandOptions): ValidatedTrailOptions {
  const sinceMs = parseDuration('--since', options.since ?? '1h', { minMs: 1000, maxMs: MAX_SINCE_MS })
  const account = options.account ?? 'target'
  if (!['target', 'source', 'both'].includes(account)) throw invalidInput('--account', account, 'target, source or both')
  const pagesText = options.maxPages ?? String(DEFAULT_MAX_PAGES)
  const maxPages = Number(pagesText)
  if (!Number.isInteger(maxPages) || maxPages < 1 || maxPages > 100) throw invalidInput('--max-pages', pagesText, 'a whole number from 1 to 100')
  return {
    sinceMs,
    errorsOnly: options.errors === true,
    follow: options.follow === true,
    sides: account === 'both' ? ['target', 'source'] : [account as 'target' | 'source'],
    maxPages
  }
}
