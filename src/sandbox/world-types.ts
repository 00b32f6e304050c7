/**
 * The world a sandbox starts from (a JSON file, schema-validated in world-schema.ts; the default
 * world ships in worlds/): accounts, users with access keys, roles, managed policies, OIDC
 * providers, SCPs, enabled models, and the wire layer's fault rules.
 */
import type { NamedPolicy, PolicyDocument } from '../core/evaluate.js'

// ─── The world (JSON file, schema-validated; the default world ships in src/sandbox/worlds/) ───

export interface WorldFile {
  /** Optional, for editors. */
  $schema?: string
  accounts: WorldAccount[]
  faults?: FaultRule[]
  /** Milliseconds before a CloudTrail event becomes visible to LookupEvents (default 0). */
  cloudTrailDelayMs?: number
}

export interface WorldAccount {
  id: string
  alias?: string
  users: WorldUser[]
  roles: WorldRole[]
  /** Managed policies owned by the account (customer-managed). */
  policies?: WorldManagedPolicy[]
  oidcProviders?: WorldOidcProvider[]
  /** SCPs applying to the account, root first. */
  scps?: NamedPolicy[]
  /** Model ids enabled (model access granted) per region; `*` as a region means every region. */
  models: Record<string, string[]>
}

export interface WorldUser {
  name: string
  path?: string
  /** Long-term keys: `AKIA…` ids with their secrets. */
  accessKeys: { accessKeyId: string; secretAccessKey: string }[]
  /** The public IP every request with this user's keys (and sessions derived from them) appears to come from. */
  sourceIp: string
  inlinePolicies?: NamedPolicy[]
  /** ARNs of managed policies (customer-managed in this account, or `arn:aws:iam::aws:policy/…` AdministratorAccess/ReadOnlyAccess). */
  attachedPolicies?: string[]
  permissionsBoundary?: string
}

export interface WorldRole {
  name: string
  path?: string
  trustPolicy: PolicyDocument
  inlinePolicies?: NamedPolicy[]
  attachedPolicies?: string[]
  maxSessionDurationSeconds?: number
  description?: string
  tags?: Record<string, string>
  permissionsBoundary?: string
}

export interface WorldManagedPolicy {
  name: string
  path?: string
  document: PolicyDocument
}

export interface WorldOidcProvider {
  /** Issuer host and path, e.g. `token.actions.githubusercontent.com`. */
  host: string
  audiences: string[]
  /** HMAC secret (HS256) tokens for this provider are signed with; tests sign with it via `jose`. */
  signingSecret: string
  /** Source IP of requests made with these tokens. */
  sourceIp: string
}

export type FaultService = 'sts' | 'iam' | 'bedrock' | 'cloudtrail'

export interface FaultRule {
  service: FaultService | '*'
  /** Operation name (`AssumeRole`, `Converse`, `LookupEvents`, …) or `*`. */
  operation?: string
  /** What happens. `empty` answers 200 with an empty body; `reset` destroys the socket; `malformed` answers 200 with garbage. */
  kind: 'throttle' | 'error500' | 'error503' | 'latency' | 'reset' | 'malformed' | 'empty'
  /** Share of matching calls affected, 0–1 (default 1). Deterministic: every round(1/rate)-th call. */
  rate?: number
  /** For `latency`: milliseconds added. */
  latencyMs?: number
  /** Apply to at most this many calls, then stop (default: unlimited). */
  count?: number
}
