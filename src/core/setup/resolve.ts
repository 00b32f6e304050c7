/**
 * Resolution: merged input → one validated `Setup`, or the first problem as a one-line input error
 * (exit 2) naming the flag, variable or config path the bad value came from. Pure: the random
 * source for `--external-id generate` is passed in.
 */
import { partitionOfRegion } from '../regions.js'
import { XacctError, invalidInput, missingInput } from '../errors.js'
import { parseModelRef, type ModelRef } from '../models.js'
import { conventionNames } from '../naming.js'
import { SESSION_DURATION } from './model.js'
import type { Setup } from './model.js'
import { KNOWN_OIDC_AUDIENCES, accountOfSpecs, finalizeCallers, parseCallerTexts } from './caller.js'
import type { CallerSpec } from './caller.js'
import { checkGiven, refuseGroups } from './check-fields.js'
import type { CheckedInput } from './check-fields.js'
import type { FieldRow } from './field-types.js'
import { SETUP_FIELDS } from './fields.js'
import type { SetupFieldRow } from './fields.js'
import { FLAG_OF } from './input.js'
import type { InputKey, MergedInput } from './input.js'
import { EXPECTED, splitList } from './validators.js'

/** verify's default DurationSeconds: the minimum STS allows, enough for a checklist run. */
export const DEFAULT_VERIFY_SESSION_SECONDS = SESSION_DURATION.min

export interface ResolveContext {
  /** Random ExternalId for `--external-id generate` (crypto.randomUUID in the CLI). */
  generateId: () => string
  /** Appended to missing-answer errors, e.g. where in the config file the value could go. */
  missingHint?: string | undefined
}

/** A required answer that is still missing: the flag that gives it and what it is. */
export interface MissingAnswer {
  key: InputKey
  flag: string
  what: string
}

const ROWS = SETUP_FIELDS as readonly FieldRow[]

function callerSpecsOf(merged: MergedInput): CallerSpec[] {
  return merged.caller ? parseCallerTexts(merged.caller.field, merged.caller.value) : [{ kind: 'account' }]
}

function isGiven(row: FieldRow, merged: MergedInput): boolean {
  const entry = merged[row.key as InputKey]
  if (entry === undefined) return false
  return row.kind === 'list' ? splitList(entry.value as string | string[]).length > 0 : true
}

/** Required answers not given by any layer, in the order the wizard asks them (the table's). */
export function missingAnswers(merged: MergedInput): MissingAnswer[] {
  const specs = callerSpecsOf(merged)
  return ROWS.filter((row) => row.required !== undefined && row.required.when(specs) && !isGiven(row, merged)).map((row) => ({
    key: row.key as InputKey,
    flag: row.flag,
    what: row.required!.what
  }))
}

/** The first missing required answer, as the usage error naming its flag. */
export function missingAnswerError(answer: MissingAnswer, hint?: string): XacctError {
  return missingInput(answer.flag, answer.what, hint ?? `pass ${answer.flag}`)
}

/**
 * The names the naming convention gives a setup (role, permissions and source policy), from its
 * org prefix, layer, use case and first model's provider: what `init` derives when no name is given.
 */
export function conventionNamesOf(setup: Pick<Setup, 'orgPrefix' | 'layer' | 'useCase' | 'models'>): ReturnType<typeof conventionNames> {
  const refs = setup.models.map((model) => parseModelRef(model)).filter((ref): ref is ModelRef => ref !== undefined)
  return conventionNames({ orgPrefix: setup.orgPrefix, layer: setup.layer, useCase: setup.useCase, provider: provider(refs) })
}

function provider(models: readonly ModelRef[]): string | undefined {
  const first = models[0]
  if (first === undefined || first.kind === 'application-profile') return undefined
  return first.modelId.split('.')[0]
}

/**
 * Check every value that was given, each on its own, before anything is asked or reported missing
 * (see checkGiven); resolveSetup then checks only what the wizard added since.
 */
export function validateGiven(merged: MergedInput): void {
  checkGiven(merged)
}

/** The fields the Setup takes as given (after their check) or their row's default. */
type PlainKey = Extract<SetupFieldRow, { plain: object }>['key']

