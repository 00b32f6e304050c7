/**
 * `init --apply` and `init --restore <file>` (issue 4): the entry points the init command calls
 * (through a dynamic import of this file, so the AWS SDK loads only when applying).
 *
 * Order: identify every credential set (refuse the wrong account, exit 2) → read what AWS holds →
 * plan (pure) → show → dry run stops here → confirm (--yes without a TTY) → back up → write →
 * wait for propagation. Exit codes: 0 applied / no changes / dry run; 2 wrong account or bad
 * input; 3 a denied or failed AWS call (environment/permissions: the report says what was done
 * and a rerun completes the rest); 130 declined or Ctrl-C.
 */
import { backupSubjectOfBackup, backupSubjectOfSetup, buildBackup } from '../../../core/apply/backup.js'
import { managedPolicyArn, planApply } from '../../../core/apply/plan.js'
import { planRestore } from '../../../core/apply/restore-plan.js'
import { lintErrorsOfWrites, restoreRefusal, withLintNotes } from '../../../core/apply/restore-lint.js'
import { withPermissionFindings } from '../../../core/apply/permissions-widening.js'
import { createEvaluator } from '../../../core/evaluate.js'
import { externalIdsOf, weakerTrustError } from '../../../core/apply/trust-safety.js'
import type { ApplyDesired } from '../../../core/apply/desired-observed.js'
import { parsePrincipalArn } from '../../../core/arn.js'
import type { SetupDocuments } from '../../../core/policies/index.js'
import type { Setup } from '../../../core/setup/model.js'
import type { CommandDeps } from '../../deps.js'
import { adoptLegacyNames, callerPrincipalOf } from './legacy-names.js'
import { readBackup } from './backup.js'
import { callerCredentials, sourceCredentials, targetCredentials, type ResolvedCredentials } from './credentials.js'
import { observe } from './observe.js'
import { readRoleContents } from '../destroy/role-contents.js'
import { trustFindingsOf } from './trust-gate.js'
import { keptByHand } from '../../../core/apply/still-wanted.js'
import { runPlan, type InterruptHook, type RunPlanInput } from './run.js'
import type { XacctError } from '../../../core/errors.js'
import { rawErr } from '../../../ui/io.js'
import { PROPAGATION_SESSION_NAME, lineProgress, spinnerProgress, waitForAssumeRole, type PropagationResult } from './wait.js'

export interface ApplyOptions {
  dryRun: boolean
  yes: boolean
  targetProfile?: string
  sourceProfile?: string
  managedPolicy: boolean
  showSecrets: boolean
  /** Apply even when the trust statement would lose its ExternalId/SourceIp condition or a principal (trust-safety.ts). */
  allowWeakerTrust?: boolean | undefined
}

/** Injection points for tests, and for a caller that combines several setups' JSON (init). */
export interface ApplyTestHooks {
  /**
   * With --json: receives each result document instead of stdout, so a caller applying several
   * setups can print exactly one JSON document (e.g. `{ setups: [...] }`).
   */
  onJson?: (document: Record<string, unknown>) => void
  /** Sleep between propagation retries (tests advance a fake clock instead). */
  sleep?: (ms: number) => Promise<void>
  /** Ctrl-C registration (default: process SIGINT, ahead of the CLI's own handler). */
  onInterrupt?: InterruptHook
}

function announce(deps: CommandDeps, role: string, credentials: ResolvedCredentials): void {
  deps.io.err(`${role} account ${credentials.identity.account}: ${credentials.identity.arn} (${credentials.label})`)
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * One setup's apply, read and judged but nothing written yet (issue 17, point 6: every setup of a
 * run is prepared, i.e. its credentials checked, AWS read, the plan made and gated, before the
 * first write of any of them).
 */
export interface PreparedApply {
  setup: Setup
  input: RunPlanInput
  /** Set when the trust gate refuses the plan: shown, then thrown (exit 2) instead of applying. */
  refusal?: XacctError | undefined
}

