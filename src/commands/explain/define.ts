/** `bedrock-xacct explain [message...]`: flags and help only (the command loads lazily; see index.ts). */
import { Option } from 'commander'
import type { Command } from 'commander'
import { lazyAction } from '../action.js'
import type { ExplainOptions } from './options.js'

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value]
}

export function defineExplain(program: Command): Command {
  return program
    .command('explain')
    .description('Explain an AWS AccessDenied (or look-alike) error: which layer denied, the failing statement and condition, and the smallest fix')
    .argument('[message...]', 'the error text (quote it); read from stdin when piped; asked for on a terminal')
    .addOption(new Option('--side <side>', 'which account you are working from').choices(['source', 'target']))
    .option('--external-id <value>', 'the ExternalId the caller passes at AssumeRole')
    .option('--no-external-id', 'the caller passes no ExternalId')
    .option('--source-ip <ip>', "the caller's public IP as AWS sees it (CloudTrail sourceIPAddress)")
    .option('--via-vpc-endpoint', 'the call goes through a VPC endpoint (aws:SourceIp is then absent)')
    .option('--no-via-vpc-endpoint', 'the call goes over the internet')
    .option('--chained', 'the caller already runs on assumed-role credentials (role chaining)')
    .option('--no-chained', 'the caller uses long-term or first-hop credentials')
    .option('--inference-profile <id>', 'the inference profile the caller uses (us.…, eu.…, global.…, or an application profile ARN)')
    .option('--role-arn <arn>', 'the role the caller assumes, when the message does not say (or redacts it)')
    .option('--source-account <id>', "the caller's account, when the message redacts it")
    .option('--trust <file>', "the role's trust policy (JSON; `aws iam get-role` output works too)")
    .option('--identity <file>', "the caller's identity policy (repeatable)", collect)
    .option('--permissions <file>', "the role's permissions policy (repeatable)", collect)
    .option('--scp <file>', 'a service control policy (repeatable)', collect)
    .option('--boundary <file>', 'the permissions boundary of the denied principal')
    .option('--session-policy <file>', 'the session policy passed at AssumeRole')
    .option('--fetch', 'read the policies with the available credentials (GetRole, role and caller policies)')
    .option('--target-profile <name>', 'with --fetch or --from-trail: AWS profile for the target account B (default: --profile)')
    .option('--from-trail', 'explain the denied AssumeRole and Bedrock calls found in CloudTrail (source and target accounts) instead of a message')
    .option('--show-secrets', 'print ExternalIds in full (default: redacted)')
    .option('--since <duration>', 'with --from-trail: how far back to search, e.g. 30m, 1h, 2d (default 1h)')
    .addHelpText(
      'after',
      `
Examples:
  $ bedrock-xacct explain "An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:sts::111111111111:assumed-role/gateway/i-0abc is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/BedrockAccessRole"
  $ pbpaste | bedrock-xacct explain --external-id "$EXTERNAL_ID" --trust trust.json --identity caller.json
  $ bedrock-xacct explain --fetch --target-profile b-readonly --json "$(cat error.txt)"
  $ bedrock-xacct explain --from-trail --since 2h --fetch --target-profile b-readonly

Exit codes: 0 a cause was identified · 1 no certain or likely cause · 2 bad input (flag or policy file)`
    )
    .action(lazyAction<ExplainOptions>(() => import('./index.js').then((m) => m.runExplain)))
}
