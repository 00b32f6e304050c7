/**
 * `trail` output: a table for people, rows as JSON for machines, and the notes (pagination stops,
 * denied lookups) that say what the search could not see.
 */
import type { ChalkInstance } from 'chalk'
import type { TrailRow } from '../../core/checklist/trail-match.js'

/** Version of the `trail --json` document (schema/trail-output.schema.json); bumped on a breaking change. */
export const TRAIL_JSON_VERSION = 1

export interface TrailResult {
  version: typeof TRAIL_JSON_VERSION
  roleArn: string
  window: { start: string; end: string }
  searched: { account: string; side: 'target' | 'source'; region: string; query: string; pages: number; truncated: boolean; error?: string }[]
  /** `verifyProbe`: one of verify's own probes, refused on purpose (its session name says so). */
  events: (TrailRow & { side: 'target' | 'source'; verifyProbe?: true })[]
  notes: string[]
}

function shorten(text: string | undefined, max: number): string {
  if (!text) return '-'
  return text.length > max ? `…${text.slice(text.length - max + 1)}` : text
}

export function formatTrailRow(row: TrailResult['events'][number], c: ChalkInstance): string {
  const outcome = row.verifyProbe ? c.dim(`${row.errorCode ?? 'ok'} (verify probe)`) : row.errorCode ? c.red(row.errorCode) : c.green('ok')
  return [
    row.eventTime.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
    row.side.padEnd(6),
    row.region.padEnd(14),
    row.eventName.padEnd(28),
    shorten(row.principal, 60).padEnd(60),
    (row.sourceIPAddress ?? '-').padEnd(15),
    shorten(row.target, 50).padEnd(50),
    outcome
  ].join('  ')
}

export function formatTrailTable(result: TrailResult, c: ChalkInstance): string {
  const lines = [c.bold(`CloudTrail for ${result.roleArn}, ${result.window.start} → ${result.window.end}`)]
  if (result.events.length === 0) lines.push('No matching events (CloudTrail delivers about 5 minutes after the call).')
  else {
    lines.push(c.dim(['time'.padEnd(20), 'trail ', 'region'.padEnd(14), 'event'.padEnd(28), 'principal'.padEnd(60), 'source IP'.padEnd(15), 'role / model'.padEnd(50), 'result'].join('  ')))
    for (const row of result.events) lines.push(formatTrailRow(row, c))
  }
  for (const note of result.notes) lines.push(c.yellow(`! ${note}`))
  return lines.join('\n')
}
