/**
 * The shape of `lint --json` (and `init --check --json`'s `lint`), as a zod schema: tests validate
 * real outputs against it and schema/lint-output.schema.json is generated from it
 * (output-schemas.ts). Keep in step with src/core/lint/report.ts.
 */
import { z } from 'zod'
import { LINT_RULES } from '../../core/lint/rule-catalog.js'

const ruleId = z.enum(Object.keys(LINT_RULES) as [keyof typeof LINT_RULES, ...(keyof typeof LINT_RULES)[]])
const region = z.object({ startLine: z.number().int().positive(), startColumn: z.number().int().positive(), endLine: z.number().int().positive(), endColumn: z.number().int().positive() }).strict()

const findingFields = {
  rule: ruleId,
  severity: z.enum(['error', 'warning']),
  statement: z.object({ index: z.number().int().positive(), sid: z.string().optional() }).strict().optional(),
  message: z.string(),
  fix: z.string(),
  location: region.optional()
}

export const lintFindingJsonSchema = z.object(findingFields).strict()

export const lintJsonSchema = z
  .object({
    version: z.literal(1),
    files: z.array(
      z
        .object({
          file: z.string(),
          kind: z.enum(['trust', 'permissions', 'identity']),
          findings: z.array(lintFindingJsonSchema),
          suppressed: z.array(z.object({ ...findingFields, justification: z.string().min(1) }).strict())
        })
        .strict()
    ),
    errors: z.number().int().nonnegative(),
    warnings: z.number().int().nonnegative(),
    suppressed: z.number().int().nonnegative()
  })
  .strict()
