/**
 * `bedrock-xacct verify`: load the setups, build the caller's (and optional target reader's)
 * clients, verify every setup with bounded concurrency, then render one report — live checklist on
 * a terminal's stderr, the report on stdout (human or --json), optionally JUnit — and exit by the
 * rule in src/core/checklist/summary.ts.
 */
import { randomBytes } from 'node:crypto'
import { createEvaluator } from '../../core/evaluate.js'
import type { Setup } from '../../core/setup/model.js'
import type { AwsClients } from '../../core/ports/aws.js'
import { VERIFY_CHECKS } from '../../core/checklist/checks/index.js'
import { addCounts, countOutcomes, EMPTY_COUNTS, exitCodeFor } from '../../core/checklist/summary.js'
import type { CheckOutcome, Clock, ChecklistEvent } from '../../core/checklist/types.js'
import { verifySetup } from '../../core/checklist/verify-setup.js'
import { formatCheckLine, formatReport, formatSetupSummary, painter } from '../../ui/reporters/human.js'
import { renderJson } from '../../ui/reporters/json.js'
import { renderJunit } from '../../ui/reporters/junit.js'
import { createLiveChecklist } from '../../ui/reporters/live.js'
import { redactSecrets } from '../../ui/reporters/redact.js'
import type { SetupReport, VerifyReport } from '../../ui/reporters/report.js'
import { writeFileAtomic } from '../../ui/files.js'
import { rawErr } from '../../ui/io.js'
import type { CommandDeps, CommandResult } from '../deps.js'
import { loadPendingSetups, loadSetups } from '../shared/load-setups.js'
import { mapWithConcurrency } from './pool.js'
import { XacctError } from '../../core/errors.js'
import { webIdentityTokenFor } from './web-identity-token.js'
import type { WebIdentityToken } from '../../core/checklist/web-identity.js'
import { requireProfileAccount } from '../shared/account-credentials.js'
import { validateVerifyOptions, type ValidatedVerifyOptions, type VerifyCommandOptions } from './options.js'

/** What tests inject instead of the wall clock and real sleeps (the AWS factory comes in deps). */
export interface VerifyHooks {
  clock?: Clock
}

function realClock(deps: CommandDeps): Clock {
  return { now: () => deps.now().getTime(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) }
}

/** Clients per region, made once per run (the CloudTrail limiter lives in the adapter, per account-region). */
function clientCache(make: (region: string) => AwsClients): (region: string) => AwsClients {
  const cache = new Map<string, AwsClients>()
  return (region) => {
    let clients = cache.get(region)
    if (!clients) cache.set(region, (clients = make(region)))
    return clients
  }
}

export async function runVerify(options: VerifyCommandOptions, deps: CommandDeps, hooks: VerifyHooks = {}): Promise<CommandResult<VerifyReport>> {
  const validated = await validateVerifyOptions(options, deps.cwd)
  const setups = await loadSetups(options, deps, options.only === undefined ? {} : { only: options.only })
  const { configFile } = await loadPendingSetups(options, deps).catch(() => ({ configFile: undefined }))
  // The consumer's own configuration (issue 19): --profile that assumes the role, --litellm-config.
  const { planConsumerChecks } = await import('./consumer.js')
  const consumer = await planConsumerChecks(options, deps)
  const webIdentity = await webIdentityTokenFor(setups, options.webIdentityTokenFile, deps.env, deps.cwd)
  // With --only, the config's other setups still say which policies on a shared role are theirs (never this setup's to rewrite).
  const everySetup = options.only === undefined ? setups : await loadSetups(options, deps).catch(() => setups)
  const { report, exitCode } = await verifySetups(setups, validated, deps, {
    callerProfile: consumer.callerProfile,
    targetProfile: options.targetProfile,
    configFile,
    clock: hooks.clock,
    extraChecks: consumer.extraChecks,
    webIdentity,
    everySetup
  })
  if (validated.junitFile) await writeFileAtomic(validated.junitFile, renderJunit(report, deps.now()))
  deps.io.out(deps.global.json ? renderJson(report) : formatReport(report, paint(deps)))
  return { exitCode, result: report }
}

function paint(deps: CommandDeps) {
  return painter(deps.io.color)
}

export interface VerifySetupsContext {
  /** Profile of the caller in A (undefined: the default chain). */
  callerProfile: string | undefined
  /** Profile with read access in B, when given. */
  targetProfile: string | undefined
  configFile: string | undefined
  clock?: Clock | undefined
  /** Checks of the consumer's configuration, appended to each setup's (verify --profile / --litellm-config). */
  extraChecks?: ((setup: Setup, caller: AwsClients) => Promise<CheckOutcome[]>) | undefined
  /** The OIDC callers' token, when one was given (used by OIDC setups only). */
  webIdentity?: WebIdentityToken | undefined
  /** Every setup of the run's config, also those --only leaves out (to tell which share a role). */
  everySetup?: readonly Setup[] | undefined
}

/**
 * Verify setups with bounded concurrency, drawing the live checklist when there is one setup and
 * a terminal; returns the redacted report and the exit code (demo reuses this).
 */
