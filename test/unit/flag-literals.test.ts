/**
 * Every `--flag` written in src/ (code, messages and comments, tests excluded) is a flag some
 * command of the real program defines (global ones and `--no-*` forms included): a hint that
 * names a flag the CLI rejects is a bug the user finds first. Flags of the AWS CLI commands the
 * tool prints (`aws iam put-role-policy --policy-name …`) are not ours and are skipped.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { definedFlags } from '../helpers/program.js'

const root = join(import.meta.dirname, '..', '..')

/** Written on purpose though no command defines them, each with why. */
const NOT_OURS: Readonly<Record<string, string>> = {
  '--bogus': "src/cli.ts's comment shows commander's error for an unknown option",
  '--endpoint-url': "the AWS CLI's flag, named where the factory explains its endpoint override"
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [path] : []
  })
}

/** An AWS CLI command in a string, up to the end of that string: its flags are the AWS CLI's. */
const AWS_CLI_COMMAND = /\baws (iam|sts|bedrock|bedrock-runtime|cloudformation|cloudtrail|configure)\s[^`'"\n]*/g

/** The `--flag` literals of a file, with their line numbers. */
export function flagLiterals(text: string): { flag: string; line: number }[] {
  return text.split('\n').flatMap((line, index) => [...line.replace(AWS_CLI_COMMAND, '').matchAll(/(?<![\w-])--[a-z][a-z0-9-]*(?<!-)(?![\w-])/g)].map((m) => ({ flag: m[0], line: index + 1 })))
}

describe('flag literals in src/', async () => {
  const defined = await definedFlags()
  const found = sourceFiles(join(root, 'src')).flatMap((file) => flagLiterals(readFileSync(file, 'utf8')).map((hit) => ({ ...hit, where: `${relative(root, file)}:${hit.line}` })))

  it('finds the flags it should (the scan works)', () => {
    expect(found.length).toBeGreaterThan(100)
    expect(flagLiterals("aws iam put-role-policy --policy-name X ' and --models")).toEqual([{ flag: '--models', line: 1 }])
  })

  it('names only flags a command defines', () => {
    const unknown = found.filter((hit) => !defined.has(hit.flag) && NOT_OURS[hit.flag] === undefined).map((hit) => `${hit.where} ${hit.flag}`)
    expect(unknown).toEqual([])
  })
})
