/**
 * Redaction for plans and reports (issue 4): the ExternalId is a shared secret between the two
 * accounts' admins, so plans show only its first characters and length unless `--show-secrets`.
 */

/** Characters of a secret shown before the ellipsis; enough to tell two ids apart, not to use one. */
export const REDACTED_PREFIX_LENGTH = 2

/** `ab…(36 chars)`. */
export function redactSecret(value: string): string {
  return `${value.slice(0, REDACTED_PREFIX_LENGTH)}…(${value.length} chars)`
}

/** Condition keys whose values are secrets. Compared case-insensitively, as IAM does. */
const SECRET_CONDITION_KEYS = new Set(['sts:externalid'])

/**
 * A deep copy of a policy document (or any JSON) with the values of secret condition keys
 * redacted, and any other occurrence of the given secrets too (e.g. inside a summary value).
 */
export function redactDocument<T>(value: T, secrets: readonly string[] = []): T {
  const known = secrets.filter((secret) => secret.length > 0)
  const walk = (node: unknown, secretContext: boolean): unknown => {
    if (typeof node === 'string') return secretContext || known.includes(node) ? redactSecret(node) : node
    if (Array.isArray(node)) return node.map((item) => walk(item, secretContext))
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node as Record<string, unknown>).map(([key, child]) => [key, walk(child, secretContext || SECRET_CONDITION_KEYS.has(key.toLowerCase()))]))
    }
    return node
  }
  return walk(value, false) as T
}
