/**
 * Every row of docs/aws-facts.md is pinned by a test that exists (issue 18, "each fact has a test"):
 * its *Pinned by* cell names files in the form `` `path` › "test name" `` (several separated by
 * `;`), each file exists, and each name occurs in its file; a reference without a name must be a
 * file that names the row's fact id. A `TODO` or free text fails.
 */
import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { pinReferences, readFactRows, type FactRow } from '../helpers/aws-facts-table.js'

const root = new URL('../../', import.meta.url)

/** What is wrong with a row's *Pinned by* cell; empty when it is pinned. */
function pinProblems(row: FactRow): string[] {
  const cell = row.cells['Pinned by'] ?? ''
  if (/\bTODO\b/.test(cell)) return ['says TODO']
  const references = pinReferences(cell)
  if (references.length === 0) return [`names no test in the form \`path\` › "name": ${cell}`]
  const problems: string[] = []
  for (const { path, name } of references) {
    const file = new URL(path, root)
    if (!existsSync(file)) {
      problems.push(`${path} does not exist`)
      continue
    }
    const text = readFileSync(file, 'utf8')
    if (name !== undefined && !text.includes(name)) problems.push(`${path} has no test "${name}"`)
    if (name === undefined && !row.ids.some((id) => text.includes(id))) problems.push(`${path} names neither a test nor the fact id`)
  }
  return problems
}

const rows = readFactRows()

describe('docs/aws-facts.md: every fact pinned by a test', () => {
  it('has fact rows, each with a Pinned by cell', () => {
    expect(rows.length).toBeGreaterThan(100)
    expect(rows.filter((row) => row.cells['Pinned by'] === undefined).map((row) => row.ids.join(', '))).toEqual([])
  })

  it('names an existing test for every row', () => {
    const unpinned = rows.flatMap((row) => pinProblems(row).map((problem) => `line ${row.line} ${row.ids.join(', ')}: ${problem}`))
    expect(unpinned).toEqual([])
  })

  it('reads references in the documented form', () => {
    expect(pinReferences('`test/unit/x.test.ts` › "a name"; `src/y.test.ts`')).toEqual([{ path: 'test/unit/x.test.ts', name: 'a name' }, { path: 'src/y.test.ts' }])
    expect(pinReferences('TODO')).toEqual([])
  })
})
