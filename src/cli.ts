/**
 * The commander program, nothing else: global options, one `define*` per command (flags and help
 * only), each action importing its command lazily. No AWS SDK here (start-up time is a feature).
 */
import { Command, CommanderError, Option } from 'commander'
import { ExitCode } from './core/errors.js'
import { VERSION } from './version.js'
import { defineExplain } from './commands/explain/define.js'
import { defineInit } from './commands/init/define.js'
import { defineLint } from './commands/lint/define.js'
import { defineVerify } from './commands/verify/define.js'
import { defineTrail } from './commands/trail/define.js'
import { definePermissions } from './commands/permissions/define.js'
import { defineDemo } from './commands/demo/define.js'
import { defineSandbox } from './commands/sandbox/define.js'
import type { SetupFlagTable } from './commands/shared/setup-options.js'

/** The commands that take the setup field table's flags (commands/shared/setup-options.ts). */
const SETUP_FLAG_COMMANDS: readonly string[] = ['init', 'verify']

/**
 * Stand-in for the setup flags when argv names neither init nor verify: their flags are then
 * neither parsed nor shown, and the field table with the validators it imports stays unloaded.
 */
const WITHOUT_SETUP_FLAGS: SetupFlagTable = { addSetupOptions: (command) => command, setupEnvNames: () => [] }

/**
 * The setup flags for this argv: the real table when any word of it is `init` or `verify` (the
 * command, `help init`, or a value that happens to be spelled so: loading it then only costs
 * time), else the stand-in. Start-up time is a feature: test/e2e/startup.test.ts pins what
 * `--help` loads.
 */
export async function setupFlagsFor(argv: readonly string[]): Promise<SetupFlagTable> {
  if (!argv.some((word) => SETUP_FLAG_COMMANDS.includes(word))) return WITHOUT_SETUP_FLAGS
  return import('./commands/shared/setup-options.js')
}

/** The program; `setupFlags` from setupFlagsFor, or the real table (tests that parse any command). */
export function buildProgram(setupFlags: SetupFlagTable): Command {
  const program = new Command('bedrock-xacct')
  program
    .description('Set up and test cross-account access to Amazon Bedrock: a role in account B that account A may assume.')
    .version(VERSION, '-v, --version')
    .option('--profile <name>', 'AWS profile for the caller (source account A); default: the SDK credential chain')
    .option('--region <region>', 'Bedrock region (default: $BEDROCK_REGION, then $AWS_REGION)')
    .option('--config <file>', 'config file with one setup or many (default: ./bedrock-xacct.json when present)')
    .option('--dotenv <file>', 'read environment variables (BEDROCK_CROSS_ACCOUNT_ROLE_ARN, BEDROCK_REGION, …) from a .env file (also: $BEDROCK_XACCT_DOTENV)')
    // Node 20 reads `--env-file` anywhere in argv itself (nodejs/node#54232): it exits 9 on a missing
    // file and loads an existing one into process.env before the CLI starts. Kept for other Node versions.
    .option('--env-file <file>', 'same as --dotenv; on Node 20 use --dotenv (Node itself intercepts --env-file)')
    .option('--json', 'print one JSON document on stdout, no colour; progress goes to stderr')
    .option('--no-color', 'no colour (also: NO_COLOR=1)')
    .option('--debug', 'trace every AWS call (with its request id) on stderr; stack traces and request ids on errors')
    .addOption(new Option('-y, --yes', 'never ask; a missing answer is an error (implied without a TTY)'))
    .showSuggestionAfterError()
    .addHelpText(
      'after',
      `
Typical use:
  $ npx bedrock-xacct init                     # wizard: build the trust, permissions and source policies
  $ bedrock-xacct verify --config bedrock-xacct.json --junit report.xml   # the checklist, in CI
  $ bedrock-xacct explain "User: arn:aws:sts::… is not authorized to perform: sts:AssumeRole …"
  $ bedrock-xacct demo                         # the whole flow against the built-in sandbox, no AWS needed

Exit codes: 0 ok · 1 a check failed · 2 bad usage or input · 3 no credentials / AWS unreachable · 130 cancelled`
    )
  // Before the subcommands: commander copies output and exit settings into each one when created.
  program.configureOutput({ outputError: (text, write) => write(usageError(text)) })
  program.exitOverride()
  defineInit(program, setupFlags)
  defineExplain(program)
  defineLint(program)
  defineVerify(program, setupFlags)
  defineTrail(program)
  definePermissions(program)
  defineDemo(program)
  defineSandbox(program)
  return program
}

/**
 * Commander's usage errors in the house format (STYLE: one `Error:` line, at most one `Hint:`):
 * `error: unknown option '--bogus'\n(Did you mean --force?)` → `Error: unknown option '--bogus'.`
 * and `Hint: did you mean --force? Run with --help for usage.`
 */
function usageError(text: string): string {
  const [first = '', ...rest] = text.trim().split('\n')
  const message = first.replace(/^error:\s*/i, '')
  const suggestion = /\(Did you mean (.+?)\?\)/.exec(rest.join(' '))?.[1]
  const hint = suggestion ? `did you mean ${suggestion}? Run with --help for usage.` : 'run with --help for usage.'
  const sentence = /[.!?]$/.test(message) ? message : `${message}.`
  return `Error: ${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}\nHint: ${hint}\n`
}

/** Run the CLI; commander's own usage errors become exit 2, help and version exit 0. */
export async function main(argv: string[]): Promise<void> {
  // `bedrock-xacct --help | head` closes stdout early; like other Unix tools, stop quietly then
  // instead of crashing on the unhandled EPIPE.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error
    process.exit(process.exitCode ?? ExitCode.ok)
  })
  const program = buildProgram(await setupFlagsFor(argv.slice(2)))
  try {
    await program.parseAsync(argv)
  } catch (error) {
    if (error instanceof CommanderError) {
      const benign = ['commander.helpDisplayed', 'commander.version', 'commander.help']
      process.exitCode = benign.includes(error.code) ? ExitCode.ok : ExitCode.usage
      return
    }
    throw error
  }
}

await main(process.argv)
