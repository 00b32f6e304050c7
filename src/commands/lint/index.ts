/**
 * `bedrock-xacct lint` (and `init --check`): read policy files, run the policy linter, print each
 * finding with its statement and fix. Exit 1 when any finding is an error, 0 otherwise; a file that
 * is not JSON or not a policy is an input error (exit 2) in one line.
 */
import { ExitCode, XacctError, errorDetail, invalidInput, quoteValue } from '../../core/errors.js'
import { detectPolicyKind, lintPolicy } from '../../core/lint/index.js'
import { POLICY_EXPECTED, viewPolicy } from '../../core/lint/statements.js'
import type { LintFinding, PolicyKind } from '../../core/lint/index.js'
import { checkModel, must, splitList } from '../../core/setup/validators.js'
import { jsonStructureProblem } from '../../core/strict-json.js'
import { readInputFile } from '../../ui/files.js'
import type { CommandDeps, CommandResult } from '../deps.js'
import { paint, renderFindings } from '../init/render.js'

export interface LintOptions {
  files: string[]
  kind?: PolicyKind | undefined
  models?: string[] | undefined
}

/** Policies are at most 10 KB (IAM quotas); 1 MB leaves room for pretty-printing and never floods memory. */
const MAX_POLICY_BYTES = 1_000_000

export interface LintedFile {
  file: string
  kind: PolicyKind
  findings: LintFinding[]
}

/** Read and check that a file holds one IAM policy document. */
export async function readPolicyFile(file: string, cwd: string): Promise<unknown> {
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
  return document
}

/** What lint found: the document `--json` prints. */
export interface LintReport {
  files: LintedFile[]
  errors: number
  warnings: number
}

export async function runLint(options: LintOptions, deps: CommandDeps): Promise<CommandResult<LintReport>> {
  if (options.files.length === 0) throw new XacctError('usage', 'Missing policy file: pass at least one policy.json.', { hint: 'bedrock-xacct lint trust-policy.json' })
  const models = splitList(options.models)
  for (const model of models) must('--models', model, checkModel(model))
  const results: LintedFile[] = []
  for (const file of options.files) {
    const document = await readPolicyFile(file, deps.cwd)
    let view: ReturnType<typeof viewPolicy>
    try {
      view = viewPolicy(document)
    } catch {
      // Name the file, not the document (which may be long): e.g. an empty Statement list.
      throw invalidInput('policy file', file, POLICY_EXPECTED)
    }
    const kind = options.kind ?? detectPolicyKind(view)
    results.push({ file, kind, findings: lintPolicy(document, { kind, ...(models.length > 0 ? { models } : {}) }) })
  }
  const errors = results.reduce((n, r) => n + r.findings.filter((f) => f.severity === 'error').length, 0)
  const warnings = results.reduce((n, r) => n + r.findings.filter((f) => f.severity === 'warning').length, 0)
  const report: LintReport = { files: results, errors, warnings }
  if (deps.global.json) {
    deps.io.out(JSON.stringify(report))
  } else {
    const c = paint(deps.io.color)
    for (const result of results) {
      const status = result.findings.length === 0 ? c.green('no findings') : `${result.findings.length} finding(s)`
      deps.io.out(`${c.bold(result.file)} (${result.kind} policy): ${status}`)
      if (result.findings.length > 0) deps.io.out(renderFindings(result.findings, c))
    }
    if (results.length > 1) deps.io.out(`${errors} error(s), ${warnings} warning(s) in ${results.length} files.`)
  }
  return { exitCode: errors > 0 ? ExitCode.checkFailed : ExitCode.ok, result: report }
}
