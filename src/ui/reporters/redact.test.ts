/** Redaction rewrites values, never the shape of what is reported (issue 17). */
import { describe, expect, it } from 'vitest'
import { REDACTED, redactSecrets } from './redact.js'

describe('redactSecrets', () => {
  it('replaces the secret inside string values, however nested', () => {
    expect(redactSecrets({ a: ['x ext-123 y', { b: 'ext-123' }] }, ['ext-123'])).toEqual({ a: [`x ${REDACTED} y`, { b: REDACTED }] })
  })

  it('never rewrites keys: a secret that is also part of a key leaves the key alone', () => {
    const report = { checkId: 'assume-role', evidence: { sessionId: 'id-1', externalIdSent: true } }
    expect(Object.keys(redactSecrets(report, ['Id']))).toEqual(['checkId', 'evidence'])
    expect(Object.keys(redactSecrets(report, ['Id']).evidence)).toEqual(['sessionId', 'externalIdSent'])
  })

  it('leaves dates, numbers and booleans as they are', () => {
    const at = new Date(0)
    expect(redactSecrets({ at, n: 1, ok: true }, ['1'])).toEqual({ at, n: 1, ok: true })
  })
})
