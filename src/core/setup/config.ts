/**
 * Reading `bedrock-xacct.json`: size limit, JSON parse, schema check with errors that name the
 * config path (`config setups[2].region`), and conversion of each entry into input layers
 * (the entry over the file's shared `defaults`).
 */
import { jsonStructureProblem } from '../strict-json.js'
import { XacctError, errorDetail, invalidInput, quoteValue } from '../errors.js'
import { callerText } from './caller.js'
import { SETUP_FIELDS } from './fields.js'
import type { InputLayer, SetupInput } from './input.js'
import { withSpecialValues } from './input.js'
import type { z } from 'zod'
import { CALLER_OBJECT, setupEntrySchema } from './schema.js'
import type { ConfigCaller, SetupEntry } from './schema.js'

/**
 * Largest config file accepted. A thousand setups fit in well under 1 MB; anything bigger is a
 * mistake (a log or a dump passed as --config) and must fail fast, not parse slowly.
 */
export const MAX_CONFIG_BYTES = 1_000_000
/** Most setups in one file: keeps verify and init runs bounded and output readable. */
export const MAX_SETUPS = 1_000

/** One setup of a config file, as layers (entry first, then the file's defaults). */
export interface ConfigSetup {
  /** `config setups[2]` or `config` (single-setup file): the prefix of field names in errors. */
  label: string
  layers: InputLayer[]
}

export function configTooLarge(file: string, bytes: number): XacctError {
  return new XacctError('invalidInput', `config ${quoteValue(file)} is too large (${bytes} bytes): expected at most ${MAX_CONFIG_BYTES} bytes.`, {
    field: 'config',
    hint: 'split the setups over several files, or check that --config names the right file.'
  })
}

/** The key the user most likely meant (one edit away, or same letters ignoring case). */
function suggestion(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase()
  return known.find((k) => k.toLowerCase() === lower) ?? known.find((k) => editDistance(k.toLowerCase(), lower) <= 2)
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1))
      previous = current
    }
  }
  return row[b.length]!
}

function pathText(base: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : `${text}.${String(part)}`), base)
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((value, part) => (value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[part] : undefined), root)
}

const ENTRY_KEYS = Object.keys(setupEntrySchema.shape)

/** Validate one entry (a setup or the defaults) against the schema; the first issue becomes the error. */
function parseEntry(raw: unknown, label: string, extraKeys: readonly string[] = []): { entry: SetupEntry; durationCondition?: unknown } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw invalidInput(label, raw, 'a JSON object with setup fields')
  const { durationCondition, ...rest } = raw as Record<string, unknown>
  for (const key of extraKeys) delete rest[key]
  const result = setupEntrySchema.safeParse(rest)
  if (!result.success) throw issueError(result.error.issues[0]!, label, rest)
  const entry = result.data as SetupEntry
  return durationCondition === undefined ? { entry } : { entry, durationCondition }
}

/** What a caller entry may be, for errors about it. */
const CALLER_SHAPES = 'a caller string (root | role or user ARN | service:NAME | oidc:HOST), an object with "kind": account | role (+ arn) | user (+ arn) | service (+ services) | oidc (+ providerHost, subjects, audiences, groups), or a list of those'

type Issue = z.core.$ZodIssue

/** zod's type names in words a config author reads. */
const JSON_TYPES: Readonly<Record<string, string>> = {
  array: 'a JSON list, e.g. ["…"]',
  string: 'a string',
  boolean: 'true or false',
  number: 'a number',
  int: 'a whole number',
  object: 'a JSON object'
}

/** The first schema issue as one line naming the config path. */
function issueError(issue: Issue, label: string, root: unknown): XacctError {
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!
    const field = pathText(label, [...issue.path, key])
    if (issue.path.length > 0) return new XacctError('invalidInput', `${field} is not a known field.`, { field })
    const guess = suggestion(key, ENTRY_KEYS)
    return new XacctError('invalidInput', `${field} is not a setup field${guess ? ` (did you mean "${guess}"?)` : ''}.`, {
      field,
      hint: `known fields: ${ENTRY_KEYS.join(', ')}.`
    })
  }
  if (issue.path[0] === 'caller' && (issue.path.length === 1 || (issue.path.length === 2 && typeof issue.path[1] === 'number'))) {
    const callerPath = issue.path.length === 1 && Array.isArray(valueAt(root, ['caller'])) ? firstBadCallerPath(valueAt(root, ['caller']) as unknown[]) : issue.path
    const caller = valueAt(root, callerPath)
    const kind = caller !== null && typeof caller === 'object' ? (caller as { kind?: unknown }).kind : undefined
    const object = CALLER_OBJECT.safeParse(caller)
    if (typeof kind === 'string' && ['account', 'role', 'user', 'service', 'oidc'].includes(kind) && !object.success) {
      const inner = object.error.issues[0]!
      return issueError({ ...inner, path: [...callerPath, ...inner.path] } as Issue, label, root)
    }
    return invalidInput(pathText(label, callerPath), caller, CALLER_SHAPES)
  }
  const field = pathText(label, issue.path)
  const value = valueAt(root, issue.path)
  const bare = issue.message
    .replace(/^Invalid input: expected /, '')
    .replace(/, received \w+$/, '')
    .replace(/\.$/, '')
  const expected = JSON_TYPES[bare] ?? bare
  if (value === undefined) return new XacctError('invalidInput', `${field} is missing: expected ${expected}.`, { field })
  return invalidInput(field, value, expected)
}

