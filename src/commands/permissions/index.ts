/**
 * `bedrock-xacct permissions [command]`: the least IAM policy each command and option needs, per
 * principal and account, from the one table in src/core/permissions/table.ts (proved in the sandbox
 * by test/unit/permissions.test.ts). Placeholders are filled from --role-arn, --caller and --model.
 */
import { parsePrincipalArn, parseRoleArn } from '../../core/arn.js'
import { ExitCode, invalidInput } from '../../core/errors.js'
import type { PolicyDocument } from '../../core/evaluate.js'
import { fillPlaceholders, statementPolicy, type PermissionValues } from '../../core/permissions/policies.js'
import { PERMISSIONS, PERMISSION_COMMANDS, type PermissionGrant, type PermissionHolder, type PermissionRow } from '../../core/permissions/table.js'
import { checkModel, must } from '../../core/setup/validators.js'
import { painter } from '../../ui/reporters/human.js'
import type { CommandDeps, CommandResult } from '../deps.js'

export interface PermissionsOptions {
  command?: string | undefined
  option?: string | undefined
  roleArn?: string | undefined
  caller?: string | undefined
  model?: string | undefined
}

/** Version of the `permissions --json` document (schema/permissions-output.schema.json). */
export const PERMISSIONS_JSON_VERSION = 1

export interface PermissionsReport {
  version: typeof PERMISSIONS_JSON_VERSION
  rows: {
    command: string
    option: string
    summary: string
    statements: { holder: PermissionHolder; account: 'source' | 'target'; accountId?: string; principal: string; grants: PermissionGrant[]; policy: PolicyDocument }[]
  }[]
}

function valuesOf(options: PermissionsOptions): PermissionValues {
  const values: PermissionValues = {}
  if (options.roleArn !== undefined) {
    const role = parseRoleArn('--role-arn', options.roleArn)
    Object.assign(values, { ROLE_ARN: role.arn, TARGET: role.accountId, PARTITION: role.partition })
  }
  if (options.caller !== undefined) {
    const caller = parsePrincipalArn(options.caller)
    if (!caller || (caller.kind !== 'user' && caller.kind !== 'role')) throw invalidInput('--caller', options.caller, 'an IAM user or role ARN, e.g. arn:aws:iam::111111111111:user/app')
    Object.assign(values, { SOURCE: caller.accountId, CALLER_NAME: caller.name, PARTITION: values.PARTITION ?? caller.partition })
  }
  if (options.model !== undefined) {
    must('--model', options.model, checkModel(options.model))
    values.MODEL_ID = options.model.trim()
  }
  return values
}

function selectRows(options: PermissionsOptions): readonly PermissionRow[] {
  let rows = PERMISSIONS
  if (options.command !== undefined) {
    if (!PERMISSION_COMMANDS.includes(options.command as PermissionRow['command'])) throw invalidInput('command', options.command, `one of ${PERMISSION_COMMANDS.join(', ')}`)
    rows = rows.filter((row) => row.command === options.command)
  }
  if (options.option !== undefined) {
    const options_ = rows.map((row) => row.option)
    rows = rows.filter((row) => row.option === options.option)
    if (rows.length === 0) throw invalidInput('--option', options.option, `one of ${options_.map((o) => JSON.stringify(o)).join(', ')}`)
  }
  return rows
}

export async function runPermissions(options: PermissionsOptions, deps: CommandDeps): Promise<CommandResult<PermissionsReport>> {
  const values = valuesOf(options)
  const rows = selectRows(options)
  const report: PermissionsReport = {
    version: PERMISSIONS_JSON_VERSION,
    rows: rows.map((row) => ({
      command: row.command,
      option: row.option,
      summary: row.summary,
      statements: row.statements.map((s) => {
        const accountId = s.account === 'target' ? values.TARGET : values.SOURCE
        return { holder: s.holder, account: s.account, ...(accountId ? { accountId } : {}), principal: s.principal, grants: s.grants.map((g) => ({ ...g, resource: fillPlaceholders(g.resource, values) })), policy: statementPolicy(s, values) }
      })
    }))
  }
  if (deps.global.json) {
    deps.io.out(JSON.stringify(report))
  } else {
    const c = painter(deps.io.color)
    const text: string[] = []
    for (const row of report.rows) {
      text.push(c.bold(`${row.command}${row.option ? ` ${row.option}` : ''}`) + ` — ${row.summary}`)
      for (const s of row.statements) {
        text.push(`  In the ${s.account} account${s.accountId ? ` ${s.accountId}` : ''}, for ${s.principal}:`)
        text.push(JSON.stringify(s.policy, null, 2).replace(/^/gm, '    '))
        const byNeed = new Map<string, string[]>()
        for (const g of s.grants) byNeed.set(g.neededBy, [...(byNeed.get(g.neededBy) ?? []), g.action])
        for (const [need, actions] of byNeed) text.push(c.dim(`    ${actions.join(', ')} → ${need}`))
      }
      text.push('')
    }
    deps.io.out(text.join('\n').trimEnd())
  }
  return { exitCode: ExitCode.ok, result: report }
}
