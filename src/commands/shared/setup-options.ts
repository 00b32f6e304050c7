/**
 * The setup flags shared by init and verify (and any command that resolves setups), derived from
 * the setup field table (core/setup/fields.ts): one option per row that declares one. Flags and
 * help text only: the table loads no zod, ipaddr.js or dotenv, so `--help` stays fast.
 */
import type { Command, Option } from 'commander'
import { positiveFlag } from '../../core/setup/field-types.js'
import type { FieldRow } from '../../core/setup/field-types.js'
import { SETUP_FIELDS } from '../../core/setup/fields.js'

/** Repeatable list flags: `--models a,b --models c` collects every value (split later). */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value]
}

/**
 * The commander options of one row: `--no-X` rows also get a hidden `--X`, so "not given" stays
 * undefined. Made by the command's own `createOption`, so this module loads no commander of its own
 * (src/cli.ts imports it lazily; a runtime import would move commander out of the entry file).
 */
function optionsOf(command: Command, row: FieldRow): Option[] {
  const spec = row.option
  if (spec === undefined || spec.global) return []
  const option = command.createOption(spec.arg === undefined ? row.flag : `${row.flag} ${spec.arg}`, spec.help)
  if (spec.repeatable) option.argParser(collect)
  if (spec.hidden) option.hideHelp()
  if (spec.positiveHelp === undefined) return [option]
  return [command.createOption(positiveFlag(row.flag), spec.positiveHelp).hideHelp(), option]
}

/**
 * What init's and verify's definitions use of this module. src/cli.ts imports the module (and with
 * it the field table and its validators) only when argv names one of those commands, and passes a
 * stand-in otherwise: `--help` and `--version` stay fast (test/e2e/startup.test.ts).
 */
export interface SetupFlagTable {
  addSetupOptions(command: Command): Command
  setupEnvNames(): string[]
}

/** Add the shared setup flags to a command. The global `--region` and `--config` apply too. */
export function addSetupOptions(command: Command): Command {
  for (const row of SETUP_FIELDS as readonly FieldRow[]) for (const option of optionsOf(command, row)) command.addOption(option)
  return command
}

/** The environment variables the setup fields read (table order), for help texts. */
export function setupEnvNames(): string[] {
  return (SETUP_FIELDS as readonly FieldRow[]).flatMap((row) => row.env ?? [])
}
