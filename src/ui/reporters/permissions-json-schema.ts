/**
 * The shape of `permissions --json`, as a zod schema: tests validate real outputs against it and
 * schema/permissions-output.schema.json is generated from it (output-schemas.ts). Keep in step with
 * src/commands/permissions/index.ts.
 */
import { z } from 'zod'

const grant = z.object({ action: z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9*]+$/), resource: z.string(), neededBy: z.string() }).strict()
const policy = z
  .object({
    Version: z.literal('2012-10-17'),
    Statement: z.array(z.object({ Sid: z.string(), Effect: z.literal('Allow'), Action: z.union([z.string(), z.array(z.string())]), Resource: z.string() }).strict())
  })
  .strict()

export const permissionsJsonSchema = z
  .object({
    version: z.literal(1),
    rows: z.array(
      z
        .object({
          command: z.enum(['verify', 'init', 'explain', 'trail']),
          option: z.string(),
          summary: z.string(),
          statements: z.array(
            z
              .object({
                holder: z.enum(['caller', 'role', 'target-reader', 'target-admin', 'source-admin', 'source-reader']),
                account: z.enum(['source', 'target']),
                accountId: z
                  .string()
                  .regex(/^\d{12}$/)
                  .optional(),
                principal: z.string(),
                grants: z.array(grant),
                policy
              })
              .strict()
          )
        })
        .strict()
    )
  })
  .strict()
