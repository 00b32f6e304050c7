/**
 * The one builder of the `bedrock-xacct …` commands the tool tells users to type (verify's hints,
 * explain's fixes, NEXT-STEPS.md). Every setup flag comes from the setup field table (`FLAG_OF`),
 * every other flag from `COMMAND_FLAG` below, never from a literal in a hint: a renamed flag
 * changes here, and test/unit/printed-commands.test.ts parses each printed command with the real
 * commander program.
 *
 * Placeholders: a value the tool does not know (or may not print) is `<what-goes-here>`, lower-case
 * words joined by hyphens inside angle brackets (`PLACEHOLDER`). A shell reads `<…>` as a
 * redirect, so a command with a placeholder cannot run unedited. Placeholders are never quoted.
 *
 * A command built from a setup keeps all of it (`setupFields`): every caller (a role or user ARN,
 * service principals, the OIDC provider with its subjects, audiences and groups), the role, the
 * naming convention the policy names come from, the ExternalId (its value or a placeholder, never
 * silently nothing: `init --apply` would drop the condition), the IP allow-list and the options.
 * Running it never widens the trust.
 */
import { roleArn } from './arn.js'
import { ROLE_MAX_SESSION_SECONDS } from './aws-limits.js'
import { awsCallersOf, callerTexts, oidcCallerOf } from './setup/caller.js'
import { FLAG_OF, type InputKey } from './setup/input.js'
import { conventionNamesOf } from './setup/resolve.js'
import type { CallerPrincipal, Setup } from './setup/model.js'

/** The program's name, as users type it. */
export const CLI_NAME = 'bedrock-xacct'

/** Flags that are not setup fields (src/commands/<name>/define.ts and src/cli.ts define them). */
export const COMMAND_FLAG = {
  apply: '--apply',
  restore: '--restore',
  config: '--config',
  only: '--only',
  sourceProfile: '--source-profile',
  targetProfile: '--target-profile'
} as const

/** Values the tool does not know or may not print, worded once for every command (see the file's JSDoc). */
export const PLACEHOLDER = {
  /** An ExternalId the trust requires that nobody told us, or that verify may not print. */
  externalId: '<external-id-the-trust-requires>',
  sourceAccount: '<source-account>',
  targetAccount: '<target-account>',
  roleName: '<role-name>',
  region: '<region>',
  modelId: '<model-id>',
  callerArn: '<caller-arn>',
  publicIp: '<your-public-ip>',
  sourceProfile: '<profile-for-source-account>'
} as const

/** True for a `<placeholder>` (possibly inside a value, e.g. `us.<model-id>`). */
export function hasPlaceholder(value: string): boolean {
  return /<[a-z0-9-]+>/.test(value)
}

/** A value printed as is, unquoted (e.g. `"$(uuidgen)"`): the shell is meant to expand it. */
export interface ShellExpression {
  shell: string
}

/** The setup fields a command can set, each printed with `FLAG_OF`'s flag. */
export type FlagField = Exclude<InputKey, 'rolePartition' | 'generateExternalId' | 'durationCondition'>

/** A field's value: a list repeats the flag; `true` prints a switch, `false` a negated one (`no-` prefix); undefined prints nothing. */
export type FieldValue = string | number | boolean | ShellExpression | readonly string[] | undefined

export type FixFields = Partial<Record<FlagField, FieldValue>>

/** The order flags are printed in: who, which role, which names, where, what, then the conditions and options. */
const FIELD_ORDER: readonly FlagField[] = [
  'name',
  'sourceAccountId',
  'thirdPartyCaller',
  'caller',
  'oidcSubjects',
  'oidcAudiences',
  'oidcGroups',
  'targetAccountId',
  'roleArn',
  'roleName',
  'rolePath',
  'orgPrefix',
  'layer',
  'useCase',
  'permissionsPolicyName',
  'sourcePolicyName',
  'region',
  'models',
  'externalId',
  'maxSessionDurationSeconds',
  'sessionDurationSeconds',
  'sourceIpCidrs',
  'marketplace',
  'streaming',
  'cloudTrailLookup',
  'allowSessionTags',
  'allowSourceIdentity'
]

