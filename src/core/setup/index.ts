/**
 * Setup resolution, the one entry point: layers (flags > environment > config file > wizard
 * answers > defaults) → validated setups. Every field is one row of fields.ts (SETUP_FIELDS), from
 * which the rest derives: input.ts for layers, check-fields.ts and resolve.ts for validation,
 * config.ts and schema.ts for the file, sources.ts for flags and environment, questions.ts for
 * the wizard, serialize.ts for the file init writes.
 */
import { XacctError } from '../errors.js'
import type { Setup } from './model.js'
import type { ConfigSetup } from './config.js'
import { mergeLayers } from './input.js'
import type { InputLayer, MergedInput } from './input.js'
import { resolveSetup } from './resolve.js'
import type { ResolveContext } from './resolve.js'
import { withoutIdentity } from './sources.js'

export * from './caller.js'
export * from './check-fields.js'
export * from './config.js'
export * from './field-types.js'
export * from './fields.js'
export * from './input.js'
export * from './questions.js'
export * from './resolve.js'
export * from './sources.js'
export * from './validators.js'

export interface ResolveAllInput {
  flags: InputLayer
  env: InputLayer
  /** Parsed config file setups; empty when there is no config file. */
  config: ConfigSetup[]
  /** Wizard answers (lowest precedence before defaults); only for a single setup. */
  answers?: InputLayer | undefined
}

export interface PendingSetup {
  label: string | undefined
  merged: MergedInput
}

/**
 * Merge every setup's layers without validating yet: the init wizard completes the first one's
 * missing answers, then `resolveAll` validates. With many config setups, identity fields from flags
 * and environment (role ARN, accounts, caller, name) are not applied to all of them.
 */
export function mergeAll(input: ResolveAllInput): PendingSetup[] {
  const extra = input.answers ? [input.answers] : []
  if (input.config.length === 0) return [{ label: undefined, merged: mergeLayers([input.flags, input.env, ...extra]) }]
  const many = input.config.length > 1
  const flags = many ? withoutIdentity(input.flags) : input.flags
  const env = many ? withoutIdentity(input.env) : input.env
  return input.config.map((setup) => ({ label: setup.label, merged: mergeLayers([flags, env, ...setup.layers, ...extra]) }))
}

/** Validate merged setups; setup names must be unique. */
export function resolveAll(pending: readonly PendingSetup[], context: ResolveContext): Setup[] {
  const setups = pending.map((item) => resolveSetup(item.merged, { ...context, missingHint: item.label ? `pass the flag, or set it in ${item.label}` : context.missingHint }))
  const seen = new Map<string, number>()
  setups.forEach((setup, index) => {
    const previous = seen.get(setup.name)
    if (previous !== undefined) {
      const label = pending[index]?.label ?? 'setup'
      throw new XacctError('invalidInput', `${label}.name "${setup.name}" is a duplicate: ${pending[previous]?.label ?? 'another setup'} has the same name.`, {
        field: `${label}.name`,
        hint: 'give each setup a unique "name" (names default to <targetAccountId>-<useCase|roleName>).'
      })
    }
    seen.set(setup.name, index)
  })
  return setups
}
export * from './serialize.js'
