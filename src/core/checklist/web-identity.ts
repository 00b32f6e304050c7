/**
 * An OIDC caller's token, as verify uses it: the token itself (sent to AssumeRoleWithWebIdentity,
 * a bearer secret that is never printed) and the claims AWS turns into condition keys, read from the
 * token without verifying its signature (STS verifies it; verify only needs to know what the token
 * says, to evaluate the trust policy with the same `<host>:sub` / `:aud` / `:amr` keys STS sets).
 */
import { decodeJwt } from 'jose'
import { invalidInput } from '../errors.js'
import type { CallerPrincipal, Setup } from '../setup/model.js'
import { awsCallersOf, oidcCallerOf as oidcCallerOfCallers } from '../setup/caller.js'

export interface WebIdentityClaims {
  /** `iss`, e.g. `https://token.actions.githubusercontent.com`. */
  issuer: string
  /** The issuer without `https://` (and a trailing `/`): the prefix of its condition keys. */
  host: string
  subject: string | undefined
  /** `aud`, always as a list (a JWT may carry one or several). */
  audiences: string[]
  /** `groups` (a multi-valued claim), when the token carries it. */
  groups: string[] | undefined
  amr: string[] | undefined
  expiresAt: Date | undefined
}

export interface WebIdentityToken {
  token: string
  /** Where the token came from, for evidence: `--web-identity-token-file PATH` or `AWS_WEB_IDENTITY_TOKEN_FILE (PATH)`. */
  source: string
  claims: WebIdentityClaims
}

const strings = (value: unknown): string[] | undefined => (Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : undefined)

/** The claims of a JWT; throws a usage error naming `field` when the text is no JWT. */
export function decodeWebIdentityToken(field: string, token: string): WebIdentityClaims {
  let payload: Record<string, unknown>
  try {
    payload = decodeJwt(token)
  } catch {
    throw invalidInput(field, '<token>', 'a file holding one OIDC token (a JWT: three base64url parts separated by dots)')
  }
  const issuer = typeof payload.iss === 'string' ? payload.iss : ''
  if (issuer === '') throw invalidInput(field, '<token>', 'an OIDC token with an issuer (iss claim)')
  return {
    issuer,
    host: issuer.replace(/^https:\/\//, '').replace(/\/$/, ''),
    subject: typeof payload.sub === 'string' ? payload.sub : undefined,
    audiences: strings(payload.aud) ?? [],
    groups: strings(payload.groups),
    amr: strings(payload.amr),
    expiresAt: typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : undefined
  }
}

/**
 * The condition keys STS sets from the token for an AssumeRoleWithWebIdentity on a provider whose
 * host is `host` (docs/aws-facts.md `oidc.keys.generic`): `:sub`, `:aud` (the audience the provider
 * accepts; the token's first when none matches) and `:amr`. `groups` is included when the token has
 * it, so the trust's groups condition is judged on the token's own groups; AWS sets only the claims
 * it exposes for the provider, which the live call settles.
 */
export function webIdentityContext(claims: WebIdentityClaims, acceptedAudiences: readonly string[]): Record<string, string | string[]> {
  const context: Record<string, string | string[]> = {}
  const prefix = claims.host
  if (claims.subject !== undefined) context[`${prefix}:sub`] = claims.subject
  const audience = claims.audiences.find((a) => acceptedAudiences.includes(a)) ?? claims.audiences[0]
  if (audience !== undefined) context[`${prefix}:aud`] = audience
  if (claims.amr !== undefined) context[`${prefix}:amr`] = claims.amr
  if (claims.groups !== undefined) context[`${prefix}:groups`] = claims.groups
  return context
}

/**
 * The OIDC caller verify proves the setup as: the setup's OIDC caller when no caller of account A is
 * there (a principal of A is proven with A's credentials, which verify has; a token only when given one).
 */
export function oidcCallerOf(setup: Setup): Extract<CallerPrincipal, { kind: 'oidc' }> | undefined {
  return awsCallersOf(setup.callers).length === 0 ? oidcCallerOfCallers(setup.callers) : undefined
}

/** What verify says when an OIDC setup has no token: the call is not made, and why. */
export const NO_WEB_IDENTITY_TOKEN = 'no web identity token (pass --web-identity-token-file PATH, or set AWS_WEB_IDENTITY_TOKEN_FILE as the SDK reads it): AssumeRoleWithWebIdentity was not called'

/** Thrown by the facts when an OIDC setup's live call cannot be made; never an AWS error, never "denied". */
export class WebIdentityCallNotMade extends Error {
  constructor(reason = NO_WEB_IDENTITY_TOKEN) {
    super(reason)
    this.name = 'WebIdentityCallNotMade'
  }
}

export function isWebIdentityCallNotMade(error: unknown): error is WebIdentityCallNotMade {
  return error instanceof WebIdentityCallNotMade
}
