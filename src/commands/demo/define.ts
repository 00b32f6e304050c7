/**
 * `bedrock-xacct demo`: flags and help only (the command loads lazily; see index.ts).
 */
import type { Command } from 'commander'
import { lazyAction } from '../action.js'
import type { DemoOptions } from './index.js'

export function defineDemo(program: Command): Command {
  return program
    .command('demo')
    .description("The whole flow against the built-in sandbox, no AWS account needed: init --apply as B's admin, verify as A's caller, then a broken variant failing with its hint")
    .option('--trail-delay <seconds>', 'simulated CloudTrail delivery delay in the sandbox (default 2)')
    .addHelpText(
      'after',
      `
The sandbox is two AWS accounts on loopback (A = 111111111111, the caller's; B = 222222222222, the
role's and Bedrock's) speaking AWS's own protocols; nothing leaves this machine. Exit 0 when the
correct setup passed every check and the broken one failed where it should.`
    )
    .action(lazyAction<DemoOptions>(() => import('./index.js').then((m) => m.runDemo)))
}
