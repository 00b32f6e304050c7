/** `bedrock-xacct lint <policy.json...>`: flags and help only. */
import { Option } from 'commander'
import type { Command } from 'commander'
import { lazyAction } from '../action.js'
import type { LintOptions } from './index.js'

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value]
}

export function defineLint(program: Command): Command {
  return program
    .command('lint')
    .description('Check IAM policy files for patterns that break cross-account Bedrock access, each finding with the statement and a fix')
    .argument('<policy.json...>', 'policy files (trust, permissions or identity policies)')
    .addOption(new Option('--kind <kind>', 'policy kind (default: guessed from the document)').choices(['trust', 'permissions', 'identity']))
    .addOption(new Option('--format <format>', 'output: human text, json (as --json) or sarif (SARIF 2.1.0 for code scanning)').choices(['human', 'json', 'sarif']))
    .option('--suppressions <file>', 'JSON file of accepted findings: {"version": 1, "suppressions": [{"rule", "file", "sid"?, "statement"?, "justification"}]}; a justification is required')
    .option('--models <ids>', 'the models the policy is meant for (flags a foundation-model-only policy used with an inference profile); comma list, repeatable', collect)
    .addHelpText(
      'after',
      `
Examples:
  $ bedrock-xacct lint trust-policy.json
  $ bedrock-xacct lint permissions-policy.json --kind permissions --models us.anthropic.claude-3-7-sonnet-20250219-v1:0
  $ bedrock-xacct lint --json out/*.json
  $ bedrock-xacct lint --format sarif --suppressions lint-suppressions.json policies/*.json > lint.sarif

Exit codes (the same in every format): 0 no errors (warnings and suppressed findings allowed) · 1 at least one error finding not suppressed · 2 a file is not JSON or not a policy, or a suppression has no justification`
    )
    .action(lazyAction<LintOptions & { args?: unknown[] }>(() => import('./index.js').then((m) => (options: LintOptions & { args?: unknown[] }, deps) => m.runLint({ ...options, files: (options.args?.[0] as string[] | undefined) ?? [] }, deps))))
}
