/**
 * The sandbox's account-wide role listings through the real @aws-sdk/client-iam: ListRoles and
 * GetAccountAuthorizationDetails (Filter=Role) page with MaxItems/Marker like AWS, return what was
 * stored, and are authorized and validated like the other IAM calls.
 * Accounts: A = 111111111111 (app-caller without policies, admin; 101 roles put directly into the
 * state for the default page size), B = 222222222222 (admin; the seven roles of ROLES, created below).
 */
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  GetAccountAuthorizationDetailsCommand,
  GetRoleCommand,
  ListRolesCommand,
  PutRolePolicyCommand,
  paginateGetAccountAuthorizationDetails,
  type EntityType,
  type IAMClient,
  type ListRolesCommandInput
} from '@aws-sdk/client-iam'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ACCOUNT_A, ACCOUNT_B, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js'

let sandbox: TestSandbox
let adminA: IAMClient
let adminB: IAMClient

/** Mixed case on purpose: IAM names are case-insensitive, and so is the listing order. */
const ROLES = ['foxtrot', 'Bravo', 'Reader', 'alpha', 'Delta', 'charlie', 'echo']
const SORTED = ['alpha', 'Bravo', 'charlie', 'Delta', 'echo', 'foxtrot', 'Reader']
/** Roles under this path, for PathPrefix. */
const SVC_ROLES = new Set(['charlie', 'echo'])

const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess'
const LOCAL_POLICY = `arn:aws:iam::${ACCOUNT_B}:policy/team/BedrockInvoke`
/** Pretty-printed, with characters that need URL-encoding: the decoded text must be exactly this. */
const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_A}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'a b&c=d/é' } } }] }, null, 2)
const invoke = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: 'arn:aws:bedrock:us-east-1::foundation-model/*' }] }, null, 1)

beforeAll(async () => {
  sandbox = await startTestSandbox()
  // One attempt: every error here is a 400 or 403, which must not be retried anyway.
  adminA = sandbox.iam(sandbox.principals.sourceAdmin, { maxAttempts: 1 })
  adminB = sandbox.iam(sandbox.principals.targetAdmin, { maxAttempts: 1 })
  await adminB.send(new CreatePolicyCommand({ PolicyName: 'BedrockInvoke', Path: '/team/', PolicyDocument: invoke }))
  await Promise.all(
    ROLES.map((name) =>
      adminB.send(
        new CreateRoleCommand({
          RoleName: name,
          AssumeRolePolicyDocument: trust,
          Path: SVC_ROLES.has(name) ? '/svc/' : '/',
          ...(name === 'Reader' ? { Description: 'reads', PermissionsBoundary: READ_ONLY, Tags: [{ Key: 'team', Value: 'ml' }] } : {})
        })
      )
    )
  )
  await adminB.send(new PutRolePolicyCommand({ RoleName: 'Reader', PolicyName: 'invoke', PolicyDocument: invoke }))
  await adminB.send(new AttachRolePolicyCommand({ RoleName: 'Reader', PolicyArn: LOCAL_POLICY }))
  await adminB.send(new AttachRolePolicyCommand({ RoleName: 'Reader', PolicyArn: READ_ONLY }))
  for (let n = 0; n < 101; n++) sandbox.state.putRole(ACCOUNT_A, { name: `bulk-${String(n).padStart(3, '0')}`, trustPolicy: JSON.parse(trust) }, new Date())
})

afterAll(async () => {
  await sandbox.stop()
})

interface PageShape {
  names: string[]
  isTruncated: boolean | undefined
  marker: string | undefined
}

/** Follow Marker to the end, keeping each page's shape. */
async function allPages(fetchPage: (marker: string | undefined) => Promise<PageShape>): Promise<PageShape[]> {
  const pages: PageShape[] = []
  let marker: string | undefined
  do {
    const page = await fetchPage(marker)
    pages.push(page)
    marker = page.marker
  } while (marker !== undefined && pages.length < 20)
  return pages
}

const listRoles = (client: IAMClient, input: ListRolesCommandInput) => async (marker: string | undefined) => {
  const out = await client.send(new ListRolesCommand({ ...input, ...(marker ? { Marker: marker } : {}) }))
  return { names: out.Roles!.map((r) => r.RoleName!), isTruncated: out.IsTruncated, marker: out.Marker }
}

const roleDetails = (maxItems: number) => async (marker: string | undefined) => {
  const out = await adminB.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'], MaxItems: maxItems, ...(marker ? { Marker: marker } : {}) }))
  return { names: out.RoleDetailList!.map((r) => r.RoleName!), isTruncated: out.IsTruncated, marker: out.Marker }
}