/** In a list of callers, the path of the first item that is neither a string nor a caller object. */
function firstBadCallerPath(callers: readonly unknown[]): PropertyKey[] {
  const index = callers.findIndex((item) => typeof item !== 'string' && !CALLER_OBJECT.safeParse(item).success)
  return index < 0 ? ['caller'] : ['caller', index]
}

/** One caller of a config entry in flag form; an OIDC object's conditions go to their own fields. */
function callerToInput(caller: ConfigCaller, input: SetupInput, field: string): string | undefined {
  if (typeof caller === 'string') return caller
  if (caller.kind !== 'oidc') return callerText(caller)
  if (input.oidcSubjects !== undefined) throw invalidInput(field, caller.providerHost ?? caller.providerArn, 'at most one OIDC provider per setup: make a second setup for the other one')
  input.oidcAudiences = caller.audiences
  input.oidcSubjects = caller.subjects
  input.oidcGroups = caller.groups
  return caller.providerArn ?? (caller.providerHost ? `oidc:${caller.providerHost}` : undefined)
}

/**
 * Convert a validated entry into setup input (the caller objects become the flag forms). A single
 * caller stays a string, as before; a list becomes a list, every item kept (resolution refuses a
 * second OIDC provider rather than dropping one).
 */
export function entryToInput(entry: SetupEntry, durationCondition?: unknown, label = 'config'): SetupInput {
  const { caller, ...rest } = entry
  const input: SetupInput = { ...rest }
  if (durationCondition !== undefined) input.durationCondition = durationCondition
  if (Array.isArray(caller)) {
    const texts = caller.map((item, index) => callerToInput(item, input, `${label}.caller[${index}]`)).filter((text): text is string => text !== undefined)
    if (texts.length > 0) input.caller = texts
  } else if (caller !== undefined) {
    const text = callerToInput(caller, input, `${label}.caller`)
    if (text !== undefined) input.caller = text
  }
  return withSpecialValues(input)
}

/** Where each input key sits in a config entry (`caller.audiences`, …), for errors. */
const CONFIG_PATH_OF: ReadonlyMap<string, string> = new Map(SETUP_FIELDS.map((row) => [row.key, 'configPath' in row ? row.configPath : row.key]))

function layerOf(label: string, input: SetupInput): InputLayer {
  return { values: input, fieldOf: (key) => pathText(label, [CONFIG_PATH_OF.get(key) ?? key]) }
}

/**
 * Parse a config file's text into one ConfigSetup per setup. `file` is only used in messages.
 * Throws input errors (exit 2) for bad JSON, unknown keys and wrong types.
 */
export function parseConfigText(text: string, file: string): ConfigSetup[] {
  if (text.length > MAX_CONFIG_BYTES) throw configTooLarge(file, text.length)
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    const detail = errorDetail(error)
    throw new XacctError('invalidInput', `config ${quoteValue(file)} is not valid JSON: ${detail}.`, { field: 'config' })
  }
  const structure = jsonStructureProblem(text)
  if (structure !== undefined) throw new XacctError('invalidInput', `config ${quoteValue(file)} is not a config file the tool accepts: ${structure}.`, { field: 'config' })
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw invalidInput(`config ${file}`, raw, 'a JSON object: one setup, or { "setups": [ … ] }')
  }
  const record = raw as Record<string, unknown>
  if (!('setups' in record)) {
    const { entry, durationCondition } = parseEntry(record, 'config', ['$schema'])
    return [{ label: 'config', layers: [layerOf('config', entryToInput(entry, durationCondition, 'config'))] }]
  }
  const { setups, defaults, $schema, ...unknown } = record
  void $schema
  const stray = Object.keys(unknown)[0]
  if (stray !== undefined) {
    throw new XacctError('invalidInput', `config.${stray} is not allowed next to "setups".`, {
      field: `config.${stray}`,
      hint: 'put setup fields inside each entry of "setups", or in "defaults" to share them.'
    })
  }
  if (!Array.isArray(setups) || setups.length === 0) throw invalidInput('config setups', setups, 'a non-empty array of setups')
  if (setups.length > MAX_SETUPS) throw invalidInput('config setups', `${setups.length} setups`, `at most ${MAX_SETUPS} setups per file`)
  const defaultLayers =
    defaults === undefined
      ? []
      : (() => {
          const { entry, durationCondition } = parseEntry(defaults, 'config defaults')
          return [layerOf('config defaults', entryToInput(entry, durationCondition, 'config defaults'))]
        })()
  return setups.map((item, index) => {
    const label = `config setups[${index}]`
    const { entry, durationCondition } = parseEntry(item, label)
    return { label, layers: [layerOf(label, entryToInput(entry, durationCondition, label)), ...defaultLayers] }
  })
}
