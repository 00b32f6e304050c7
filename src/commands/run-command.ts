/**
 * The top-level handler (STYLE habit 5): builds the real deps once, runs a command, and turns any
 * error into a one-line message plus hint on stderr with the right exit code. A stack trace only
 * with --debug. Ctrl-C outside a prompt exits 130 too.
 */
import { ExitCode, XacctError, errorDetail, isXacctError } from '../core/errors.js'
import { isAwsCallError } from '../core/ports/aws-error.js'
import { processIo } from '../ui/io.js'
import { inquirerPrompter, nonInteractivePrompter } from '../ui/prompts.js'
import { cliAwsFactory } from './aws-factory.js'
import type { CommandDeps, CommandResult, GlobalOptions } from './deps.js'

/** The .env file to read and the flag (or variable) that named it: --dotenv, else --env-file, else $BEDROCK_XACCT_DOTENV. */
function envFileFrom(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): { envFile?: string; envFileFlag?: string } {
  if (typeof raw.dotenv === 'string') return { envFile: raw.dotenv, envFileFlag: '--dotenv' }
  if (typeof raw.envFile === 'string') return { envFile: raw.envFile, envFileFlag: '--env-file' }
  const fromEnv = env.BEDROCK_XACCT_DOTENV
  if (fromEnv !== undefined && fromEnv !== '') return { envFile: fromEnv, envFileFlag: 'BEDROCK_XACCT_DOTENV' }
  return {}
}

export function globalOptionsFrom(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): GlobalOptions {
  const json = raw.json === true
  const { envFile, envFileFlag } = envFileFrom(raw, env)
  const colorWanted = raw.color !== false && env.NO_COLOR === undefined && env.FORCE_COLOR !== '0'
  return {
    profile: typeof raw.profile === 'string' ? raw.profile : undefined,
    region: typeof raw.region === 'string' ? raw.region : undefined,
    config: typeof raw.config === 'string' ? raw.config : undefined,
    envFile,
    envFileFlag,
    json,
    color: colorWanted && !json,
    debug: raw.debug === true,
    yes: raw.yes === true
  }
}

export function realDeps(global: GlobalOptions): CommandDeps {
  const interactive = Boolean(process.stdin.isTTY && process.stderr.isTTY) && !global.yes && process.env.CI !== 'true'
  const color = global.color && Boolean(process.stdout.isTTY || process.stderr.isTTY || process.env.FORCE_COLOR)
  const io = processIo({ color, interactive })
  return {
    io,
    env: process.env,
    now: () => new Date(),
    cwd: process.cwd(),
    prompter: interactive ? inquirerPrompter() : nonInteractivePrompter(global.yes ? '--yes forbids questions' : 'no terminal to ask on'),
    global,
    aws: cliAwsFactory(global, io)
  }
}

/** How deep to look through `cause` for the AWS call behind an error (trail wraps one level). */
const MAX_CAUSE_DEPTH = 5

/** AWS's request id for the failed call behind an error (its own, or a cause's): what AWS support asks for. */
export function requestIdOf(error: unknown): string | undefined {
  let current: unknown = error
  for (let depth = 0; current !== undefined && current !== null && depth < MAX_CAUSE_DEPTH; depth++) {
    if (isAwsCallError(current) && current.failure.requestId) return current.failure.requestId
    current = (current as { cause?: unknown }).cause
  }
  return undefined
}

/** Format an error for the user: message, then hint, then (with --debug) AWS's request id and the stack. */
export function formatError(error: unknown, debug: boolean): string {
  if (isXacctError(error)) {
    const lines = [`Error: ${error.message}`]
    if (error.hint) lines.push(`Hint: ${error.hint}`)
    const requestId = debug ? requestIdOf(error) : undefined
    if (requestId) lines.push(`AWS request id: ${requestId}`)
    if (debug && error.stack) lines.push(error.stack)
    if (debug && error.cause instanceof Error && error.cause.stack) lines.push(`Caused by: ${error.cause.stack}`)
    return lines.join('\n')
  }
  const lines = [`Error: unexpected failure: ${errorDetail(error)}`]
  lines.push(debug && error instanceof Error && error.stack ? error.stack : 'Hint: this is a bug in bedrock-xacct; please report it with the output of the same command run with --debug (leave out any ExternalId).')
  return lines.join('\n')
}

/**
 * An XacctError's own code; anything else (a bug) exits 1. 1 also means "a check failed", but a
 * crash must fail a CI step like one, and the message says it is a bug, so no new code is documented.
 */
export function exitCodeOf(error: unknown): number {
  return isXacctError(error) ? error.exitCode : ExitCode.checkFailed
}

/** Run a command action with real deps; never throws, sets process.exitCode from the command's result. */
export async function runCommand(global: GlobalOptions, action: (deps: CommandDeps) => Promise<CommandResult<unknown>>): Promise<void> {
  const deps = realDeps(global)
  const onSigint = () => {
    deps.io.err('Cancelled.')
    process.exit(ExitCode.cancelled)
  }
  process.once('SIGINT', onSigint)
  try {
    process.exitCode = (await action(deps)).exitCode
  } catch (error) {
    if (isXacctError(error) && error.code === 'cancelled') {
      deps.io.err(error.message)
    } else {
      deps.io.err(formatError(error, global.debug))
    }
    process.exitCode = exitCodeOf(error)
  } finally {
    process.off('SIGINT', onSigint)
  }
}

export { XacctError }
