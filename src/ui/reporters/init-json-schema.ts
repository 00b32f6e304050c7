/**
 * The shape of `init --json` (without --apply: the documents built, self-checked and linted, and
 * with --out the files written), as a zod schema: tests validate real outputs against it, and
 * schema/init-output.schema.json is generated from it (output-schemas.ts). Keep in step with
 * src/commands/init/index.ts (`jsonResult`); bump INIT_JSON_VERSION there on a breaking change.
 */
import { z } from 'zod'

/** The `version` field (src/commands/init/index.ts: INIT_JSON_VERSION). */
const version = z.literal(1)

/** An IAM policy document as the tool writes it (Version 2012-10-17, a non-empty Statement list). */
const policyDocument = z
  .object({
    Version: z.literal('2012-10-17'),
    Statement: z
      .array(
        z
          .object({
            Sid: z.string().optional(),
            Effect: z.enum(['Allow', 'Deny']),
            Principal: z.unknown().optional(),
            Action: z.union([z.string(), z.array(z.string())]),
            Resource: z.union([z.string(), z.array(z.string())]).optional(),
            Condition: z.record(z.string(), z.record(z.string(), z.unknown())).optional()
          })
          .strict()
      )
      .min(1)
  })
  .strict()

const finding = z
  .object({
    rule: z.string(),
    severity: z.enum(['error', 'warning']),
    statement: z.object({ index: z.number().int().positive(), sid: z.string().optional() }).strict().optional(),
    message: z.string(),
    fix: z.string()
  })
  .strict()

const setupDocument = z
  .object({
    name: z.string(),
    roleArn: z.string().regex(/^arn:/),
    setup: z
      .object({
        name: z.string(),
        sourceAccountId: z.string().regex(/^\d{12}$/),
        targetAccountId: z.string().regex(/^\d{12}$/),
        roleName: z.string(),
        region: z.string(),
        models: z.array(z.string()).min(1),
        callers: z
          .array(z.object({ kind: z.enum(['account', 'role', 'user', 'service', 'oidc']) }).loose())
          .min(1)
          .describe('every caller the trust admits (several kinds in one trust); `caller` repeats the only one when there is exactly one, for older readers'),
        caller: z
          .object({ kind: z.enum(['account', 'role', 'user', 'service', 'oidc']) })
          .loose()
          .optional()
      })
      .loose()
      .describe('the resolved setup (every field of the config file, defaults filled in)'),
    trustPolicy: policyDocument,
    permissionsPolicy: policyDocument,
    sourcePolicy: policyDocument,
    selfCheck: z
      .object({
        ok: z.boolean(),
        cases: z.array(z.object({ id: z.string(), description: z.string(), expected: z.enum(['allow', 'deny']), actual: z.enum(['allow', 'deny']), ok: z.boolean(), detail: z.string().optional() }).strict())
      })
      .strict(),
    lint: z.object({ trustPolicy: z.array(finding), permissionsPolicy: z.array(finding), sourcePolicy: z.array(finding) }).strict(),
    destinations: z
      .object({
        source: z.enum(['live', 'table', 'mixed']),
        fallback: z.array(z.object({ model: z.string(), reason: z.string() }).strict()),
        tableChecked: z.string().regex(/^\d{4}-\d{2}-\d{2}$/)
      })
      .strict()
      .optional()
      .describe('only when the setup names an inference profile: whether its destinations were read from Bedrock (GetInferenceProfile) or the static table checked on tableChecked, and why')
  })
  .strict()

/** `init --json` (and `init --out <dir> --json`, which adds the files written). */
export const initJsonSchema = z
  .object({
    version,
    setups: z.array(setupDocument).min(1),
    written: z.array(z.string()).optional().describe('with --out: the files written')
  })
  .strict()
