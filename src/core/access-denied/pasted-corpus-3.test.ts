/**
 * The third, independent corpus (pasted-corpus-3.ts): explain's parse + diagnose must name each
 * entry's leading cause and layer, carry the IAM action, and say whose policy by the principal's
 * kind; reason-less AssumeRole denials stay open on both sides; near misses get no cause and no
 * guesses. The share per family is printed: corpus 3's first score, before explain was changed
 * for it, is the estimate for texts explain was never tuned on.
 */
import { describe, expect, it } from 'vitest'
import { expectEntry, expectNearMiss, expectOpenAssumeRole, scoreCorpus } from '../../../test/helpers/pasted-corpus-score.js'
import { PASTED_CORPUS } from './pasted-corpus.js'
import { NEAR_MISSES_3, OPEN_ASSUME_ROLE_3, PASTED_CORPUS_3, PASTED_CORPUS_3_LATER } from './pasted-corpus-3.js'
import { PASTED_CORPUS_2, PASTED_CORPUS_2_LATER } from './pasted-corpus-2.js'

describe('pasted corpus 3 (issue 18, independent of corpora 1 and 2)', () => {
  it('holds 50+ real texts with sources none of the earlier corpora used, open AssumeRole cases and near misses', () => {
    expect(PASTED_CORPUS_3.length).toBeGreaterThanOrEqual(50)
    const earlier = new Set([...PASTED_CORPUS, ...PASTED_CORPUS_2, ...PASTED_CORPUS_2_LATER].map((entry) => entry.source))
    for (const entry of [...PASTED_CORPUS_3, ...PASTED_CORPUS_3_LATER, ...OPEN_ASSUME_ROLE_3, ...NEAR_MISSES_3]) {
      expect(entry.source).toMatch(/^https:\/\//)
      expect(earlier.has(entry.source)).toBe(false)
    }
    expect(NEAR_MISSES_3.length).toBeGreaterThanOrEqual(5)
  })

  it.each([...PASTED_CORPUS_3, ...PASTED_CORPUS_3_LATER].map((entry, i) => [i, entry.cause, entry] as const))('#%i → %s', async (_i, _cause, entry) => {
    await expectEntry(entry)
  })

  it.each([
    ['first round', PASTED_CORPUS_3],
    ['second round', PASTED_CORPUS_3_LATER]
  ] as const)('prints the share with the right leading cause, per family (%s)', async (round, corpus) => {
    const { right, rows } = await scoreCorpus(corpus)
    console.log(`pasted corpus 3, ${round}: ${right}/${corpus.length} with the right leading cause and layer\n${rows}`)
    expect(right).toBe(corpus.length)
  })

  it.each(OPEN_ASSUME_ROLE_3.map((entry) => [entry.source, entry] as const))('reason-less AssumeRole %s stays open on both sides', async (_source, entry) => {
    await expectOpenAssumeRole(entry.text)
  })

  it.each(NEAR_MISSES_3.map((entry) => [entry.source, entry] as const))('near miss %s names no cause and guesses nothing', async (_source, entry) => {
    await expectNearMiss(entry.text)
  })
})
