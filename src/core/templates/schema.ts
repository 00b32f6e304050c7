/**
 * The template file's schema (templates/*.json, issue 19): a one-line summary, the consumer it
 * hands files to, the setup fields it fills — the config file's own setup entry (setup/schema.ts,
 * derived from SETUP_FIELDS), so a template can say nothing a config file could not — and the
 * fields it leaves for the user to give (wizard question, or a required flag in CI). The shipped
 * JSON Schema (schema/template.schema.json) is generated from this by templates.test.ts.
 */
import { z } from 'zod'
import { CALLER_OBJECT, setupEntrySchema } from '../setup/schema.js'
import { SETUP_FIELDS } from '../setup/fields.js'

/** Where editors fetch the schema from; the file is also in the npm package under schema/. */
export const TEMPLATE_SCHEMA_URL = 'https://unpkg.com/bedrock-xacct/schema/template.schema.json'

/** A template's name: its file name without `.json` (what `init --template` takes). */
export const TEMPLATE_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/

/** Longest summary: `init --template list` prints one line per template. */
export const SUMMARY_MAX = 120

/**
 * One line of printable text: a template's words reach the terminal (the list, the wizard's
 * questions, the missing-flag error), and a file from anywhere must not bring control characters
 * or escape sequences (a cleared screen, a disguised hyperlink) with them.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const printableLine = z.string().regex(/^[^\u0000-\u001f\u007f-\u009f]+$/, { message: 'one line of printable text (no control characters)' })

/** The caller forms (the config's, one or several: the SageMaker guide trusts services and a role at once). */
const callerItem = z.union([z.string(), CALLER_OBJECT])

/** Fields a template may leave to the user: every row with a wizard question. */
const ASKABLE = SETUP_FIELDS.flatMap((row) => ('prompt' in row ? [row.key] : [])) as [string, ...string[]]

/** Who uses the role in the scenario: a proxy, a notebook, a CLI user, a third-party gateway, CI. */
export const CONSUMERS = ['proxy', 'notebook', 'cli', 'gateway', 'ci'] as const

const requirement = z
  .object({
    field: z.enum(ASKABLE).describe('the setup field the user must give (its flag is required without a terminal; the wizard asks it)'),
    expected: printableLine.describe('what to give, in words, e.g. "the proxy\'s ECS task role ARN in account A"'),
    callerKinds: z
      .array(z.enum(['account', 'role', 'user', 'service', 'oidc']))
      .min(1)
      .optional()
      .describe('for field "caller": the caller kinds this scenario accepts'),
    append: z.boolean().optional().describe('for field "caller": the user\'s callers are added to the template\'s, not put in their place')
  })
  .strict()

export const templateSchema = z
  .object({
    $schema: z.string().optional(),
    summary: printableLine.max(SUMMARY_MAX).describe('one line, shown by init --template list'),
    description: printableLine.optional().describe('what the scenario is and which guide it follows'),
    consumer: z.enum(CONSUMERS).describe('who uses the role (init --template list --json shows it)'),
    setup: setupEntrySchema
      .omit({ name: true, sourceAccountId: true, targetAccountId: true, roleArn: true })
      .extend({ caller: z.union([callerItem, z.array(callerItem).min(1)]).optional() })
      .strict()
      .describe("setup fields the template fills (as in bedrock-xacct.json; accounts and role ARN are always the user's)"),
    requires: z.array(requirement).default([]).describe('fields the user must give for this scenario')
  })
  .strict()
  .meta({ id: 'Template', description: 'a bedrock-xacct init template: one scenario of the guides' })

export type TemplateFile = z.infer<typeof templateSchema>
export type TemplateRequirement = z.infer<typeof requirement>

/** The JSON Schema shipped in schema/template.schema.json. */
export function templateJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(templateSchema, { io: 'input' }) as Record<string, unknown>
  return { ...schema, $id: TEMPLATE_SCHEMA_URL, title: 'bedrock-xacct init template', description: 'One scenario of the guides, for bedrock-xacct init --template (templates/*.json).' }
}

/** Version of `init --template list --json`; bump on a breaking change. */
export const TEMPLATE_LIST_JSON_VERSION = 1

/** `init --template list --json`: each template's name, summary and consumer. */
export const templateListJsonSchema = z
  .object({
    version: z.literal(TEMPLATE_LIST_JSON_VERSION),
    templates: z.array(z.object({ name: z.string().regex(TEMPLATE_NAME_PATTERN), summary: z.string(), consumer: z.enum(CONSUMERS) }).strict())
  })
  .strict()
