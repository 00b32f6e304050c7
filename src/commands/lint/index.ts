/**
 * `bedrock-xacct lint` (and `init --check`): read policy files, run the policy linter, print each
 * finding with its statement, its place in the file and its fix, as text, JSON or SARIF 2.1.0 (for
 * code scanning). Exit 1 when any finding not suppressed is an error, 0 otherwise, whatever the
 * format; a file that is not JSON or not a policy, or a bad suppressions file, is an input error
 * (exit 2) in one line.
 */
import { ExitCode, XacctError, errorDetail, invalidInput, quoteValue } from '../../core/errors.js'
import { detectPolicyKind, lintPolicy } from '../../core/lint/index.js'
import { POLICY_EXPECTED, viewPolicy } from '../../core/lint/statements.js'
import type { PolicyKind } from '../../core/lint/index.js'
import { checkModel, must, splitList } from '../../core/setup/validators.js'
import { jsonStructureProblem } from '../../core/strict-json.js'
import { statementLocator } from '../../core/lint/locate.js'
import { LINT_JSON_VERSION, type LintReport, type LintedFile, type LocatedFinding, type SuppressedFinding } from '../../core/lint/report.js'
import { parseSuppressions, suppressionFor, type Suppression } from '../../core/lint/suppressions.js'
import { renderSarif } from '../../ui/reporters/sarif.js'
import { readInputFile } from '../../ui/files.js'
import type { CommandDeps, CommandResult } from '../deps.js'
import { paint, renderFindings } from '../init/render.js'

export type LintFormat = 'human' | 'json' | 'sarif'

export interface LintOptions {
  files: string[]
  kind?: PolicyKind | undefined
  models?: string[] | undefined
  /** Output format; default human, or json under the global --json. */
  format?: LintFormat | undefined
  /** A suppressions file (core/lint/suppressions.ts). */
  suppressions?: string | undefined
}

/** Policies are at most 10 KB (IAM quotas); 1 MB leaves room for pretty-printing and never floods memory. */
const MAX_POLICY_BYTES = 1_000_000

/** Read and check that a file holds one IAM policy document. */
export async function readPolicyFile(file: string, cwd: string): Promise<unknown> {
  return (await readPolicyText(file, cwd)).document
}

/** Read a policy file: its parsed document and its text (for locations). */
async function readPolicyText(file: string, cwd: string): Promise<{ document: unknown; text: string }> {
  const text = await readInputFile('policy file', file, cwd, { maxBytes: MAX_POLICY_BYTES, expected: 'a readable JSON policy file' })
  let document: unknown
  try {
    document = JSON.parse(text)
  } catch (error) {
    const detail = errorDetail(error)
    throw new XacctError('invalidInput', `policy file ${quoteValue(file)} is not valid JSON: ${detail}.`, { field: 'policy file' })
  }
  const structure = jsonStructureProblem(text)
  if (structure !== undefined) {
    throw new XacctError('invalidInput', `policy file ${quoteValue(file)} is not a policy IAM accepts: ${structure}.`, { field: 'policy file' })
  }
  const statement = document !== null && typeof document === 'object' && !Array.isArray(document) ? (document as Record<string, unknown>).Statement : undefined
  if (statement === undefined || statement === null || typeof statement !== 'object') {
    throw new XacctError('invalidInput', `policy file ${quoteValue(file)} is not an IAM policy: expected an object with a "Statement" list.`, {
      field: 'policy file',
      hint: 'pass the policy document itself (e.g. trust-policy.json), not a Terraform or CloudFormation file.'
    })
  }
  return { document, text }
}

/** Suppressions files are small lists; 1 MB is far beyond any real one. */
const MAX_SUPPRESSIONS_BYTES = 1_000_000

