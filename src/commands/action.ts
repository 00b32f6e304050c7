/**
 * Glue between commander and a command: the action collects the global options, then imports the
 * command's module only now (STYLE habit 1: `--help` must not load the SDK or the evaluator).
 */
import type { Command } from 'commander'
import type { CommandEntry } from './deps.js'

export function lazyAction<Options>(load: () => Promise<CommandEntry<Options>>) {
  return async (...args: unknown[]): Promise<void> => {
    // commander passes (…positional arguments, options, command).
    const command = args[args.length - 1] as Command
    const options = { ...(args[args.length - 2] as object), args: args.slice(0, -2) } as Options
    // Loaded only when a command runs: `--help` and `--version` need none of the deps (start-up time).
    const { globalOptionsFrom, runCommand } = await import('./run-command.js')
    const global = globalOptionsFrom(command.optsWithGlobals(), process.env)
    await runCommand(global, async (deps) => (await load())(options, deps))
  }
}
