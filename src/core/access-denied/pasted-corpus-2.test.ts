/**
 * The second, independent corpus (pasted-corpus-2.ts): explain's parse + diagnose must name each
 * entry's leading cause and layer, carry the IAM action, and say whose policy by the principal's
 * kind; reason-less AssumeRole denials stay open on both sides; near misses get no cause and no
 * Bedrock/AssumeRole guesses. The share per family is printed: it is the estimate for texts
 * explain was never tuned on.
 */
import { describe, expect, it } from 'vitest'
import { expectEntry, expectNearMiss, expectOpenAssumeRole, scoreCorpus } from '../../../test/helpers/pasted-corpus-score.js'
import { NEAR_MISSES, OPEN_ASSUME_ROLE, PASTED_CORPUS_2, PASTED_CORPUS_2_LATER } from './pasted-corpus-2.js'

describe('pasted corpus 2 (issue 18, independent of corpus 1)', () => {
  it('holds 60+ real texts with sources, 10+ near misses and the open AssumeRole cases', () => {
    expect(PASTED_CORPUS_2.length).toBeGreaterThanOrEqual(60)
    for (const entry of [...PASTED_CORPUS_2, ...OPEN_ASSUME_ROLE]) expect(entry.source).toMatch(/^https:\/\//)
    expect(NEAR_MISSES.length).toBeGreaterThanOrEqual(10)
  })

  it.each([...PASTED_CORPUS_2, ...PASTED_CORPUS_2_LATER].map((entry, i) => [i, entry.cause, entry] as const))('#%i → %s', async (_i, _cause, entry) => {
    await expectEntry(entry)
  })

  it.each([
    ['first round', PASTED_CORPUS_2],
    ['second round', PASTED_CORPUS_2_LATER]
  ] as const)('prints the share with the right leading cause, per family (%s)', async (round, corpus) => {
    const { right, rows } = await scoreCorpus(corpus)
    console.log(`pasted corpus 2, ${round}: ${right}/${corpus.length} with the right leading cause and layer\n${rows}`)
    expect(right).toBe(corpus.length)
  })

  it.each(OPEN_ASSUME_ROLE.map((entry) => [entry.source, entry] as const))('reason-less AssumeRole %s stays open on both sides', async (_source, entry) => {
    await expectOpenAssumeRole(entry.text)
  })

  it.each(NEAR_MISSES.map((entry) => [entry.text.slice(0, 40), entry] as const))('near miss %j names no cause and guesses nothing', async (_label, entry) => {
    await expectNearMiss(entry.text)
  })
})