/** Every page but the last is full and truncated with a Marker; the last is neither. */
function expectPaged(pages: PageShape[], sizes: number[], names: string[]): void {
  expect(pages.map((p) => p.names.length)).toEqual(sizes)
  expect(pages.flatMap((p) => p.names)).toEqual(names)
  for (const [i, page] of pages.entries()) {
    const last = i === pages.length - 1
    expect(page.isTruncated).toBe(!last)
    expect(page.marker === undefined).toBe(last)
  }
}

describe('ListRoles', () => {
  it('pages with MaxItems: every role once, by name case-insensitively, Marker only while truncated', async () => {
    expectPaged(await allPages(listRoles(adminB, { MaxItems: 3 })), [3, 3, 1], SORTED)
  })

  it('filters by PathPrefix before paging', async () => {
    expectPaged(await allPages(listRoles(adminB, { MaxItems: 1, PathPrefix: '/svc/' })), [1, 1], ['charlie', 'echo'])
  })

  it('returns 100 roles per page by default', async () => {
    expectPaged(
      await allPages(listRoles(adminA, {})),
      [100, 1],
      Array.from({ length: 101 }, (_, n) => `bulk-${String(n).padStart(3, '0')}`)
    )
  })

  it('omits PermissionsBoundary, Tags and RoleLastUsed, as AWS does (GetRole has them)', async () => {
    const { Roles } = await adminB.send(new ListRolesCommand({}))
    const listed = Roles!.find((r) => r.RoleName === 'Reader')!
    expect(listed).toMatchObject({ Path: '/', Description: 'reads', MaxSessionDuration: 3600, Arn: `arn:aws:iam::${ACCOUNT_B}:role/Reader` })
    expect(decodeURIComponent(listed.AssumeRolePolicyDocument!)).toBe(trust)
    expect(listed).not.toHaveProperty('PermissionsBoundary')
    expect(listed).not.toHaveProperty('Tags')
    expect(listed).not.toHaveProperty('RoleLastUsed')
    const { Role } = await adminB.send(new GetRoleCommand({ RoleName: 'Reader' }))
    expect(Role).toMatchObject({ PermissionsBoundary: { PermissionsBoundaryArn: READ_ONLY }, Tags: [{ Key: 'team', Value: 'ml' }], RoleLastUsed: {} })
  })
})

describe('GetAccountAuthorizationDetails (Filter=Role)', () => {
  it('pages over the roles in the same order as ListRoles', async () => {
    expectPaged(await allPages(roleDetails(3)), [3, 3, 1], SORTED)
  })

  it("works with the SDK's own paginator", async () => {
    const names: string[] = []
    for await (const page of paginateGetAccountAuthorizationDetails({ client: adminB, pageSize: 2 }, { Filter: ['Role'] })) names.push(...page.RoleDetailList!.map((r) => r.RoleName!))
    expect(names).toEqual(SORTED)
  })

  it('returns the stored trust and inline documents, attached policies, boundary and tags', async () => {
    const out = await adminB.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }))
    expect(out).toMatchObject({ UserDetailList: [], GroupDetailList: [], Policies: [], IsTruncated: false })
    const reader = out.RoleDetailList!.find((r) => r.RoleName === 'Reader')!
    expect(reader).toMatchObject({ Path: '/', Arn: `arn:aws:iam::${ACCOUNT_B}:role/Reader`, InstanceProfileList: [], RoleLastUsed: {}, Tags: [{ Key: 'team', Value: 'ml' }] })
    expect(reader.RoleId).toMatch(/^AROA/)
    expect(reader.CreateDate).toBeInstanceOf(Date)
    expect(decodeURIComponent(reader.AssumeRolePolicyDocument!)).toBe(trust)
    expect(reader.RolePolicyList!.map((p) => [p.PolicyName, decodeURIComponent(p.PolicyDocument!)])).toEqual([['invoke', invoke]])
    expect(reader.AttachedManagedPolicies).toEqual([
      { PolicyName: 'BedrockInvoke', PolicyArn: LOCAL_POLICY },
      { PolicyName: 'ReadOnlyAccess', PolicyArn: READ_ONLY }
    ])
    expect(reader.PermissionsBoundary).toEqual({ PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: READ_ONLY })
    // Not part of RoleDetail in AWS.
    expect(reader).not.toHaveProperty('Description')
    expect(reader).not.toHaveProperty('MaxSessionDuration')
    const plain = out.RoleDetailList!.find((r) => r.RoleName === 'alpha')!
    expect(plain).toMatchObject({ RolePolicyList: [], AttachedManagedPolicies: [] })
    expect(plain).not.toHaveProperty('PermissionsBoundary')
  })

  it('records the call in CloudTrail (us-east-1, read-only, with its filter)', async () => {
    await adminB.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'], MaxItems: 5 }))
    const event = sandbox.trail.events(ACCOUNT_B, 'us-east-1').findLast((e) => e.eventName === 'GetAccountAuthorizationDetails')
    expect(event).toMatchObject({ eventSource: 'iam.amazonaws.com', readOnly: true, requestParameters: { filter: ['Role'], maxItems: 5 } })
  })

  const notImplemented = (asked: string) => `The sandbox does not implement GetAccountAuthorizationDetails ${asked}; it implements only Filter=[Role].`
  it.each<[string, EntityType[] | undefined, string]>([
    ['no Filter', undefined, 'without a Filter (every entity type)'],
    ['an empty Filter', [], 'without a Filter (every entity type)'],
    ['Filter=[User]', ['User'], 'with Filter=[User]'],
    ['Filter=[Role, LocalManagedPolicy]', ['Role', 'LocalManagedPolicy'], 'with Filter=[Role, LocalManagedPolicy]']
  ])('%s fails loudly: InvalidAction naming the sandbox limit', async (_label, filter, asked) => {
    await expect(adminB.send(new GetAccountAuthorizationDetailsCommand(filter === undefined ? {} : { Filter: filter }))).rejects.toMatchObject({
      name: 'InvalidAction',
      message: notImplemented(asked),
      $metadata: { httpStatusCode: 400 }
    })
  })
})

