/**
 * The config file's schema, in zod: the one source of truth for validating `bedrock-xacct.json`
 * and for the JSON Schema shipped in `schema/bedrock-xacct.schema.json` (generated from this by
 * `schema.test.ts`, which also fails when the shipped file is out of date). Structural checks and
 * simple patterns live here; the semantic checks (known region, public CIDR, account consistency)
 * run in resolution with the same validators as flags, so every source gets the same messages.
 */
import { z } from 'zod'
import { SESSION_DURATION } from './model.js'
import { EXPECTED, EXTERNAL_ID_PATTERN, NAME_PART_PATTERN, SETUP_NAME_PATTERN } from './validators.js'

/** Where editors fetch the schema from; the file is also in the npm package under schema/. */
export const SCHEMA_URL = 'https://unpkg.com/bedrock-xacct/schema/bedrock-xacct.schema.json'

const accountId = z.string().regex(/^\d{12}$/, { message: EXPECTED.accountId })
const duration = z.number().int().min(SESSION_DURATION.min, { message: EXPECTED.duration }).max(SESSION_DURATION.max, { message: EXPECTED.duration })
const stringList = z.array(z.string().min(1))

/** The object forms of `caller` (the string forms are parsed by caller.ts). */
export const CALLER_OBJECT = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('account') }).strict().describe('arn:aws:iam::SOURCE:root: any principal of the source account whose own policy allows it'),
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
      groups: stringList
        .optional()
        .describe('allowed groups claim patterns (ForAnyValue:StringLike: the token must carry at least one); only for providers whose groups claim AWS exposes as a condition key')
    })
    .strict()
])

/** The fields of one setup in the config file (all optional here: flags and env may complete them). */
export const setupEntrySchema = z
  .object({
    name: z.string().regex(SETUP_NAME_PATTERN, { message: EXPECTED.setupName }).optional().describe('unique setup name (default: <targetAccountId>-<useCase|roleName>)'),
    sourceAccountId: accountId.optional().describe('account A, where the caller runs'),
    caller: z
      .union([z.string().describe('root | role or user ARN | service:NAME | oidc:HOST'), CALLER_OBJECT])
      .optional()
      .describe('who in the source account may assume the role (default: root)'),
    targetAccountId: accountId.optional().describe('account B, where the role and Bedrock live'),
    roleArn: z.string().optional().describe('the access role ARN (gives targetAccountId, roleName and rolePath)'),
    roleName: z.string().optional().describe('the access role name (default: from the naming convention, or BedrockAccessRole)'),
    rolePath: z.string().optional().describe('the access role path (default /)'),
    permissionsPolicyName: z.string().optional(),
    sourcePolicyName: z.string().optional(),
    region: z.string().optional().describe('the Bedrock region the caller calls'),
    models: stringList.optional().describe('model ids, inference profile ids (us., eu., apac., global.) or application inference profile ARNs'),
    useCase: z.string().regex(NAME_PART_PATTERN, { message: EXPECTED.namePart }).optional(),
    orgPrefix: z.string().regex(NAME_PART_PATTERN, { message: EXPECTED.namePart }).optional(),
    layer: z.string().regex(NAME_PART_PATTERN, { message: EXPECTED.namePart }).optional().describe('naming-convention layer, e.g. Prod'),
    externalId: z.string().regex(EXTERNAL_ID_PATTERN, { message: EXPECTED.externalId }).optional().describe('required sts:ExternalId'),
    maxSessionDurationSeconds: duration.optional().describe('the role\'s MaxSessionDuration (default 3600)'),
    sessionDurationSeconds: duration.optional().describe('DurationSeconds that verify requests (default 900)'),
    sourceIpCidrs: stringList.optional().describe('allowed public aws:SourceIp CIDRs'),
    marketplace: z.boolean().optional().describe('add aws-marketplace:ViewSubscriptions/Subscribe'),
    streaming: z.boolean().optional().describe('allow InvokeModelWithResponseStream (default true)'),
    cloudTrailLookup: z.boolean().optional().describe('allow cloudtrail:LookupEvents so verify can read the trail through the role')
  })
  .strict()
  .meta({ id: 'Setup', description: 'one cross-account setup: a role in the target account that a caller in the source account may assume' })

export type SetupEntry = z.infer<typeof setupEntrySchema>

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
