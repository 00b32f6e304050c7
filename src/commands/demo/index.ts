/**
 * `bedrock-xacct demo`: the whole product against the built-in sandbox, in one process.
 *   1. start the sandbox (two accounts on loopback; CloudTrail delivers after a short delay);
 *   2. `init --apply` as B's admin (and A's admin for the caller's source policy);
 *   3. `verify` as A's caller: every check must pass, CloudTrail included;
 *   4. a broken variant (the caller configured with a wrong ExternalId) must fail, with its hint.
 * Exit 0 when all of that behaved as expected, 1 otherwise.
 */
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ACCOUNT_A, ACCOUNT_B } from '../../sandbox/worlds/default-world.js'
import { buildDocuments } from '../../core/policies/index.js'
import { invalidInput } from '../../core/errors.js'
import type { Setup } from '../../core/setup/model.js'
import { formatReport, painter } from '../../ui/reporters/human.js'
import type { VerifyReport } from '../../ui/reporters/report.js'
import type { CommandDeps, CommandResult } from '../deps.js'
import { verifySetups } from '../verify/index.js'
import { DEFAULT_PROFILE, sandboxFactory } from './sandbox-factory.js'

export interface DemoOptions {
  trailDelay?: string
}

/** Sandbox profile names the demo hands to apply and verify. */
const PROFILES = { targetAdmin: 'sandbox-b-admin', sourceAdmin: 'sandbox-a-admin' } as const
/** Long enough to see CloudTrail's delay at work, short enough for a demo. */
const DEFAULT_TRAIL_DELAY_SECONDS = 2
/** verify's --trail-timeout in the demo: far above the simulated delay. */
const DEMO_TRAIL_TIMEOUT_MS = 30_000

export function demoSetup(externalId: string): Setup {
  return {
    name: 'demo',
    partition: 'aws',
    sourceAccountId: ACCOUNT_A,
    callers: [{ kind: 'user', arn: `arn:aws:iam::${ACCOUNT_A}:user/app-caller` }],
    targetAccountId: ACCOUNT_B,
    roleName: 'BedrockDemoAccessRole',
    rolePath: '/',
    permissionsPolicyName: 'BedrockDemoInvoke',
    sourcePolicyName: 'AssumeBedrockDemoAccessRole',
    region: 'us-east-1',
    models: ['us.anthropic.claude-3-5-haiku-20241022-v1:0'],
    externalId,
    maxSessionDurationSeconds: 3600,
    sessionDurationSeconds: 900,
    // app-caller's requests appear from 203.0.113.10 in the sandbox's default world.
    sourceIpCidrs: ['203.0.113.0/24'],
    marketplace: false,
    streaming: true,
    cloudTrailLookup: true
  }
}

function parseDelay(value: string | undefined): number {
  if (value === undefined) return DEFAULT_TRAIL_DELAY_SECONDS * 1000
  const seconds = Number(value)
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 20) throw invalidInput('--trail-delay', value, 'seconds from 0 to 20')
  return Math.round(seconds * 1000)
}

function failing(report: VerifyReport): string[] {
  return report.setups.flatMap((s) => s.checks.filter((c) => c.status === 'fail').map((c) => c.id))
}

/** What the demo showed: the document `--json` prints. */
export interface DemoResult {
  ok: boolean
  endpoint: string
  correct: VerifyReport
  broken: VerifyReport
}