async function readSuppressions(file: string | undefined, cwd: string): Promise<Suppression[]> {
  if (file === undefined) return []
  const text = await readInputFile('--suppressions', file, cwd, { maxBytes: MAX_SUPPRESSIONS_BYTES, expected: 'a readable JSON suppressions file' })
  let document: unknown
  try {
    document = JSON.parse(text)
  } catch (error) {
    throw new XacctError('invalidInput', `suppressions file ${quoteValue(file)} is not valid JSON: ${errorDetail(error)}.`, { field: '--suppressions' })
  }
  const structure = jsonStructureProblem(text)
  if (structure !== undefined) throw new XacctError('invalidInput', `suppressions file ${quoteValue(file)}: ${structure}.`, { field: '--suppressions' })
  return parseSuppressions(document, file)
}

export { LINT_JSON_VERSION, type LintReport, type LintedFile, type LocatedFinding, type SuppressedFinding } from '../../core/lint/report.js'

export async function runLint(options: LintOptions, deps: CommandDeps): Promise<CommandResult<LintReport>> {
  if (options.files.length === 0) throw new XacctError('usage', 'Missing policy file: pass at least one policy.json.', { hint: 'bedrock-xacct lint trust-policy.json' })
  const models = splitList(options.models)
  for (const model of models) must('--models', model, checkModel(model))
  const format: LintFormat = options.format ?? (deps.global.json ? 'json' : 'human')
  const suppressions = await readSuppressions(options.suppressions, deps.cwd)
  const results: LintedFile[] = []
  for (const file of options.files) {
    const { document, text } = await readPolicyText(file, deps.cwd)
    let view: ReturnType<typeof viewPolicy>
    try {
      view = viewPolicy(document)
    } catch {
      // Name the file, not the document (which may be long): e.g. an empty Statement list.
      throw invalidInput('policy file', file, POLICY_EXPECTED)
    }
    const kind = options.kind ?? detectPolicyKind(view)
    const locate = statementLocator(text)
    const findings: LocatedFinding[] = []
    const suppressed: SuppressedFinding[] = []
    for (const finding of lintPolicy(document, { kind, ...(models.length > 0 ? { models } : {}) })) {
      const location = locate(finding.statement?.index)
      const located: LocatedFinding = location ? { ...finding, location } : finding
      const suppression = suppressionFor(finding, file, suppressions)
      if (suppression) suppressed.push({ ...located, justification: suppression.justification })
      else findings.push(located)
    }
    results.push({ file, kind, findings, suppressed })
  }
  const errors = results.reduce((n, r) => n + r.findings.filter((f) => f.severity === 'error').length, 0)
  const warnings = results.reduce((n, r) => n + r.findings.filter((f) => f.severity === 'warning').length, 0)
  const report: LintReport = { version: LINT_JSON_VERSION, files: results, errors, warnings, suppressed: results.reduce((n, r) => n + r.suppressed.length, 0) }
  if (format === 'json') {
    deps.io.out(JSON.stringify(report))
  } else if (format === 'sarif') {
    deps.io.out(JSON.stringify(renderSarif(report, { cwd: deps.cwd }), null, 2))
  } else {
    const c = paint(deps.io.color)
    for (const result of results) {
      const status = result.findings.length === 0 ? c.green('no findings') : `${result.findings.length} finding(s)`
      deps.io.out(`${c.bold(result.file)} (${result.kind} policy): ${status}`)
      if (result.findings.length > 0) deps.io.out(renderFindings(result.findings, c))
      if (result.suppressed.length > 0)
        deps.io.out(c.dim(`  ${result.suppressed.length} suppressed: ${result.suppressed.map((f) => `${f.rule}${f.statement ? ` (statement #${f.statement.index}${f.statement.sid ? ` ${f.statement.sid}` : ''})` : ''}`).join(', ')}`))
    }
    if (results.length > 1) deps.io.out(`${errors} error(s), ${warnings} warning(s) in ${results.length} files.`)
  }
  return { exitCode: errors > 0 ? ExitCode.checkFailed : ExitCode.ok, result: report }
}
