/** `bedrock-xacct permissions [command]`: flags and help only (the command loads lazily; see index.ts). */
import type { Command } from 'commander'
import { lazyAction } from '../action.js'
import type { PermissionsOptions } from './index.js'

export function definePermissions(program: Command): Command {
  return program
    .command('permissions')
    .description('Print the least IAM policy each command needs, and the account it goes in (for CI roles and readers)')
    .argument('[command]', 'only this command: verify, init, explain or trail')
    .option('--option <flag>', 'only the row of this option, e.g. --target-profile, --apply, --fetch, --from-trail, or "" for the command alone')
    .option('--role-arn <arn>', 'fill in the access role (and its accounts) instead of placeholders')
    .option('--caller <arn>', "fill in the caller's name and account instead of placeholders")
    .option('--model <id>', 'fill in the model id instead of a placeholder')
    .addHelpText(
      'after',
      `
Each row is proved in the sandbox: the command succeeds with exactly that policy, and fails at a
named check or step without any one of its actions (test/unit/permissions.test.ts).

Examples:
  $ bedrock-xacct permissions
  $ bedrock-xacct permissions verify --option --target-profile --role-arn arn:aws:iam::222222222222:role/BedrockAccessRole
  $ bedrock-xacct permissions init --json`
    )
    .action(
      lazyAction<PermissionsOptions & { args?: unknown[] }>(() =>
        import('./index.js').then((m) => (options: PermissionsOptions & { args?: unknown[] }, deps) => m.runPermissions({ ...options, command: options.args?.[0] as string | undefined }, deps))
      )
    )
}
