/**
 * Raw setup input, as one source gives it (flags, environment, config file, wizard, defaults):
 * every field optional and still unvalidated. Resolution merges the layers field by field — the
 * first layer that sets a field wins — and remembers which flag, variable or config path each
 * value came from, so an error names exactly what the user typed.
 */
import { parseRoleArn } from '../arn.js'
import { invalidInput, quoteValue } from '../errors.js'
import type { FieldRow, RawOf } from './field-types.js'
import { SETUP_FIELDS } from './fields.js'
import type { SetupFieldRow } from './fields.js'

type Row = SetupFieldRow

/** The input keys: one per row of SETUP_FIELDS. */
export type InputKey = Row['key']

/** Raw setup input from one source, every field optional, typed by its row's kind. */
export type SetupInput = { [R in Row as R['key']]?: RawOf<R['kind']> | undefined }

/** One source of input and how to name its fields in errors. */
export interface InputLayer {
  values: SetupInput
  /** e.g. `--region`, `BEDROCK_REGION`, `config setups[2].region`. */
  fieldOf: (key: InputKey) => string
}

const ROWS: ReadonlyMap<string, FieldRow> = new Map(SETUP_FIELDS.map((row) => [row.key, row]))

/** The table row of an input key. */
export function rowOf(key: InputKey): FieldRow {
  return ROWS.get(key)!
}

/** The flag that answers each field: named in errors, prompts, hints and missing-answer messages. */
export const FLAG_OF: Readonly<Record<InputKey, string>> = Object.fromEntries(SETUP_FIELDS.map((row) => [row.key, row.flag])) as Record<InputKey, string>

/** The flag that answers a field (FLAG_OF as a function). */
export function flagOf(key: InputKey): string {
  return FLAG_OF[key]
}

/** A layer whose fields are named by their flags (flags, wizard answers). */
export function flagLayer(values: SetupInput): InputLayer {
  return { values, fieldOf: (key) => FLAG_OF[key] }
}

/** A merged value and the field it came from. */
export interface Sourced<T> {
  value: T
  field: string
}

export type MergedInput = { [K in InputKey]?: Sourced<NonNullable<SetupInput[K]>> }

function isSet(value: unknown): boolean {
  if (value === undefined || value === null) return false
  if (typeof value === 'string') return value.trim() !== ''
  if (Array.isArray(value)) return value.length > 0
  return true
}

/** Two values of the same layer that contradict each other (e.g. `--role-arn` and `--target-account`). */
function conflict(field: string, value: string, otherField: string, otherValue: string): Error {
  return invalidInput(field, value, `a role in the same account and with the same name as ${otherField} ${quoteValue(otherValue)}`)
}

/** Expand a layer's `roleArn` into the target account, role name and path (within that layer). */
function expandRoleArn(layer: InputLayer): SetupInput {
  const { roleArn, ...rest } = layer.values
  if (!isSet(roleArn)) return layer.values
  const field = layer.fieldOf('roleArn')
  const role = parseRoleArn(field, roleArn!.trim())
  if (isSet(rest.targetAccountId) && rest.targetAccountId!.trim() !== role.accountId) {
    throw conflict(field, roleArn!, layer.fieldOf('targetAccountId'), rest.targetAccountId!)
  }
  if (isSet(rest.roleName) && rest.roleName!.trim() !== role.name) {
    throw conflict(field, roleArn!, layer.fieldOf('roleName'), rest.roleName!)
  }
  return { ...rest, targetAccountId: role.accountId, roleName: role.name, rolePath: rest.rolePath ?? role.path, rolePartition: role.partition }
}

/** The keys a layer's `roleArn` fills in; errors about them name the ARN's field. */
const FROM_ROLE_ARN: readonly InputKey[] = ['targetAccountId', 'roleName', 'rolePath', 'rolePartition']

/** Merge layers, highest precedence first: for each field the first layer that sets it wins. */
export function mergeLayers(layers: readonly InputLayer[]): MergedInput {
  const merged: Record<string, Sourced<unknown>> = {}
  for (const layer of layers) {
    const values = expandRoleArn(layer)
    for (const [key, value] of Object.entries(values) as [InputKey, unknown][]) {
      if (key === 'roleArn' || merged[key] !== undefined || !isSet(value)) continue
      const field = FROM_ROLE_ARN.includes(key) && !isSet(layer.values[key]) ? layer.fieldOf('roleArn') : layer.fieldOf(key)
      merged[key] = { value, field }
    }
  }
  return merged as MergedInput
}

/**
 * Values that mean something else, understood from every source alike (issue 17): `generate` as
 * the ExternalId in a flag, the environment or a config file is a fresh random one, never the word.
 */
export function withSpecialValues(input: SetupInput): SetupInput {
  const out: Record<string, unknown> = { ...input }
  for (const row of SETUP_FIELDS) {
    const value = out[row.key]
    if (!('fromFlag' in row) || typeof value !== 'string') continue
    const special = row.fromFlag(value)
    if (!special) continue
    delete out[row.key]
    Object.assign(out, special)
  }
  return out as SetupInput
}
