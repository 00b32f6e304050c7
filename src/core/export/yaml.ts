/**
 * A small YAML emitter for CloudFormation templates: block mappings and sequences, every string
 * double-quoted (JSON string syntax is valid YAML, so no value can be misread as a number, a
 * boolean or a tag). Only JSON-compatible values; intrinsic functions use their long `Fn::` form.
 */

const PLAIN_KEY = /^[A-Za-z][A-Za-z0-9_]*$/

function key(text: string): string {
  return PLAIN_KEY.test(text) ? text : JSON.stringify(text)
}

function isCollection(value: unknown): value is object {
  return typeof value === 'object' && value !== null && (Array.isArray(value) ? value.length > 0 : Object.keys(value).length > 0)
}

function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return Array.isArray(value) ? '[]' : '{}'
}

function lines(value: unknown, indent: string): string[] {
  if (Array.isArray(value)) {
    return value.flatMap((item) => {
      if (!isCollection(item)) return [`${indent}- ${scalar(item)}`]
      const nested = lines(item, `${indent}  `)
      // The first line of a nested block moves up beside the dash: "- Key: value".
      return [`${indent}- ${nested[0]!.slice(indent.length + 2)}`, ...nested.slice(1)]
    })
  }
  return Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .flatMap(([k, v]) => (isCollection(v) ? [`${indent}${key(k)}:`, ...lines(v, `${indent}  `)] : [`${indent}${key(k)}: ${scalar(v)}`]))
}

/** Render a mapping as a YAML document (ends with a newline), after optional `#` comment lines. */
export function toYaml(document: Record<string, unknown>, comments: readonly string[] = []): string {
  const header = comments.map((c) => `# ${c}`.trimEnd())
  return `${[...header, ...lines(document, '')].join('\n')}\n`
}