/** Shell-quote a value only when it needs it; placeholders stay bare. */
export function shellQuote(value: string): string {
  if (/^[\w@%+=:,./-]+$/.test(value) || /^[\w@%+=:,./-]*<[a-z0-9-]+>[\w@%+=:,./-]*$/.test(value)) return value
  return `'${value.replace(/'/g, `'\\''`)}'`
}

/** A flag that sets its field to false (commander's `no-` prefix). */
const NEGATED = /^-{2}no-/

function flagWords(field: FlagField, value: FieldValue): string[] {
  const flag = FLAG_OF[field]
  if (value === undefined) return []
  if (typeof value === 'boolean') return value === !NEGATED.test(flag) ? [flag] : []
  if (typeof value === 'object' && 'shell' in value) return [`${flag} ${value.shell}`]
  const values = Array.isArray(value) ? (value as readonly string[]) : [String(value)]
  return values.map((item) => `${flag} ${shellQuote(item)}`)
}

/** The flag-and-value words for the fields, in FIELD_ORDER. */
export function fieldArgs(fields: FixFields): string[] {
  return FIELD_ORDER.flatMap((field) => flagWords(field, fields[field]))
}

export interface InitApplySpec {
  /** The setup came from a config file: `--config FILE --only NAME` first; `fields` then hold only what differs. */
  config?: { file: string; only: string } | undefined
  fields: FixFields
  /** Flags after the setup's, e.g. `--source-profile <profile-for-source-account>`. */
  trailing?: Partial<Record<keyof typeof COMMAND_FLAG, string>> | undefined
}

/** `bedrock-xacct init --apply …`: the command that writes a setup (with a fix in it) to the accounts. */
export function initApplyLine(spec: InitApplySpec): string {
  const words = [CLI_NAME, 'init', COMMAND_FLAG.apply]
  if (spec.config) words.push(`${COMMAND_FLAG.config} ${shellQuote(spec.config.file)}`, `${COMMAND_FLAG.only} ${shellQuote(spec.config.only)}`)
  words.push(...fieldArgs(spec.fields))
  for (const [key, value] of Object.entries(spec.trailing ?? {}) as [keyof typeof COMMAND_FLAG, string][]) words.push(`${COMMAND_FLAG[key]} ${shellQuote(value)}`)
  return words.join(' ')
}

/** `bedrock-xacct init --restore FILE`: what init --apply prints after writing its backup. */
export function initRestoreLine(backupFile: string): string {
  return [CLI_NAME, 'init', `${COMMAND_FLAG.restore} ${shellQuote(backupFile)}`].join(' ')
}

/** `bedrock-xacct verify --config FILE`: what NEXT-STEPS tells users to run. */
export function verifyConfigLine(configFile: string): string {
  return [CLI_NAME, 'verify', `${COMMAND_FLAG.config} ${shellQuote(configFile)}`].join(' ')
}

/**
 * The callers' flags: one `--caller` per caller (omitted when the account root is the only one: the
 * default) and the OIDC caller's conditions. Every caller is printed: a command that named only
 * some would narrow the trust (issue 16).
 */
export function callerFields(callers: CallerPrincipal | readonly CallerPrincipal[]): FixFields {
  const list: readonly CallerPrincipal[] = Array.isArray(callers) ? callers : [callers as CallerPrincipal]
  const onlyRoot = list.length === 1 && list[0]!.kind === 'account'
  const oidc = oidcCallerOf(list)
  return {
    ...(onlyRoot ? {} : { caller: callerTexts(list) }),
    ...(oidc ? { oidcSubjects: oidc.subjects, oidcAudiences: oidc.audiences, oidcGroups: oidc.groups } : {})
  }
}

/**
 * The callers with every AWS principal of A replaced by the account root (which admits them all):
 * what a fix keeps when the trust on record admits the root. Service and OIDC callers stay.
 */
export function withRootCaller(callers: readonly CallerPrincipal[]): CallerPrincipal[] {
  const others = callers.filter((caller) => caller.kind === 'service' || caller.kind === 'oidc')
  return [{ kind: 'account' }, ...others]
}

/**
 * Every field of a setup as `init` takes it back (see the file's JSDoc), defaults left out. The
 * role goes as its ARN (account, path and name in one); `orgPrefix`/`layer`/`useCase` give back
 * the policy names the convention derived from them.
 */
export function setupFields(setup: Setup): FixFields {
  const conventional = conventionNamesOf(setup)
  return {
    sourceAccountId: setup.sourceAccountId,
    ...callerFields(setup.callers),
    roleArn: roleArn(setup.partition, setup.targetAccountId, setup.roleName, setup.rolePath),
    orgPrefix: setup.orgPrefix,
    layer: setup.layer,
    useCase: setup.useCase,
    // Names the convention would not give back (set by flag or config): without them, apply would add a second policy beside the existing one.
    permissionsPolicyName: setup.permissionsPolicyName !== conventional.permissionsPolicyName ? setup.permissionsPolicyName : undefined,
    sourcePolicyName: setup.sourcePolicyName !== conventional.sourcePolicyName ? setup.sourcePolicyName : undefined,
    region: setup.region,
    models: setup.models.length > 0 ? setup.models.join(',') : undefined,
    externalId: setup.externalId,
    maxSessionDurationSeconds: setup.maxSessionDurationSeconds !== ROLE_MAX_SESSION_SECONDS.default ? setup.maxSessionDurationSeconds : undefined,
    sourceIpCidrs: setup.sourceIpCidrs,
    marketplace: setup.marketplace,
    streaming: setup.streaming,
    cloudTrailLookup: setup.cloudTrailLookup,
    allowSessionTags: setup.allowSessionTags,
    allowSourceIdentity: setup.allowSourceIdentity,
    thirdPartyCaller: setup.thirdPartyCaller
  }
}

/** True when the trust of these callers can carry an ExternalId: some caller is an AWS principal (not a service or web identity). */
export function admitsExternalId(callers: CallerPrincipal | readonly CallerPrincipal[]): boolean {
  const list: readonly CallerPrincipal[] = Array.isArray(callers) ? callers : [callers as CallerPrincipal]
  return awsCallersOf(list).length > 0
}
