/**
 * Loading a world: parse JSON, validate against the zod schema, then check what a schema cannot
 * (unique account ids and access keys, policy ARNs that resolve). Every problem is one line naming
 * the path inside the file, e.g. `world.json accounts[0].users[1].sourceIp "abc" is invalid: …`.
 */
import { readFile } from 'node:fs/promises'
import { XacctError, errorDetail, invalidInput } from '../core/errors.js'
import type { WorldFile } from './world-types.js'
import { worldSchema } from './world-schema.js'

/** AWS-managed policies the sandbox knows; any other `arn:aws:iam::aws:policy/…` is rejected. */
export const AWS_MANAGED_POLICY_NAMES = ['AdministratorAccess', 'ReadOnlyAccess'] as const

function pathLabel(path: readonly PropertyKey[]): string {
  let label = ''
  for (const key of path) label += typeof key === 'number' ? `[${key}]` : label === '' ? String(key) : `.${String(key)}`
  return label === '' ? '(top level)' : label
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = input
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined
    value = (value as Record<PropertyKey, unknown>)[key as string]
  }
  return value
}

/** Validate a parsed world; `source` names the file in messages. Throws a one-line XacctError. */
export function validateWorld(input: unknown, source = 'world'): WorldFile {
  const parsed = worldSchema.safeParse(input)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const value = valueAt(input, issue.path)
    const expected = issue.message
      .replace(/^Invalid input: /, '')
      .replace(/^expected /, '')
      .replace(/\.$/, '')
    throw invalidInput(`${source} ${pathLabel(issue.path)}`, value === undefined ? '(missing)' : value, expected)
  }
  const world = parsed.data as WorldFile
  checkReferences(world, source)
  return world
}

function checkReferences(world: WorldFile, source: string): void {
  const accountIds = new Set<string>()
  const keyIds = new Set<string>()
  world.accounts.forEach((account, a) => {
    if (accountIds.has(account.id)) throw invalidInput(`${source} accounts[${a}].id`, account.id, 'an account id not used by another account')
    accountIds.add(account.id)
    const customer = new Set((account.policies ?? []).map((p) => `arn:aws:iam::${account.id}:policy${p.path ?? '/'}${p.name}`))
    const checkArn = (field: string, arn: string) => {
      const awsName = /^arn:aws:iam::aws:policy\/(.+)$/.exec(arn)?.[1]
      if (awsName !== undefined ? !(AWS_MANAGED_POLICY_NAMES as readonly string[]).includes(awsName) : !customer.has(arn)) {
        throw invalidInput(field, arn, `a policy defined in accounts[${a}].policies or one of arn:aws:iam::aws:policy/{${AWS_MANAGED_POLICY_NAMES.join(',')}}`)
      }
    }
    const names = new Set<string>()
    account.users.forEach((user, u) => {
      const at = `${source} accounts[${a}].users[${u}]`
      if (names.has(user.name.toLowerCase())) throw invalidInput(`${at}.name`, user.name, 'a user name unique in its account')
      names.add(user.name.toLowerCase())
      user.accessKeys.forEach((key, k) => {
        if (keyIds.has(key.accessKeyId)) throw invalidInput(`${at}.accessKeys[${k}].accessKeyId`, key.accessKeyId, 'an access key id not used elsewhere in the world')
        keyIds.add(key.accessKeyId)
      })
      user.attachedPolicies?.forEach((arn, p) => checkArn(`${at}.attachedPolicies[${p}]`, arn))
      if (user.permissionsBoundary) checkArn(`${at}.permissionsBoundary`, user.permissionsBoundary)
    })
    const roleNames = new Set<string>()
    account.roles.forEach((role, r) => {
      const at = `${source} accounts[${a}].roles[${r}]`
      if (roleNames.has(role.name.toLowerCase())) throw invalidInput(`${at}.name`, role.name, 'a role name unique in its account')
      roleNames.add(role.name.toLowerCase())
      role.attachedPolicies?.forEach((arn, p) => checkArn(`${at}.attachedPolicies[${p}]`, arn))
      if (role.permissionsBoundary) checkArn(`${at}.permissionsBoundary`, role.permissionsBoundary)
    })
  })
}

/** Parse world JSON text (one-line error on bad JSON). */
export function parseWorld(text: string, source = 'world'): WorldFile {
  let input: unknown
  try {
    input = JSON.parse(text)
  } catch (error) {
    const reason = errorDetail(error)
    throw new XacctError('invalidInput', `${source} is not valid JSON: ${reason}.`, { field: source, hint: 'Check the file against schema/sandbox-world.schema.json.' })
  }
  return validateWorld(input, source)
}

/** Read and validate a world file. */
export async function loadWorldFile(path: string): Promise<WorldFile> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw invalidInput('--world', path, `a readable world JSON file (${code === 'ENOENT' ? 'no such file' : (code ?? 'unreadable')})`)
  }
  return parseWorld(text, `--world ${path}`)
}
