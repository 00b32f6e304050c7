/**
 * `bedrock-xacct init`: resolve the setup(s) (flags > environment > config > wizard > defaults),
 * build the documents, self-check and lint them, then print them or write them with --out, and
 * hand over to --apply / --restore. Nothing is written unless every setup passed.
 */
import { join, resolve } from 'node:path'
import { ExitCode, XacctError } from '../../core/errors.js'
import type { Setup } from '../../core/setup/model.js'
import { configFileText, missingAnswerError, namedCallersOf, missingAnswers, resolveAll, resolveSetup, validateGiven } from '../../core/setup/index.js'
import { roleConflict } from '../../core/apply/role-conflicts.js'
import { renderExports } from '../../core/export/index.js'
import type { ExportOptions } from '../../core/export/export-options.js'
import { writeFilesAtomically } from '../../ui/files.js'
import type { OutputFile } from '../../ui/files.js'
import type { CommandDeps, CommandResult } from '../deps.js'
import { profilesOf, readProfileDestinations, tableDestinations, type DestinationsReport } from '../../core/profile-destinations.js'
import type { LintReport } from '../lint/index.js'
import { loadPendingSetups, selectPending, selectSetups } from '../shared/load-setups.js'
import type { PendingSetup as PendingSetupItem } from '../../core/setup/index.js'
import type { GeneratedSetup } from './generate.js'
import { generateAll, lintErrors } from './generate.js'
import type { InitOptions } from './options.js'
import type { PreparedApply } from './apply/index.js'
import { paint, renderGenerated, renderGeneratorFailure, renderSelfCheckLine, renderSummary, renderWritten } from './render.js'
import { runWizard } from './wizard.js'
import type { Template } from '../../core/templates/template.js'
import { schemaRefFor } from './schema-ref.js'
import { REDACTED, redactSecrets } from '../../ui/reporters/redact.js'

/** The files for one setup: the exports plus the resolved config (with $schema, from `schemaRef` of the config's folder). */
export function filesFor(result: GeneratedSetup, prefix: string, schemaRef: (prefix: string) => string | undefined = () => undefined, exportOptions: ExportOptions = {}): OutputFile[] {
  const exports = renderExports(result.setup, result.docs, exportOptions)
  const files = [...exports.map((file) => ({ path: file.path, content: file.content })), { path: 'bedrock-xacct.json', content: configFileText([result.setup], schemaRef(prefix)) }]
  return files.map((file) => ({ path: prefix === '' ? file.path : join(prefix, file.path), content: file.content }))
}

/** Version of init's --json document; bump on a breaking change (schema/init-output.schema.json). */
export const INIT_JSON_VERSION = 1

/** init's --json document (schema: src/ui/reporters/init-json-schema.ts). */
export interface InitDocument {
  version: typeof INIT_JSON_VERSION
  setups: {
    name: string
    roleArn: string
    /** The resolved setup; `caller` repeats the only caller when there is exactly one (older readers). */
    setup: Setup & { caller?: Setup['callers'][number] }
    trustPolicy: GeneratedSetup['docs']['trustPolicy']
    permissionsPolicy: GeneratedSetup['docs']['permissionsPolicy']
    sourcePolicy: GeneratedSetup['docs']['sourcePolicy']
    selfCheck: GeneratedSetup['selfCheck']
    lint: GeneratedSetup['lint']
    /** Only when the setup names an inference profile: its destinations came from Bedrock or the dated table, and why. */
    destinations?: Omit<DestinationsReport, 'live'>
  }[]
  written?: string[]
}

/**
 * What init did: `check` is `--check`'s lint report, `restore` a `--restore`, `generate` the
 * documents built (and written with --out), `apply` the documents built and then applied (apply
 * prints its own plan and JSON).
 */
export type InitResult = { mode: 'check'; lint: LintReport } | { mode: 'restore' } | { mode: 'destroy' } | { mode: 'templates'; names: string[] } | { mode: 'generate' | 'apply'; document: InitDocument }

