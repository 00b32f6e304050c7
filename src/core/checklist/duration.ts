/**
 * Durations as users type them for `--trail-timeout` and `trail --since`: `90s`, `15m`, `1h`,
 * `2d`, or a bare number of seconds.
 */
import { invalidInput } from '../errors.js'

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** Parse `value` (naming `field` in errors) into milliseconds within [minMs, maxMs]. */
export function parseDuration(field: string, value: string, bounds: { minMs: number; maxMs: number }): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(value)
  const expected = `a duration like 90s, 15m or 1h (between ${describe(bounds.minMs)} and ${describe(bounds.maxMs)})`
  if (!match) throw invalidInput(field, value, expected)
  const ms = Number(match[1]) * UNIT_MS[(match[2] ?? 's').toLowerCase()]!
  if (!Number.isFinite(ms) || ms < bounds.minMs || ms > bounds.maxMs) throw invalidInput(field, value, expected)
  return Math.round(ms)
}

function describe(ms: number): string {
  if (ms % 86_400_000 === 0 && ms > 0) return `${ms / 86_400_000}d`
  if (ms % 3_600_000 === 0 && ms > 0) return `${ms / 3_600_000}h`
  if (ms % 60_000 === 0 && ms > 0) return `${ms / 60_000}m`
  return `${ms / 1000}s`
}
