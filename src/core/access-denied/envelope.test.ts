/** Pasted text that would drive the terminal is cleaned before anything is parsed or echoed (issue 17). */
import { describe, expect, it } from 'vitest'
import { parseAccessDenied } from './parse.js'
import { withoutControlCharacters, withoutMarkdownQuoting, withoutStringEscapes } from './envelope.js'

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

describe('withoutMarkdownQuoting', () => {
  it('drops the backticks and bold an issue puts around ARNs, actions and sentences', () => {
    expect(withoutMarkdownQuoting('User: `arn:aws:sts::1:assumed-role/r/s` is not authorized to perform: `sts:TagSession`')).toBe('User: arn:aws:sts::1:assumed-role/r/s is not authorized to perform: sts:TagSession')
    expect(withoutMarkdownQuoting('the error **Could not assume role: Not authorized to perform sts:AssumeRoleWithWebIdentity**.')).toBe('the error Could not assume role: Not authorized to perform sts:AssumeRoleWithWebIdentity.')
  })

  it("keeps a redacted account's asterisks", () => {
    expect(withoutMarkdownQuoting('User: arn:aws:iam::***:user/deployer on arn:aws:sts::**:assumed-role/R/s')).toBe('User: arn:aws:iam::***:user/deployer on arn:aws:sts::**:assumed-role/R/s')
  })
})

describe('withoutStringEscapes', () => {
  it('reads JSON-escaped and double-escaped text as the characters it stands for', () => {
    expect(withoutStringEscapes(String.raw`{\"message\":\"is not\nauthorized\"}`)).toBe('{"message":"is not\nauthorized"}')
    expect(withoutStringEscapes(String.raw`line one\nline two\tand \"quoted\"`)).toBe('line one\nline two\tand "quoted"')
    // A Rust Debug of an XML body inside a JSON log line: escaped twice.
    expect(withoutStringEscapes(String.raw`<Code>InvalidIdentityToken</Code>\\n    <Message>Couldn\\"t</Message>`)).toBe('<Code>InvalidIdentityToken</Code>\n    <Message>Couldn"t</Message>')
  })

  it('leaves text without escapes alone', () => {
    expect(withoutStringEscapes(DENIAL)).toBe(DENIAL)
  })

  it('lets a denial split by an escaped line break parse whole', () => {
    const escaped = JSON.stringify({ message: DENIAL.replace(' is not ', ' is not\n') })
    expect(parseAccessDenied(`litellm.APIConnectionError: BedrockException - ${escaped}`)).toMatchObject({ kind: 'not-authorized', action: 'sts:AssumeRole' })
  })
})