/** One JSON document for --json. */
export function jsonResult(results: readonly GeneratedSetup[], written?: readonly string[]): InitDocument {
  return {
    version: INIT_JSON_VERSION,
    setups: results.map((r) => ({
      name: r.setup.name,
      roleArn: r.docs.roleArn,
      // `caller`: the one caller, as before, for readers of one-caller setups; absent when there are several (never a partial answer).
      setup: { ...r.setup, ...(r.setup.callers.length === 1 ? { caller: r.setup.callers[0] } : {}) },
      trustPolicy: r.docs.trustPolicy,
      permissionsPolicy: r.docs.permissionsPolicy,
      sourcePolicy: r.docs.sourcePolicy,
      selfCheck: r.selfCheck,
      lint: r.lint,
      ...(r.docs.destinations && r.docs.destinations.source !== 'none' ? { destinations: { source: r.docs.destinations.source, fallback: r.docs.destinations.fallback, tableChecked: r.docs.destinations.tableChecked } } : {})
    })),
    ...(written ? { written: [...written] } : {})
  }
}

/**
 * The wizard's last step (issue 4): offer to apply what was just built, and ask for the profiles
 * that apply needs. Returns the options to continue with (unchanged when the answer is no).
 */
async function askApplyNow(options: InitOptions, setup: Setup, deps: CommandDeps): Promise<InitOptions> {
  const apply = await deps.prompter.confirm({
    message: `Apply it now: create or update the role in ${setup.targetAccountId}${namedCallersOf(setup.callers).length > 0 ? ` and the caller's policy in ${setup.sourceAccountId}` : ''} (a plan is shown first)?`,
    flag: '--apply',
    default: false
  })
  if (!apply) return options
  const profile = (flag: string, message: string) => deps.prompter.input({ message, flag, default: deps.global.profile ?? '' })
  const targetProfile = options.targetProfile ?? (await profile('--target-profile', `AWS profile for account ${setup.targetAccountId} (empty: the default credential chain):`))
  const sourceProfile = options.sourceProfile ?? (namedCallersOf(setup.callers).length > 0 ? await profile('--source-profile', `AWS profile for account ${setup.sourceAccountId} (empty: skip the caller's policy):`) : '')
  return {
    ...options,
    apply: true,
    ...(targetProfile.trim() !== '' ? { targetProfile: targetProfile.trim() } : {}),
    ...(sourceProfile.trim() !== '' ? { sourceProfile: sourceProfile.trim() } : {})
  }
}

/**
 * The wizard with an ExternalId and no --out: the terminal shows it redacted (no --show-secrets), so
 * ask for a folder, or a generated ExternalId would be kept nowhere. Empty: print only.
 */
async function askOutWhenSecret(options: InitOptions, setup: Setup, deps: CommandDeps): Promise<InitOptions> {
  if (options.out !== undefined || setup.externalId === undefined || options.showSecrets === true) return options
  const out = await deps.prompter.input({
    message: 'Folder for the files (they hold the ExternalId, written 0600; empty: print them with the ExternalId redacted):',
    flag: '--out',
    default: `./bedrock-access-${setup.name}`
  })
  return out.trim() === '' ? options : { ...options, out: out.trim() }
}

/**
 * The template to start from: --template, else on a terminal with a wizard to run, the wizard's
 * first question (issue 19). Undefined: none.
 */
async function chooseTemplate(options: InitOptions, single: PendingSetupItem | undefined, deps: CommandDeps): Promise<Template | undefined> {
  if (options.template === undefined && !(single && deps.io.interactive && missingAnswers(single.merged).length > 0)) return undefined
  const { askTemplate, loadAllTemplates, loadTemplate } = await import('./templates.js')
  if (options.template !== undefined) return loadTemplate(options.template, deps.cwd)
  return askTemplate(deps.prompter, await loadAllTemplates())
}

