/**
 * Whose identity policy a fix names: the principal's kind decides (issue 18). An IAM user's denial
 * is fixed in that user's policies, an assumed-role session's in its role's permissions policy, a
 * federated user's in the session policy and the IAM user that federated it.
 */
import { parseMessagePrincipal } from '../access-denied/principal.js'
import type { RequestFacts } from './request-facts.js'

/** "identity policy of IAM user alice in 111111111111", "permissions policy of role X in 222222222222", … */
export function identityPolicyWhere(f: RequestFacts, unknown = 'the denied principal'): string {
  if (!f.principalArn) return `identity policy of ${unknown}`
  const p = parseMessagePrincipal(f.principalArn)
  const inAccount = p.accountId ? ` in ${p.accountId}` : ''
  switch (p.kind) {
    case 'user':
      return `identity policy of IAM user ${p.name ?? f.principalArn}${inAccount} (its own policies or its groups')`
    case 'role':
    case 'assumed-role':
      return `permissions policy of role ${p.name ?? f.principalArn}${inAccount}`
    case 'federated-user':
      return `policies of the IAM user that federated ${p.name ?? f.principalArn}${inAccount}, and the session policy it passed`
    case 'root':
      return `SCPs of account ${p.accountId ?? '(redacted)'} (the root user has no identity policy)`
    default:
      return `identity policy of ${f.principalArn}`
  }
}
