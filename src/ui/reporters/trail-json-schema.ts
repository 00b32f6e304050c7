/**
 * The shape of `trail --json`, as a zod schema: tests validate real outputs against it and
 * schema/trail-output.schema.json is generated from it (output-schemas.ts). With `--follow`, each
 * line printed is one `events` item (trailEventJsonSchema). Keep in step with
 * src/commands/trail/render.ts.
 */
import { z } from 'zod'

const maybe = z.string().optional()

export const trailEventJsonSchema = z
  .object({
    eventTime: z.iso.datetime(),
    eventName: z.string(),
    eventSource: z.string(),
    region: z.string(),
    account: maybe,
    principal: maybe,
    sourceIPAddress: maybe,
    target: maybe,
    roleSessionName: maybe,
    errorCode: maybe,
    errorMessage: maybe,
    eventId: z.string(),
    sharedEventID: maybe,
    side: z.enum(['target', 'source']),
    verifyProbe: z.literal(true).optional().describe("one of bedrock-xacct verify's own AssumeRole probes, refused on purpose (its session name ends in -noextid, -wrongextid, -longextid or -shortextid); --errors leaves them out")
  })
  .strict()

export const trailJsonSchema = z
  .object({
    version: z.literal(1),
    roleArn: z.string().regex(/^arn:/),
    window: z.object({ start: z.iso.datetime(), end: z.iso.datetime() }).strict(),
    searched: z.array(
      z
        .object({
          account: z.string(),
          side: z.enum(['target', 'source']),
          region: z.string(),
          query: z.string(),
          pages: z.number().int().nonnegative(),
          truncated: z.boolean(),
          error: z.string().optional()
        })
        .strict()
    ),
    events: z.array(trailEventJsonSchema),
    notes: z.array(z.string())
  })
  .strict()
