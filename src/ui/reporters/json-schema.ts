/**
 * The shape of `verify --json`, as a zod schema: tests validate real outputs against it, and
 * schema/verify-output.schema.json is generated from it (output-schemas.ts). Keep in step with json.ts.
 */
import { z } from 'zod'

const status = z.enum(['pass', 'fail', 'warn', 'skip', 'pending'])
const counts = z.object({
  pass: z.number().int(),
  fail: z.number().int(),
  error: z.number().int(),
  warn: z.number().int(),
  skip: z.number().int(),
  pending: z.number().int(),
  /** Setups whose role nobody showed to exist (neither role-exists nor assume-role passed or failed): exit 1. */
  unproven: z.number().int(),
  total: z.number().int()
})

export const verifyCheckJsonSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/),
    title: z.string(),
    status,
    kind: z.enum(['check', 'error']).optional(),
    evidence: z.union([z.array(z.string()), z.record(z.string(), z.unknown())]),
    hint: z.string().optional(),
    durationMs: z.number().int().nonnegative()
  })
  .strict()
  .refine((c) => c.status === 'pass' || typeof c.hint === 'string', { message: 'every non-pass carries a hint' })
  .refine((c) => (c.status === 'fail') === (c.kind !== undefined), { message: 'kind is set exactly on failures' })

export const verifyJsonSchema = z
  .object({
    setups: z.array(
      z
        .object({
          name: z.string(),
          roleArn: z.string().regex(/^arn:/),
          sessionName: z.string(),
          destinations: z
            .object({
              source: z.enum(['live', 'table', 'mixed']),
              fallback: z.array(z.object({ model: z.string(), reason: z.string() }).strict()),
              tableChecked: z.string().regex(/^\d{4}-\d{2}-\d{2}$/)
            })
            .strict()
            .optional(),
          checks: z.array(verifyCheckJsonSchema),
          counts,
          durationMs: z.number().int().nonnegative()
        })
        .strict()
    ),
    summary: counts.extend({ setups: z.number().int(), exitCode: z.union([z.literal(0), z.literal(1), z.literal(3)]), durationMs: z.number().int().nonnegative() }).strict()
  })
  .strict()
