/**
 * Principal ARNs as they appear in AccessDenied messages: possibly with a redacted account
 * (`***`, `xxxxxxxxxxxx`, `<account-id>`), which `parsePrincipalArn` rightly rejects but `explain`
 * must tolerate.
 */
import type { ParsedPrincipal } from './types.js'

const PRINCIPAL_ARN = /^arn:([\w-]+):(iam|sts)::([^:]*):(.+)$/

/** Parse the principal named after `User:`; never throws. */
export function parseMessagePrincipal(text: string): ParsedPrincipal {
  const arn = text.replace(/[.,;]+$/, '')
  if (arn === 'anonymous') return { arn, kind: 'anonymous' }
  const match = PRINCIPAL_ARN.exec(arn)
  if (!match) return { arn, kind: 'unknown' }
  const [, partition, service, account, resource] = match as unknown as [string, string, string, string, string]
  const accountId = /^\d{12}$/.test(account) ? account : undefined
  const base = { arn, partition, accountId }
  if (service === 'iam') {
    if (resource === 'root') return { ...base, kind: 'root' }
    const [type, ...rest] = resource.split('/')
    const name = rest[rest.length - 1]
    if ((type === 'user' || type === 'role') && name) return { ...base, kind: type, name }
    return { ...base, kind: 'unknown' }
  }
  const [type, first, second] = resource.split('/')
  if (type === 'assumed-role' && first) {
    const roleArn = accountId ? `arn:${partition}:iam::${accountId}:role/${first}` : undefined
    return { ...base, kind: 'assumed-role', name: first, sessionName: second, roleArn }
  }
  if (type === 'federated-user' && first) return { ...base, kind: 'federated-user', name: first }
  return { ...base, kind: 'unknown' }
}
