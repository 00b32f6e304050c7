/**
 * Templates (issue 19): one scenario of the guides as data (templates/*.json), parsed and checked
 * against templateSchema, turned into a setup input layer that ranks below every source the user
 * controls (flags > environment > config > template > wizard > defaults), plus the fields the
 * scenario still needs from the user. Pure: the command reads the files.
 */
import { XacctError, errorDetail, invalidInput, missingInput, quoteValue } from '../errors.js'
import { callerKindsOf } from '../setup/caller.js'
import { entryToInput } from '../setup/config.js'
import { FLAG_OF, mergeLayers, rowOf } from '../setup/input.js'
import type { InputKey, InputLayer, MergedInput, SetupInput } from '../setup/input.js'
import type { SetupEntry } from '../setup/schema.js'
import { jsonStructureProblem } from '../strict-json.js'
import { templateSchema } from './schema.js'
import type { TemplateFile, TemplateRequirement } from './schema.js'

/** A parsed template. */
export interface Template {
  name: string
  summary: string
  description?: string | undefined
  consumer: TemplateFile['consumer']
  /** The setup fields it fills, as a layer's input. */
  input: SetupInput
  /** Its callers in `--caller` text form (several for the SageMaker scenario). */
  callers: string[]
  requires: TemplateRequirement[]
}

/** `template proxy-task-role setup.caller`: how errors name a template's field. */
function labelOf(name: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : `${text}.${String(part)}`), `template ${name}`)
}

/** A caller entry (string or object) in `--caller` text form. */
function callerTextOf(item: unknown): string {
  return String(entryToInput({ caller: item } as SetupEntry).caller)
}

/** Parse one template file's text; `name` is its file name without `.json`. Bad files are exit 2, naming the field. */
export function parseTemplate(name: string, text: string): Template {
  let raw: unknown
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (error) {
    throw new XacctError('invalidInput', `template ${quoteValue(name)} is not valid JSON: ${errorDetail(error)}.`, { field: '--template' })
  }
  const structure = jsonStructureProblem(text)
  if (structure !== undefined) throw new XacctError('invalidInput', `template ${quoteValue(name)} is not a template the tool accepts: ${structure}.`, { field: '--template' })
  const parsed = templateSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const field = labelOf(name, issue.path)
    throw new XacctError('invalidInput', `${field} is invalid: ${issue.message}.`, { field, hint: 'templates follow schema/template.schema.json.' })
  }
  const file = parsed.data
  const { caller, ...rest } = file.setup
  const callers = caller === undefined ? [] : (Array.isArray(caller) ? caller : [caller]).map(callerTextOf)
  const input: Record<string, unknown> = { ...entryToInput(rest as SetupEntry) }
  if (callers.length === 1) input.caller = callers[0]
  // Several callers: a list, as a repeated --caller gives them (the setup reads lists since issue 16).
  else if (callers.length > 1) input.caller = callers
  for (const requirement of file.requires) {
    if (requirement.field !== 'caller' && (requirement.callerKinds !== undefined || requirement.append !== undefined)) {
      throw invalidInput(labelOf(name, ['requires']), requirement.field, 'callerKinds and append only with field "caller"')
    }
  }
  return { name, summary: file.summary, description: file.description, consumer: file.consumer, input: input as SetupInput, callers, requires: file.requires }
}

/** The template's values as an input layer; errors about them name `template NAME setup.FIELD`. */
export function templateLayer(template: Template): InputLayer {
  return { values: template.input, fieldOf: (key) => labelOf(template.name, ['setup', key]) }
}

/**
 * The fields this scenario still needs from the user, in order: a requirement is open when no
 * source the user controls gave it. The template's own values never count: they are the preset.
 */
export function openRequirements(merged: MergedInput, template: Template): TemplateRequirement[] {
  return template.requires.filter((requirement) => merged[requirement.field as InputKey] === undefined)
}

/** The template's requirement of a caller kind, checked on what the user gave (exit 2 naming the flag). */
export function checkRequirements(merged: MergedInput, template: Template): void {
  for (const requirement of template.requires) {
    const given = merged[requirement.field as InputKey]
    if (given === undefined || requirement.callerKinds === undefined) continue
    const values = Array.isArray(given.value) ? (given.value as unknown[]) : [given.value]
    for (const value of values) {
      const kinds = callerKindsOf({ value, field: given.field })
      if (kinds.some((kind) => !(requirement.callerKinds as readonly string[]).includes(kind))) {
        throw invalidInput(given.field, value, `${requirement.expected} (template ${template.name})`)
      }
    }
  }
}

/** The usage error for a requirement nobody gave (no terminal, or --yes). */
export function missingRequirement(requirement: TemplateRequirement, template: Template): XacctError {
  const flag = FLAG_OF[requirement.field as InputKey]
  return missingInput(flag, `${requirement.expected} (template ${template.name} needs it)`, `pass ${flag}.`)
}

/**
 * Put the template under what the user gave: each field the user left open takes the template's
 * value (named as the template's field in errors). With an `append` requirement on the caller, the
 * user's callers join the template's instead of replacing them. Returns a new merged input.
 */
export function underlayTemplate(merged: MergedInput, template: Template): MergedInput {
  const preset = mergeLayers([templateLayer(template)])
  const out: Record<string, unknown> = { ...preset, ...merged }
  const appendCaller = template.requires.some((r) => r.field === 'caller' && r.append === true)
  const userCaller = merged.caller
  if (appendCaller && userCaller !== undefined && template.callers.length > 0) {
    const mine = Array.isArray(userCaller.value) ? (userCaller.value as unknown[]) : [userCaller.value]
    out.caller = { value: [...template.callers, ...mine], field: userCaller.field }
  }
  return out as MergedInput
}

/** The row of a requirement's field (its wizard question and flag). */
export function requirementRow(requirement: TemplateRequirement) {
  return rowOf(requirement.field as InputKey)
}
