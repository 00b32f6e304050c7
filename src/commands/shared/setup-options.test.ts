/**
 * The setup field table (core/setup/fields.ts) and what derives from it: every flag FLAG_OF names is one the real init
 * and verify commands define, each row's flag, variable and config key lands on that row's input
 * key, and the config schema has exactly the rows' config keys.
 */
import { Command } from 'commander'
import { describe, expect, it } from 'vitest'
import { defineInit } from '../init/define.js'
import { defineVerify } from '../verify/define.js'
import * as setupFlags from './setup-options.js'
import type { SetupFlagTable } from './setup-options.js'
import type { FieldRow } from '../../core/setup/field-types.js'
import { SETUP_FIELDS } from '../../core/setup/fields.js'
import { FLAG_OF, flagOf } from '../../core/setup/input.js'
import type { InputKey } from '../../core/setup/input.js'
import { setupEntrySchema } from '../../core/setup/schema.js'
import { SETUP_ENV, envLayer, flagsToInput } from '../../core/setup/sources.js'
import type { SetupFlags } from '../../core/setup/sources.js'

const ROWS = SETUP_FIELDS as readonly FieldRow[]

/** The real commands, under a program with the global --region (as src/cli.ts declares it). */
function command(define: (program: Command, flags: SetupFlagTable) => Command): Command {
  const program = new Command().exitOverride().option('--region <region>')
  const sub = define(program, setupFlags).action(() => undefined)
  sub.exitOverride()
  return sub
}

function parse(define: (program: Command, flags: SetupFlagTable) => Command, argv: string[]): SetupFlags {
  const program = new Command().exitOverride().option('--region <region>')
  const sub = define(program, setupFlags).action(() => undefined)
  sub.exitOverride()
  program.parse([sub.name(), ...argv], { from: 'user' })
  return { ...sub.opts(), ...program.opts() } as SetupFlags
}

/** A valid-looking value per row kind, as typed on the command line. */
function sampleArgv(row: FieldRow): string[] {
  if (row.option?.arg === undefined) return [row.flag]
  return [row.flag, row.kind === 'seconds' ? '3600' : 'sample-value']
}

describe('SETUP_FIELDS', () => {
  it('has one row per input key', () => {
    const keys = ROWS.map((row) => row.key)
    expect(new Set(keys).size).toBe(keys.length)
    expect(Object.keys(FLAG_OF)).toEqual(keys)
    expect(flagOf('cloudTrailLookup')).toBe('--cloudtrail-lookup')
  })

  it.each([
    ['init', defineInit],
    ['verify', defineVerify]
  ] as const)('every flag FLAG_OF names is one %s defines', (_name, define) => {
    const sub = command(define)
    const known = new Set([...sub.options.map((option) => option.long), '--region'])
    expect(Object.values(FLAG_OF).filter((flag) => !known.has(flag))).toEqual([])
  })

  it.each(ROWS.filter((row) => row.option !== undefined && row.key !== 'externalId').map((row) => [row.flag, row] as const))('%s gives its own field', (_flag, row) => {
    const input = flagsToInput(parse(defineInit, sampleArgv(row))) as Record<string, unknown>
    expect(Object.keys(input)).toContain(row.key)
  })

  it('--external-id generate asks for a fresh id; any other value is the id', () => {
    expect(flagsToInput(parse(defineInit, ['--external-id', 'generate']))).toMatchObject({ generateExternalId: true })
    expect(flagsToInput(parse(defineInit, ['--external-id', 'abc-123']))).toMatchObject({ externalId: 'abc-123' })
  })

  it.each(Object.entries(SETUP_ENV).flatMap(([key, vars]) => vars!.map((name) => [name, key] as const)))('%s gives %s', (name, key) => {
    const layer = envLayer({ [name]: 'arn:aws:iam::222222222222:role/R' })
    expect(Object.keys(layer.values).filter((k) => (layer.values as Record<string, unknown>)[k] !== undefined)).toEqual([key])
    expect(layer.fieldOf(key as InputKey)).toBe(name)
  })

  it('the config schema has exactly the rows with a config type, in the table order', () => {
    expect(Object.keys(setupEntrySchema.shape)).toEqual(ROWS.filter((row) => row.config !== undefined).map((row) => row.key))
  })
})
