/**
 * Every policy layer the sandbox enforces, and AWS's wording for each denial (DESIGN §5): SCPs,
 * explicit identity denies, permissions boundaries, session policies, and the context keys AWS sets
 * (aws:PrincipalArn is the ROLE arn for a session; aws:RequestedRegion).
 * World: the default one plus, in A = 111111111111, an SCP and users `bounded` and `denied`;
 * in B = 222222222222, the role `ScopedRole`.
 */
import { GetRoleCommand, ListRolesCommand } from '@aws-sdk/client-iam'
import { AssumeRoleCommand } from '@aws-sdk/client-sts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WorldFile } from '../../src/sandbox/world-types.js'
import { defaultWorld } from '../../src/sandbox/worlds/default-world.js'
import { ACCOUNT_A, ACCOUNT_B, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js'

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess'
const SCOPED = `arn:aws:iam::${ACCOUNT_B}:role/ScopedRole`

function world(): WorldFile {
  const w = defaultWorld()
  const [a, b] = w.accounts as [WorldFile['accounts'][0], WorldFile['accounts'][0]]
  a.scps = [{ name: 'DenyDeleteRole', document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'iam:DeleteRole', Resource: '*' }] } }]
  a.policies = [{ name: 'ReadRolesOnly', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' }] } }]
  a.users.push(
    { name: 'bounded', accessKeys: [{ accessKeyId: 'AKIASANDBOXABOUNDED1', secretAccessKey: 'b'.repeat(40) }], sourceIp: '203.0.113.30', attachedPolicies: [ADMIN], permissionsBoundary: `arn:aws:iam::${ACCOUNT_A}:policy/ReadRolesOnly` },
    {
      name: 'denied',
      accessKeys: [{ accessKeyId: 'AKIASANDBOXADENIED01', secretAccessKey: 'd'.repeat(40) }],
      sourceIp: '203.0.113.40',
      attachedPolicies: [ADMIN],
      inlinePolicies: [{ name: 'NoRoles', document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'iam:GetRole', Resource: '*' }] } }]
    }
  )
  a.users[0]!.inlinePolicies = [{ name: 'source', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: SCOPED }] } }]
  b.roles.push({
    name: 'ScopedRole',
    trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_A}:root` }, Action: 'sts:AssumeRole' }] },
    inlinePolicies: [
      {
        name: 'OnlyAsThisRole',
        document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:GetRole', 'iam:ListRoles'], Resource: '*', Condition: { StringEquals: { 'aws:PrincipalArn': SCOPED, 'aws:RequestedRegion': 'us-east-1' } } }] }
      }
    ]
  })
  return w
}

let sandbox: TestSandbox
beforeAll(async () => {
  sandbox = await startTestSandbox({ world: world() })
})
afterAll(async () => {
  await sandbox.stop()
})

const who = (name: string) => `arn:aws:iam::${ACCOUNT_A}:user/${name}`
const roleIn = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`

describe('denial messages per layer', () => {
  it('an SCP deny says "explicit deny in a service control policy"', async () => {
    const { DeleteRoleCommand } = await import('@aws-sdk/client-iam')
    await expect(sandbox.iam(sandbox.principals.sourceAdmin).send(new DeleteRoleCommand({ RoleName: 'AnyRole' }))).rejects.toMatchObject({
      name: 'AccessDenied',
      message: `User: ${who('admin')} is not authorized to perform: iam:DeleteRole on resource: ${roleIn(ACCOUNT_A, 'AnyRole')} with an explicit deny in a service control policy`
    })
  })

  it.each([
    ['an explicit deny in an identity policy', 'denied', 'AKIASANDBOXADENIED01', 'd', 'with an explicit deny in an identity-based policy'],
    ['a permissions boundary without the action', 'bounded', 'AKIASANDBOXABOUNDED1', 'b', 'because no permissions boundary allows the iam:GetRole action']
  ])('%s', async (_label, user, accessKeyId, secretChar, reason) => {
    const client = sandbox.iam({ accessKeyId, secretAccessKey: secretChar.repeat(40) })
    await expect(client.send(new GetRoleCommand({ RoleName: 'AnyRole' }))).rejects.toMatchObject({
      name: 'AccessDenied',
      message: `User: ${who(user)} is not authorized to perform: iam:GetRole on resource: ${roleIn(ACCOUNT_A, 'AnyRole')} ${reason}`
    })
  })

  it('the boundary still allows what both allow', async () => {
    const client = sandbox.iam({ accessKeyId: 'AKIASANDBOXABOUNDED1', secretAccessKey: 'b'.repeat(40) })
    const { Roles } = await client.send(new ListRolesCommand({}))
    expect(Roles).toEqual([])
  })
})

describe('sessions', () => {
  const session = (params: { Policy?: string; region?: string } = {}) =>
    sandbox.assumeRoleCredentials(sandbox.principals.sourceCaller, { RoleArn: SCOPED, RoleSessionName: 'scoped', ...(params.Policy ? { Policy: params.Policy } : {}) }, { region: params.region ?? 'us-east-1' })

  it('aws:PrincipalArn is the role ARN for a session', async () => {
    const { Role } = await sandbox.iam(session()).send(new GetRoleCommand({ RoleName: 'ScopedRole' }))
    expect(Role?.Arn).toBe(SCOPED)
  })

  it('IAM is global: aws:RequestedRegion is us-east-1 whatever region the client signs for', async () => {
    const client = sandbox.iam(session(), { region: 'us-west-2' })
    await expect(client.send(new GetRoleCommand({ RoleName: 'ScopedRole' }))).resolves.toBeDefined()
  })

  it('a session policy narrows the session: "because no session policy allows"', async () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' }] })
    await expect(sandbox.iam(session({ Policy: policy })).send(new GetRoleCommand({ RoleName: 'ScopedRole' }))).rejects.toMatchObject({
      name: 'AccessDenied',
      message: `User: arn:aws:sts::${ACCOUNT_B}:assumed-role/ScopedRole/scoped is not authorized to perform: iam:GetRole on resource: ${SCOPED} because no session policy allows the iam:GetRole action`
    })
  })

  it('a malformed session policy is MalformedPolicyDocument', async () => {
    await expect(sandbox.sts(sandbox.principals.sourceCaller, { maxAttempts: 1 }).send(new AssumeRoleCommand({ RoleArn: SCOPED, RoleSessionName: 'bad', Policy: '{"Statement": ' }))).rejects.toMatchObject({
      name: 'MalformedPolicyDocumentException',
      message: 'This policy contains invalid Json'
    })
  })
})
