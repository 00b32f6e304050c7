import { describe, expect, it } from 'vitest'
import { redactDocument, redactSecret } from './redact.js'

describe('redaction', () => {
  it('shows two characters and the length', () => {
    expect(redactSecret('ab3f0c2e-0000-4000-8000-000000000000')).toBe('ab…(36 chars)')
  })

  it('redacts sts:ExternalId values whatever their case or shape, and known secrets anywhere', () => {
    const doc = {
      Statement: [{ Condition: { StringEquals: { 'sts:ExternalId': 'secret-one', 'aws:SourceAccount': '111111111111' } } }, { Condition: { StringEquals: { 'STS:externalid': ['secret-two', 'secret-three'] } } }],
      note: 'uses secret-one',
      other: 'secret-one'
    }
    const redacted = redactDocument(doc, ['secret-one'])
    expect(redacted.Statement[0]?.Condition.StringEquals).toEqual({ 'sts:ExternalId': 'se…(10 chars)', 'aws:SourceAccount': '111111111111' })
    expect(redacted.Statement[1]?.Condition.StringEquals).toEqual({ 'STS:externalid': ['se…(10 chars)', 'se…(12 chars)'] })
    expect(redacted.other).toBe('se…(10 chars)')
    expect(JSON.stringify(redacted)).not.toContain('secret-two')
    expect(doc.other).toBe('secret-one')
  })
})
