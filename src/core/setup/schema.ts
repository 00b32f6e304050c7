/**
 * The config file's schema, in zod, derived from the setup field table (fields.ts: one optional
 * property per row with a config type): the one source of truth for validating `bedrock-xacct.json`
 * and for the JSON Schema shipped in `schema/bedrock-xacct.schema.json` (generated from this by
 * `schema.test.ts`, which also fails when the shipped file is out of date). Structural checks and
 * simple patterns live here; the semantic checks (known region, public CIDR, account consistency)
 * run in resolution with the same validators as flags, so every source gets the same messages.
 */
import { z } from 'zod'
import { SESSION_DURATION } from './model.js'
import { ROLE_MAX_SESSION_SECONDS } from '../aws-limits.js'
import type { ConfigType, FieldRow } from './field-types.js'
import { SETUP_FIELDS } from './fields.js'
import type { SetupFieldRow } from './fields.js'
import { EXPECTED, EXTERNAL_ID_PATTERN, NAME_PART_PATTERN, SETUP_NAME_PATTERN } from './validators.js'

/** Where editors fetch the schema from; the file is also in the npm package under schema/. */
export const SCHEMA_URL = 'https://unpkg.com/bedrock-xacct/schema/bedrock-xacct.schema.json'

const accountId = z.string().regex(/^\d{12}$/, { message: EXPECTED.accountId })
const duration = z.number().int().min(SESSION_DURATION.min, { message: EXPECTED.duration }).max(SESSION_DURATION.max, { message: EXPECTED.duration })
const maxSessionDuration = z.number().int().min(ROLE_MAX_SESSION_SECONDS.min, { message: EXPECTED.maxSessionDuration }).max(ROLE_MAX_SESSION_SECONDS.max, { message: EXPECTED.maxSessionDuration })
const stringList = z.array(z.string().min(1))

/** The object forms of `caller` (the string forms are parsed by caller.ts). */
export const CALLER_OBJECT = z.discriminatedUnion('kind', [
  z
    .object({ kind: z.literal('account') })
    .strict()
    .describe('arn:aws:iam::SOURCE:root: any principal of the source account whose own policy allows it'),
  z.object({ kind: z.literal('role'), arn: z.string().describe('role ARN in the source account') }).strict(),
  z.object({ kind: z.literal('user'), arn: z.string().describe('user ARN in the source account') }).strict(),
  z.object({ kind: z.literal('service'), services: stringList.min(1, { message: 'at least one service principal' }).describe('service principals, e.g. sagemaker.amazonaws.com') }).strict(),
  z
    .object({
      kind: z.literal('oidc'),
      providerHost: z.string().optional().describe('provider host, e.g. token.actions.githubusercontent.com'),
      providerArn: z.string().optional().describe('arn:aws:iam::TARGET:oidc-provider/HOST (alternative to providerHost)'),
      audiences: stringList.optional().describe('allowed aud values; default sts.amazonaws.com for GitHub Actions'),
      subjects: stringList.min(1, { message: 'at least one sub pattern' }).describe('allowed sub patterns (StringLike), e.g. repo:my-org/my-repo:ref:refs/heads/main'),
      groups: stringList.optional().describe('allowed groups claim patterns (ForAnyValue:StringLike: the token must carry at least one); only for providers whose groups claim AWS exposes as a condition key')
    })
    .strict()
])

/** One caller: a string form or an object form. */
const CALLER_ONE = z.union([z.string().describe('root | role or user ARN | service:NAME | oidc:HOST'), CALLER_OBJECT]).meta({ id: 'Caller' })

/** The zod type of each config type a row may declare. */
const CONFIG_TYPES = {
  string: () => z.string(),
  accountId: () => accountId,
  stringList: () => stringList,
  boolean: () => z.boolean(),
  duration: () => duration,
  maxSessionDuration: () => maxSessionDuration,
  caller: () => z.union([CALLER_ONE, z.array(CALLER_ONE).min(1, { message: 'at least one caller' }).describe('several callers of different kinds in one trust (at most one OIDC provider)')]),
  namePart: () => z.string().regex(NAME_PART_PATTERN, { message: EXPECTED.namePart }),
  externalId: () => z.string().regex(EXTERNAL_ID_PATTERN, { message: EXPECTED.externalId }),
  setupName: () => z.string().regex(SETUP_NAME_PATTERN, { message: EXPECTED.setupName })
} satisfies Record<ConfigType, () => z.ZodType>

/** One optional property per row with a config type (all optional here: flags and env may complete them). */
function entryShape(): Record<string, z.ZodType> {
  const shape: Record<string, z.ZodType> = {}
  for (const row of SETUP_FIELDS as readonly FieldRow[]) {
    if (row.config === undefined) continue
    const type = CONFIG_TYPES[row.config.type]().optional()
    shape[row.key] = row.config.describe === undefined ? type : type.describe(row.config.describe)
  }
  return shape
}

/** The raw type of a config entry, per row (what zod's inference would give for the derived shape). */
type ConfigValue<T extends ConfigType> = T extends 'stringList' ? string[] : T extends 'boolean' ? boolean : T extends 'duration' | 'maxSessionDuration' ? number : T extends 'caller' ? ConfigCaller | ConfigCaller[] : string
/** One caller as a config entry gives it. */
export type ConfigCaller = string | z.infer<typeof CALLER_OBJECT>
type ConfigRow = Extract<SetupFieldRow, { config: object }>
type EntryShape = { [R in ConfigRow as R['key']]?: ConfigValue<R['config']['type']> | undefined }

/** The fields of one setup in the config file, one per row of SETUP_FIELDS with a config type. */
export const setupEntrySchema = z.object(entryShape()).strict().meta({ id: 'Setup', description: 'one cross-account setup: a role in the target account that a caller in the source account may assume' })

/** A config entry as parsed (the schema above, typed per row). */
export type SetupEntry = EntryShape

/** The multi-setup form: shared defaults and one entry per target account × use case. */
export const setupListSchema = z
  .object({
    $schema: z.string().optional(),
    defaults: setupEntrySchema.optional().describe('fields shared by every setup (each setup may override them)'),
    setups: z.array(setupEntrySchema).min(1, { message: 'at least one setup' })
  })
  .strict()

/** A config file: one setup, or `{ setups: [...] }`. */
export const configFileSchema = z.union([setupListSchema, setupEntrySchema.extend({ $schema: z.string().optional() }).strict()])

/** The JSON Schema shipped in schema/bedrock-xacct.schema.json. */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configFileSchema, { io: 'input' }) as Record<string, unknown>
  return { ...schema, $id: SCHEMA_URL, title: 'bedrock-xacct configuration', description: 'One cross-account Bedrock setup, or a list of them (bedrock-xacct.json).' }
}
