/**
 * Scoring explain on a corpus of pasted errors (pasted-corpus-2/3.test.ts): the leading cause and its
 * layer as explain names them, what the fix must say by the principal's kind, and the share right per
 * family. The expected values always come from the corpus (hand-judged), never from explain.
 */
import { expect } from 'vitest'
import { createEvaluator } from '../../src/core/evaluate.js'
import { CAUSES } from '../../src/core/diagnose/causes.js'
import { diagnose } from '../../src/core/diagnose/diagnose.js'
import type { Diagnosis } from '../../src/core/diagnose/types.js'
import { parseAccessDenied } from '../../src/core/access-denied/parse.js'
import type { PastedError } from '../../src/core/access-denied/pasted-corpus.js'

const evaluator = createEvaluator()

/** parse + diagnose with no answers and no policies: what explain says about the text alone. */
export const explain = (text: string): Promise<Diagnosis> => diagnose({ parsed: parseAccessDenied(text), answers: {} }, evaluator)

export const layerOf = (cause: string | undefined): string | undefined => (cause ? (CAUSES as Record<string, { layer: string }>)[cause]?.layer : undefined)

/** The leading cause (only when explain identified one) and its layer. */
export async function leadOf(text: string): Promise<{ cause?: string | undefined; layer?: string | undefined; diagnosis: Diagnosis }> {
  const diagnosis = await explain(text)
  const cause = diagnosis.identified ? diagnosis.candidates[0]?.cause : undefined
  return { cause, layer: layerOf(cause), diagnosis }
}

/** What the fix must name for an identity-policy cause, by the principal's kind (principal-where.ts). */
export function expectedWhere(principal: string): RegExp | undefined {
  if (/:user\//.test(principal)) return /IAM user/
  if (/:assumed-role\//.test(principal)) return /role/
  return undefined
}

/** The fix's `where` an entry's principal calls for, when its layer is an identity policy's. */
export function whereFor(entry: PastedError, diagnosis: Diagnosis): RegExp | undefined {
  const principal = diagnosis.parsed.kind === 'not-authorized' ? diagnosis.parsed.principal?.arn : undefined
  return principal && /identity/.test(entry.layer) && entry.cause !== 'bearer-token-not-allowed' ? expectedWhere(principal) : undefined
}

/** How many entries get the right leading cause and layer, in all and per family, as printable rows. */
export async function scoreCorpus(corpus: readonly PastedError[]): Promise<{ right: number; rows: string }> {
  const families = new Map<string, { right: number; all: number }>()
  let right = 0
  for (const entry of corpus) {
    const { cause, layer } = await leadOf(entry.text)
    const ok = cause === entry.cause && layer === entry.layer
    const family = families.get(entry.cause) ?? { right: 0, all: 0 }
    family.all++
    if (ok) {
      family.right++
      right++
    }
    families.set(entry.cause, family)
  }
  return { right, rows: [...families].map(([cause, f]) => `  ${cause}: ${f.right}/${f.all}`).join('\n') }
}

/** A reason-less AssumeRole denial: explain names no cause and keeps the caller's policy and the trust open. */
export async function expectOpenAssumeRole(text: string): Promise<void> {
  const diagnosis = await explain(text)
  expect(diagnosis.identified).toBe(false)
  expect(diagnosis.action).toBe('sts:AssumeRole')
  expect(diagnosis.candidates.map((c) => c.cause)).toEqual(expect.arrayContaining(['source-missing-assume-role', 'trust-missing-source']))
}

/** A near miss: no cause and no guesses. */
export async function expectNearMiss(text: string): Promise<void> {
  const diagnosis = await explain(text)
  expect(diagnosis.identified).toBe(false)
  expect(diagnosis.candidates).toEqual([])
}

/** One entry: its leading cause and layer, the IAM action when the paste names it, whose policy the fix names. */
export async function expectEntry(entry: PastedError): Promise<void> {
  const { cause, layer, diagnosis } = await leadOf(entry.text)
  expect({ cause, layer }).toEqual({ cause: entry.cause, layer: entry.layer })
  expect(layerOf(entry.cause)).toBe(entry.layer)
  if (entry.action) expect(diagnosis.action).toBe(entry.action)
  const where = whereFor(entry, diagnosis)
  if (where) expect(diagnosis.candidates[0]?.fix.where).toMatch(where)
}
