/**
 * Properties of the ARN parser and formatters (issue 8): generated valid ARNs in every partition
 * round-trip through parse → format unchanged; principal and role ARNs keep their parts; arbitrary
 * text never throws from the parsers, and parseRoleArn only ever throws the one-line input error.
 * Account ids are generated; the fixtures elsewhere use A = 111111111111, B = 222222222222.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PARTITIONS, formatArn, parseArn, parsePrincipalArn, parseRoleArn, roleArn, accountRootArn } from './arn.js'
import type { Arn } from './arn.js'
import { XacctError } from './errors.js'
import { REGIONS } from './regions.js'

const partition = fc.constantFrom(...PARTITIONS)
const accountId = fc.stringMatching(/^\d{12}$/)
/** IAM names: 1–64 of `\w+=,.@-`. */
const iamName = fc.stringMatching(/^[\w+=,.@-]{1,64}$/)
/** `/` or `/a/b/` with printable ASCII segments (no spaces, no slashes inside a segment). */
const iamPath = fc.oneof(
  fc.constant('/'),
  fc.array(fc.stringMatching(/^[\x21-\x2e\x30-\x7e]{1,12}$/), { minLength: 1, maxLength: 4 }).map((segments) => `/${segments.join('/')}/`)
)
const service = fc.stringMatching(/^[a-z0-9-]{1,24}$/)
const regionOf = (p: (typeof PARTITIONS)[number]) => fc.oneof(fc.constant(''), fc.constantFrom(...REGIONS[p]))
/** Resources may hold anything but must not be empty: colons and slashes included. */
const resource = fc.string({ minLength: 1, maxLength: 80 })

const anyArn: fc.Arbitrary<Arn> = partition.chain((p) => fc.record({ partition: fc.constant(p), service, region: regionOf(p), accountId: fc.oneof(fc.constant(''), accountId), resource }))

/** Text that is ARN-shaped more often than random strings are, to reach the deeper branches. */
const arnish = fc
  .array(
    fc.oneof(
      fc.constantFrom('arn', 'aws', 'aws-cn', 'aws-us-gov', 'aws-xx', 'iam', 'sts', 's3', 'bedrock', '', 'us-east-1', 'cn-north-1', '111111111111', '22222222222', 'root'),
      fc.constantFrom('role/', 'user/', 'assumed-role/', 'federated-user/', 'oidc-provider/', 'policy/', 'role/a/b/', '/', '//', ' ', '\n', '*', '..'),
      fc.string({ maxLength: 12 })
    ),
    { maxLength: 10 }
  )
  .map((parts) => parts.join(':'))

describe('ARN round trip (property)', () => {
  it('any valid ARN in any partition: parse → format is the identity, and parse finds the same parts', () => {
    fc.assert(
      fc.property(anyArn, (arn) => {
        const text = formatArn(arn)
        const parsed = parseArn(text)
        expect(parsed).toEqual(arn)
        expect(formatArn(parsed!)).toBe(text)
      }),
      { numRuns: 1000 }
    )
  })

  it('role and user ARNs keep partition, account, path and name; parseRoleArn agrees for roles', () => {
    fc.assert(
      fc.property(partition, accountId, iamPath, iamName, fc.constantFrom('role', 'user') as fc.Arbitrary<'role' | 'user'>, (p, account, path, name, kind) => {
        const text = kind === 'role' ? roleArn(p, account, name, path) : `arn:${p}:iam::${account}:user${path}${name}`
        const principal = parsePrincipalArn(text)
        expect(principal).toEqual({ kind, partition: p, accountId: account, name, path, arn: text })
        if (kind === 'role') expect(parseRoleArn('--role-arn', text)).toEqual({ partition: p, accountId: account, name, path, arn: text })
        else expect(() => parseRoleArn('--role-arn', text)).toThrow(/this is a user ARN/)
      }),
      { numRuns: 1000 }
    )
  })

  it('root, assumed-role session and OIDC provider ARNs round-trip with their parts', () => {
    const host = fc.stringMatching(/^[a-z0-9.-]{1,40}$/)
    const session = fc.stringMatching(/^[\w+=,.@-]{2,64}$/)
    fc.assert(
      fc.property(partition, accountId, iamName, session, host, (p, account, role, sessionName, providerHost) => {
        expect(parsePrincipalArn(accountRootArn(p, account))).toEqual({ kind: 'root', partition: p, accountId: account, arn: accountRootArn(p, account) })
        const sessionArn = `arn:${p}:sts::${account}:assumed-role/${role}/${sessionName}`
        expect(parsePrincipalArn(sessionArn)).toEqual({ kind: 'assumed-role', partition: p, accountId: account, roleName: role, sessionName, arn: sessionArn })
        const provider = `arn:${p}:iam::${account}:oidc-provider/${providerHost}`
        expect(parsePrincipalArn(provider)).toEqual({ kind: 'oidc-provider', partition: p, accountId: account, host: providerHost, arn: provider })
      }),
      { numRuns: 500 }
    )
  })

  it('an account id that is not exactly 12 digits never parses as a principal', () => {
    const badAccount = fc.string({ maxLength: 16 }).filter((text) => !/^\d{12}$/.test(text) && text !== '' && !text.includes(':'))
    fc.assert(
      fc.property(partition, badAccount, iamName, (p, account, name) => {
        expect(parsePrincipalArn(`arn:${p}:iam::${account}:role/${name}`)).toBeUndefined()
      }),
      { numRuns: 500 }
    )
  })
})

describe('ARN parsers on arbitrary text (property)', () => {
  it('parseArn and parsePrincipalArn never throw; what parses formats back to itself', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), arnish), (text) => {
        const arn = parseArn(text)
        if (arn) expect(formatArn(arn)).toBe(text)
        const principal = parsePrincipalArn(text)
        if (principal) expect(principal.arn).toBe(text)
      }),
      { numRuns: 3000 }
    )
  })

  it('parseRoleArn returns a role or throws the one-line input error naming the field (exit 2)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), arnish), (text) => {
        let thrown: unknown
        try {
          const role = parseRoleArn('--role-arn', text)
          expect(role.arn).toBe(text)
          return
        } catch (error) {
          thrown = error
        }
        expect(thrown).toBeInstanceOf(XacctError)
        const error = thrown as XacctError
        expect(error.exitCode).toBe(2)
        expect(error.message.startsWith('--role-arn "')).toBe(true)
        // One line, and no raw control characters (a pasted escape sequence must not reach the terminal).
        expect(error.message).not.toMatch(/[\x00-\x1f]/)
      }),
      { numRuns: 3000 }
    )
  })
})
