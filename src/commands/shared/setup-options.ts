/**
 * The setup flags shared by init and verify (and any command that resolves setups). Flags and help
 * text only: nothing here loads zod, ipaddr.js or dotenv, so `--help` stays fast.
 */
import { Option } from 'commander'
import type { Command } from 'commander'

/** Repeatable list flags: `--models a,b --models c` collects every value (split later). */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value]
}

/** Add the shared setup flags to a command. The global `--region` and `--config` apply too. */
export function addSetupOptions(command: Command): Command {
  return command
    .option('--source-account <id>', 'source account A (12 digits), where the caller runs')
    .option('--caller <principal>', 'who in A may assume the role: root | role ARN | user ARN | service:NAME.amazonaws.com | oidc:HOST (default: root)')
    .option('--target-account <id>', 'target account B (12 digits), where the role and Bedrock live')
    .option('--role-arn <arn>', 'the access role in B (gives target account, role name and path; env: BEDROCK_CROSS_ACCOUNT_ROLE_ARN)')
    .option('--role-name <name>', 'the access role name (default: from --org-prefix/--use-case, else BedrockAccessRole)')
    .option('--role-path <path>', 'the access role path (default /)')
    .option('--models <ids>', 'models to allow: model ids, inference profile ids (us.…, eu.…, global.…) or application profile ARNs; comma list, repeatable', collect)
    .option('--external-id <value>', 'required sts:ExternalId, or "generate" for a random one (env: BEDROCK_XACCT_EXTERNAL_ID)')
    .option('--max-session-duration <seconds>', 'the role\'s MaxSessionDuration, 900–43200 (default 3600)')
    .option('--session-duration <seconds>', 'DurationSeconds verify requests, ≤ max session duration (default 900)')
    .option('--source-ip <cidr>', 'allowed public source IP CIDR (aws:SourceIp); repeatable', collect)
    .option('--use-case <name>', 'use case, for names like <Org>-<Layer>-<UseCase>-BedrockInvokeRole')
    .option('--org-prefix <name>', 'organisation prefix for the naming convention')
    .option('--layer <name>', 'naming-convention layer, e.g. Prod or Dev')
    .option('--name <name>', 'setup name (default: <target account>-<use case or role name>)')
    .option('--marketplace', 'also allow aws-marketplace:ViewSubscriptions/Subscribe (first use of some third-party models)')
    .addOption(new Option('--streaming', 'allow InvokeModelWithResponseStream (the default)').hideHelp())
    .option('--no-streaming', 'do not allow InvokeModelWithResponseStream / ConverseStream')
    .option('--cloudtrail-lookup', 'also allow cloudtrail:LookupEvents so verify can read B\'s trail through the role')
    .option('--oidc-audience <aud>', 'OIDC caller: allowed aud value(s); repeatable (default for GitHub: sts.amazonaws.com)', collect)
    .option('--oidc-subject <pattern>', 'OIDC caller: allowed sub pattern(s), e.g. repo:my-org/my-repo:*; repeatable', collect)
    .option('--oidc-group <pattern>', 'OIDC caller: the token must carry one of these groups (ForAnyValue:StringLike <host>:groups); one per flag, repeatable; only if AWS exposes the provider\'s groups claim, else no token matches', collect)
    .addOption(new Option('--duration-condition [seconds]', 'refused: sts:DurationSeconds in a trust policy never matches').hideHelp())
}
