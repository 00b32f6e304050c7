/**
 * docs/aws-facts.md read as data: one entry per table row, its cells by column header, and the
 * *Pinned by* references in the machine-checkable form
 * `` `test/unit/x.test.ts` › "name" `` (several separated by `;`). A reference without a name
 * stands for a file that mentions the row's fact id. Used by the meta-test that every row is pinned
 * and by the tests that compare README and code with a row's text.
 */
import { readFileSync } from 'node:fs'

export const FACTS_PATH = new URL('../../docs/aws-facts.md', import.meta.url)

export interface FactRow {
  /** The fact id(s) of the first cell, without backticks (`regions.ca`, `regions.us-gov` → both). */
  ids: string[]
  /** 1-based line in the file, for messages. */
  line: number
  /** Cell text by column header (`Fact id`, `Pinned by`, `Status`, …). */
  cells: Record<string, string>
}

export interface PinReference {
  path: string
  /** The test's name (or a unique piece of it) that must appear in the file; undefined: the file names the fact id. */
  name?: string
}

/** Cells of a Markdown table line; `\|` inside a cell (regexes) is not a separator. */
function cellsOf(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim())
}

/** Every fact row of the file's tables (rows whose first cell is a backticked id). */
export function readFactRows(text = readFileSync(FACTS_PATH, 'utf8')): FactRow[] {
  const rows: FactRow[] = []
  let headers: string[] | undefined
  text.split('\n').forEach((line, index) => {
    if (!line.startsWith('|')) {
      headers = undefined
      return
    }
    const cells = cellsOf(line)
    if (headers === undefined) {
      headers = cells
      return
    }
    if (cells.every((cell) => /^:?-+:?$/.test(cell))) return
    const ids = [...(cells[0] ?? '').matchAll(/`([a-z0-9][a-z0-9.-]*)`/g)].map((match) => match[1] ?? '')
    if (ids.length === 0) return
    rows.push({ ids, line: index + 1, cells: Object.fromEntries(headers.map((header, i) => [header, cells[i] ?? ''])) })
  })
  return rows
}

/** The row whose ids include `id`; throws when there is none (a test naming a missing fact is wrong). */
export function factRow(id: string, rows = readFactRows()): FactRow {
  const row = rows.find((candidate) => candidate.ids.includes(id))
  if (!row) throw new Error(`docs/aws-facts.md has no row ${id}`)
  return row
}

/** The references of a *Pinned by* cell; an empty list when the cell holds none (TODO, free text). */
export function pinReferences(cell: string): PinReference[] {
  return [...cell.matchAll(/`([^`\s]+\.(?:ts|mjs|js))`(?:\s*›\s*"([^"]+)")?/g)].map((match) => ({
    path: match[1] ?? '',
    ...(match[2] === undefined ? {} : { name: match[2] })
  }))
}
