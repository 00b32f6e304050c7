/**
 * Where a statement sits in the policy file's text, for SARIF locations and editor-style
 * `file:line:column` output: the line and column of its "Sid" (what a reviewer recognises), or of
 * its opening brace when it has none, through the end of the statement. jsonc-parser gives offsets;
 * lines and columns are 1-based, as SARIF's region and editors count them.
 */
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser'

export interface TextRegion {
  startLine: number
  startColumn: number
  endLine: number
  endColumn: number
}

/** 1-based line and column of an offset (columns in UTF-16 code units, SARIF's default). */
function position(lineStarts: number[], offset: number): { line: number; column: number } {
  let low = 0
  let high = lineStarts.length - 1
  while (low < high) {
    const mid = (low + high + 1) >> 1
    if (lineStarts[mid]! <= offset) low = mid
    else high = mid - 1
  }
  return { line: low + 1, column: offset - lineStarts[low]! + 1 }
}

/** The start offset of each line. */
function lineStartsOf(text: string): number[] {
  const starts = [0]
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1)
  return starts
}

/** A locator over one file's text: region of the statement with the given 1-based index, or of the document. */
export function statementLocator(text: string): (statementIndex: number | undefined) => TextRegion | undefined {
  const root = parseTree(text)
  const starts = lineStartsOf(text)
  const region = (node: Node, from: Node = node): TextRegion => {
    const start = position(starts, from.offset)
    const end = position(starts, node.offset + node.length)
    return { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column }
  }
  return (statementIndex) => {
    if (!root) return undefined
    if (statementIndex === undefined) return region(root)
    const list = findNodeAtLocation(root, ['Statement'])
    const statement = list?.type === 'array' ? list.children?.[statementIndex - 1] : statementIndex === 1 ? list : undefined
    if (!statement) return undefined
    const sid = statement.type === 'object' ? statement.children?.find((p) => p.children?.[0]?.value === 'Sid') : undefined
    return region(statement, sid ?? statement)
  }
}
