/**
 * The shape of `explain --json` (one message) and `explain --from-trail --json`, as zod schemas:
 * tests validate real outputs against them, and schema/explain-output.schema.json is generated
 * from them (output-schemas.ts). Keep in step with src/commands/explain/render.ts (`toJson`) and
 * from-trail.ts; bump `version` there on a breaking change.
 */
import { z } from 'zod'
import { CAUSES } from '../../core/diagnose/causes.js'

/** The `version` field of explain's documents (src/commands/explain/render.ts: EXPLAIN_JSON_VERSION). */
const version = z.literal(1)

const causeIds = Object.keys(CAUSES) as [keyof typeof CAUSES, ...(keyof typeof CAUSES)[]]

const parsed = z
  .object({
    kind: z.enum(['not-authorized', 'bedrock-denial', 'validation', 'unrecognized']),
    message: z.string(),
    envelope: z.record(z.string(), z.unknown())
  })
  .loose()

const answers = z
  .object({
    side: z.enum(['source', 'target']).optional(),
    externalIdPassed: z.boolean().optional(),
    externalId: z.string().optional(),
    sourceIp: z.string().optional(),
    viaVpcEndpoint: z.boolean().optional(),
    region: z.string().optional(),
    chained: z.boolean().optional(),
    inferenceProfile: z.string().optional(),
    roleArn: z.string().optional(),
    sourceAccountId: z.string().optional()
  })
  .strict()

const condition = z.object({ operator: z.string(), key: z.string(), policyValues: z.array(z.string()), requestValue: z.string().optional(), neverSet: z.boolean().optional() }).strict()

const statement = z
  .object({
    layer: z.enum(['identity', 'trust', 'resource', 'scp', 'rcp', 'boundary', 'session', 'vpce']),
    policy: z.string(),
    statement: z.string(),
    effect: z.enum(['Allow', 'Deny']),
    outcome: z.enum(['denied', 'allow-not-matched', 'allowed']),
    principalMatch: z.string().optional(),
    actionMatch: z.boolean(),
    resourceMatch: z.boolean(),
    resourceMismatches: z.array(z.object({ pattern: z.string(), reason: z.string().optional() }).strict()),
    failedConditions: z.array(condition),
    matchedConditions: z.array(condition)
  })
  .strict()

const evaluation = z
  .object({
    label: z.string(),
    action: z.string(),
    resource: z.string(),
    context: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
    decision: z.enum(['Allowed', 'ImplicitlyDenied', 'ExplicitlyDenied']),
    statements: z.array(statement),
    ignoredContextKeys: z.array(z.string()),
    assumed: z.array(z.string())
  })
  .strict()

const candidate = z
  .object({
    cause: z.enum(causeIds),
    title: z.string(),
    confidence: z.enum(['certain', 'likely', 'possible']),
    evidence: z.array(z.string()),
    fix: z
      .object({
        account: z.enum(['source', 'target', 'management', 'client']),
        accountId: z.string().optional(),
        where: z.string(),
        action: z.string(),
        snippet: z.unknown().optional(),
        command: z.string().optional()
      })
      .strict()
  })
  .strict()

/** The fields of one explained message (shared by both documents). */
const diagnosisFields = {
  identified: z.boolean(),
  headline: z.enum(causeIds).optional().describe('the leading cause, when one is certain or likely'),
  action: z.string().optional().describe('the IAM action the failed operation needs (Converse → bedrock:InvokeModel), when the text names the call'),
  parsed,
  answers,
  candidates: z.array(candidate),
  evaluations: z.array(evaluation),
  notes: z.array(z.string()),
  asked: z.array(z.string()),
  fetched: z.array(z.string())
}

/** `explain --json <message>`. */
export const explainJsonSchema = z
  .object({ version, ...diagnosisFields })
  .strict()
  .refine((doc) => doc.identified === (doc.headline !== undefined), { message: 'headline is set exactly when a cause was identified' })

/** `explain --from-trail --json`: the denied calls CloudTrail holds, each explained. */
export const explainTrailJsonSchema = z
  .object({
    version,
    fromTrail: z.object({ region: z.string(), start: z.iso.datetime(), end: z.iso.datetime() }).strict(),
    events: z.array(
      z
        .object({
          eventId: z.string(),
          eventName: z.string(),
          eventTime: z.string(),
          account: z.enum(['source', 'target']),
          sourceIp: z.string().optional(),
          externalIdSent: z.boolean().optional(),
          version,
          ...diagnosisFields
        })
        .strict()
    ),
    notes: z.array(z.string())
  })
  .strict()

/** Either document explain prints with --json. */
export const explainOutputSchema = z.union([explainJsonSchema, explainTrailJsonSchema])
