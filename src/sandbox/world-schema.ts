/**
 * The zod schema of a sandbox world file (the `WorldFile` type in contract.ts). The JSON Schema in
 * schema/sandbox-world.schema.json is generated from it (`worldJsonSchema()`), and a unit test keeps
 * the committed file up to date.
 */
import { z } from 'zod'
import type { WorldFile } from './world-types.js'

const conditionValue = z.union([z.string(), z.array(z.string()), z.boolean(), z.number()])

const statement = z
  .object({
    Sid: z.string().optional(),
    Effect: z.enum(['Allow', 'Deny']),
    Principal: z.unknown().optional(),
    NotPrincipal: z.unknown().optional(),
    Action: z.union([z.string(), z.array(z.string())]).optional(),
    NotAction: z.union([z.string(), z.array(z.string())]).optional(),
    Resource: z.union([z.string(), z.array(z.string())]).optional(),
    NotResource: z.union([z.string(), z.array(z.string())]).optional(),
    Condition: z.record(z.string(), z.record(z.string(), conditionValue)).optional()
  })
  .refine((s) => s.Action !== undefined || s.NotAction !== undefined, { message: 'a statement needs Action or NotAction' })

export const policyDocumentSchema = z.object({
  Version: z.string().optional(),
  Id: z.string().optional(),
  Statement: z.union([statement, z.array(statement)])
})

const policyName = z.string().regex(/^[\w+=,.@-]{1,128}$/, 'a policy name of 1-128 characters [A-Za-z0-9+=,.@_-]')
const namedPolicy = z.object({ name: policyName, document: policyDocumentSchema })

const iamName = z.string().regex(/^[\w+=,.@-]{1,64}$/, 'an IAM name of 1-64 characters [A-Za-z0-9+=,.@_-]')
const iamPath = z.string().regex(/^\/([\x21-\x7e]+\/)*$/, 'an IAM path like / or /team/')
const ipAddress = z.union([z.ipv4(), z.ipv6()], { error: 'an IPv4 or IPv6 address' })
const policyArn = z.string().regex(/^arn:aws:iam::(aws|\d{12}):policy\/([\x21-\x7e]+\/)*[\w+=,.@-]+$/, 'a managed policy ARN like arn:aws:iam::aws:policy/ReadOnlyAccess')

const user = z.object({
  name: iamName,
  path: iamPath.optional(),
  accessKeys: z.array(
    z.object({
      accessKeyId: z.string().regex(/^AKIA[A-Z0-9]{16}$/, 'an access key id of AKIA and 16 upper-case letters or digits'),
      secretAccessKey: z.string().regex(/^[A-Za-z0-9/+]{40}$/, 'a 40-character secret access key')
    })
  ),
  sourceIp: ipAddress,
  inlinePolicies: z.array(namedPolicy).optional(),
  attachedPolicies: z.array(policyArn).optional(),
  permissionsBoundary: policyArn.optional()
})

const role = z.object({
  name: iamName,
  path: iamPath.optional(),
  trustPolicy: policyDocumentSchema,
  inlinePolicies: z.array(namedPolicy).optional(),
  attachedPolicies: z.array(policyArn).optional(),
  maxSessionDurationSeconds: z.number().int().min(3600, 'at least 3600 seconds').max(43200, 'at most 43200 seconds').optional(),
  description: z.string().max(1000).optional(),
  tags: z.record(z.string(), z.string()).optional(),
  permissionsBoundary: policyArn.optional()
})

const account = z.object({
  id: z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id'),
  alias: z.string().optional(),
  users: z.array(user),
  roles: z.array(role),
  policies: z.array(z.object({ name: policyName, path: iamPath.optional(), document: policyDocumentSchema })).optional(),
  oidcProviders: z
    .array(
      z.object({
        host: z.string().regex(/^[a-z0-9.-]+(\/[\x21-\x7e]+)*$/, 'an issuer host (and path) without https://'),
        audiences: z.array(z.string().min(1)).min(1),
        signingSecret: z.string().min(32, 'at least 32 characters (HS256 key)'),
        sourceIp: ipAddress
      })
    )
    .optional(),
  scps: z.array(namedPolicy).optional(),
  models: z.record(z.string().regex(/^(\*|[a-z]{2}(-[a-z]+)+-\d+)$/, 'a region name or *'), z.array(z.string().min(1)))
})

export const faultRuleSchema = z.object({
  service: z.enum(['sts', 'iam', 'bedrock', 'cloudtrail', '*']),
  operation: z.string().optional(),
  kind: z.enum(['throttle', 'error500', 'error503', 'latency', 'reset', 'malformed', 'empty']),
  rate: z.number().min(0).max(1).optional(),
  latencyMs: z.number().int().min(0).max(600_000).optional(),
  count: z.number().int().min(0).optional()
})

export const worldSchema = z.object({
  $schema: z.string().optional(),
  accounts: z.array(account).min(1),
  faults: z.array(faultRuleSchema).optional(),
  cloudTrailDelayMs: z.number().int().min(0).optional()
})

/** Compile-time proof that the schema produces the contract's WorldFile. */
export type WorldFromSchema = z.infer<typeof worldSchema>
const schemaMatchesContract = (world: WorldFromSchema): WorldFile => world
void schemaMatchesContract

/** The JSON Schema committed as schema/sandbox-world.schema.json. */
export function worldJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(worldSchema, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://github.com/bedrock-xacct/bedrock-xacct/schema/sandbox-world.schema.json',
    title: 'bedrock-xacct sandbox world'
  }
}