describe('validation and authorization', () => {
  const validation = (member: string, value: string, constraint: string) => `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`
  it.each<[string, () => Promise<unknown>, string]>([
    ['ListRoles MaxItems 0', () => adminB.send(new ListRolesCommand({ MaxItems: 0 })), validation('maxItems', '0', 'Member must have value greater than or equal to 1')],
    ['ListRoles MaxItems 1001', () => adminB.send(new ListRolesCommand({ MaxItems: 1001 })), validation('maxItems', '1001', 'Member must have value less than or equal to 1000')],
    ['GetAccountAuthorizationDetails MaxItems 1001', () => adminB.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'], MaxItems: 1001 })), validation('maxItems', '1001', 'Member must have value less than or equal to 1000')],
    [
      'a Filter value outside the EntityType enum',
      () => adminB.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role', 'Roles' as EntityType] })),
      validation('filter', '[Role, Roles]', 'Member must satisfy constraint: [Member must satisfy enum value set: [User, Role, Group, LocalManagedPolicy, AWSManagedPolicy]]')
    ],
    ['ListRoles with a Marker it did not issue', () => adminB.send(new ListRolesCommand({ Marker: 'not-a-marker' })), 'Invalid Marker.'],
    ['ListRoles with a tampered Marker', () => adminB.send(new ListRolesCommand({ Marker: Buffer.from('someone-else/v1/alpha').toString('base64url') })), 'Invalid Marker.'],
    ['GetAccountAuthorizationDetails with a Marker it did not issue', () => adminB.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'], Marker: 'AAAA' })), 'Invalid Marker.']
  ])('%s is a ValidationError', async (_label, call, message) => {
    await expect(call()).rejects.toMatchObject({ name: 'ValidationError', message, $metadata: { httpStatusCode: 400 } })
  })

  it('needs iam:GetAccountAuthorizationDetails itself: iam:ListRoles is not enough', async () => {
    const listOnly = { Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Action: 'iam:ListRoles', Resource: '*' }] }
    sandbox.state.putUserPolicy(ACCOUNT_A, 'app-caller', 'list-only', listOnly)
    const caller = sandbox.iam(sandbox.principals.sourceCaller, { maxAttempts: 1 })
    await expect(caller.send(new ListRolesCommand({ MaxItems: 1 }))).resolves.toMatchObject({ IsTruncated: true })
    await expect(caller.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }))).rejects.toMatchObject({
      name: 'AccessDenied',
      message: `User: arn:aws:iam::${ACCOUNT_A}:user/app-caller is not authorized to perform: iam:GetAccountAuthorizationDetails on resource: * because no identity-based policy allows the iam:GetAccountAuthorizationDetails action`,
      $metadata: { httpStatusCode: 403 }
    })
    const denied = sandbox.trail.events(ACCOUNT_A, 'us-east-1').findLast((e) => e.eventName === 'GetAccountAuthorizationDetails')
    expect(denied).toMatchObject({ errorCode: 'AccessDenied' })
  })
})
