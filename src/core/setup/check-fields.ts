/**
 * Each given value checked once, by its row's kind and validator (SETUP_FIELDS): the one pass that
 * turns raw strings into normalized values or the one-line input error naming the flag, variable
 * or config path. The resolver builds the Setup from these values and adds only the cross-field
 * checks; the wizard validates its answers inline with the same rows (`verdictOf`).
 */
import { XacctError, invalidInput } from '../errors.js'
import { parseCallerTexts } from './caller.js'
import type { FieldRow } from './field-types.js'
import { SETUP_FIELDS } from './fields.js'
import type { InputKey, MergedInput } from './input.js'
import { rowOf } from './input.js'
import { CHECKS, groupList, must, promptVerdict, splitList } from './validators.js'
import type { Check } from './validators.js'

/** A checked value, the raw value it came from (errors quote it) and where it came from. */
export interface CheckedEntry {
  value: unknown
  raw: unknown
  field: string
}

export type CheckedInput = Partial<Record<InputKey, CheckedEntry>>

/**
 * Checked values by merged entry: commands check what was given before the wizard asks (fail
 * fast) and resolve after it; an entry (a value from one source) is checked once, answers added
 * by the wizard are new entries. The check depends only on the entry, so the memo cannot go stale.
 */
const CHECKED = new WeakMap<object, unknown>()

/** Why `sts:DurationSeconds` in a trust policy is refused (DESIGN §4). */
export const DURATION_CONDITION_REFUSAL = 'the trust policy never gets an sts:DurationSeconds condition: AssumeRole does not set that key, so such a condition never matches and the Allow never applies'

function refuseDurationCondition(field: string): never {
  throw new XacctError('invalidInput', `${field} is refused: ${DURATION_CONDITION_REFUSAL}.`, {
    field,
    hint: "limit the session length with --max-session-duration (the role's MaxSessionDuration) instead."
  })
}

function checkOf(row: FieldRow): ((value: unknown) => Check<unknown>) | undefined {
  return row.check === undefined ? undefined : (CHECKS[row.check] as (value: unknown) => Check<unknown>)
}

/** The items of a list value, as its kind splits them (groups keep their commas). */
function itemsOf(row: FieldRow, raw: unknown): string[] {
  return row.kind === 'groups' ? groupList(raw as string | string[]) : splitList(raw as string | string[])
}

/** One value of one row, checked (throws the input error naming `field`). */
function checkValue(row: FieldRow, field: string, raw: unknown): unknown {
  const check = checkOf(row)
  switch (row.kind) {
    case 'text': {
      const text = String(raw).trim()
      return check ? must(field, text, check(text)) : text
    }
    case 'list':
    case 'groups':
      return itemsOf(row, raw).map((item) => (check ? must(field, item, check(item)) : item))
    case 'seconds':
    case 'switch':
      return check ? must(field, raw, check(raw)) : raw
    case 'caller':
      return parseCallerTexts(field, raw as string | string[])
    case 'any':
      return raw
  }
}

/**
 * Check every value that was given, each on its own and once, before anything is asked or reported
 * missing: a typo in a flag must fail at once, not after a wizard's questions. Cross-field checks
 * (caller account, session ≤ max, …) are the resolver's.
 */
export function checkGiven(merged: MergedInput): CheckedInput {
  if (merged.durationCondition) refuseDurationCondition(merged.durationCondition.field)
  const checked: CheckedInput = {}
  for (const row of SETUP_FIELDS as readonly FieldRow[]) {
    const entry = merged[row.key as InputKey]
    if (entry === undefined) continue
    if (!CHECKED.has(entry)) CHECKED.set(entry, checkValue(row, entry.field, entry.value))
    checked[row.key as InputKey] = { value: CHECKED.get(entry), raw: entry.value, field: entry.field }
  }
  const groups = checked.oidcGroups
  const callers = checked.caller?.value as { kind: string }[] | undefined
  if (groups && callers !== undefined && !callers.some((caller) => caller.kind === 'oidc')) refuseGroups(groups)
  return checked
}

/**
 * `groups` patterns given for a caller that is not an OIDC provider are refused rather than dropped:
 * the user asked for a restriction the trust policy could not carry.
 */
export function refuseGroups(groups: CheckedEntry): never {
  throw invalidInput(groups.field, (groups.value as string[]).join(','), 'an OIDC caller (--caller oidc:HOST) to go with it: groups is a claim of web identity tokens')
}

/** For prompts: `true` or the inline error, with the field's own validator. */
export function verdictOf(key: InputKey, text: string): true | string {
  const check = checkOf(rowOf(key))
  return check === undefined ? true : promptVerdict(check(text.trim()))
}
