/**
 * `bedrock-xacct trail`: flags and help only (the command loads lazily; see index.ts).
 */
import { Option } from 'commander'
import type { Command } from 'commander'
import { lazyAction } from '../action.js'
import type { TrailCommandOptions } from './options.js'

export function defineTrail(program: Command): Command {
  return program
    .command('trail')
    .description("Search CloudTrail for the role's AssumeRole calls and its Bedrock calls (InvokeModel, Converse, …) in a time window")
    .option('--role-arn <arn>', 'the access role (env: BEDROCK_CROSS_ACCOUNT_ROLE_ARN; or from the config file)')
    .option('--external-id <value>', 'ExternalId for reading B through the role when there is no --target-profile (env: BEDROCK_XACCT_EXTERNAL_ID)')
    .option('--only <name>', 'with a config of many setups: only this setup')
    .option('--since <duration>', 'how far back to search: 90s, 15m, 1h, 2d (CloudTrail keeps 90 days)', '1h')
    .option('--errors', 'only AccessDenied / ValidationError events')
    .option('--follow', 'keep polling for new events until Ctrl-C (with --json: one JSON object per line)')
    .addOption(new Option('--account <which>', "whose trail: target (B, the role's), source (A, the caller's), or both").choices(['target', 'source', 'both']).default('target'))
    .option('--target-profile <name>', 'AWS profile with cloudtrail:LookupEvents in the target account B (default: through the role, when its policy allows)')
    .option('--max-pages <n>', 'pages of 50 events per query before stopping (default 10)')
    .addHelpText(
      'after',
      `
CloudTrail delivers events about 5 minutes after the call (not guaranteed); an empty result for the
last minutes is normal. AssumeRole is searched in the client's region and in us-east-1 (the global
STS endpoint logs there); Bedrock calls in the client's region.

Examples:
  $ bedrock-xacct trail --role-arn arn:aws:iam::222222222222:role/BedrockAccessRole --region us-east-1 --target-profile b-readonly
  $ bedrock-xacct trail --config bedrock-xacct.json --only prod-chat --since 24h --errors --json
  $ bedrock-xacct trail --since 15m --follow`
    )
    .action(lazyAction<TrailCommandOptions>(() => import('./index.js').then((m) => m.runTrail)))
}
