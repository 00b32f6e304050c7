/**
 * The exact command that (re)applies a setup, quoted by every hint: `--config FILE --only NAME`
 * when the setup came from a config file, else the setup's own flags (src/core/setup/input.ts
 * FLAG_OF names them). The ExternalId appears as given; reporters redact it unless --show-secrets.
 */
import type { Setup } from '../setup.js'
import { callerText } from '../setup/caller.js'
import { SESSION_DURATION } from '../setup.js'
import { roleArn } from '../arn.js'

/** Shell-quote a value only when it needs it. */
function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`
}

export interface SetupOrigin {
  /** The config file the setup came from, when it did. */
  configFile?: string | undefined
}

export function initApplyCommand(setup: Setup, origin: SetupOrigin): string {
  if (origin.configFile) return `bedrock-xacct init --apply --config ${shellQuote(origin.configFile)} --only ${shellQuote(setup.name)}`
  const flags: string[] = ['bedrock-xacct init --apply']
  const add = (flag: string, value?: string | number) => flags.push(value === undefined ? flag : `${flag} ${shellQuote(String(value))}`)
  add('--source-account', setup.sourceAccountId)
  if (setup.caller.kind !== 'account') add('--caller', callerText(setup.caller))
  add('--role-arn', roleArn(setup.partition, setup.targetAccountId, setup.roleName, setup.rolePath))
  add('--region', setup.region)
  if (setup.models.length > 0) add('--models', setup.models.join(','))
  if (setup.externalId) add('--external-id', setup.externalId)
  if (setup.maxSessionDurationSeconds !== SESSION_DURATION.default) add('--max-session-duration', setup.maxSessionDurationSeconds)
  for (const cidr of setup.sourceIpCidrs) add('--source-ip', cidr)
  if (setup.marketplace) add('--marketplace')
  if (!setup.streaming) add('--no-streaming')
  if (setup.cloudTrailLookup) add('--cloudtrail-lookup')
  return flags.join(' ')
}
