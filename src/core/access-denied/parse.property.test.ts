import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseAccessDenied } from './parse.js'

const KINDS = ['not-authorized', 'bedrock-denial', 'validation', 'unrecognized']

describe('parseAccessDenied never throws', () => {
  it('on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        expect(KINDS).toContain(parseAccessDenied(text).kind)
      }),
      { numRuns: 2000 }
    )
  })
  it('on strings built from the grammar’s own pieces', () => {
    const piece = fc.constantFrom(
      'User: ',
      'arn:aws:sts::',
      '***',
      ':assumed-role/',
      ' is not authorized to perform: ',
      'sts:AssumeRole',
      ' on resource: ',
      ' because no ',
      ' with an explicit deny in a ',
      'service control policy',
      ': ',
      '(Service: ',
      '; Status Code: ',
      'An error occurred (',
      ') when calling the ',
      '\n',
      '{',
      '<Message>',
      "'"
    )
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        expect(KINDS).toContain(parseAccessDenied(pieces.join('')).kind)
      }),
      { numRuns: 2000 }
    )
  })
  it('on a huge paste, quickly', () => {
    const started = Date.now()
    parseAccessDenied('User: '.repeat(50_000))
    expect(Date.now() - started).toBeLessThan(1000)
  })
})
