/**
 * The real commander program (src/cli.ts `buildProgram()`) as an oracle for the commands the tool
 * prints: parse an argv without running any action, and list every flag any command defines.
 *
 * src/cli.ts ends with `await main(process.argv)` (the bundle's entry), so importing it runs the
 * CLI once: the import happens with `--version` as argv and stdout muted, and the exit code it
 * sets is put back.
 */
import type { Command } from 'commander'
import * as setupFlags from '../../src/commands/shared/setup-options.js'

let loaded: Promise<() => Command> | undefined

/**
 * `buildProgram` from src/cli.ts with the real setup flags (the CLI loads them only when argv names
 * init or verify), imported once without letting the import's run show.
 */
export function loadBuildProgram(): Promise<() => Command> {
  loaded ??= (async () => {
    const argv = process.argv
    const exitCode = process.exitCode
    const write = process.stdout.write
    process.argv = [argv[0] ?? 'node', 'bedrock-xacct', '--version']
    process.stdout.write = (() => true) as typeof process.stdout.write
    try {
      const cli = await import('../../src/cli.js')
      return () => cli.buildProgram(setupFlags)
    } finally {
      process.stdout.write = write
      process.argv = argv
      process.exitCode = exitCode
    }
  })()
  return loaded
}

function allCommands(command: Command): Command[] {
  return [command, ...command.commands.flatMap(allCommands)]
}

/**
 * Parse `args` (what follows `bedrock-xacct`) with the real program, actions replaced by a no-op
 * and output muted. Throws commander's error on an unknown option or command, a missing argument
 * or option value, an invalid choice or an excess argument; returns the subcommand that would run.
 */
export async function parseArgs(args: readonly string[]): Promise<string> {
  return (await parseOptions(args)).command
}

/** Like parseArgs, with the options the action would get (global ones merged in, as the CLI does). */
export async function parseOptions(args: readonly string[]): Promise<{ command: string; options: Record<string, unknown> }> {
  const program = (await loadBuildProgram())()
  let ran: { command: string; options: Record<string, unknown> } | undefined
  for (const command of allCommands(program)) {
    command.configureOutput({ writeOut: () => {}, writeErr: () => {}, outputError: () => {} })
    command.exitOverride()
    if (command !== program) command.action(() => void (ran = { command: command.name(), options: { ...program.opts(), ...command.opts() } }))
  }
  await program.parseAsync([...args], { from: 'user' })
  if (ran === undefined) throw new Error(`no command ran for: ${args.join(' ')}`)
  return ran
}

/** Every flag the program defines (global and per command), with `--no-*` forms, e.g. `--models`. */
export async function definedFlags(): Promise<Set<string>> {
  const program = (await loadBuildProgram())()
  const flags = new Set<string>(['--help', '-h'])
  for (const command of allCommands(program)) {
    for (const option of command.options) {
      if (option.long) flags.add(option.long)
      if (option.short) flags.add(option.short)
    }
  }
  return flags
}

/** The help text of every command (where its examples are), as `--help` prints it. */
export async function helpTexts(): Promise<string[]> {
  const program = (await loadBuildProgram())()
  const texts: string[] = []
  for (const command of allCommands(program)) {
    let text = ''
    command.configureOutput({ writeOut: (s) => void (text += s), writeErr: (s) => void (text += s) })
    command.outputHelp()
    texts.push(text)
  }
  return texts
}
