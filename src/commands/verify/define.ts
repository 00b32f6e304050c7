/**
 * `bedrock-xacct verify`: flags and help only (the command loads lazily; see index.ts).
 */
import type { Command } from 'commander'
import { lazyAction } from '../action.js'
import type { SetupFlagTable } from '../shared/setup-options.js'
import { DEFAULT_CONCURRENCY } from './defaults.js'
import type { VerifyCommandOptions } from './options.js'

/** `setupFlags`: the setup field table's flags (src/cli.ts says when they are a stand-in). */
export function defineVerify(program: Command, { addSetupOptions }: SetupFlagTable): Command {
  const verify = program.command('verify').description("Run the guide's test checklist against the real accounts: role, trust, permissions, AssumeRole, ExternalId, Converse, CloudTrail — with evidence")
  addSetupOptions(verify)
    .option('--target-profile <name>', 'AWS profile with read access in the target account B (GetRole, policies, cloudtrail:LookupEvents); default: read through the role when it may')
    .option('--stream', 'also check ConverseStream')
    .option('--no-trail', 'skip the CloudTrail checks')
    .option('--trail-timeout <duration>', 'how long to wait for CloudTrail to show this run (90s, 15m, 1h); then "pending"', '15m')
    .option('--strict', 'exit 1 on warnings, skipped checks and pending CloudTrail events too: only a full pass is green')
    .option('--junit <file>', 'also write a JUnit XML report (one testcase per check)')
    .option('--only <name>', 'with a config of many setups: only this setup')
    .option('--concurrency <n>', `setups verified at once, 1–100 (default ${DEFAULT_CONCURRENCY}); setups at once share CloudTrail lookups`)
    .option('--show-secrets', 'print the ExternalId instead of <redacted>')
    .option('--litellm-config <file>', "also check a LiteLLM proxy config's model entry (aws_role_name, aws_external_id, aws_region_name, model) and assume the role with it")
    .option('--litellm-model <name>', 'with --litellm-config: the model_name of the entry to check')
    .option('--web-identity-token-file <path>', 'OIDC callers: assume the role with this token (AssumeRoleWithWebIdentity); default: AWS_WEB_IDENTITY_TOKEN_FILE with AWS_ROLE_ARN, as the SDK reads them')
    .option('--caller-ip <address>', 'the caller\'s public IP, to prove an aws:SourceIp allow-list offline (else taken as unknown: "not provable offline")')
    .addHelpText(
      'after',
      `
Checks (ids are stable): role-exists, trust-includes-source, role-allows-bedrock, source-can-assume,
config-role-arn, config-region, assume-role, external-id-enforced, session-duration, converse,
cloudtrail-assume-role, cloudtrail-invoke.

Statuses: ✔ pass · ✖ fail · ! warn · – skip (with the reason) · … pending (CloudTrail not delivered yet).
Only ✔ is a pass: a skipped or pending check proves nothing.
Exit: 0 no check failed and the role was shown to exist (warnings, skips and pending allowed unless --strict)
      · 1 a check failed, or no check showed the role exists (role-exists and assume-role both unproven),
        or with --strict any warning, skip or pending · 2 bad input (incl. a --target-profile of another account)
      · 3 no check failed but one could not run (no credentials, AWS unreachable, throttled, 5xx).

Examples:
  $ bedrock-xacct verify --role-arn arn:aws:iam::222222222222:role/BedrockAccessRole --source-account 111111111111 \\
      --region us-east-1 --models amazon.nova-lite-v1:0 --external-id "$EXTERNAL_ID" --target-profile target-readonly
  $ bedrock-xacct verify --config bedrock-xacct.json --junit report.xml --trail-timeout 90s
  $ bedrock-xacct verify --config bedrock-xacct.json --only prod-chat --json
  $ bedrock-xacct verify --config bedrock-xacct.json --only ci-oidc --web-identity-token-file "$AWS_WEB_IDENTITY_TOKEN_FILE" --target-profile target-readonly

The consumer's own configuration (files from init --out, consumer/):
  $ bedrock-xacct verify --config bedrock-xacct.json --profile bedrock-prod-chat   # a profile with role_arn: checked
      field by field and through the SDK's own chain; the checklist runs as its source_profile
  $ bedrock-xacct verify --config bedrock-xacct.json --litellm-config litellm-config.yaml --litellm-model MODEL --env-file proxy.env`
    )
    .action(lazyAction<VerifyCommandOptions>(() => import('./index.js').then((m) => m.runVerify)))
  return verify
}
