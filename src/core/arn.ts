/**
 * ARNs, parsed properly: `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`. The resource part may itself
 * contain colons (`foundation-model/anthropic.claude-3-haiku-20240307-v1:0`), so we split on the
 * first five colons only.
 */
import { invalidInput } from './errors.js'

/** Partitions the tool accepts; each has its own ARNs, endpoints and regions. */
export const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov'] as const
export type Partition = (typeof PARTITIONS)[number]

export interface Arn {
  partition: Partition
  service: string
  region: string
  accountId: string
  resource: string
}

const ACCOUNT_ID = /^\d{12}$/

export function isAccountId(value: string): boolean {
  return ACCOUNT_ID.test(value)
}

/** Parse any ARN; undefined when it is not one. */
export function parseArn(text: string): Arn | undefined {
  const parts = text.split(':')
  if (parts.length < 6 || parts[0] !== 'arn') return undefined
  const [, partition, service, region, accountId] = parts as [string, string, string, string, string]
  if (!(PARTITIONS as readonly string[]).includes(partition)) return undefined
  if (!/^[a-z0-9-]+$/.test(service)) return undefined
  if (region !== '' && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) return undefined
  if (accountId !== '' && !ACCOUNT_ID.test(accountId)) return undefined
  const resource = parts.slice(5).join(':')
  if (resource === '') return undefined
  return { partition: partition as Partition, service, region, accountId, resource }
}

export function formatArn(arn: Arn): string {
  return `arn:${arn.partition}:${arn.service}:${arn.region}:${arn.accountId}:${arn.resource}`
}

/** The kinds of IAM/STS principal ARN the tool deals with. */
export type PrincipalArn =
  | { kind: 'root'; partition: Partition; accountId: string; arn: string }
  | { kind: 'role'; partition: Partition; accountId: string; name: string; path: string; arn: string }
  | { kind: 'user'; partition: Partition; accountId: string; name: string; path: string; arn: string }
  | { kind: 'assumed-role'; partition: Partition; accountId: string; roleName: string; sessionName: string; arn: string }
  | { kind: 'federated-user'; partition: Partition; accountId: string; name: string; arn: string }
  | { kind: 'oidc-provider'; partition: Partition; accountId: string; host: string; arn: string }

/** IAM names: 1–64 characters of `\w+=,.@-` (roles and users). */
const IAM_NAME = /^[\w+=,.@-]{1,64}$/
/** IAM paths: `/` or `/segment/…/`, printable ASCII without spaces. */
const IAM_PATH = /^\/([\x21-\x7e]+\/)*$/

export function isIamName(value: string): boolean {
  return IAM_NAME.test(value)
}

function splitPathAndName(rest: string): { path: string; name: string } | undefined {
  const slash = rest.lastIndexOf('/')
  const path = slash < 0 ? '/' : `/${rest.slice(0, slash + 1)}`
  const name = rest.slice(slash + 1)
  if (!IAM_NAME.test(name) || !IAM_PATH.test(path)) return undefined
  return { path, name }
}

/** Parse a principal ARN (root, role, user, assumed-role session, federated user, OIDC provider). */
export function parsePrincipalArn(text: string): PrincipalArn | undefined {
  const arn = parseArn(text)
  if (!arn || arn.region !== '' || arn.accountId === '') return undefined
  const { partition, accountId, resource } = arn
  const normalized = formatArn(arn)
  if (arn.service === 'iam') {
    if (resource === 'root') return { kind: 'root', partition, accountId, arn: normalized }
    const [type, ...restParts] = resource.split('/')
    const rest = restParts.join('/')
    if (type === 'role' || type === 'user') {
      const parsed = splitPathAndName(rest)
      if (!parsed) return undefined
      return { kind: type, partition, accountId, name: parsed.name, path: parsed.path, arn: normalized }
    }
    if (type === 'oidc-provider' && rest !== '') return { kind: 'oidc-provider', partition, accountId, host: rest, arn: normalized }
    return undefined
  }
  if (arn.service === 'sts') {
    const [type, first, second, ...extra] = resource.split('/')
    if (type === 'assumed-role' && first && second && extra.length === 0) {
      return { kind: 'assumed-role', partition, accountId, roleName: first, sessionName: second, arn: normalized }
    }
    if (type === 'federated-user' && first && second === undefined) {
      return { kind: 'federated-user', partition, accountId, name: first, arn: normalized }
    }
  }
  return undefined
}

export interface RoleArn {
  partition: Partition
  accountId: string
  path: string
  name: string
  arn: string
}

/**
 * Parse an IAM role ARN, with errors that say what was given instead: a user ARN, an assumed-role
 * session ARN, a missing account id, a bare name.
 */
export function parseRoleArn(field: string, text: string): RoleArn {
  const expected = 'an IAM role ARN like arn:aws:iam::222222222222:role/BedrockAccessRole'
  const principal = parsePrincipalArn(text)
  if (principal?.kind === 'role') {
    return { partition: principal.partition, accountId: principal.accountId, path: principal.path, name: principal.name, arn: principal.arn }
  }
  if (principal?.kind === 'user') {
    throw invalidInput(field, text, `${expected} (this is a user ARN: a user cannot be assumed)`)
  }
  if (principal?.kind === 'assumed-role') {
    const roleArn = `arn:${principal.partition}:iam::${principal.accountId}:role/${principal.roleName}`
    throw invalidInput(field, text, `${expected} (this is a session ARN; the role is probably ${roleArn})`)
  }
  if (principal) throw invalidInput(field, text, `${expected} (this is a ${principal.kind} ARN)`)
  if (/^arn:[^:]*:iam::(:|[^:]*:)role\//.test(text) && !/^arn:[^:]*:iam::\d{12}:/.test(text)) {
    throw invalidInput(field, text, `${expected} (the account id must be 12 digits)`)
  }
  if (isIamName(text)) throw invalidInput(field, text, `${expected} (this is a bare name; give the full ARN)`)
  throw invalidInput(field, text, expected)
}

export function roleArn(partition: Partition, accountId: string, roleName: string, path = '/'): string {
  return `arn:${partition}:iam::${accountId}:role${path}${roleName}`
}

export function accountRootArn(partition: Partition, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:root`
}
