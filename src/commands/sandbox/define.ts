/**
 * `bedrock-xacct sandbox`: flags and help only (the command loads lazily; see index.ts).
 */
import type { Command } from 'commander'
import { lazyAction } from '../action.js'
import type { SandboxOptions } from './index.js'

export function defineSandbox(program: Command): Command {
  return program
    .command('sandbox')
    .description('Run the local two-account AWS stand-in (STS, IAM, Bedrock Runtime, CloudTrail on 127.0.0.1) until Ctrl-C; prints the export lines to use it')
    .option('--world <file>', 'world JSON (accounts, users, roles, models; see schema/sandbox-world.schema.json); default: the built-in two-account world')
    .option('--port <n>', 'port to listen on (default: a free one)')
    .addHelpText(
      'after',
      `
Examples:
  $ eval "$(bedrock-xacct sandbox)" &        # or run it in another terminal and paste the export lines
  $ bedrock-xacct sandbox --port 4566 --world my-world.json

The export lines point the AWS SDK and CLI at the sandbox (AWS_ENDPOINT_URL) and at a credentials
file with the profiles sandbox-a-caller (account A 111111111111, no policies), sandbox-a-admin and
sandbox-b-admin (account B 222222222222, AdministratorAccess). Secret keys are only in that file
(mode 0600), never printed. Unsigned admin endpoints: /_sandbox/health, /_sandbox/calls,
/_sandbox/faults, /_sandbox/cloudtrail-delay. Ctrl-C stops it (exit 130, files removed).`
    )
    .action(lazyAction<SandboxOptions>(() => import('./index.js').then((m) => m.runSandbox)))
}
