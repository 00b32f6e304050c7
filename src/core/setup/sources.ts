/**
 * The flag and environment layers of setup input. Pure: the CLI passes in commander's parsed
 * options and the environment (process env over the `--env-file` values).
 */
import { invalidInput } from '../errors.js'
import { attrOf, positiveFlag } from './field-types.js'
import type { AttrOf, FlagValueOf } from './field-types.js'
import { SETUP_FIELDS } from './fields.js'
import type { SetupFieldRow } from './fields.js'
import { FLAG_OF, flagLayer, withSpecialValues } from './input.js'
import type { InputKey, InputLayer, SetupInput } from './input.js'
import { groupList, splitList } from './validators.js'

type OptionRow = Extract<SetupFieldRow, { option: object }>

/** The setup flags as commander parses them (see src/commands/shared/setup-options.ts); `region` is the global one. */
export type SetupFlags = { [R in OptionRow as AttrOf<R['flag']>]?: FlagValueOf<R['option']> | undefined }

/** Rows with a flag of their own, by the attribute commander parses it into. */
const OPTION_ROWS = SETUP_FIELDS.filter((row) => 'option' in row)
/** Commander attribute → the flag typed (a command's other options pass through here too). */
const FLAG_OF_ATTR: ReadonlyMap<string, string> = new Map(OPTION_ROWS.map((row) => [attrOf(row.flag), positiveFlag(row.flag)]))

function list(value: string[] | string | undefined): string[] | undefined {
  const items = splitList(value)
  return items.length > 0 ? items : undefined
}

/** Commander's options → setup input, row by row (lists split, `--external-id generate` understood). */
export function flagsToInput(flags: SetupFlags): SetupInput {
  const input: Record<string, unknown> = {}
  const given = flags as Readonly<Record<string, unknown>>
  for (const row of OPTION_ROWS) {
    const value = given[attrOf(row.flag)]
    if (value === undefined) continue
    const special = 'fromFlag' in row && typeof value === 'string' ? row.fromFlag(value) : undefined
    if (special) Object.assign(input, special)
    else if (row.kind === 'list') input[row.key] = list(value as string[])
    else if (row.kind === 'groups') input[row.key] = groupList(value as string[]).length > 0 ? groupList(value as string[]) : undefined
    else input[row.key] = value
  }
  return input as SetupInput
}

/**
 * An empty flag value is refused, never read as "not given": `--external-id "$EXTERNAL_ID"` or
 * `--source-ip "$OFFICE_IP"` with the variable unset would otherwise silently drop the ExternalId
 * or the IP restriction from the trust policy.
 */
function refuseEmptyValues(flags: SetupFlags): void {
  for (const [attr, value] of Object.entries(flags)) {
    const blank = typeof value === 'string' ? value.trim() === '' : Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string' && item.trim() === '')
    if (!blank) continue
    const flag = FLAG_OF_ATTR.get(attr) ?? `--${attr.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`
    throw invalidInput(flag, Array.isArray(value) ? value.join(',') : value, 'a non-empty value', 'is the shell variable it comes from set?')
  }
}

export function flagsLayer(flags: SetupFlags): InputLayer {
  refuseEmptyValues(flags)
  return flagLayer(flagsToInput(flags))
}

/** Environment variables the tool reads, and the setup field each gives (first set wins). */
export const SETUP_ENV: Readonly<Partial<Record<InputKey, readonly string[]>>> = Object.fromEntries(SETUP_FIELDS.flatMap((row) => ('env' in row ? [[row.key, row.env]] : [])))

/** The environment layer: the variables the Bedrock proxies already use, plus the tool's own. */
export function envLayer(env: Readonly<Record<string, string | undefined>>): InputLayer {
  const set = (name: string) => (env[name]?.trim() ? env[name]!.trim() : undefined)
  const values: Record<string, string> = {}
  const names: Partial<Record<InputKey, string>> = {}
  for (const [key, vars] of Object.entries(SETUP_ENV) as [InputKey, readonly string[]][]) {
    const name = vars.find((candidate) => set(candidate) !== undefined)
    names[key] = name ?? vars.at(-1)
    if (name !== undefined) values[key] = set(name)!
  }
  return { values: withSpecialValues(values as SetupInput), fieldOf: (key) => names[key] ?? FLAG_OF[key] }
}

/** Identity fields: with a config of many setups, the environment must not force them all onto one role. */
export const IDENTITY_KEYS: readonly InputKey[] = ['roleArn', 'targetAccountId', 'roleName', 'rolePath', 'sourceAccountId', 'caller', 'name']

/** A layer without its identity fields (used when one flag/env layer applies to many setups). */
export function withoutIdentity(layer: InputLayer): InputLayer {
  const values = { ...layer.values }
  for (const key of IDENTITY_KEYS) delete values[key]
  return { values, fieldOf: layer.fieldOf }
}
