/**
 * One redaction pass over a report before any reporter sees it: every occurrence of a secret value
 * (the setups' ExternalIds, unless --show-secrets) inside a string value becomes `<redacted>`,
 * however deeply nested. Keys are never rewritten: they are the report's structure, which a short
 * secret (`id`) would corrupt (issue 17); no key of ours carries a secret. Credentials never reach
 * a report at all (checks keep them out of evidence).
 */

export const REDACTED = '<redacted>'

export function redactSecrets<T>(value: T, secrets: readonly string[]): T {
  const active = [...new Set(secrets.filter((s) => s.length > 0))].sort((a, b) => b.length - a.length)
  if (active.length === 0) return value
  const scrub = (text: string): string => active.reduce((acc, secret) => acc.split(secret).join(REDACTED), text)
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return scrub(node)
    if (Array.isArray(node)) return node.map(walk)
    if (node instanceof Date) return node
    if (node && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, walk(child)]))
    }
    return node
  }
  return walk(value) as T
}
