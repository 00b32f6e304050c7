/** Pasted text that would drive the terminal is cleaned before anything is parsed or echoed (issue 17). */
import { describe, expect, it } from 'vitest'
import { parseAccessDenied } from './parse.js'
import { withoutControlCharacters } from './envelope.js'

const DENIAL = 'User: arn:aws:iam::111111111111:user/x is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/R'

describe('withoutControlCharacters', () => {
  it('removes colour codes, title-setting (OSC) and screen-clearing sequences, and bare control characters', () => {
    expect(withoutControlCharacters('a\u001b[31mred\u001b[0m b\u001b]0;pwned\u0007 c\u001b[2J d\u0000e\u0008f\u0085g')).toBe('ared b c defg')
  })

  it('keeps tabs and line breaks (line-wrapped pastes)', () => {
    expect(withoutControlCharacters('a\tb\r\nc\nd')).toBe('a\tb\r\nc\nd')
  })
})

describe('a hostile paste', () => {
  it('parses as the denial it wraps, with no escape sequence left in anything explain echoes', () => {
    const hostile = DENIAL.replace('user/x', 'user/x\u001b]0;pwned\u0007').replace('role/R', 'role/R\u001b[2J') + '\u001b[31m'
    const parsed = parseAccessDenied(hostile)
    expect(parsed.kind).toBe('not-authorized')
    expect(JSON.stringify(parsed)).not.toMatch(/\\u001b|\\u0007/)
    expect(parsed).toMatchObject({ principal: { arn: 'arn:aws:iam::111111111111:user/x' }, resource: 'arn:aws:iam::222222222222:role/R' })
  })
})