async function resolveSetups(options: InitOptions, deps: CommandDeps): Promise<{ setups: Setup[]; options: InitOptions }> {
  const loaded = await loadPendingSetups(options, deps)
  const { context } = loaded
  const pending = selectPending(loaded.pending, options.only)
  for (const item of pending) validateGiven(item.merged)
  const single = pending.length === 1 ? pending[0] : undefined
  const template = await chooseTemplate(options, single, deps)
  if (template) {
    const { applyTemplate } = await import('./templates.js')
    for (const item of pending) await applyTemplate(item, template, deps.prompter, deps.io.interactive && single !== undefined)
  }
  const missing = pending.flatMap((item) => missingAnswers(item.merged).map((answer) => ({ item, answer })))[0]
  if (single && missing && deps.io.interactive) {
    await runWizard(single, deps.prompter, { region: deps.env.AWS_DEFAULT_REGION })
    const setup = resolveSetup(single.merged, context)
    const c = paint(deps.io.color)
    deps.io.err(`\n${c.bold('Summary')}\n${renderSummary(setup, c)}\n`)
    options = await askOutWhenSecret(options, setup, deps)
    const go = await deps.prompter.confirm({ message: options.out ? `Write the files to ${options.out}?` : 'Generate the documents?', flag: '--yes', default: true })
    if (!go) throw new XacctError('cancelled', 'Cancelled: nothing written.')
    return { setups: [setup], options: options.apply === true ? options : await askApplyNow(options, setup, deps) }
  }
  if (missing) throw missingAnswerError(missing.answer, missing.item.label ? `pass ${missing.answer.flag}, or set it in ${missing.item.label}` : undefined)
  return { setups: selectSetups(resolveAll(pending, context), options.only), options }
}

function applyOptionsOf(options: InitOptions, deps: CommandDeps) {
  return {
    dryRun: options.dryRun === true,
    yes: deps.global.yes,
    ...(options.targetProfile !== undefined ? { targetProfile: options.targetProfile } : {}),
    ...(options.sourceProfile !== undefined ? { sourceProfile: options.sourceProfile } : {}),
    managedPolicy: options.managedPolicy === true,
    showSecrets: options.showSecrets === true,
    allowWeakerTrust: options.allowWeakerTrust === true
  }
}

/**
 * The ExternalIds to hide from what init prints: all of them unless --show-secrets. Terminal output
 * and --json end up in CI logs and tickets; the files --out writes (0600) are where the value lives.
 */
function hiddenSecretsOf(setups: readonly Setup[], options: InitOptions): string[] {
  return options.showSecrets === true ? [] : setups.flatMap((setup) => (setup.externalId === undefined ? [] : [setup.externalId]))
}

function externalIdNote(options: InitOptions): string {
  if (options.showSecrets === true) return 'Note: the ExternalId is printed in full (--show-secrets) and is part of the configuration: keep it out of logs and public repositories.'
  return `Note: the ExternalId is shown as ${REDACTED}: write the documents with --out DIR (files holding it are 0600), or print it with --show-secrets (a generated one is kept nowhere else).`
}

/** Owner-only: a file holding a setup's ExternalId is a secret (issue 17). */
const SECRET_FILE_MODE = 0o600

/** Every file whose text holds a setup's ExternalId gets mode 0600; the others keep the default. */
function withSecretModes(files: readonly OutputFile[], setups: readonly Setup[]): OutputFile[] {
  const secrets = setups.flatMap((setup) => (setup.externalId === undefined ? [] : [setup.externalId]))
  return files.map((file) => (secrets.some((secret) => file.content.includes(secret)) ? { ...file, mode: SECRET_FILE_MODE } : file))
}

function secretPathsOf(dir: string, files: readonly OutputFile[]): Set<string> {
  return new Set(files.filter((file) => file.mode === SECRET_FILE_MODE).map((file) => resolve(dir, file.path)))
}

/** init --destroy: each setup's teardown in turn (one JSON document with several). Returns the worst exit code. */
async function destroyAll(results: readonly GeneratedSetup[], options: InitOptions, deps: CommandDeps): Promise<number> {
  const { destroySetup } = await import('./destroy/index.js')
  const combine = deps.global.json && results.length > 1
  const documents: Record<string, unknown>[] = []
  const hooks = combine ? { onJson: (document: Record<string, unknown>) => void documents.push(document) } : {}
  let exitCode: number = ExitCode.ok
  for (const result of results) exitCode = Math.max(exitCode, await destroySetup(result.setup, result.docs, applyOptionsOf(options, deps), deps, hooks))
  if (combine) deps.io.out(JSON.stringify({ setups: documents }))
  return exitCode
}

