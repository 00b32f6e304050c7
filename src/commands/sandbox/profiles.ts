/**
 * The shared credentials and config files the `sandbox` command writes: one profile per world
 * user with keys. The default world's three users get short names (sandbox-a-caller,
 * sandbox-a-admin, sandbox-b-admin); users of other worlds `sandbox-<account>-<user>`.
 */
import type { WorldFile } from '../../sandbox/world-types.js'
import { ACCOUNT_A, ACCOUNT_B } from '../../sandbox/worlds/default-world.js'

export interface SandboxProfile {
  name: string
  accountId: string
  arn: string
  accessKeyId: string
  secretAccessKey: string
}

const SHORT_NAMES: Record<string, string> = {
  [`${ACCOUNT_A}/app-caller`]: 'sandbox-a-caller',
  [`${ACCOUNT_A}/admin`]: 'sandbox-a-admin',
  [`${ACCOUNT_B}/admin`]: 'sandbox-b-admin'
}

/** The region profiles default to: where the default world enables Bedrock models. */
export const SANDBOX_REGION = 'us-east-1'

export function profilesOf(world: WorldFile): SandboxProfile[] {
  return world.accounts.flatMap((account) =>
    account.users.flatMap((user) => {
      const key = user.accessKeys[0]
      if (!key) return []
      const name = SHORT_NAMES[`${account.id}/${user.name}`] ?? `sandbox-${account.id}-${user.name}`
      return [{ name, accountId: account.id, arn: `arn:aws:iam::${account.id}:user${user.path ?? '/'}${user.name}`, accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey }]
    })
  )
}

export function credentialsFileText(profiles: SandboxProfile[]): string {
  return profiles.map((p) => `[${p.name}]\naws_access_key_id = ${p.accessKeyId}\naws_secret_access_key = ${p.secretAccessKey}\n`).join('\n')
}

export function configFileText(profiles: SandboxProfile[], endpoint: string): string {
  return profiles.map((p) => `[profile ${p.name}]\nregion = ${SANDBOX_REGION}\nendpoint_url = ${endpoint}\n`).join('\n')
}