/** Identify the credentials, read what AWS holds, plan and gate one setup. Reads only. */
export async function prepareApply(given: Setup, docs: SetupDocuments, options: ApplyOptions, deps: CommandDeps, hooks: ApplyTestHooks = {}): Promise<PreparedApply> {
  const aws = deps.aws
  const region = given.region
  const target = await targetCredentials(aws, given.targetAccountId, options.targetProfile, deps.global.profile, region)
  announce(deps, 'Target', target)
  // Vendor mode (issue 19): account A is a third party's; apply never touches it, whatever profile is given.
  const source = given.thirdPartyCaller === true ? undefined : await sourceCredentials(aws, given.sourceAccountId, options.sourceProfile, region)
  if (source) announce(deps, 'Source', source)
  // Policies an earlier version named differently are found and kept under that name (issue 19).
  const legacyPrincipal = callerPrincipalOf(given)
  const migrated = await adoptLegacyNames({ setup: given, roleArn: docs.roleArn, managed: options.managedPolicy, target: target.clients.iam, source: source && legacyPrincipal ? { iam: source.clients.iam, principal: legacyPrincipal } : undefined })
  const setup = migrated.setup
  for (const note of migrated.notes) deps.io.err(`Note: ${note}`)

  const asGenerated: ApplyDesired = {
    setup,
    trustPolicy: docs.trustPolicy,
    permissionsPolicy: docs.permissionsPolicy,
    sourcePolicy: docs.sourcePolicy,
    permissionsMode: options.managedPolicy ? 'managed' : 'inline'
  }
  // The first role or user caller's policy is written by this run; the plan lists the others as manual steps.
  const sourcePrincipal = callerPrincipalOf(setup)
  const observation = await observe(
    { iam: target.clients.iam, label: target.label },
    {
      roleName: setup.roleName,
      permissionsPolicyName: setup.permissionsPolicyName,
      managedPolicyArn: asGenerated.permissionsMode === 'managed' ? managedPolicyArn(setup) : undefined,
      source: source && sourcePrincipal ? { iam: source.clients.iam, principal: sourcePrincipal, policyName: setup.sourcePolicyName } : undefined
    },
    source?.label
  )
  // What someone added by hand to the tool's trust statements is kept (--allow-weaker-trust lets it go).
  const hand = options.allowWeakerTrust === true ? { trust: asGenerated.trustPolicy, kept: [] } : keptByHand(observation.target.role?.trustPolicy, asGenerated.trustPolicy)
  const desired: ApplyDesired = { ...asGenerated, trustPolicy: hand.trust }
  const planned = planApply(desired, observation)
  if (hand.kept.length > 0) planned.notes.push(`Trust: kept what was added by hand to the tool's statements (${hand.kept.join(', ')}); the setup does not name it. --allow-weaker-trust drops it.`)
  const findings = await trustFindingsOf(planned, observation, desired.trustPolicy)
  const plan = await withPermissionFindings(findings.plan, observation, createEvaluator())
  // Redact the ExternalIds the trust holds now too (a rotation or a removal shows the old one).
  const secrets = [...new Set([...(setup.externalId ? [setup.externalId] : []), ...externalIdsOf(observation.target.role?.trustPolicy)])]
  const refusal = findings.losses.length > 0 && options.allowWeakerTrust !== true ? weakerTrustError(setup.roleName, setup.targetAccountId, findings.losses, findings.hint) : undefined

  const afterApply = async (): Promise<PropagationResult | undefined> => {
    const callerCreds = await callerCredentials(aws, deps.global.profile, setup.callers, setup.sourceAccountId, region)
    if (!callerCreds) {
      deps.io.err('Note: IAM changes take a few seconds to reach STS; if AssumeRole is denied at first, retry shortly (bedrock-xacct verify checks it).')
      return undefined
    }
    // When this run did not write the caller's source policy, waiting 30 s for it is pointless: try once.
    const sourcePending = plan.changes.some((change) => change.resource === 'source-policy' && change.action === 'manual')
    const progress = deps.io.interactive && !deps.global.json ? await spinnerProgress(rawErr(deps.io)) : lineProgress((text) => deps.io.err(text))
    const result = await waitForAssumeRole(
      callerCreds.clients.sts,
      { roleArn: plan.roleArn, roleSessionName: PROPAGATION_SESSION_NAME, externalId: setup.externalId },
      { now: () => deps.now().getTime(), sleep: hooks.sleep ?? sleepFor, progress, ...(sourcePending ? { deadlineMs: 0 } : {}) }
    )
    if (result.status !== 'ready' && sourcePending) deps.io.err("Note: the caller's source policy in A was not applied by this run (see the manual step above); AssumeRole needs it.")
    return result
  }

  const input: RunPlanInput = {
    plan,
    backup: buildBackup(backupSubjectOfSetup(desired), observation, deps.now()),
    observed: observation,
    ports: { target: target.clients.iam, source: source?.clients.iam },
    dryRun: options.dryRun,
    yes: options.yes,
    showSecrets: options.showSecrets,
    secrets,
    afterApply,
    onInterrupt: hooks.onInterrupt,
    onJson: hooks.onJson
  }
  return { setup, input, refusal }
}

