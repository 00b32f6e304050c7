/**
 * The flag and environment layers of setup input. Pure: the CLI passes in commander's parsed
 * options and the environment (process env over the `--env-file` values).
 */
import { invalidInput } from '../errors.js'
import { FLAG_OF, flagLayer } from './input.js'
import type { InputKey, InputLayer, SetupInput } from './input.js'
import { groupList, splitList } from './validators.js'

/** The shared setup flags as commander parses them (see src/commands/shared/setup-options.ts). */
export interface SetupFlags {
  name?: string | undefined
  sourceAccount?: string | undefined
  caller?: string | undefined
  oidcAudience?: string[] | undefined
  oidcSubject?: string[] | undefined
  oidcGroup?: string[] | undefined
  targetAccount?: string | undefined
  roleArn?: string | undefined
  roleName?: string | undefined
  rolePath?: string | undefined
  /** The global `--region`. */
  region?: string | undefined
  models?: string[] | undefined
  useCase?: string | undefined
  orgPrefix?: string | undefined
  layer?: string | undefined
  /** A value, or `generate` for a fresh random one. */
  externalId?: string | undefined
  maxSessionDuration?: string | undefined
  sessionDuration?: string | undefined
  sourceIp?: string[] | undefined
  marketplace?: boolean | undefined
  streaming?: boolean | undefined
  cloudtrailLookup?: boolean | undefined
  /** Always refused: see DURATION_CONDITION_REFUSAL. */
  durationCondition?: string | boolean | undefined
}

function list(value: string[] | string | undefined): string[] | undefined {
  const items = splitList(value)
  return items.length > 0 ? items : undefined
}

export function flagsToInput(flags: SetupFlags): SetupInput {
  const generate = flags.externalId?.trim().toLowerCase() === 'generate'
  return {
    name: flags.name,
    sourceAccountId: flags.sourceAccount,
    caller: flags.caller,
    oidcAudiences: list(flags.oidcAudience),
    oidcSubjects: list(flags.oidcSubject),
    oidcGroups: groupList(flags.oidcGroup).length > 0 ? groupList(flags.oidcGroup) : undefined,
    targetAccountId: flags.targetAccount,
    roleArn: flags.roleArn,
    roleName: flags.roleName,
    rolePath: flags.rolePath,
    region: flags.region,
    models: list(flags.models),
    useCase: flags.useCase,
    orgPrefix: flags.orgPrefix,
    layer: flags.layer,
    externalId: generate ? undefined : flags.externalId,
    generateExternalId: generate ? true : undefined,
    maxSessionDurationSeconds: flags.maxSessionDuration,
    sessionDurationSeconds: flags.sessionDuration,
    sourceIpCidrs: list(flags.sourceIp),
    marketplace: flags.marketplace,
    streaming: flags.streaming,
    cloudTrailLookup: flags.cloudtrailLookup,
    durationCondition: flags.durationCondition
  }
}

/**
 * An empty flag value is refused, never read as "not given": `--external-id "$EXTERNAL_ID"` or
 * `--source-ip "$OFFICE_IP"` with the variable unset would otherwise silently drop the ExternalId
 * or the IP restriction from the trust policy.
 */
function refuseEmptyValues(flags: SetupFlags): void {
  for (const [key, value] of Object.entries(flags) as [keyof SetupFlags, unknown][]) {
    const blank = typeof value === 'string' ? value.trim() === '' : Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string' && item.trim() === '')
    if (!blank) continue
    const flag = key === 'cloudtrailLookup' ? '--cloudtrail-lookup' : `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`
    throw invalidInput(flag, Array.isArray(value) ? value.join(',') : value, 'a non-empty value', 'is the shell variable it comes from set?')
  }
}

export function flagsLayer(flags: SetupFlags): InputLayer {
  refuseEmptyValues(flags)
  return flagLayer(flagsToInput(flags))
}

/** Environment variables the tool reads, and the setup field each gives. */
export const SETUP_ENV = {
  roleArn: 'BEDROCK_CROSS_ACCOUNT_ROLE_ARN',
  region: ['BEDROCK_REGION', 'AWS_REGION'],
  externalId: 'BEDROCK_XACCT_EXTERNAL_ID'
} as const

/** The environment layer: the variables the Bedrock proxies already use, plus an ExternalId. */
export function envLayer(env: Readonly<Record<string, string | undefined>>): InputLayer {
  const set = (name: string) => (env[name]?.trim() ? env[name]!.trim() : undefined)
  const regionVar = SETUP_ENV.region.find((name) => set(name) !== undefined)
  const values: SetupInput = {
    roleArn: set(SETUP_ENV.roleArn),
    region: regionVar ? set(regionVar) : undefined,
    externalId: set(SETUP_ENV.externalId)
  }
  const names: Partial<Record<InputKey, string>> = { roleArn: SETUP_ENV.roleArn, region: regionVar ?? 'AWS_REGION', externalId: SETUP_ENV.externalId }
  return { values, fieldOf: (key) => names[key] ?? FLAG_OF[key] }
}

/** Identity fields: with a config of many setups, the environment must not force them all onto one role. */
export const IDENTITY_KEYS: readonly InputKey[] = ['roleArn', 'targetAccountId', 'roleName', 'rolePath', 'sourceAccountId', 'caller', 'name']

/** A layer without its identity fields (used when one flag/env layer applies to many setups). */
export function withoutIdentity(layer: InputLayer): InputLayer {
  const values = { ...layer.values }
  for (const key of IDENTITY_KEYS) delete values[key]
  return { values, fieldOf: layer.fieldOf }
}
