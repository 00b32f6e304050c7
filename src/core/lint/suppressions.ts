/**
 * The lint suppressions file: each entry silences one rule for one policy file, optionally for one
 * statement (by Sid or 1-based index), and must say why. A suppression without a justification is
 * refused as input (exit 2): an unexplained silence is how a real finding is lost (issue 20).
 * Suppressed findings are still reported (SARIF `suppressions`, JSON `suppressed`), never counted
 * towards the exit code.
 */
import { z } from 'zod'
import { XacctError, quoteValue } from '../errors.js'
import { LINT_RULES, isLintRuleId } from './rule-catalog.js'
import type { LintFinding } from './types.js'

const ruleIds = Object.keys(LINT_RULES)

export const suppressionSchema = z
  .object({
    rule: z.string().refine(isLintRuleId, { message: `must be a lint rule id (${ruleIds.join(', ')})` }),
    file: z.string().min(1),
    sid: z.string().min(1).optional(),
    statement: z.number().int().positive().optional(),
    justification: z.string().trim().min(1, { message: 'a justification (why this finding is accepted) is required' })
  })
  .strict()

export const suppressionsFileSchema = z.object({ $schema: z.string().optional(), version: z.literal(1), suppressions: z.array(suppressionSchema) }).strict()

export type Suppression = z.infer<typeof suppressionSchema>

/** Parse a suppressions document (already JSON-parsed); bad entries are input errors naming the entry and field. */
export function parseSuppressions(document: unknown, file: string): Suppression[] {
  if (document !== null && typeof document === 'object' && !Array.isArray(document) && Array.isArray((document as { suppressions?: unknown }).suppressions)) {
    const entries = (document as { suppressions: unknown[] }).suppressions
    entries.forEach((entry, i) => {
      const justification = entry !== null && typeof entry === 'object' ? (entry as { justification?: unknown }).justification : undefined
      if (typeof justification !== 'string' || justification.trim() === '') {
        throw new XacctError('invalidInput', `suppressions file ${quoteValue(file)}: suppressions[${i}] has no justification; expected a "justification" saying why this finding is accepted.`, {
          field: '--suppressions'
        })
      }
    })
  }
  const parsed = suppressionsFileSchema.safeParse(document)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const where =
      issue.path.length > 0
        ? issue.path
            .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
            .join('')
            .replace(/^\./, '')
        : 'the document'
    throw new XacctError('invalidInput', `suppressions file ${quoteValue(file)}: ${where}: ${issue.message}; expected {"version": 1, "suppressions": [{"rule", "file", "sid"?, "statement"?, "justification"}]}.`, {
      field: '--suppressions'
    })
  }
  return parsed.data.suppressions
}

/** The suppression that covers a finding in a file, if any (files compared as given, after normalising `./` and `\`). */
export function suppressionFor(finding: LintFinding, file: string, suppressions: readonly Suppression[]): Suppression | undefined {
  const norm = (path: string) => path.replace(/\\/g, '/').replace(/^(\.\/)+/, '')
  return suppressions.find((s) => s.rule === finding.rule && norm(s.file) === norm(file) && (s.sid === undefined || s.sid === finding.statement?.sid) && (s.statement === undefined || s.statement === finding.statement?.index))
}
