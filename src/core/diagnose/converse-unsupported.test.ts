/**
 * explain on Bedrock refusing Converse for a model that is not a text or chat model (issue 18;
 * docs/aws-facts.md bedrock.converse.no-embeddings, bedrock.converse.non-chat-message): embedding,
 * image, speech and imported models are called with InvokeModel (or their own API). The first text
 * is the one public pastes show for Nova Sonic and imported models ("This action doesn't support the
 * model that you provided. Try again with a supported text or chat model."); the other two wordings
 * appear in wrappers' code and changelogs only (unverified) and are read the same way.
 */
import { describe, expect, it } from 'vitest'
import { parseAccessDenied } from '../access-denied/parse.js'
import { createEvaluator } from '../evaluate.js'
import { diagnose } from './diagnose.js'

const evaluator = createEvaluator()

describe('explain on a Converse call to a non-chat model', () => {
  it.each([
    "An error occurred (ValidationException) when calling the Converse operation: This action doesn't support the model that you provided. Try again with a supported text or chat model.",
    'ValidationException: The provided model does not support the Converse operation',
    'An error occurred (ValidationException) when calling the Converse operation: The model amazon.titan-embed-text-v2:0 does not support the Converse operation'
  ])('%s', async (text) => {
    const d = await diagnose({ parsed: parseAccessDenied(text), answers: {} }, evaluator)
    expect(d.identified).toBe(true)
    const lead = d.candidates[0]!
    expect([lead.cause, lead.confidence]).toEqual(['converse-not-supported', 'certain'])
    expect(lead.fix.action).toMatch(/InvokeModel/)
    // Not an IAM decision: no policy is named as the fix.
    expect(d.candidates.map((c) => c.cause)).not.toContain('identity-policy-missing-bedrock')
  })
})