function plainValues(checked: CheckedInput): Pick<Setup, PlainKey> {
  const values: Record<string, unknown> = {}
  for (const row of ROWS) if (row.plain) values[row.key] = checked[row.key as InputKey]?.value ?? row.plain.default
  return values as Pick<Setup, PlainKey>
}

/** Turn merged input into a validated Setup, or throw the first problem (input error, exit 2). Each value is checked once. */
export function resolveSetup(merged: MergedInput, context: ResolveContext): Setup {
  const checked = checkGiven(merged)
  const first = missingAnswers(merged)[0]
  if (first) throw missingAnswerError(first, context.missingHint)
  const value = <T>(key: InputKey): T | undefined => checked[key]?.value as T | undefined

  const region = value<string>('region')!
  const partition = partitionOfRegion(region)!
  const rolePartition = checked.rolePartition
  if (rolePartition && rolePartition.value !== partition) {
    throw invalidInput(rolePartition.field, rolePartition.value, `a role ARN in the ${partition} partition, which region ${region} belongs to`)
  }

  const specs = value<CallerSpec[]>('caller') ?? [{ kind: 'account' }]
  const sourceAccountId = value<string>('sourceAccountId') ?? accountOfSpecs(specs)!
  const targetAccountId = value<string>('targetAccountId')!

  const modelsEntry = checked.models!
  const models = splitList(modelsEntry.raw as string | string[])
  const refs = modelsEntry.value as ModelRef[]
  refs.forEach((ref, index) => {
    if (ref.kind === 'application-profile' && (ref.accountId !== targetAccountId || ref.region !== region)) {
      throw invalidInput(modelsEntry.field, models[index], `an application inference profile in the target account ${targetAccountId} and region ${region}`)
    }
  })

  const plain = plainValues(checked)
  const names = conventionNames({ orgPrefix: plain.orgPrefix, layer: plain.layer, useCase: plain.useCase, provider: provider(refs) })
  const roleName = value<string>('roleName') ?? names.roleName

  const groups = checked.oidcGroups
  const oidc = specs.find((spec) => spec.kind === 'oidc')
  if (groups && !oidc) refuseGroups(groups)
  const audiences = value<string[]>('oidcAudiences') ?? []
  const callers = finalizeCallers(specs, {
    field: merged.caller?.field ?? FLAG_OF.caller,
    partition,
    sourceAccountId,
    targetAccountId,
    audiences: audiences.length > 0 || oidc?.kind !== 'oidc' ? audiences : [KNOWN_OIDC_AUDIENCES[oidc.host]!],
    subjects: value<string[]>('oidcSubjects') ?? [],
    groups: [...new Set(value<string[]>('oidcGroups') ?? [])]
  })

  const externalId = value<boolean>('generateExternalId') === true && !merged.externalId ? context.generateId() : value<string>('externalId')

  const maxSessionDurationSeconds = plain.maxSessionDurationSeconds
  const session = checked.sessionDurationSeconds
  if (session && (session.value as number) > maxSessionDurationSeconds) {
    throw invalidInput(session.field, session.raw, `at most the role's max session duration (${maxSessionDurationSeconds} s)`)
  }
  const sessionDurationSeconds = session ? (session.value as number) : Math.min(DEFAULT_VERIFY_SESSION_SECONDS, maxSessionDurationSeconds)

  return {
    name: value<string>('name') ?? defaultSetupName(targetAccountId, plain.useCase, roleName),
    partition,
    sourceAccountId,
    callers,
    targetAccountId,
    roleName,
    permissionsPolicyName: value<string>('permissionsPolicyName') ?? names.permissionsPolicyName,
    sourcePolicyName: value<string>('sourcePolicyName') ?? names.sourcePolicyName,
    region,
    models: [...new Set(models.map((m) => m.trim()))],
    externalId,
    sessionDurationSeconds,
    sourceIpCidrs: [...new Set(value<string[]>('sourceIpCidrs') ?? [])],
    ...plain
  }
}

/** `<target>-<useCase|roleName>`: readable, unique per account × use case, safe as a folder name. */
export function defaultSetupName(targetAccountId: string, useCase: string | undefined, roleName: string): string {
  const base = `${targetAccountId}-${useCase ?? roleName}`.replace(/[^A-Za-z0-9._-]/g, '-')
  return base.slice(0, 64)
}

export { EXPECTED }
