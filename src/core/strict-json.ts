/**
 * What JSON.parse lets through but the tool must refuse in a file the user hands it (a config, a
 * policy, a backup): a key given twice in one object (JSON.parse keeps the last silently, so what
 * the user reviewed is not what runs: IAM itself rejects such a policy), and nesting far deeper
 * than any real document (every recursive walk afterwards would overflow the stack, issue 17).
 *
 * jsonc-parser's scanner is iterative, so a document nested 100,000 deep is scanned safely.
 */
import { createScanner, type SyntaxKind as ScannerKind } from 'jsonc-parser'

/**
 * The scanner's token kinds we need. jsonc-parser declares them as a `const enum`, which
 * `verbatimModuleSyntax` cannot read; the values are its public API (main.d.ts), pinned here and
 * checked against the types by `satisfies`.
 */
const SyntaxKind = {
  OpenBraceToken: 1,
  CloseBraceToken: 2,
  OpenBracketToken: 3,
  CloseBracketToken: 4,
  CommaToken: 5,
  StringLiteral: 10,
  EOF: 17
} as const satisfies Record<string, ScannerKind>

/**
 * Deepest nesting accepted. A policy is about 5 levels deep (Statement → [ ] → { } → Condition →
 * operator → key → values); a config about 6. 64 leaves room for anything real.
 */
export const MAX_JSON_DEPTH = 64

/** A problem JSON.parse does not report, in words naming where; undefined when there is none. */
export function jsonStructureProblem(text: string): string | undefined {
  const scanner = createScanner(text, true)
  /** One frame per open object/array: the keys seen (objects only) and the path to it. */
  const stack: { keys?: Set<string>; path: string; index: number }[] = []
  let pendingKey: string | undefined
  const pathOfChild = (): string => {
    const top = stack[stack.length - 1]
    if (!top) return ''
    return top.keys ? `${top.path}${top.path ? '.' : ''}${pendingKey ?? ''}` : `${top.path}[${top.index}]`
  }
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    const top = stack[stack.length - 1]
    switch (kind) {
      case SyntaxKind.OpenBraceToken:
      case SyntaxKind.OpenBracketToken:
        if (stack.length >= MAX_JSON_DEPTH) return `it is nested deeper than ${MAX_JSON_DEPTH} levels`
        stack.push({ ...(kind === SyntaxKind.OpenBraceToken ? { keys: new Set<string>() } : {}), path: pathOfChild(), index: 0 })
        pendingKey = undefined
        break
      case SyntaxKind.CloseBraceToken:
      case SyntaxKind.CloseBracketToken:
        stack.pop()
        break
      case SyntaxKind.StringLiteral:
        // A string in an object that is not a value (no key pending) is a key.
        if (top?.keys && pendingKey === undefined) {
          const key = scanner.getTokenValue()
          if (top.keys.has(key)) return `the key ${JSON.stringify(key)} appears twice in ${top.path || 'the top-level object'}`
          top.keys.add(key)
          pendingKey = key
          continue
        }
        break
      case SyntaxKind.CommaToken:
        if (top?.keys) pendingKey = undefined
        else if (top) top.index++
        break
      default:
        break
    }
  }
  return undefined
}
