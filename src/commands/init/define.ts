/**
 * `bedrock-xacct init`: flags and help only (the command loads lazily; see index.ts).
 */
import { Option } from 'commander'
import type { Command } from 'commander'
import { lazyAction } from '../action.js'
import type { SetupFlagTable } from '../shared/setup-options.js'
import type { InitOptions } from './options.js'

/** `setupFlags`: the setup field table's flags (src/cli.ts says when they are a stand-in). */
export function defineInit(program: Command, { addSetupOptions, setupEnvNames }: SetupFlagTable): Command {
  const init = program.command('init').description('Generate the trust, permissions and source policies (plus Terraform, CloudFormation and next steps) for a cross-account Bedrock role; offline unless --apply')
  addSetupOptions(init)
    .option('--template <name>', 'start from a scenario of the guides (templates/): it fills what it can and asks for, or requires flags for, the rest; "list" lists them')
    .option(
      '--out <dir>',
      "write trust-policy.json, permissions-policy.json, source-policy.json, main.tf, cloudformation.yaml, NEXT-STEPS.md, bedrock-xacct.json and the consumer's hand-off files (consumer/) to this folder (one sub-folder per setup when the config has several)"
    )
    .option('--force', 'overwrite existing files in --out')
    .option('--check <policy.json>', 'lint an existing policy file instead (same as: bedrock-xacct lint FILE)')
    .addOption(new Option('--kind <kind>', 'with --check: the policy kind').choices(['trust', 'permissions', 'identity']))
    .option('--only <name>', 'with a config of many setups: only this setup')
    .option('--apply', 'create or update the role and policies in the accounts (asks before each change; see --dry-run)')
    .option('--dry-run', 'with --apply: show the plan, change nothing')
    .option('--target-profile <name>', 'with --apply: AWS profile for the target account B')
    .option('--source-profile <name>', 'with --apply: AWS profile for the source account A')
    .option('--managed-policy', 'attach the permissions as a customer managed policy instead of inline (with --apply, and in the --out files)')
    .option('--restore <file>', 'restore the role and policies from a backup written by --apply')
    .option('--destroy', "delete what --apply created for the setup: the role, its policies, and the role from the caller's policy in A (plan, backup and confirmation as --apply; refuses a role holding what it did not write)")
    .option('--show-secrets', 'print the ExternalId in full (generated documents, --json, and the plan with --apply); without it the output shows it redacted')
    .option('--allow-weaker-trust', "with --apply: rewrite the role's trust statement even when it would lose its sts:ExternalId or aws:SourceIp condition, or a principal (refused otherwise)")
    .addHelpText(
      'after',
      `
Examples:
  # wizard (on a terminal): asks what is missing, shows a summary, then prints or writes the files
  $ bedrock-xacct init --out ./bedrock-access

  # everything from flags (CI, no questions)
  $ bedrock-xacct init --source-account 111111111111 --target-account 222222222222 --region us-east-1 \\
      --models us.anthropic.claude-3-7-sonnet-20250219-v1:0 --external-id generate --out ./bedrock-access

  # a role ARN from the environment the Bedrock proxies already use
  $ BEDROCK_CROSS_ACCOUNT_ROLE_ARN=arn:aws:iam::222222222222:role/BedrockAccessRole BEDROCK_REGION=eu-west-1 \\
      bedrock-xacct init --source-account 111111111111 --models eu.amazon.nova-lite-v1:0 --json

  # GitHub Actions (OIDC) as the caller
  $ bedrock-xacct init --caller oidc:token.actions.githubusercontent.com --oidc-subject 'repo:my-org/my-repo:ref:refs/heads/main' \\
      --source-account 111111111111 --target-account 222222222222 --region us-east-1 --models amazon.nova-lite-v1:0

  # every setup of a config file (dozens of accounts × use cases), one folder each
  $ bedrock-xacct init --config bedrock-xacct.json --out ./generated

  # remove what --apply created (plan first; --dry-run to stop there)
  $ bedrock-xacct init --config bedrock-xacct.json --destroy --target-profile b-admin --source-profile a-admin
  # start from a scenario of the guides (list them with --template list)
  $ bedrock-xacct init --template proxy-task-role --caller arn:aws:iam::111111111111:role/litellm-task \\
      --source-account 111111111111 --target-account 222222222222 --region us-east-1 --models amazon.nova-lite-v1:0 --out ./bedrock-access

  # lint an existing trust policy
  $ bedrock-xacct init --check trust-policy.json --kind trust

Global options also apply: --region, --config, --env-file, --json, --yes (see bedrock-xacct --help).
Precedence: flags > environment (${setupEnvNames().join(', ')}) > config file > wizard > defaults.
The ExternalId is written in full only to the --out files (mode 0600, they are the configuration);
terminal output and --json show it redacted unless --show-secrets.
Session length is limited by --max-session-duration (the role's MaxSessionDuration); sts:DurationSeconds in a trust policy never matches and is refused.`
    )
    .action(lazyAction<InitOptions>(() => import('./index.js').then((m) => m.runInit)))
  return init
}