export async function verifySetups(
  setups: readonly Setup[],
  validated: Pick<ValidatedVerifyOptions, 'stream' | 'trail' | 'trailTimeoutMs' | 'strict' | 'concurrency' | 'showSecrets'> & { callerIp?: string | undefined },
  deps: CommandDeps,
  context: VerifySetupsContext
): Promise<{ report: VerifyReport; exitCode: number }> {
  const factory = deps.aws
  const clock = context.clock ?? realClock(deps)
  const evaluator = createEvaluator()
  const callerClients = clientCache((region) => factory.fromChain({ profile: context.callerProfile }, region))
  const targetProfile = context.targetProfile
  // Read credentials must belong to the role's account: a same-named role in another account
  // would otherwise be read, and reported, as B's (issue 16).
  if (targetProfile !== undefined && setups.length > 0) {
    await requireProfileAccount(factory, targetProfile, '--target-profile', [...new Set(setups.map((s) => s.targetAccountId))], setups[0]!.region, 'the target account (where the role lives)').catch((error: unknown) => {
      // Only a proven wrong account stops the run; a read that fails is the checks' to report (exit 3, still one report).
      if (error instanceof XacctError && error.code === 'wrongAccount') throw error
    })
  }
  const targetClients = targetProfile ? clientCache((region) => factory.fromChain({ profile: targetProfile }, region)) : undefined
  // Every setup will need these: loading them (and CloudTrail's account key) now overlaps that with
  // the first requests, instead of queueing it behind a hundred setups' work when the first Converse
  // or lookup is due.
  for (const region of new Set(setups.map((s) => s.region))) {
    callerClients(region).prepare?.(['sts', 'iam', 'bedrock'])
    if (validated.trail) targetClients?.(region).prepare?.(['cloudtrail'])
  }
  const colours = paint(deps)
  // The live checklist redraws in place, so it needs stderr without added newlines, and a terminal
  // tall enough to hold it (the cursor cannot move up into lines that scrolled away).
  const stderr = rawErr(deps.io)
  const live = !deps.global.json && setups.length === 1 && deps.io.interactive && (stderr.rows === undefined || stderr.rows > VERIFY_CHECKS.length + 1)
  const began = clock.now()

  const verifyOne = async (setup: Setup): Promise<SetupReport> => {
    const setupBegan = clock.now()
    const drawing = live ? createLiveChecklist(`${setup.name}`, VERIFY_CHECKS, { write: (text) => stderr.write(text), columns: stderr.columns, paint: colours, now: clock.now }) : undefined
    // Without a terminal (CI logs), one plain progress line per finished check on stderr, so a long
    // CloudTrail wait does not look like a hang; the report itself still goes to stdout at the end.
    const plainProgress = !drawing && !deps.global.json && setups.length === 1
    let finished = 0
    const onEvent = drawing
      ? (event: ChecklistEvent) => drawing.onEvent(event)
      : plainProgress
        ? (event: ChecklistEvent) => {
            if (event.type === 'finish') deps.io.err(`[${++finished}/${VERIFY_CHECKS.length}] ${formatCheckLine(redactSecrets(event.outcome, secretsOf([setup], validated.showSecrets, context.webIdentity)), colours)}`)
          }
        : undefined
    try {
      const result = await verifySetup({
        setup,
        ports: { caller: callerClients(setup.region), target: targetClients?.(setup.region), factory, webIdentity: context.webIdentity },
        evaluator,
        clock,
        options: { stream: validated.stream, trail: validated.trail, trailTimeoutMs: validated.trailTimeoutMs, callerIp: validated.callerIp },
        origin: { configFile: context.configFile },
        appEnv: setups.length === 1 ? { roleArn: deps.env.BEDROCK_CROSS_ACCOUNT_ROLE_ARN, region: deps.env.BEDROCK_REGION } : {},
        runId: randomBytes(4).toString('hex'),
        sharingRole: (context.everySetup ?? setups).filter((other) => other.name !== setup.name && other.targetAccountId === setup.targetAccountId && other.roleName === setup.roleName && other.rolePath === setup.rolePath),
        probesAfterTrail: setups.length > 1,
        onEvent
      })
      if (context.extraChecks) result.checks.push(...(await context.extraChecks(setup, callerClients(setup.region))))
      const report: SetupReport = { ...result, counts: countOutcomes(result.checks), durationMs: Math.round(clock.now() - setupBegan) }
      if (setups.length > 1 && !deps.global.json) deps.io.err(formatSetupSummary(redactSecrets(report, secretsOf([setup], validated.showSecrets, context.webIdentity)), colours))
      return report
    } finally {
      drawing?.stop()
    }
  }

  if (setups.length > 1 && !deps.global.json) deps.io.err(`Verifying ${setups.length} setups, ${Math.min(validated.concurrency, setups.length)} at a time…`)
  const reports = await mapWithConcurrency(setups, validated.concurrency, verifyOne)
  const totals = reports.reduce((acc, r) => addCounts(acc, r.counts), EMPTY_COUNTS)
  const exitCode = exitCodeFor(totals, validated.strict)
  const report = redactSecrets<VerifyReport>({ setups: reports, summary: { ...totals, setups: reports.length, exitCode, durationMs: Math.round(clock.now() - began) } }, secretsOf(setups, validated.showSecrets, context.webIdentity))
  return { report, exitCode }
}

/** What the reports redact: the ExternalIds (unless --show-secrets) and always the web identity token, a bearer secret. */
function secretsOf(setups: readonly Setup[], showSecrets: boolean, webIdentity?: WebIdentityToken): string[] {
  const token = webIdentity ? [webIdentity.token] : []
  return showSecrets ? token : [...token, ...setups.flatMap((s) => (s.externalId ? [s.externalId] : []))]
}
