/**
 * Every pasted error of the corpus (pasted-corpus.ts, real texts with their sources) must come out
 * of explain's parse + diagnose with the right leading cause, its layer, and the IAM action the
 * operation needs; unrelated text must be "not recognised" with no candidate causes at all.
 */
import { describe, expect, it } from 'vitest'
import { createEvaluator } from '../evaluate.js'
import { CAUSES, type CauseId } from '../diagnose/causes.js'
import { diagnose } from '../diagnose/diagnose.js'
import type { Diagnosis } from '../diagnose/types.js'
import { parseAccessDenied } from './parse.js'
import { PASTED_CORPUS, UNRELATED_TEXTS } from './pasted-corpus.js'

const evaluator = createEvaluator()
const explain = (text: string): Promise<Diagnosis> => diagnose({ parsed: parseAccessDenied(text), answers: {} }, evaluator)

interface Outcome {
  cause?: string | undefined
  layer?: string | undefined
  identified: boolean
  action?: string | undefined
}

async function outcomeOf(text: string): Promise<Outcome> {
  const diagnosis = await explain(text)
  const lead = diagnosis.identified ? diagnosis.candidates[0] : undefined
  const cause = lead?.cause
  return { cause, layer: cause ? (CAUSES as Record<string, { layer: string }>)[cause]?.layer : undefined, identified: diagnosis.identified, action: (diagnosis as { action?: string }).action }
}

describe('pasted corpus (issue 18)', () => {
  it('holds 60+ real texts, each with a source URL, over every family', () => {
    expect(PASTED_CORPUS.length).toBeGreaterThanOrEqual(60)
    for (const entry of PASTED_CORPUS) expect(entry.source).toMatch(/^https:\/\//)
    expect(new Set(PASTED_CORPUS.map((e) => e.cause)).size).toBeGreaterThanOrEqual(20)
  })

  it.each(PASTED_CORPUS.map((entry, i) => [i, entry.cause, entry] as const))('#%i → %s', async (_i, _cause, entry) => {
    const outcome = await outcomeOf(entry.text)
    expect({ cause: outcome.cause, layer: outcome.layer }).toEqual({ cause: entry.cause, layer: entry.layer })
    expect(CAUSES[entry.cause as CauseId].layer).toBe(entry.layer)
    if (entry.action) expect(outcome.action).toBe(entry.action)
  })

  it('prints the recognised share', async () => {
    let right = 0
    for (const entry of PASTED_CORPUS) {
      const outcome = await outcomeOf(entry.text)
      if (outcome.cause === entry.cause && outcome.layer === entry.layer) right++
    }
    const families = new Set(PASTED_CORPUS.map((e) => e.cause)).size
    console.log(`pasted corpus: ${right}/${PASTED_CORPUS.length} recognised with the right leading cause and layer (${families} causes)`)
    expect(right).toBe(PASTED_CORPUS.length)
  })

  it.each(UNRELATED_TEXTS.map((t) => [t.slice(0, 20), t] as const))('unrelated text %j is not recognised and guesses nothing', async (_label, text) => {
    const diagnosis = await explain(text)
    expect(diagnosis.identified).toBe(false)
    expect(diagnosis.candidates).toEqual([])
  })
})