/**
 * Show, confirm and write a prepared apply. A refused plan is shown (and, with --json, printed with
 * status "refused") and its refusal thrown: exit 2, nothing written. Returns the exit code.
 */
export async function executeApply(prepared: PreparedApply, deps: CommandDeps, context: { afterWrites?: boolean } = {}): Promise<number> {
  return runPlan({ ...prepared.input, refusal: prepared.refusal, afterWrites: context.afterWrites }, deps)
}

/** Create or update the access role in B and the caller's source policy in A. Returns the exit code. */
export async function applySetup(setup: Setup, docs: SetupDocuments, options: ApplyOptions, deps: CommandDeps, hooks: ApplyTestHooks = {}): Promise<number> {
  return executeApply(await prepareApply(setup, docs, options, deps, hooks), deps)
}

/** Put back the documents a backup recorded (its own plan, confirmation and backup). Returns the exit code. */
export async function restoreBackup(file: string, options: ApplyOptions, deps: CommandDeps, hooks: ApplyTestHooks = {}): Promise<number> {
  const backup = await readBackup(deps.cwd, file)
  const aws = deps.aws
  // IAM is global; STS answers in any region. Use the user's region when given.
  const region = deps.global.region ?? deps.env.AWS_REGION ?? deps.env.AWS_DEFAULT_REGION ?? 'us-east-1'
  const target = await targetCredentials(aws, backup.target.accountId, options.targetProfile, deps.global.profile, region)
  announce(deps, 'Target', target)
  const source = backup.source ? await sourceCredentials(aws, backup.source.accountId, options.sourceProfile, region) : undefined
  if (source) announce(deps, 'Source', source)

  const observation = await observe(
    { iam: target.clients.iam, label: target.label },
    {
      roleName: backup.target.roleName,
      permissionsPolicyName: backup.target.inlinePolicy.name,
      managedPolicyArn: backup.target.managedPolicy?.arn,
      source: source && backup.source ? { iam: source.clients.iam, principal: backup.source.principal, policyName: backup.source.policyName } : undefined
    },
    source?.label
  )
  const partition = parsePrincipalArn(target.identity.arn)?.partition ?? 'aws'
  const roleArn = observation.target.role?.arn ?? `arn:${partition}:iam::${backup.target.accountId}:role/${backup.target.roleName}`
  // A role that apply created may be deleted by the restore: read everything it holds first (issue 19).
  const contents = !backup.target.roleExisted && observation.target.role ? await readRoleContents(target.clients.iam, backup.target.roleName, true) : undefined
  if (contents) observation.target.inlinePolicies = contents.inlinePolicies
  const plan = planRestore(backup, observation, roleArn, contents)
  // A restored trust passes the same gate as an applied one: an edited backup must not open the role.
  const findings = await trustFindingsOf(plan, observation)
  // And through lint, as init's own documents do: an edited backup must not put back a broken document unseen.
  const lintErrors = lintErrorsOfWrites(findings.plan)
  // What a restore newly grants is shown per change. A caller's policy in A that would newly grant
  // anything (an edited backup naming another principal of A, or sts:AssumeRole on *) is refused: the
  // tool only ever widened that policy, so going back never needs to. The role's own permissions may
  // legitimately widen back (undoing an apply that narrowed its models): shown, and lint judges them.
  const judged = await withPermissionFindings(findings.plan, observation, createEvaluator(), { created: true })
  const widened = judged.changes.filter((change) => change.resource === 'source-policy').flatMap((change) => (change.newlyAllowed ?? []).map((line) => `${change.subject} would newly allow ${line}`))
  const override = options.allowWeakerTrust === true
  const refusal = override
    ? undefined
    : lintErrors.length > 0 || widened.length > 0
      ? restoreRefusal(file, backup.target.roleName, backup.target.accountId, [...lintErrors, ...widened], findings.losses)
      : findings.losses.length > 0
        ? weakerTrustError(backup.target.roleName, backup.target.accountId, findings.losses)
        : undefined
  return runPlan(
    {
      plan: withLintNotes(judged, lintErrors),
      refusal,
      backup: buildBackup(backupSubjectOfBackup(backup), observation, deps.now()),
      observed: observation,
      ports: { target: target.clients.iam, source: source?.clients.iam },
      dryRun: options.dryRun,
      yes: options.yes,
      showSecrets: options.showSecrets,
      secrets: [],
      onInterrupt: hooks.onInterrupt,
      onJson: hooks.onJson
    },
    deps
  )
}