/**
 * init --apply has credentials in B: ask Bedrock where each setup's profiles route (GetInferenceProfile,
 * in the setup's region), so the permissions policy grants what AWS routes to today. A failed read
 * falls back to the table with its reason (profile-destinations.ts); it never stops the apply.
 */
async function liveDestinations(setups: readonly Setup[], options: InitOptions, deps: CommandDeps): Promise<DestinationsReport[]> {
  const profile = options.targetProfile ?? deps.global.profile
  return Promise.all(setups.map((setup) => (profilesOf(setup).length === 0 ? tableDestinations(setup, '') : readProfileDestinations(setup, deps.aws.fromChain({ profile }, setup.region).bedrockControl(setup.region)))))
}

export async function runInit(options: InitOptions, deps: CommandDeps): Promise<CommandResult<InitResult>> {
  if (options.check !== undefined) {
    const { runLint } = await import('../lint/index.js')
    const linted = await runLint({ files: [options.check], kind: options.kind, models: typeof options.models === 'string' ? [options.models] : options.models }, deps)
    return { exitCode: linted.exitCode, result: { mode: 'check', lint: linted.result } }
  }
  if (options.restore !== undefined) {
    const { restoreBackup } = await import('./apply/index.js')
    return { exitCode: await restoreBackup(options.restore, applyOptionsOf(options, deps), deps), result: { mode: 'restore' } }
  }
  if (options.template?.trim().toLowerCase() === 'list') {
    const { loadAllTemplates, renderTemplateList } = await import('./templates.js')
    const templates = await loadAllTemplates()
    if (deps.global.json) deps.io.out(JSON.stringify({ version: 1, templates: templates.map((t) => ({ name: t.name, summary: t.summary, consumer: t.consumer })) }))
    else deps.io.out(renderTemplateList(templates))
    return { exitCode: ExitCode.ok, result: { mode: 'templates', names: templates.map((t) => t.name) } }
  }
  if (options.destroy === true && options.apply === true) throw new XacctError('usage', '--destroy and --apply cannot be combined.', { hint: 'run one, then the other.' })
  if (options.dryRun && !options.apply && options.destroy !== true) throw new XacctError('usage', '--dry-run only applies with --apply or --destroy.', { hint: 'add --apply, or drop --dry-run.' })

  const resolved = await resolveSetups(options, deps)
  const setups = resolved.setups
  options = resolved.options
  const results = await generateAll(setups, options.apply === true ? await liveDestinations(setups, options, deps) : [])
  const c = paint(deps.io.color)
  const conflict = roleConflict(
    results.map(({ setup, docs }) => ({
      setupName: setup.name,
      roleArn: docs.roleArn,
      trustPolicy: docs.trustPolicy,
      permissionsPolicy: docs.permissionsPolicy,
      permissionsPolicyName: setup.permissionsPolicyName,
      maxSessionDurationSeconds: setup.maxSessionDurationSeconds
    }))
  )
  if (conflict) throw conflict
  const failed = results.filter((r) => !r.selfCheck.ok || lintErrors(r.lint).length > 0)
  if (failed.length > 0) {
    for (const result of failed) deps.io.err(renderGeneratorFailure(result, c))
    const document = jsonResult(results)
    if (deps.global.json) deps.io.out(JSON.stringify(redactSecrets(document, hiddenSecretsOf(setups, options))))
    return { exitCode: ExitCode.checkFailed, result: { mode: options.apply === true ? 'apply' : 'generate', document } }
  }

  if (options.destroy === true) return { exitCode: await destroyAll(results, options, deps), result: { mode: 'destroy' } }

  // With --apply, the apply step prints the plan and (with --json) the one JSON document.
  const report = options.apply !== true
  if (!report) return applyAll(results, options, deps)
  let document = jsonResult(results)
  if (options.out !== undefined) {
    document = await writeOut(results, options, deps, report)
  } else if (deps.global.json) {
    deps.io.out(JSON.stringify(redactSecrets(document, hiddenSecretsOf(setups, options))))
  } else {
    deps.io.out(redactSecrets(results.map((r) => renderGenerated(r, c)).join('\n\n'), hiddenSecretsOf(setups, options)))
    if (setups.some((s) => s.externalId !== undefined)) deps.io.err(externalIdNote(options))
  }
  return { exitCode: ExitCode.ok, result: { mode: 'generate', document } }
}