export async function runDemo(options: DemoOptions, deps: CommandDeps): Promise<CommandResult<DemoResult | undefined>> {
  const trailDelayMs = parseDelay(options.trailDelay)
  const paint = painter(deps.io.color)
  const say = (text: string) => (deps.global.json ? deps.io.err(text) : deps.io.out(text))
  const [{ startSandbox }, { cliAwsFactory }, { applySetup }] = await Promise.all([import('../../sandbox/index.js'), import('../aws-factory.js'), import('../init/apply/index.js')])
  const sandbox = await startSandbox({ cloudTrailDelayMs: trailDelayMs })
  // apply writes its backups under the working directory: keep the demo's out of the user's.
  const scratch = await mkdtemp(join(tmpdir(), 'bedrock-xacct-demo-'))
  try {
    const p = sandbox.principals
    // The demo's steps get a factory pointed at its own sandbox (with --debug's trace, like any run's).
    const aws = sandboxFactory(cliAwsFactory(deps.global, deps.io, { endpointUrl: sandbox.endpoint }), {
      [DEFAULT_PROFILE]: { ...p.sourceCaller, accountId: ACCOUNT_A },
      [PROFILES.sourceAdmin]: { ...p.sourceAdmin, accountId: ACCOUNT_A },
      [PROFILES.targetAdmin]: { ...p.targetAdmin, accountId: ACCOUNT_B }
    })
    const setup = demoSetup(`demo-${randomUUID()}`)
    say(paint.bold('bedrock-xacct demo — the whole flow against the built-in sandbox (no AWS account needed)'))
    say(`Sandbox on ${sandbox.endpoint}: account A ${ACCOUNT_A} (caller app-caller), account B ${ACCOUNT_B} (role and Bedrock); CloudTrail delivers after ${trailDelayMs / 1000} s.`)

    say(paint.bold(`\n1/3  init --apply as B's admin (and A's admin for the caller's policy)`))
    const quietDeps: CommandDeps = { ...deps, aws, cwd: scratch, io: { ...deps.io, out: deps.io.err, interactive: false }, global: { ...deps.global, json: false, yes: true, profile: undefined } }
    const applied = await applySetup(setup, buildDocuments(setup), { dryRun: false, yes: true, targetProfile: PROFILES.targetAdmin, sourceProfile: PROFILES.sourceAdmin, managedPolicy: false, showSecrets: false }, quietDeps)
    if (applied !== 0) {
      say(paint.red(`init --apply exited ${applied}; the demo cannot continue.`))
      return { exitCode: 1, result: undefined }
    }

    say(paint.bold(`\n2/3  verify as A's caller (every check should pass; CloudTrail shows up after ${trailDelayMs / 1000} s)`))
    const verifyDeps: CommandDeps = { ...deps, aws, global: { ...deps.global, json: false, profile: undefined } }
    const common = { stream: true, strict: false, concurrency: 1, showSecrets: false }
    const good = await verifySetups([setup], { ...common, trail: true, trailTimeoutMs: DEMO_TRAIL_TIMEOUT_MS }, verifyDeps, {
      callerProfile: undefined,
      targetProfile: PROFILES.targetAdmin,
      configFile: undefined
    })
    say(formatReport(good.report, paint))
    const allPassed = good.report.setups.every((s) => s.checks.every((c) => c.status === 'pass'))

    say(paint.bold('\n3/3  a broken variant: the caller configured with a wrong ExternalId'))
    const broken = await verifySetups([{ ...setup, name: 'demo-wrong-external-id', externalId: `wrong-${randomUUID()}` }], { ...common, trail: false, trailTimeoutMs: 0 }, verifyDeps, {
      callerProfile: undefined,
      targetProfile: PROFILES.targetAdmin,
      configFile: undefined
    })
    say(formatReport(broken.report, paint))
    const brokenFailed = broken.exitCode === 1 && failing(broken.report).includes('assume-role')

    const ok = good.exitCode === 0 && allPassed && brokenFailed
    say(ok ? paint.green('\n✔ Demo behaved as expected: the correct setup passed every check, the broken one failed with its hint.') : paint.red('\n✖ Demo did not behave as expected (see above).'))
    say('On your own accounts: bedrock-xacct init (wizard) → bedrock-xacct init --apply … → bedrock-xacct verify … --target-profile <B read-only>')
    const result: DemoResult = { ok, endpoint: sandbox.endpoint, correct: good.report, broken: broken.report }
    if (deps.global.json) {
      deps.io.out(JSON.stringify(result, null, 2))
    }
    return { exitCode: ok ? 0 : 1, result }
  } finally {
    await sandbox.stop()
    await rm(scratch, { recursive: true, force: true })
  }
}
