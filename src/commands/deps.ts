/**
 * What every command receives instead of reaching for globals (STYLE habit 2): the I/O port, the
 * environment, the clock, the working directory, the prompter, the global options and the AWS
 * client factory. Tests build these with test/helpers/command-deps.ts; `realDeps` builds them from
 * the process once, in the CLI. This is the one way a dependency reaches a command.
 */
import type { AwsFactory } from '../core/ports/aws.js'
import type { Io } from '../ui/io.js'
import type { Prompter } from '../ui/prompts.js'

/** Options every command shares (defined once in src/cli.ts). */
export interface GlobalOptions {
  profile?: string | undefined
  region?: string | undefined
  config?: string | undefined
  envFile?: string | undefined
  /** Where envFile came from, for error messages: '--dotenv', '--env-file' or 'BEDROCK_XACCT_DOTENV'. */
  envFileFlag?: string | undefined
  json: boolean
  color: boolean
  debug: boolean
  yes: boolean
}

export type Environment = Readonly<Record<string, string | undefined>>

export interface CommandDeps {
  io: Io
  env: Environment
  now: () => Date
  cwd: string
  prompter: Prompter
  global: GlobalOptions
  /**
   * The AWS client factory, one per process: the CLI's is the real SDK factory (built on first use,
   * so `--help` and commands without AWS load no SDK, with `--debug` tracing every call); tests
   * pass a fake or the real one pointed at the sandbox.
   */
  aws: AwsFactory
}

/**
 * What a command returns: the exit code the runner sets (exit codes are API, DESIGN §3) and the
 * typed result it computed (what `--json` prints, or the data the human text was rendered from),
 * so tests and callers read data instead of scraping stdout.
 */
export interface CommandResult<Result> {
  exitCode: number
  result: Result
}

/** A command: typed options in, exit code and typed result out (rendering happens inside, through deps.io). */
export type CommandEntry<Options, Result = unknown> = (options: Options, deps: CommandDeps) => Promise<CommandResult<Result>>
