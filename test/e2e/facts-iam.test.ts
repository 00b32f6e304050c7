/**
 * docs/aws-facts.md §1 (IAM names, limits and quotas), pinned by fact id: each expected value is
 * read from botocore's IAM model or from the row's quoted source, never from our constants, and
 * both the tool's validators and the sandbox (through the real @aws-sdk/client-iam) must agree.
 * Accounts: B = 222222222222 (admin).
 */
import { AttachRolePolicyCommand, CreatePolicyCommand, CreateRoleCommand, GetRoleCommand, IAMClient, PutRolePolicyCommand, type Tag } from '@aws-sdk/client-iam'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isIamName } from '../../src/core/arn.js'
import { ROLE_MAX_SESSION_SECONDS } from '../../src/core/aws-limits.js'
import { POLICY_NAME_MAX, ROLE_NAME_MAX } from '../../src/core/naming.js'
import { buildTrustPolicy } from '../../src/core/policies/trust.js'
import { checkIamPath } from '../../src/core/setup/validators.js'
import { botocoreModel } from '../helpers/botocore.js'
import { ACCOUNT_A, ACCOUNT_B, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js'
import { fixtureSetup } from '../helpers/setup-fixture.js'

const iam = botocoreModel('iam')
let sandbox: TestSandbox
let admin: IAMClient
let counter = 0

const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_A}:root` }, Action: 'sts:AssumeRole' }] })
const allow = (resource = '*') => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: resource }] })
/** A fresh role name, so cases do not collide. */
const fresh = () => `FactRole${++counter}`
const createRole = (input: { RoleName?: string; Path?: string; Description?: string; Tags?: Tag[]; AssumeRolePolicyDocument?: string }) => admin.send(new CreateRoleCommand({ RoleName: fresh(), AssumeRolePolicyDocument: trust, ...input }))
const rejected = { name: 'ValidationError' }

beforeAll(async () => {
  sandbox = await startTestSandbox()
  admin = sandbox.iam(sandbox.principals.targetAdmin, { maxAttempts: 1 })
})

afterAll(async () => {
  await sandbox.stop()
})

/** Values on both sides of a string shape's limits and pattern, with what botocore says of each. */
function verdicts(shape: string, samples: string[]): [string, boolean][] {
  const { min = 0, max = Infinity } = iam.shape(shape)
  return samples.map((value) => [value, value.length >= min && value.length <= max && iam.regex(shape).test(value)])
}

describe('IAM facts (docs/aws-facts.md §1)', () => {
  it('iam.max-session-duration.default: a role created without MaxSessionDuration gets one hour', async () => {
    expect(iam.memberDoc('CreateRoleRequest', 'MaxSessionDuration')).toContain('If you do not specify a value for this setting, the default value of one hour is applied.')
    const oneHour = 3600
    expect(ROLE_MAX_SESSION_SECONDS.default).toBe(oneHour)
    const { Role } = await createRole({})
    expect(Role?.MaxSessionDuration).toBe(oneHour)
  })

  it('iam.role-name.pattern: 1–64 of [\\w+=,.@-], unique case-insensitively; tool and sandbox agree with botocore', async () => {
    const { min, max } = iam.shape('roleNameType')
    expect([min, max]).toEqual([1, 64])
    expect(ROLE_NAME_MAX).toBe(max)
    const samples = verdicts('roleNameType', ['a', 'R'.repeat(64), 'R'.repeat(65), 'Bedrock+Role=,.@_-1', 'has space', 'slash/name', 'star*', 'é', ''])
    for (const [value, valid] of samples) {
      expect(isIamName(value), value).toBe(valid)
      const attempt = admin.send(new CreateRoleCommand({ RoleName: value, AssumeRolePolicyDocument: trust }))
      if (valid) await attempt
      else await expect(attempt, value).rejects.toMatchObject(rejected)
    }
    await admin.send(new CreateRoleCommand({ RoleName: 'CaseRole', AssumeRolePolicyDocument: trust }))
    await expect(admin.send(new CreateRoleCommand({ RoleName: 'caserole', AssumeRolePolicyDocument: trust }))).rejects.toMatchObject({ name: 'EntityAlreadyExistsException' })
  })

  it('iam.role-path.pattern: "/" or /…/ of U+0021–U+007E, at most 512; --role-path and the sandbox agree with botocore', async () => {
    expect(iam.shape('pathType')).toMatchObject({ min: 1, max: 512 })
    const samples = verdicts('pathType', ['/', '/team/', '/a/b/', '/a!b/', `/${'p'.repeat(510)}/`, `/${'p'.repeat(511)}/`, 'team/', '/team', '/a b/', '/é/', '//'])
    for (const [value, valid] of samples) {
      expect(checkIamPath(value).ok, value).toBe(valid)
      const attempt = createRole({ Path: value })
      if (valid) await attempt
      else await expect(attempt, value).rejects.toMatchObject(rejected)
    }
  })

  it('iam.policy-path.pattern: a managed policy path is narrower than a role path (botocore policyPathType)', async () => {
    const samples = verdicts('policyPathType', ['/', '/team/', '/a/b/', '/a!b/', '/a*b/', '/a.b,c+d@e=f_g-h/', 'team/', '//'])
    expect(samples.filter(([, valid]) => !valid).map(([value]) => value)).toEqual(['/a!b/', '/a*b/', 'team/', '//'])
    for (const [value, valid] of samples) {
      const attempt = admin.send(new CreatePolicyCommand({ PolicyName: `FactPolicy${++counter}`, Path: value, PolicyDocument: allow() }))
      if (valid) await attempt
      else await expect(attempt, value).rejects.toMatchObject(rejected)
    }
  })

  it('iam.policy-name.pattern: 1–128 of [\\w+=,.@-] for inline and managed policies', async () => {
    expect(iam.shape('policyNameType')).toMatchObject({ min: 1, max: 128 })
    expect(POLICY_NAME_MAX).toBe(iam.shape('policyNameType').max)
    const { Role } = await createRole({})
    for (const [value, valid] of verdicts('policyNameType', ['P'.repeat(128), 'P'.repeat(129), 'Bedrock-Invoke_Policy', 'has space'])) {
      const inline = admin.send(new PutRolePolicyCommand({ RoleName: Role!.RoleName!, PolicyName: value, PolicyDocument: allow() }))
      const managed = admin.send(new CreatePolicyCommand({ PolicyName: value, PolicyDocument: allow() }))
      if (valid) await Promise.all([inline, managed])
      else await Promise.all([expect(inline, value).rejects.toMatchObject(rejected), expect(managed, value).rejects.toMatchObject(rejected)])
    }
  })

  it('iam.policy-document.charset: only tab, LF, CR and U+0020–U+00FF in trust, inline and managed documents', async () => {
    const latin = allow('arn:aws:bedrock:us-east-1::foundation-model/café')
    const beyond = allow('arn:aws:bedrock:us-east-1::foundation-model/ĉ')
    expect(iam.regex('policyDocumentType').test(latin)).toBe(true)
    expect(iam.regex('policyDocumentType').test(beyond)).toBe(false)
    const { Role } = await createRole({})
    await admin.send(new PutRolePolicyCommand({ RoleName: Role!.RoleName!, PolicyName: 'latin', PolicyDocument: latin }))
    await expect(admin.send(new PutRolePolicyCommand({ RoleName: Role!.RoleName!, PolicyName: 'beyond', PolicyDocument: beyond }))).rejects.toMatchObject(rejected)
    await expect(admin.send(new CreatePolicyCommand({ PolicyName: 'Beyond', PolicyDocument: beyond }))).rejects.toMatchObject(rejected)
    const trustBeyond = JSON.stringify({ ...JSON.parse(trust), Id: 'ĉ' })
    await expect(createRole({ AssumeRolePolicyDocument: trustBeyond })).rejects.toMatchObject(rejected)
  })

  it('iam.role-description.limit: at most 1000 characters of the description pattern; the tool writes one that fits', async () => {
    expect(iam.shape('roleDescriptionType').max).toBe(1000)
    for (const [value, valid] of verdicts('roleDescriptionType', ['d'.repeat(1000), 'd'.repeat(1001), 'Bedrock café', 'Bedrock ĉ'])) {
      const attempt = createRole({ Description: value })
      if (valid) await attempt
      else await expect(attempt, value).rejects.toMatchObject(rejected)
    }
    const { roleDescription } = await import('../../src/core/apply/plan.js')
    const description = roleDescription(fixtureSetup({ useCase: 'U'.repeat(32) }))
    expect(verdicts('roleDescriptionType', [description])).toEqual([[description, true]])
  })

  it('iam.quota.managed-policy-size: a managed policy document of 6144 characters (whitespace not counted) fits, one more does not', async () => {
    // Source: re:Post iam-increase-policy-size, "Il limite massimo di caratteri per le policy gestite è 6.144."
    const quota = 6144
    const sized = (length: number) => {
      const base = allow('')
      return allow('x'.repeat(length - base.length))
    }
    expect(sized(quota)).toHaveLength(quota)
    await admin.send(new CreatePolicyCommand({ PolicyName: 'AtQuota', PolicyDocument: sized(quota) }))
    await admin.send(new CreatePolicyCommand({ PolicyName: 'AtQuotaSpaced', PolicyDocument: JSON.stringify(JSON.parse(sized(quota)), null, 8) }))
    await expect(admin.send(new CreatePolicyCommand({ PolicyName: 'OverQuota', PolicyDocument: sized(quota + 1) }))).rejects.toMatchObject({ name: 'LimitExceededException' })
  })

  it('iam.quota.managed-per-role: 10 managed policies attach to a role, the 11th is refused', async () => {
    // Source: re:Post iam-increase-policy-size, "Il limite predefinito per le policy gestite è 10".
    const quota = 10
    const { Role } = await createRole({})
    const arns: string[] = []
    for (let n = 0; n <= quota; n++) arns.push((await admin.send(new CreatePolicyCommand({ PolicyName: `Attach${counter}-${n}`, PolicyDocument: allow() }))).Policy!.Arn!)
    for (const arn of arns.slice(0, quota)) await admin.send(new AttachRolePolicyCommand({ RoleName: Role!.RoleName!, PolicyArn: arn }))
    await expect(admin.send(new AttachRolePolicyCommand({ RoleName: Role!.RoleName!, PolicyArn: arns[quota] }))).rejects.toMatchObject({ name: 'LimitExceededException' })
  })

  it('iam.quota.tags: 50 tags on a role at creation, 51 refused', async () => {
    const max = iam.shape('tagListType').max!
    expect(max).toBe(50)
    const tags = (n: number) => Array.from({ length: n }, (_, i) => ({ Key: `k${i}`, Value: 'v' }))
    await createRole({ Tags: tags(max) })
    await expect(createRole({ Tags: tags(max + 1) })).rejects.toMatchObject({ name: expect.stringMatching(/LimitExceeded|ValidationError/) })
  })

  it('trust.principal.no-partial-wildcard: IAM refuses a partial wildcard in a principal ARN; the tool never writes "*"', async () => {
    const partial = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_A}:user/app-*` }, Action: 'sts:AssumeRole' }] })
    await expect(createRole({ AssumeRolePolicyDocument: partial })).rejects.toMatchObject({ name: 'MalformedPolicyDocumentException' })
    const written = JSON.stringify(buildTrustPolicy(fixtureSetup()))
    expect(written).not.toMatch(/"Principal":\s*"\*"|"AWS":\s*"[^"]*\*/)
  })

  it('reads a role back from the sandbox (sanity)', async () => {
    const { Role } = await createRole({})
    expect((await admin.send(new GetRoleCommand({ RoleName: Role!.RoleName! }))).Role?.Arn).toBe(`arn:aws:iam::${ACCOUNT_B}:role/${Role!.RoleName!}`)
  })
})
