/**
 * Session tags and source identity through the sandbox's STS, with the documents the tool writes
 * (issue 18; docs/aws-facts.md sts.tag-session.conditions, sts.set-source-identity.required).
 * - A caller that passes session tags with its ExternalId is admitted when the setup allows session
 *   tags, and refused without the ExternalId or without the flag.
 * - A source identity set upstream sticks through role chaining: the chained AssumeRole into B needs
 *   sts:SetSourceIdentity in B's trust and in the caller's policy, so it is refused unless the setup
 *   allows source identity.
 * - A token that carries session tags or a source identity (the `https://aws.amazon.com/tags` and
 *   `/source_identity` claims) needs the session action beside AssumeRoleWithWebIdentity, under the
 *   same sub/aud conditions (AWS's OIDC source-identity example).
 * Accounts: A = 111111111111 (user app-caller, IP 203.0.113.10; role Upstream), B = 222222222222
 * (GitHub's OIDC provider).
 */
import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PolicyDocument } from '../../src/core/evaluate.js'
import { buildDocuments } from '../../src/core/policies/index.js'
import type { CallerPrincipal, Setup } from '../../src/core/setup/model.js'
import { fixtureSetup } from '../helpers/setup-fixture.js'
import { ACCOUNT_A, ACCOUNT_B, GITHUB_OIDC_HOST, GITHUB_OIDC_SIGNING_SECRET, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js'

const EXTERNAL_ID = 'ext-session-attributes-01'
const CALLER_USER = `arn:aws:iam::${ACCOUNT_A}:user/app-caller`
const UPSTREAM = `arn:aws:iam::${ACCOUNT_A}:role/Upstream`
const TAGS = [
  { Key: 'GitHub', Value: 'Actions' },
  { Key: 'Repository', Value: 'acme/gateway' }
]

let sandbox: TestSandbox
let user: STSClient

/** Create B's role from the setup's trust; the caller gets the setup's source policy (returned). */
function install(setup: Setup): { roleArn: string; sourcePolicy: PolicyDocument } {
  const docs = buildDocuments(setup)
  sandbox.state.putRole(ACCOUNT_B, { name: setup.roleName, trustPolicy: docs.trustPolicy }, new Date())
  return { roleArn: docs.roleArn, sourcePolicy: docs.sourcePolicy }
}

const upstreamTrust: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: CALLER_USER }, Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'] }]
}

beforeAll(async () => {
  sandbox = await startTestSandbox()
  user = sandbox.sts(sandbox.principals.sourceCaller)
  sandbox.state.putUserPolicy(ACCOUNT_A, 'app-caller', 'upstream', {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'], Resource: UPSTREAM }]
  })
})

afterAll(async () => {
  await sandbox.stop()
})

async function outcome(client: STSClient, input: ConstructorParameters<typeof AssumeRoleCommand>[0]): Promise<string> {
  try {
    const out = await client.send(new AssumeRoleCommand(input))
    return out.Credentials?.AccessKeyId ? `allowed${out.SourceIdentity ? ` (${out.SourceIdentity})` : ''}` : 'no credentials'
  } catch (error) {
    return process.env.DEBUG_OUTCOME ? `${(error as Error).name}: ${(error as Error).message}` : (error as Error).name
  }
}

describe('session tags with an ExternalId (user caller)', () => {
  const base = { caller: { kind: 'user', arn: CALLER_USER } as const, externalId: EXTERNAL_ID }
  let tagged: string
  let untagged: string

  beforeAll(() => {
    const withTags = install(fixtureSetup({ ...base, roleName: 'TagsAllowed', allowSessionTags: true }))
    const withoutTags = install(fixtureSetup({ ...base, roleName: 'TagsNotAllowed' }))
    sandbox.state.putUserPolicy(ACCOUNT_A, 'app-caller', 'TagsAllowed', withTags.sourcePolicy)
    sandbox.state.putUserPolicy(ACCOUNT_A, 'app-caller', 'TagsNotAllowed', withoutTags.sourcePolicy)
    tagged = withTags.roleArn
    untagged = withoutTags.roleArn
  })

  it('tags plus the right ExternalId are admitted when the setup allows session tags', async () => {
    expect(await outcome(user, { RoleArn: tagged, RoleSessionName: 'test', ExternalId: EXTERNAL_ID, Tags: TAGS })).toBe('allowed')
  })

  it('the TagSession statement does not make the ExternalId optional', async () => {
    expect(await outcome(user, { RoleArn: tagged, RoleSessionName: 'test', Tags: TAGS })).toBe('AccessDenied')
    expect(await outcome(user, { RoleArn: tagged, RoleSessionName: 'test', ExternalId: 'ext-wrong-0001', Tags: TAGS })).toBe('AccessDenied')
  })

  it('without the flag, tags are refused (and the untagged call still works)', async () => {
    expect(await outcome(user, { RoleArn: untagged, RoleSessionName: 'test', ExternalId: EXTERNAL_ID, Tags: TAGS })).toBe('AccessDenied')
    expect(await outcome(user, { RoleArn: untagged, RoleSessionName: 'test', ExternalId: EXTERNAL_ID })).toBe('allowed')
  })
})

