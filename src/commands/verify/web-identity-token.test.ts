/**
 * Where verify finds an OIDC caller's token: the flag first, else AWS_WEB_IDENTITY_TOKEN_FILE (with
 * AWS_ROLE_ARN naming the setup's role, as the SDK pairs them); bad input is exit 2 naming the
 * source, before any AWS call. Accounts: A = 111111111111, B = 222222222222 (role, OIDC provider).
 */
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SignJWT } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { isXacctError } from '../../core/errors.js'
import { fixtureSetup } from '../../../test/helpers/checklist-fixture.js'
import { webIdentityTokenFor } from './web-identity-token.js'

const HOST = 'token.actions.githubusercontent.com'
const oidc = fixtureSetup({ caller: { kind: 'oidc', providerArn: `arn:aws:iam::222222222222:oidc-provider/${HOST}`, providerHost: HOST, audiences: ['sts.amazonaws.com'], subjects: ['repo:acme/app:*'] }, externalId: undefined })
const userSetup = fixtureSetup()
const roleArn = `arn:aws:iam::222222222222:role/${oidc.roleName}`

let dir: string
let jwt: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xacct-wit-'))
  jwt = await new SignJWT({ groups: ['team-ai'] })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(`https://${HOST}`)
    .setSubject('repo:acme/app:ref:refs/heads/main')
    .setAudience(['sts.amazonaws.com', 'other'])
    .sign(new TextEncoder().encode('x'.repeat(32)))
  await writeFile(join(dir, 'token'), `${jwt}\n`)
  await writeFile(join(dir, 'not-a-jwt'), 'hello')
})

async function refusal(run: Promise<unknown>): Promise<string> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e
  )
  if (!isXacctError(error)) throw new Error(`expected a usage error, got ${String(error)}`)
  expect(error.exitCode).toBe(2)
  return error.message
}

describe('webIdentityTokenFor', () => {
  it('reads the flag (relative to the working directory) and the claims verify evaluates', async () => {
    const found = await webIdentityTokenFor([oidc], 'token', {}, dir)
    expect(found).toMatchObject({ token: jwt, source: '--web-identity-token-file token', claims: { host: HOST, subject: 'repo:acme/app:ref:refs/heads/main', audiences: ['sts.amazonaws.com', 'other'], groups: ['team-ai'] } })
  })

  it('reads AWS_WEB_IDENTITY_TOKEN_FILE when AWS_ROLE_ARN is unset or names the setup role', async () => {
    const path = join(dir, 'token')
    expect((await webIdentityTokenFor([oidc], undefined, { AWS_WEB_IDENTITY_TOKEN_FILE: path }, dir))?.source).toBe(`AWS_WEB_IDENTITY_TOKEN_FILE (${path})`)
    expect((await webIdentityTokenFor([oidc], undefined, { AWS_WEB_IDENTITY_TOKEN_FILE: path, AWS_ROLE_ARN: roleArn }, dir))?.token).toBe(jwt)
  })

  it('leaves the env pair to the SDK chain when no setup has an OIDC caller (CI: OIDC → a role in A → B)', async () => {
    expect(await webIdentityTokenFor([userSetup], undefined, { AWS_WEB_IDENTITY_TOKEN_FILE: join(dir, 'token'), AWS_ROLE_ARN: 'arn:aws:iam::111111111111:role/ci' }, dir)).toBeUndefined()
  })

  it.each([
    ['a missing file', () => webIdentityTokenFor([oidc], 'nope', {}, dir), /--web-identity-token-file .*nope.* is invalid: expected a readable file/],
    ['a file that is no JWT', () => webIdentityTokenFor([oidc], 'not-a-jwt', {}, dir), /--web-identity-token-file "<token>" is invalid: expected a file holding one OIDC token/],
    ['the flag without an OIDC setup', () => webIdentityTokenFor([userSetup], 'token', {}, dir), /expected a token for an OIDC caller/],
    ['AWS_ROLE_ARN naming another role', () => webIdentityTokenFor([oidc], undefined, { AWS_WEB_IDENTITY_TOKEN_FILE: join(dir, 'token'), AWS_ROLE_ARN: 'arn:aws:iam::222222222222:role/Other' }, dir), /AWS_ROLE_ARN .*role\/Other.* is invalid/]
  ])('refuses %s (exit 2, naming where the token came from)', async (_label, run, message) => {
    const text = await refusal(run())
    expect(text).toMatch(message)
    expect(text).not.toContain(jwt)
  })
})
