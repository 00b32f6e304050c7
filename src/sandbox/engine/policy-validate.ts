/**
 * Policy documents submitted to IAM and STS, validated as AWS does on write: invalid JSON or a
 * wrong shape → MalformedPolicyDocument; trust policies also need valid, existing principals
 * (`Invalid principal in policy: "AWS":"…"`) and no Resource element.
 */
import type { PolicyDocument } from '../../core/evaluate.js'
import { statementsOf } from '../../core/policy-document.js'
import { policyDocumentSchema } from '../world-schema.js'
import type { Store } from './store.js'
import { SandboxAwsError } from './types.js'

export function malformed(message: string): SandboxAwsError {
  return new SandboxAwsError('MalformedPolicyDocument', message, 400)
}

/** Parse and shape-check a policy document's text. */
export function parsePolicyText(text: string): PolicyDocument {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw malformed('This policy contains invalid Json')
  }
  const parsed = policyDocumentSchema.safeParse(value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const where = issue.path.length > 0 ? ` at ${issue.path.join('.')}` : ''
    throw malformed(`Syntax errors in policy${where}: ${issue.message}.`)
  }
  return parsed.data as PolicyDocument
}

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value])

/** Known web-identity providers that need no IAM OIDC provider resource. */
const BUILT_IN_FEDERATED = ['cognito-identity.amazonaws.com', 'accounts.google.com', 'graph.facebook.com', 'www.amazon.com']

function principalExists(state: Store, value: string): boolean {
  if (/^\d{12}$/.test(value) || value === '*') return true
  const match = /^arn:aws:(iam|sts)::(\d{12}):(.+)$/.exec(value)
  if (!match) return false
  const [, service, accountId, resource] = match as unknown as [string, string, string, string]
  const account = state.account(accountId)
  if (service === 'sts') return /^assumed-role\/[\w+=,.@-]+\/[\w+=,.@-]+$/.test(resource)
  if (resource === 'root') return true
  const typed = /^(user|role)\/(?:[\x21-\x7e]+\/)?[\w+=,.@-]+$/.exec(resource)
  if (!typed) return false
  // Principals in accounts outside the world cannot be checked; AWS would, but we accept them.
  if (!account) return true
  const name = resource.slice(resource.lastIndexOf('/') + 1)
  return typed[1] === 'user' ? state.getUser(accountId, name) !== undefined : state.getRole(accountId, name) !== undefined
}

function federatedExists(state: Store, value: string): boolean {
  if (BUILT_IN_FEDERATED.includes(value)) return true
  const match = /^arn:aws:iam::(\d{12}):(oidc-provider|saml-provider)\/(.+)$/.exec(value)
  if (!match) return false
  if (!state.account(match[1]!)) return true
  return match[2] === 'oidc-provider' && state.oidcProvider(match[1]!, match[3]!) !== undefined
}

/** A trust policy: shape, principals that exist, and no Resource element. */
export function parseTrustPolicyText(state: Store, text: string): PolicyDocument {
  const policy = parsePolicyText(text)
  for (const statement of statementsOf(policy)) {
    if (statement.Resource !== undefined || statement.NotResource !== undefined) throw malformed('Has prohibited field Resource')
    const principal = statement.Principal ?? statement.NotPrincipal
    if (principal === undefined) throw malformed('Missing required field Principal')
    if (principal === '*') continue
    if (typeof principal !== 'object' || principal === null) throw malformed(`Invalid principal in policy: ${JSON.stringify(principal)}`)
    for (const [kind, values] of Object.entries(principal as Record<string, unknown>)) {
      for (const value of asList(values)) {
        const text = String(value)
        const ok = kind === 'AWS' ? principalExists(state, text) : kind === 'Service' ? /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(text) : kind === 'Federated' ? federatedExists(state, text) : kind === 'CanonicalUser'
        if (!ok) throw malformed(`Invalid principal in policy: "${kind}":"${text}"`)
      }
    }
  }
  return policy
}