describe('a source identity set upstream, through role chaining into B', () => {
  const base = { caller: { kind: 'role', arn: UPSTREAM } as const, externalId: EXTERNAL_ID }
  let allowed: string
  let notAllowed: string
  let chained: STSClient

  beforeAll(async () => {
    const withIdentity = install(fixtureSetup({ ...base, roleName: 'SourceIdentityAllowed', allowSourceIdentity: true }))
    const withoutIdentity = install(fixtureSetup({ ...base, roleName: 'SourceIdentityNotAllowed' }))
    const inlinePolicies = [
      { name: 'allowed', document: withIdentity.sourcePolicy },
      { name: 'not-allowed', document: withoutIdentity.sourcePolicy }
    ]
    sandbox.state.putRole(ACCOUNT_A, { name: 'Upstream', trustPolicy: upstreamTrust, inlinePolicies }, new Date())
    allowed = withIdentity.roleArn
    notAllowed = withoutIdentity.roleArn
    const first = await user.send(new AssumeRoleCommand({ RoleArn: UPSTREAM, RoleSessionName: 'alice', SourceIdentity: 'alice' }))
    const c = first.Credentials!
    chained = sandbox.sts({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! })
  })

  it('is refused into a role whose trust lacks sts:SetSourceIdentity, though nothing is passed again', async () => {
    expect(await outcome(chained, { RoleArn: notAllowed, RoleSessionName: 'test', ExternalId: EXTERNAL_ID })).toBe('AccessDenied')
  })

  it('is admitted, keeping the source identity, when the setup allows source identity', async () => {
    expect(await outcome(chained, { RoleArn: allowed, RoleSessionName: 'test', ExternalId: EXTERNAL_ID })).toBe('allowed (alice)')
  })

  it('still needs the ExternalId', async () => {
    expect(await outcome(chained, { RoleArn: allowed, RoleSessionName: 'test' })).toBe('AccessDenied')
  })

  it('a session without a source identity needs no sts:SetSourceIdentity', async () => {
    const plain = await user.send(new AssumeRoleCommand({ RoleArn: UPSTREAM, RoleSessionName: 'plain' }))
    const c = plain.Credentials!
    const client = sandbox.sts({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! })
    expect(await outcome(client, { RoleArn: notAllowed, RoleSessionName: 'test', ExternalId: EXTERNAL_ID })).toBe('allowed')
  })
})

describe('a GitHub token with session tags or a source identity (web identity)', () => {
  const github: CallerPrincipal = { kind: 'oidc', providerArn: `arn:aws:iam::${ACCOUNT_B}:oidc-provider/${GITHUB_OIDC_HOST}`, providerHost: GITHUB_OIDC_HOST, audiences: ['sts.amazonaws.com'], subjects: ['repo:acme/gateway:*'] }
  let allowed: string
  let plain: string

  beforeAll(() => {
    allowed = install(fixtureSetup({ caller: github, externalId: undefined, roleName: 'TokenSessionAllowed', allowSessionTags: true, allowSourceIdentity: true })).roleArn
    plain = install(fixtureSetup({ caller: github, externalId: undefined, roleName: 'TokenSessionPlain' })).roleArn
  })

  const token = (sub: string, extra: Record<string, unknown>) =>
    new SignJWT(extra).setProtectedHeader({ alg: 'HS256' }).setIssuer(`https://${GITHUB_OIDC_HOST}`).setSubject(sub).setAudience('sts.amazonaws.com').setIssuedAt().setExpirationTime('10m').sign(new TextEncoder().encode(GITHUB_OIDC_SIGNING_SECRET))
  const anonymous = new STSClient({ region: 'us-east-1', credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' } })
  async function webOutcome(roleArn: string, jwt: string): Promise<string> {
    try {
      const out = await anonymous.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn, RoleSessionName: 'ci-run', WebIdentityToken: jwt }))
      return out.Credentials?.AccessKeyId ? `allowed${out.SourceIdentity ? ` (${out.SourceIdentity})` : ''}` : 'no credentials'
    } catch (error) {
      return (error as Error).name
    }
  }
  const TAGS = { 'https://aws.amazon.com/tags': { principal_tags: { team: ['ai'] } } }
  const SOURCE = { 'https://aws.amazon.com/source_identity': 'octocat' }
  const MAIN = 'repo:acme/gateway:ref:refs/heads/main'

  it.each([
    ['session tags', TAGS, 'allowed'],
    ['a source identity', SOURCE, 'allowed (octocat)']
  ])('%s: admitted when the setup allows them, under the sub condition', async (_label, claims, expected) => {
    expect(await webOutcome(allowed, await token(MAIN, claims))).toBe(expected)
    expect(await webOutcome(allowed, await token('repo:evil/fork:ref:refs/heads/main', claims))).toBe('AccessDenied')
  })

  it.each([
    ['session tags', TAGS],
    ['a source identity', SOURCE]
  ])('%s: refused without the flag (the plain token still works)', async (_label, claims) => {
    expect(await webOutcome(plain, await token(MAIN, claims))).toBe('AccessDenied')
    expect(await webOutcome(plain, await token(MAIN, {}))).toBe('allowed')
  })
})
