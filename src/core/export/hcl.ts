/**
 * Render JSON values as HCL expressions for `jsonencode(...)` in Terraform: objects as `key = value`
 * lines, lists across lines, strings with Terraform's template sequences (`${`, `%{`) escaped so a
 * policy variable such as `${aws:username}` reaches IAM literally.
 */

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/

/** A quoted HCL string: JSON escapes (a subset of HCL's) plus `$${` and `%%{`. */
export function hclString(value: string): string {
  return JSON.stringify(value)
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, () => '%%{')
}

function hclKey(key: string): string {
  return IDENTIFIER.test(key) ? key : hclString(key)
}

/** Render a JSON-compatible value; nested lines are indented by two spaces from `indent`. */
export function hclValue(value: unknown, indent = ''): string {
  const inner = `${indent}  `
  if (value === null || value === undefined) return 'null'
  if (typeof value === 'string') return hclString(value)
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]'
    return `[\n${value.map((item) => `${inner}${hclValue(item, inner)}`).join(',\n')}\n${indent}]`
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined)
  if (entries.length === 0) return '{}'
  const width = Math.max(...entries.map(([k]) => hclKey(k).length))
  return `{\n${entries.map(([k, v]) => `${inner}${hclKey(k).padEnd(width)} = ${hclValue(v, inner)}`).join('\n')}\n${indent}}`
}
