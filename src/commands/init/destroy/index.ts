/**
 * `init --destroy` (issue 19): delete what `init --apply` created for a setup, with apply's
 * no-surprise rules — the same credentials checks, a plan first (--dry-run stops there), a
 * confirmation (--yes without a TTY), a backup before the first call (`init --restore` puts back
 * the documents), each call confirmed by reading it back, a rerun doing only what is left — and
 * never anything it does not own (teardown-plan.ts; a role holding someone's statement or policy
 * is refused, exit 2, before any call).
 */
import { backupSubjectOfSetup, buildBackup } from '../../../core/apply/backup.js'
import type { ApplyDesired } from '../../../core/apply/desired-observed.js'
import { managedPolicyArn } from '../../../core/apply/plan.js'
import { planTeardown } from '../../../core/apply/teardown-plan.js'
import { externalIdsOf } from '../../../core/apply/trust-safety.js'
import type { SetupDocuments } from '../../../core/policies/index.js'
import type { Setup } from '../../../core/setup/model.js'
import type { CommandDeps } from '../../deps.js'
import { adoptLegacyNames, callerPrincipalOf } from '../apply/legacy-names.js'
import { sourceCredentials, targetCredentials } from '../apply/credentials.js'
import type { ApplyOptions, ApplyTestHooks } from '../apply/index.js'
import { observe } from '../apply/observe.js'
import { runPlan } from '../apply/run.js'
import { readRoleContents } from './role-contents.js'

/** Delete the setup's role and policies (and this role from the caller's grant in A). Returns the exit code. */
export async function destroySetup(given: Setup, docs: SetupDocuments, options: ApplyOptions, deps: CommandDeps, hooks: ApplyTestHooks = {}): Promise<number> {
  const region = given.region
  const target = await targetCredentials(deps.aws, given.targetAccountId, options.targetProfile, deps.global.profile, region)
  deps.io.err(`Target account ${target.identity.account}: ${target.identity.arn} (${target.label})`)
  // A third party's account is never touched (vendor mode).
  const source = given.thirdPartyCaller === true ? undefined : await sourceCredentials(deps.aws, given.sourceAccountId, options.sourceProfile, region)
  if (source) deps.io.err(`Source account ${source.identity.account}: ${source.identity.arn} (${source.label})`)
  // Policies an earlier version named differently are found and removed under that name (issue 19),
  // in either permissions form: the user need not remember which one apply used.
  const legacyPrincipal = callerPrincipalOf(given)
  const migrated = await adoptLegacyNames({ setup: given, roleArn: docs.roleArn, managed: undefined, target: target.clients.iam, source: source && legacyPrincipal ? { iam: source.clients.iam, principal: legacyPrincipal } : undefined })
  const setup = migrated.setup
  for (const note of migrated.notes) deps.io.err(`Note: ${note}`)

  // Both permission forms are looked at: the teardown removes whichever apply wrote.
  const desired: ApplyDesired = { setup, trustPolicy: docs.trustPolicy, permissionsPolicy: docs.permissionsPolicy, sourcePolicy: docs.sourcePolicy, permissionsMode: options.managedPolicy ? 'managed' : 'inline' }
  const sourcePrincipal = callerPrincipalOf(setup)
  const observation = await observe(
    { iam: target.clients.iam, label: target.label },
    {
      roleName: setup.roleName,
      permissionsPolicyName: setup.permissionsPolicyName,
      managedPolicyArn: managedPolicyArn(setup),
      source: source && sourcePrincipal ? { iam: source.clients.iam, principal: sourcePrincipal, policyName: setup.sourcePolicyName } : undefined
    },
    source?.label
  )
  const contents = await readRoleContents(target.clients.iam, setup.roleName, observation.target.role !== undefined)
  observation.target.inlinePolicies = contents.inlinePolicies
  const plan = planTeardown(desired, observation, contents)
  const secrets = [...new Set([...(setup.externalId ? [setup.externalId] : []), ...externalIdsOf(observation.target.role?.trustPolicy)])]
  // The backup covers the managed policy too, whichever mode apply used.
  const backup = buildBackup({ ...backupSubjectOfSetup(desired), managedPolicyArn: managedPolicyArn(setup) }, observation, deps.now())
  return runPlan(
    {
      plan,
      backup,
      observed: observation,
      ports: { target: target.clients.iam, source: source?.clients.iam },
      dryRun: options.dryRun,
      yes: options.yes,
      showSecrets: options.showSecrets,
      secrets,
      onInterrupt: hooks.onInterrupt,
      onJson: hooks.onJson
    },
    deps
  )
}
