import { describe, expect, it } from 'vitest'
import { ExitCode, XacctError, invalidInput, missingInput, quoteValue } from './errors.js'

describe('errors', () => {
  it('names the field, quotes the value and says what is expected', () => {
    const error = invalidInput('--source-account', '12345', 'a 12-digit AWS account id')
    expect(error.message).toBe('--source-account "12345" is invalid: expected a 12-digit AWS account id.')
    expect(error.exitCode).toBe(ExitCode.usage)
    expect(error.field).toBe('--source-account')
  })

  it('keeps a quoted value on one bounded line', () => {
    const quoted = quoteValue(`${'x'.repeat(200)}\nsecond line`)
    expect(quoted).not.toContain('\n')
    expect(quoted.length).toBeLessThan(120)
    expect(quoted).toContain('213 chars')
  })

  it.each([
    ['usage', 2],
    ['checkFailed', 1],
    ['noCredentials', 3],
    ['cancelled', 130]
  ] as const)('maps %s to exit %i', (code, exit) => {
    expect(new XacctError(code, 'x').exitCode).toBe(exit)
  })

  it('missing input is a usage error', () => {
    expect(missingInput('--role-name', 'the role to create in the target account').exitCode).toBe(2)
  })
})
