/**
 * Metamorphic check over the three corpora (issue 18): what tools and terminals do to a paste must not
 * change explain's leading cause. Each real text is re-pasted the ways people paste: hard-wrapped at
 * 80 columns, coloured by a terminal, JSON-escaped inside a LiteLLM error, behind a Go SDK
 * `operation error` head, with a Java SDK v2 suffix, quoted in a log line, framed by a terminal UI. The expected cause is the
 * corpus's hand-judged one, never what explain said about the original.
 */
import { describe, expect, it } from 'vitest'
import { createEvaluator } from '../evaluate.js'
import { diagnose } from '../diagnose/diagnose.js'
import { parseAccessDenied } from './parse.js'
import { PASTED_CORPUS, type PastedError } from './pasted-corpus.js'
import { PASTED_CORPUS_2, PASTED_CORPUS_2_LATER } from './pasted-corpus-2.js'
import { PASTED_CORPUS_3 } from './pasted-corpus-3.js'

const evaluator = createEvaluator()

/** A terminal's hard wrap. */
function hardWrap(text: string, width: number): string {
  return text
    .split('\n')
    .flatMap((line) => {
      const parts: string[] = []
      for (let i = 0; i < line.length; i += width) parts.push(line.slice(i, i + width))
      return parts.length > 0 ? parts : ['']
    })
    .join('\n')
}

/** A terminal UI's wrap (wrap-ansi, as Ink uses it): at spaces, a word longer than the width cut where it overflows. */
function wordWrap(text: string, width: number): string[] {
  return text.split('\n').flatMap((paragraph) => {
    const lines: string[] = []
    let line = ''
    for (const word of paragraph.split(' ')) {
      const candidate = line === '' ? word : `${line} ${word}`
      if (candidate.length <= width) line = candidate
      else {
        if (line !== '') lines.push(line)
        let rest = word
        while (rest.length > width) {
          lines.push(rest.slice(0, width))
          rest = rest.slice(width)
        }
        line = rest
      }
    }
    return [...lines, line]
  })
}

const VARIANTS: Record<string, (text: string) => string> = {
  'hard-wrapped at 80 columns': (t) => hardWrap(t, 80),
  'coloured by a terminal': (t) => `\u001b[31m${t}\u001b[0m`,
  'JSON-escaped in a LiteLLM error': (t) => `litellm.APIConnectionError: BedrockException - ${JSON.stringify({ message: t })}`,
  'behind a Go SDK head': (t) => `operation error Bedrock Runtime: Converse, https response error StatusCode: 403, RequestID: 0a1b2c3d-0000-4000-8000-000000000000, ${t}`,
  'with a Java SDK v2 suffix': (t) => `${t} (Service: BedrockRuntime, Status Code: 403, Request ID: 0a1b2c3d-0000-4000-8000-000000000000)`,
  'quoted in a log line': (t) => `2026-01-01 12:00:00,000 ERROR app.llm - call failed: "${t}"`,
  'framed by a terminal UI (Claude Code)': (t) =>
    wordWrap(t, 76)
      .map((line) => `│   ${line.padEnd(76)} │`)
      .join('\n')
}

async function leadCause(text: string): Promise<string | undefined> {
  const diagnosis = await diagnose({ parsed: parseAccessDenied(text), answers: {} }, evaluator)
  return diagnosis.identified ? diagnosis.candidates[0]?.cause : undefined
}

const corpus: readonly PastedError[] = [...PASTED_CORPUS, ...PASTED_CORPUS_2, ...PASTED_CORPUS_2_LATER, ...PASTED_CORPUS_3]

describe('the leading cause survives how a text is re-pasted', () => {
  it.each(Object.entries(VARIANTS))('%s', async (_name, variant) => {
    const wrong: string[] = []
    for (const entry of corpus) {
      const cause = await leadCause(variant(entry.text))
      if (cause !== entry.cause) wrong.push(`${entry.source}: ${String(cause)} (expected ${entry.cause})`)
    }
    console.log(`${_name}: ${corpus.length - wrong.length}/${corpus.length}${wrong.length ? `\n  ${wrong.join('\n  ')}` : ''}`)
    expect(wrong).toEqual([])
  })
})