/** Write the --out files; with --apply the list goes to stderr (stdout is the apply's). */
async function writeOut(results: readonly GeneratedSetup[], options: InitOptions, deps: CommandDeps, report: boolean): Promise<InitDocument> {
  const c = paint(deps.io.color)
  const setups = results.map((r) => r.setup)
  const dir = resolve(deps.cwd, options.out!)
  const schemaRef = (prefix: string) => schemaRefFor(join(dir, prefix), deps.cwd)
  const exportOptions = { managedPolicy: options.managedPolicy === true }
  const files = results.length === 1 ? filesFor(results[0]!, '', schemaRef, exportOptions) : results.flatMap((r) => filesFor(r, r.setup.name, schemaRef, exportOptions))
  if (results.length > 1) files.push({ path: 'bedrock-xacct.json', content: configFileText(setups, schemaRef('')) })
  const secretFiles = withSecretModes(files, setups)
  const written = await writeFilesAtomically(dir, secretFiles, { force: options.force === true })
  const document = jsonResult(results, written)
  if (deps.global.json && report) deps.io.out(JSON.stringify(redactSecrets(document, hiddenSecretsOf(setups, options))))
  else if (report) deps.io.out(renderWritten(dir, written, secretPathsOf(dir, secretFiles), setups, c))
  else deps.io.err(renderWritten(dir, written, secretPathsOf(dir, secretFiles), setups, c))
  return document
}

/**
 * --apply over every setup (issue 17, point 6). First every setup is prepared: credentials
 * identified, AWS read, plan made and gated; any refusal or bad input stops the run here, when
 * nothing (not even --out) is written. Then --out, then each setup in turn; a later setup is read
 * and planned again right before its writes (an earlier one may have written the same caller's
 * policy). The first setup that does not succeed stops the run: nothing more is written. With
 * --json and several setups, exactly one document is printed, whatever happens.
 */
async function applyAll(results: readonly GeneratedSetup[], options: InitOptions, deps: CommandDeps): Promise<CommandResult<InitResult>> {
  const c = paint(deps.io.color)
  const { prepareApply, executeApply } = await import('./apply/index.js')
  const applyOptions = applyOptionsOf(options, deps)
  const combine = deps.global.json && results.length > 1
  const documents: Record<string, unknown>[] = []
  const hooks = combine ? { onJson: (document: Record<string, unknown>) => void documents.push(document) } : {}
  const prepared: PreparedApply[] = []
  for (const result of results) prepared.push(await prepareApply(result.setup, result.docs, applyOptions, deps, hooks))

  const refused = prepared.filter((item) => item.refusal !== undefined)
  let exitCode: number = ExitCode.ok
  let document = jsonResult(results)
  try {
    if (refused.length > 0) {
      // Show every refused plan (and its JSON), then refuse: nothing of any setup is written.
      for (const item of refused) await executeApply(item, deps).catch((error: unknown) => (error === item.refusal ? undefined : Promise.reject(error)))
      throw refused[0]!.refusal!
    }
    if (options.out !== undefined) document = await writeOut(results, options, deps, false)
    else for (const result of results) deps.io.err(renderSelfCheckLine(result, c))
    let wrote = false
    for (const [index, result] of results.entries()) {
      const item: PreparedApply = index === 0 || !wrote ? prepared[index]! : await prepareApply(result.setup, result.docs, applyOptions, deps, hooks)
      const code = await executeApply(item, deps, { afterWrites: wrote })
      exitCode = Math.max(exitCode, code)
      if (code !== ExitCode.ok) break
      wrote ||= item.input.plan.hasChanges && !applyOptions.dryRun
    }
  } finally {
    if (combine) deps.io.out(JSON.stringify({ setups: documents }))
  }
  return { exitCode, result: { mode: 'apply', document } }
}
