/**
 * Render JSON values as HCL for Terraform: objects as `key = value` lines, lists across lines,
 * strings with Terraform's template sequences (`${`, `%{`) escaped so a policy variable such as
 * `${aws:username}` reaches IAM literally. Layout follows `terraform fmt` (issue 19: the files must
 * pass `terraform fmt -check`): the `=` of consecutive single-line attributes line up; an attribute
 * whose value spans lines, a comment or a blank line ends the run (hclwrite's alignment rule).
 */

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/

const RAW = Symbol('hcl expression')

/** An HCL expression written as is (a reference such as `var.external_id`), not as a string. */
export interface HclExpression {
  readonly [RAW]: string
}

export function hclExpression(text: string): HclExpression {
  return { [RAW]: text }
}

function isExpression(value: unknown): value is HclExpression {
  return typeof value === 'object' && value !== null && RAW in value
}

/** A quoted HCL string: JSON escapes (a subset of HCL's) plus `$${` and `%%{`. */
export function hclString(value: string): string {
  return JSON.stringify(value)
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, () => '%%{')
}

function hclKey(key: string): string {
  return IDENTIFIER.test(key) ? key : hclString(key)
}

/**
 * `key = value` lines, `=` aligned across each run of single-line values as `terraform fmt`
 * aligns them; a plain string entry is a line of its own (a comment, a nested block, a blank
 * line) and ends the run.
 */
function alignedLines(entries: readonly ([string, string] | string)[], indent: string): string[] {
  const out: string[] = []
  let run: [string, string][] = []
  const flush = () => {
    const width = Math.max(0, ...run.map(([k]) => k.length))
    for (const [k, v] of run) out.push(`${indent}${k.padEnd(width)} = ${v}`)
    run = []
  }
  for (const entry of entries) {
    if (typeof entry === 'string') {
      flush()
      out.push(entry === '' ? '' : `${indent}${entry}`)
    } else if (entry[1].includes('\n')) {
      flush()
      out.push(`${indent}${entry[0]} = ${entry[1]}`)
    } else {
      run.push(entry)
    }
  }
  flush()
  return out
}

/** Render a JSON-compatible value (or an HclExpression); nested lines are indented by two spaces from `indent`. */
export function hclValue(value: unknown, indent = ''): string {
  const inner = `${indent}  `
  if (value === null || value === undefined) return 'null'
  if (isExpression(value)) return value[RAW]
  if (typeof value === 'string') return hclString(value)
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]'
    return `[\n${value.map((item) => `${inner}${hclValue(item, inner)}`).join(',\n')}\n${indent}]`
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined)
  if (entries.length === 0) return '{}'
  return `{\n${alignedLines(
    entries.map(([k, v]): [string, string] => [hclKey(k), hclValue(v, inner)]),
    inner
  ).join('\n')}\n${indent}}`
}

/** One item of a block body: an attribute, a nested block, a `#` comment, or a blank line (''). */
export type HclBodyItem = { attr: string; value: unknown } | { block: string; body: readonly HclBodyItem[] } | { comment: string } | ''

/** A block: `header {` body `}` (header like `resource "aws_iam_role" "bedrock_access"`), formatted as `terraform fmt` would. */
export function hclBlock(header: string, body: readonly HclBodyItem[], indent = ''): string {
  const inner = `${indent}  `
  const entries = body.map((item): [string, string] | string => {
    if (item === '') return ''
    if ('comment' in item) return `# ${item.comment}`.trimEnd()
    if ('block' in item) return hclBlock(item.block, item.body, inner).slice(inner.length)
    return [item.attr, hclValue(item.value, inner)]
  })
  return `${indent}${header} {\n${alignedLines(entries, inner).join('\n')}\n${indent}}`
}
