/**
 * The setup questions, derived from the field table: each row's prompt, asked through the
 * SetupAsker port (the ui's Prompter in the CLI, a scripted one in tests), validated inline with
 * the row's own validator, recorded under the row's flag. Answers rank below every other source.
 */
import { verdictOf } from './check-fields.js'
import type { FieldRow, MergedView, PromptDefaults, SetupAsker } from './field-types.js'
import { SETUP_FIELDS } from './fields.js'
import type { InputKey, MergedInput } from './input.js'
import { rowOf } from './input.js'
import { missingAnswers } from './resolve.js'
import { splitList } from './validators.js'

/** Record an answer in a merged input, below everything already given. */
export function answer(merged: MergedInput, key: InputKey, value: unknown, flag: string): void {
  ;(merged as Record<string, unknown>)[key] = { value, field: flag }
}

/** A list answer's inline verdict: empty only when optional; each item by the row's validator. */
function listVerdict(row: FieldRow, expected: string | undefined, optional: boolean, text: string): true | string {
  const items = splitList(text)
  if (items.length === 0) return optional ? true : `Expected ${expected ?? 'at least one value'}.`
  const key = row.key as InputKey
  const bad = items.find((item) => verdictOf(key, item) !== true)
  if (bad === undefined) return true
  return expected === undefined ? verdictOf(key, bad) : `"${bad}" is not valid: expected ${expected}.`
}

/** Ask one row's question and record the answer (nothing for an empty optional answer). */
export async function askField(row: FieldRow, merged: MergedInput, asker: SetupAsker, defaults: PromptDefaults = {}): Promise<void> {
  const prompt = row.prompt
  const key = row.key as InputKey
  const flag = row.flag
  if (prompt === undefined) throw new Error(`askField: ${row.key} has no question`)
  switch (prompt.kind) {
    case 'custom':
      for (const [answerKey, value] of await prompt.ask(asker, { merged: merged as MergedView, verdict: (k, text) => verdictOf(k as InputKey, text) })) {
        answer(merged, answerKey as InputKey, value, flag)
      }
      return
    case 'confirm':
      answer(merged, key, await asker.confirm({ message: prompt.message, flag, default: prompt.default }), flag)
      return
    case 'input': {
      const fallback = typeof prompt.default === 'function' ? prompt.default(defaults) : prompt.default
      const optional = prompt.optional === true
      const text = await asker.input({
        message: prompt.message,
        flag,
        ...(fallback === undefined ? {} : { default: fallback }),
        validate: (v) => (optional && v.trim() === '' ? true : verdictOf(key, v))
      })
      if (!(optional && text.trim() === '')) answer(merged, key, text.trim(), flag)
      return
    }
    case 'list': {
      const text = await asker.input({
        message: prompt.message,
        flag,
        ...(prompt.default === undefined ? {} : { default: prompt.default }),
        validate: (v) => listVerdict(row, prompt.expected, prompt.optional === true, v)
      })
      const items = splitList(text)
      if (items.length > 0) answer(merged, key, items, flag)
    }
  }
}

/** Whether the wizard asks a row now: required and missing, or optional, not given, and relevant. */
function isOpen(row: FieldRow, merged: MergedInput): boolean {
  if (row.prompt === undefined) return false
  if (row.required !== undefined) return missingAnswers(merged).some((missing) => missing.key === row.key)
  if (merged[row.key as InputKey] !== undefined) return false
  return row.prompt.when?.(merged as MergedView) ?? true
}

/** The wizard: ask every open question in the table's order. Mutates `merged`. */
export async function askOpenFields(merged: MergedInput, asker: SetupAsker, defaults: PromptDefaults = {}): Promise<void> {
  for (const row of SETUP_FIELDS as readonly FieldRow[]) if (isOpen(row, merged)) await askField(row, merged, asker, defaults)
}

/** Ask only the missing required answers (in the order missingAnswers gives). Mutates `merged`. */
export async function askMissingFields(merged: MergedInput, asker: SetupAsker, defaults: PromptDefaults = {}): Promise<void> {
  for (let missing = missingAnswers(merged)[0]; missing; missing = missingAnswers(merged)[0]) {
    await askField(rowOf(missing.key), merged, asker, defaults)
  }
}
