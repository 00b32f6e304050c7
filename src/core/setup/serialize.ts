/**
 * A resolved Setup back to config-file form (what `init --out` writes as bedrock-xacct.json), so
 * that `verify --config` and later `init` runs read exactly what was generated.
 */
import type { FieldRow } from './field-types.js'
import { SETUP_FIELDS } from './fields.js'
import type { Setup } from './model.js'
import { SCHEMA_URL } from './schema.js'
import type { SetupEntry } from './schema.js'

/**
 * Every row with a config key that the Setup carries, in the table's order: its own form (the
 * caller) or the Setup's value; unset optional values and empty lists are left out.
 */
export function setupToEntry(setup: Setup): SetupEntry {
  const entry: Record<string, unknown> = {}
  for (const row of SETUP_FIELDS as readonly FieldRow[]) {
    if (row.config === undefined || (row.serialize === undefined && !(row.key in setup))) continue
    const value = row.serialize ? row.serialize(setup) : (setup as unknown as Record<string, unknown>)[row.key]
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue
    entry[row.key] = value
  }
  return entry as SetupEntry
}

/**
 * The config file text for one setup or many (with `$schema` for editor validation: the published
 * URL, or a path to an installed copy the caller resolved).
 */
export function configFileText(setups: readonly Setup[], schemaRef: string = SCHEMA_URL): string {
  const document = setups.length === 1 ? { $schema: schemaRef, ...setupToEntry(setups[0]!) } : { $schema: schemaRef, setups: setups.map(setupToEntry) }
  return `${JSON.stringify(document, null, 2)}\n`
}
