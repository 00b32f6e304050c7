/**
 * A template's layer under the user's input (issue 19): the template fills only what the user left
 * open, and an `append` caller requirement adds the user's callers to the template's (the SageMaker
 * scenario: services and the notebook role in one trust). A = 111111111111.
 */
import { describe, expect, it } from 'vitest'
import { flagsLayer } from '../setup/sources.js'
import { mergeLayers } from '../setup/input.js'
import { openRequirements, parseTemplate, underlayTemplate } from './template.js'

const template = (body: object) => parseTemplate('t', JSON.stringify({ summary: 's', consumer: 'notebook', ...body }))

describe('underlayTemplate', () => {
  it('fills what the user left open and never overrides a flag', () => {
    const merged = mergeLayers([flagsLayer({ maxSessionDuration: '7200' })])
    const out = underlayTemplate(merged, template({ setup: { maxSessionDurationSeconds: 3600, streaming: false } }))
    expect(out.maxSessionDurationSeconds).toEqual({ value: '7200', field: '--max-session-duration' })
    expect(out.streaming).toEqual({ value: false, field: 'template t.setup.streaming' })
  })

  it("append: the user's caller joins the template's callers", () => {
    const sagemaker = template({
      setup: { caller: ['service:sagemaker.amazonaws.com,events.amazonaws.com'] },
      requires: [{ field: 'caller', expected: 'the notebook role', callerKinds: ['role'], append: true }]
    })
    const merged = mergeLayers([flagsLayer({ caller: 'arn:aws:iam::111111111111:role/notebook' })])
    expect(openRequirements(merged, sagemaker)).toEqual([])
    expect(underlayTemplate(merged, sagemaker).caller).toEqual({ value: ['service:sagemaker.amazonaws.com,events.amazonaws.com', 'arn:aws:iam::111111111111:role/notebook'], field: '--caller' })
  })

  it('a requirement nobody gave stays open', () => {
    expect(openRequirements(mergeLayers([]), template({ setup: {}, requires: [{ field: 'sourceIpCidrs', expected: 'CIDRs' }] })).map((r) => r.field)).toEqual(['sourceIpCidrs'])
  })
})
