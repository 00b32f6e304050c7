/**
 * `lint --format sarif`: the lint report as a SARIF 2.1.0 log, the format GitHub code scanning
 * (github/codeql-action/upload-sarif) and other CI dashboards ingest. One run, one rule per lint
 * rule id (stable, with help text from core/lint/rule-catalog.ts), one result per finding with its
 * fix, located at the statement in the policy file; suppressed findings carry a SARIF suppression
 * with their justification, so code scanning shows them as dismissed rather than losing them.
 * Validated against the official schema in sarif.test.ts.
 */
import { isAbsolute, relative, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Log, ReportingDescriptor, Result } from 'sarif'
import { LINT_RULES, type LintRuleId } from '../../core/lint/rule-catalog.js'
import type { LintReport, LocatedFinding } from '../../core/lint/report.js'
import { VERSION } from '../../version.js'

/** The schema URI SARIF consumers expect in `$schema` (the OASIS 2.1.0 schema as published by SchemaStore). */
export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json'

const level = (severity: 'error' | 'warning'): Result.level => (severity === 'error' ? 'error' : 'warning')

/** A repository-relative URI for a file given relative to cwd (what code scanning maps to the repo), else a file:// URI. */
function artifactLocation(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  const fromCwd = isAbsolute(file) ? relative(cwd, file) : file
  if (fromCwd.startsWith('..') || isAbsolute(fromCwd)) return { uri: pathToFileURL(file).href }
  return {
    uri: fromCwd
      .split(sep)
      .join('/')
      .replace(/^(\.\/)+/, ''),
    uriBaseId: '%SRCROOT%'
  }
}

function ruleDescriptor(id: LintRuleId): ReportingDescriptor {
  const rule = LINT_RULES[id]
  return {
    id,
    name: id.replace(/(^|-)([a-z])/g, (_, __: string, c: string) => c.toUpperCase()),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.help },
    help: { text: rule.help, markdown: `**${rule.title}**\n\n${rule.help}` },
    defaultConfiguration: { level: level(rule.severity) },
    properties: { tags: ['security', 'iam', 'bedrock'] }
  }
}

export interface SarifOptions {
  /** Working directory the file paths are relative to (the repository root in CI). */
  cwd: string
}

export function renderSarif(report: LintReport, options: SarifOptions): Log {
  const ids = Object.keys(LINT_RULES) as LintRuleId[]
  const index = new Map(ids.map((id, i) => [id, i]))
  const toResult = (file: string, finding: LocatedFinding, justification?: string): Result => {
    const where = finding.statement ? `statement #${finding.statement.index}${finding.statement.sid ? ` (Sid ${finding.statement.sid})` : ''}: ` : ''
    return {
      ruleId: finding.rule,
      ruleIndex: index.get(finding.rule)!,
      level: level(finding.severity),
      message: { text: `${where}${finding.message} Fix: ${finding.fix}` },
      locations: [
        {
          physicalLocation: { artifactLocation: artifactLocation(file, options.cwd), ...(finding.location ? { region: finding.location } : {}) },
          ...(finding.statement ? { logicalLocations: [{ name: finding.statement.sid ?? `Statement[${finding.statement.index - 1}]`, kind: 'object' }] } : {})
        }
      ],
      ...(justification !== undefined ? { suppressions: [{ kind: 'external', status: 'accepted', justification }] } : {})
    }
  }
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'bedrock-xacct', semanticVersion: VERSION, version: VERSION, rules: ids.map(ruleDescriptor) } },
        results: report.files.flatMap((f) => [...f.findings.map((finding) => toResult(f.file, finding)), ...f.suppressed.map((finding) => toResult(f.file, finding, finding.justification))]),
        columnKind: 'utf16CodeUnits'
      }
    ]
  }
}
