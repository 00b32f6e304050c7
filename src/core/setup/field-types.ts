/**
 * The shape of one row of the setup field table (fields.ts) and the types derived from rows: what
 * a raw value looks like per source, the commander attribute a flag parses into, and the narrow
 * prompt port the wizard questions are written against (core declares it; ui's Prompter fits it).
 * Nothing here loads at run time beyond two tiny string helpers, so `--help` stays light.
 */
import type { CallerSpec } from './caller.js'
import type { Setup } from './model.js'
import type { CheckName } from './validators.js'

/**
 * How a field's raw values look and are checked: `text` one string, `list` comma lists (flags
 * repeatable), `groups` lists NOT split at commas (LDAP names have commas), `seconds` a duration
 * (number in the config, text elsewhere), `switch` a boolean, `caller` the caller forms (one or a
 * list: `--caller` repeats), `any`
 * whatever the source gave (checked by its own code).
 */
export type ValueKind = 'text' | 'list' | 'groups' | 'seconds' | 'switch' | 'caller' | 'any'

/** The raw value of each kind, as any source may give it (before checks). */
export type RawOf<K extends ValueKind> = K extends 'text' ? string : K extends 'caller' ? string | string[] : K extends 'list' | 'groups' ? string[] : K extends 'seconds' ? string | number : K extends 'switch' ? boolean | string : unknown

/** The config-file type of a top-level setup field (schema.ts turns each into zod). */
export type ConfigType = 'string' | 'accountId' | 'stringList' | 'boolean' | 'duration' | 'maxSessionDuration' | 'caller' | 'namePart' | 'externalId' | 'setupName'

/** The commander option a row declares. */
export interface FieldOption {
  /** e.g. `<ids>`; `[seconds]` for an optional value; absent for a switch. */
  readonly arg?: string
  /** Each use adds to a list (`--models a --models b`). */
  readonly repeatable?: boolean
  readonly help: string
  /** Accepted but not listed in `--help`. */
  readonly hidden?: boolean
  /** For a `--no-X` flag: the help of the hidden positive `--X` (so "not given" stays undefined). */
  readonly positiveHelp?: string
  /** Declared by the program for every command (`--region`), not by the setup options. */
  readonly global?: boolean
}

/** A merged value as the table's predicates see it (no dependency on the derived key types). */
export type MergedView = Readonly<Record<string, { readonly value: unknown; readonly field: string } | undefined>>

/** The questions port: the calls the setup questions make (ui/prompts.ts's Prompter satisfies it). */
export interface SetupAsker {
  input(question: { message: string; flag: string; default?: string; validate?: (value: string) => true | string }): Promise<string>
  confirm(question: { message: string; flag: string; default?: boolean }): Promise<boolean>
  select<T>(question: { message: string; flag: string; default?: T; choices: { value: T; name: string }[] }): Promise<T>
}

/** Values a question may offer by default that come from outside (e.g. the AWS_DEFAULT_REGION). */
export interface PromptDefaults {
  region?: string | undefined
}

/** A custom question's answers: input keys and values, recorded under the row's flag. */
export type Answers = readonly (readonly [key: string, value: unknown])[]

/** What a custom question may use: the merged input so far and the inline validation of any field. */
export interface AskContext {
  merged: MergedView
  verdict: (key: string, text: string) => true | string
}

/** When an optional question is asked (besides "not given yet"). */
export type When = (merged: MergedView) => boolean

/** The wizard's question for a field. Inline validation comes from the row's validator. */
export type FieldPrompt =
  | { readonly kind: 'input'; readonly message: string; readonly default?: string | ((defaults: PromptDefaults) => string); readonly optional?: boolean; readonly when?: When }
  | {
      readonly kind: 'list'
      readonly message: string
      readonly default?: string
      /** Empty means "none" (else at least one item is required). */
      readonly optional?: boolean
      /** Inline error wording: `Expected <expected>.` / `"x" is not valid: expected <expected>.` (default: the validator's). */
      readonly expected?: string
      readonly when?: When
    }
  | { readonly kind: 'confirm'; readonly message: string; readonly default: boolean; readonly when?: When }
  | { readonly kind: 'custom'; readonly ask: (asker: SetupAsker, context: AskContext) => Promise<Answers>; readonly when?: When }

/** A required answer: when it is required (given the callers) and how errors describe it. */
export interface FieldRequirement {
  readonly what: string
  readonly when: (specs: readonly CallerSpec[]) => boolean
}

/** The colours the summary may use (chalk fits). */
export interface SummaryPaint {
  yellow(text: string): string
}

/** One setup field: every place it appears, in one row. */
export interface FieldRow {
  /** The input key; the Setup and config key where the field has one. */
  readonly key: string
  /** The flag that answers it, named in errors, prompts and hints (FLAG_OF). */
  readonly flag: string
  readonly kind: ValueKind
  /** The validator (validators.ts CHECKS) applied to the value, or to each item of a list. */
  readonly check?: CheckName
  /** The commander option (absent when another row or nothing declares the flag). */
  readonly option?: FieldOption
  /** Environment variables that give it, first set wins. */
  readonly env?: readonly string[]
  /** Its path in a config entry, for errors (default: the key). */
  readonly configPath?: string
  /** A top-level property of a config entry, with its type and JSON Schema description. */
  readonly config?: { readonly type: ConfigType; readonly describe?: string }
  /** Copied into the Setup as given (after its check), else this default. */
  readonly plain?: { readonly default: unknown }
  readonly required?: FieldRequirement
  readonly prompt?: FieldPrompt
  /** Its line in init's summary. */
  readonly summary?: { readonly label: string; readonly value: (setup: Setup, paint: SummaryPaint) => string }
  /** Its config-file form, when not the Setup value itself (the caller). */
  readonly serialize?: (setup: Setup) => unknown
  /** A flag value that means something else (`--external-id generate`). */
  readonly fromFlag?: (value: string) => Readonly<Record<string, unknown>> | undefined
}

type Camel<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S

/** The attribute commander parses a flag into: `--cloudtrail-lookup` → `cloudtrailLookup`, `--no-streaming` → `streaming`. */
export type AttrOf<F extends string> = F extends `--no-${infer N}` ? Camel<N> : F extends `--${infer N}` ? Camel<N> : never

/** The type commander gives an option's attribute. */
export type FlagValueOf<O> = O extends { repeatable: true } ? string | string[] : O extends { arg: `[${string}]` } ? string | boolean : O extends { arg: string } ? string : boolean

/** Runtime twin of AttrOf (commander's own rule). */
export function attrOf(flag: string): string {
  return flag.replace(/^--(no-)?/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())
}

/** The positive flag a row declares: `--no-streaming` → `--streaming`. */
export function positiveFlag(flag: string): string {
  return flag.replace(/^--no-/, '--')
}
