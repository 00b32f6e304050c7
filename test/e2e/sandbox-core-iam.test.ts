/**
 * The sandbox's IAM through the real @aws-sdk/client-iam: round trips (URL-encoded documents as AWS
 * returns them), AWS's error codes and limits, and authorization of each call.
 * Accounts: A = 111111111111 (app-caller without policies, admin), B = 222222222222 (admin).
 */
import {
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  DetachUserPolicyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  DeletePolicyVersionCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  ListRoleTagsCommand,
  ListUserPoliciesCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  SimulatePrincipalPolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand
} from '@aws-sdk/client-iam'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runProgram } from '../helpers/run-program.js'
import { ACCOUNT_A, ACCOUNT_B, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js'

let sandbox: TestSandbox
let adminB: IAMClient
let adminA: IAMClient

const trust = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [{ Sid: 'BedrockXacctTrust', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_A}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'a b&c=d/é' } } }]
  },
  null,
  2
)
const invoke = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: 'arn:aws:bedrock:us-east-1::foundation-model/*' }] })
const policyWith = (n: number) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: `V${n}`, Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: '*' }] })

beforeAll(async () => {
  sandbox = await startTestSandbox()
  // One attempt: the SDK retries LimitExceeded as throttling, which only slows these tests down.
  adminB = sandbox.iam(sandbox.principals.targetAdmin, { maxAttempts: 1 })
  adminA = sandbox.iam(sandbox.principals.sourceAdmin)
  await adminB.send(new CreateRoleCommand({ RoleName: 'BedrockAccessRole', AssumeRolePolicyDocument: trust, Description: 'test', Tags: [{ Key: 'app', Value: 'gateway' }] }))
})

afterAll(async () => {
  await sandbox.stop()
})

describe('roles', () => {
  it('GetRole returns the trust policy URL-encoded, exactly as submitted', async () => {
    const { Role } = await adminB.send(new GetRoleCommand({ RoleName: 'BedrockAccessRole' }))
    expect(Role?.AssumeRolePolicyDocument).toMatch(/^%7B/)
    expect(decodeURIComponent(Role!.AssumeRolePolicyDocument!)).toBe(trust)
    expect(Role).toMatchObject({ RoleName: 'BedrockAccessRole', Arn: `arn:aws:iam::${ACCOUNT_B}:role/BedrockAccessRole`, Path: '/', MaxSessionDuration: 3600, Description: 'test' })
    expect(Role?.RoleId).toMatch(/^AROA/)
    expect(Role?.CreateDate).toBeInstanceOf(Date)
    expect(sandbox.state.roleTrustPolicy(ACCOUNT_B, 'BedrockAccessRole')).toEqual(JSON.parse(trust))
  })

  it('UpdateRole and UpdateAssumeRolePolicy change what GetRole returns', async () => {
    await adminB.send(new UpdateRoleCommand({ RoleName: 'BedrockAccessRole', MaxSessionDuration: 7200 }))
    const updated = trust.replace('a b&c=d/é', 'new-id')
    await adminB.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'BedrockAccessRole', PolicyDocument: updated }))
    const { Role } = await adminB.send(new GetRoleCommand({ RoleName: 'bedrockaccessrole' }))
    expect(Role?.MaxSessionDuration).toBe(7200)
    expect(decodeURIComponent(Role!.AssumeRolePolicyDocument!)).toBe(updated)
  })

  it('inline policies round-trip and list', async () => {
    await adminB.send(new PutRolePolicyCommand({ RoleName: 'BedrockAccessRole', PolicyName: 'invoke', PolicyDocument: invoke }))
    const got = await adminB.send(new GetRolePolicyCommand({ RoleName: 'BedrockAccessRole', PolicyName: 'invoke' }))
    expect(decodeURIComponent(got.PolicyDocument!)).toBe(invoke)
    expect((await adminB.send(new ListRolePoliciesCommand({ RoleName: 'BedrockAccessRole' }))).PolicyNames).toEqual(['invoke'])
    expect(sandbox.state.roleInlinePolicies(ACCOUNT_B, 'BedrockAccessRole')).toEqual({ invoke: JSON.parse(invoke) })
  })

  it('tags', async () => {
    await adminB.send(new TagRoleCommand({ RoleName: 'BedrockAccessRole', Tags: [{ Key: 'owner', Value: 'platform' }] }))
    expect((await adminB.send(new ListRoleTagsCommand({ RoleName: 'BedrockAccessRole' }))).Tags).toEqual([
      { Key: 'app', Value: 'gateway' },
      { Key: 'owner', Value: 'platform' }
    ])
  })

  it('UntagRole removes the keys named (a key the role lacks is no error); at most 50 keys; the AWS CLI (botocore) serializes it the same way', async () => {
    await adminB.send(new CreateRoleCommand({ RoleName: 'UntagRole', AssumeRolePolicyDocument: trust, Tags: ['a', 'b', 'c', 'keep'].map((Key) => ({ Key, Value: Key })) }))
    await adminB.send(new UntagRoleCommand({ RoleName: 'UntagRole', TagKeys: ['a', 'never-set'] }))
    expect((await adminB.send(new ListRoleTagsCommand({ RoleName: 'UntagRole' }))).Tags?.map((tag) => tag.Key)).toEqual(['b', 'c', 'keep'])
    const tooMany = Array.from({ length: 51 }, (_, i) => `k${i}`)
    await expect(adminB.send(new UntagRoleCommand({ RoleName: 'UntagRole', TagKeys: tooMany }))).rejects.toMatchObject({
      name: 'ValidationError',
      message: expect.stringMatching(/at 'tagKeys' failed to satisfy constraint: Member must have length less than or equal to 50/)
    })
    const keys = sandbox.principals.targetAdmin
    const cli = await runProgram('aws', ['iam', 'untag-role', '--role-name', 'UntagRole', '--tag-keys', 'b', 'c'], {
      PATH: process.env.PATH,
      HOME: '/nonexistent',
      AWS_ACCESS_KEY_ID: keys.accessKeyId,
      AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: sandbox.endpoint,
      AWS_EC2_METADATA_DISABLED: 'true'
    })
    expect(cli.stderr).toBe('')
    expect(cli.status).toBe(0)
    expect((await adminB.send(new ListRoleTagsCommand({ RoleName: 'UntagRole' }))).Tags).toEqual([{ Key: 'keep', Value: 'keep' }])
    expect(sandbox.calls.filter((call) => call.operation === 'UntagRole').length).toBeGreaterThanOrEqual(3)
  })

  it('attached managed policies', async () => {
    await adminB.send(new AttachRolePolicyCommand({ RoleName: 'BedrockAccessRole', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }))
    const { AttachedPolicies } = await adminB.send(new ListAttachedRolePoliciesCommand({ RoleName: 'BedrockAccessRole' }))
    expect(AttachedPolicies).toEqual([{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }])
  })
})

describe('managed policies and versions', () => {
  it('create, get, version up to five, then LimitExceeded', async () => {
    const { Policy } = await adminB.send(new CreatePolicyCommand({ PolicyName: 'BedrockInvoke', PolicyDocument: policyWith(1) }))
    expect(Policy).toMatchObject({ Arn: `arn:aws:iam::${ACCOUNT_B}:policy/BedrockInvoke`, DefaultVersionId: 'v1', IsAttachable: true })
    const arn = Policy!.Arn!
    for (let n = 2; n <= 5; n++) await adminB.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: policyWith(n), SetAsDefault: true }))
    await expect(adminB.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: policyWith(6) }))).rejects.toMatchObject({
      name: 'LimitExceededException',
      message: 'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.'
    })
    expect((await adminB.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.DefaultVersionId).toBe('v5')
    const version = await adminB.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v5' }))
    expect(decodeURIComponent(version.PolicyVersion!.Document!)).toBe(policyWith(5))
    expect(version.PolicyVersion?.IsDefaultVersion).toBe(true)
    const versions = await adminB.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))
    expect(versions.Versions?.map((v) => v.VersionId)).toEqual(['v5', 'v4', 'v3', 'v2', 'v1'])
    await expect(adminB.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v5' }))).rejects.toMatchObject({ name: 'DeleteConflictException' })
    await adminB.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }))
    await adminB.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: policyWith(6) }))
  })
})

describe('user policies (account A)', () => {
  it('put, get, list inline; list attached', async () => {
    const source = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${ACCOUNT_B}:role/BedrockAccessRole` }] })
    await adminA.send(new PutUserPolicyCommand({ UserName: 'app-caller', PolicyName: 'bedrock-xacct-source', PolicyDocument: source }))
    const got = await adminA.send(new GetUserPolicyCommand({ UserName: 'app-caller', PolicyName: 'bedrock-xacct-source' }))
    expect(decodeURIComponent(got.PolicyDocument!)).toBe(source)
    expect((await adminA.send(new ListUserPoliciesCommand({ UserName: 'app-caller' }))).PolicyNames).toEqual(['bedrock-xacct-source'])
    expect((await adminA.send(new ListAttachedUserPoliciesCommand({ UserName: 'admin' }))).AttachedPolicies).toEqual([{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }])
    expect(sandbox.state.userInlinePolicies(ACCOUNT_A, 'app-caller')).toEqual({ 'bedrock-xacct-source': JSON.parse(source) })
  })

  it('attached policies behave for users as for roles: idempotent attach, quota of 10, detach, unknown policy', async () => {
    const user = 'app-caller'
    const arns = Array.from({ length: 11 }, (_, n) => `arn:aws:iam::${ACCOUNT_A}:policy/Quota${n}`)
    for (let n = 0; n < arns.length; n++) {
      await adminA.send(new CreatePolicyCommand({ PolicyName: `Quota${n}`, PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' }] }) }))
    }
    for (const arn of arns.slice(0, 10)) await adminA.send(new AttachUserPolicyCommand({ UserName: user, PolicyArn: arn }))
    await adminA.send(new AttachUserPolicyCommand({ UserName: user, PolicyArn: arns[0] }))
    await expect(adminA.send(new AttachUserPolicyCommand({ UserName: user, PolicyArn: arns[10] }))).rejects.toMatchObject({
      name: 'LimitExceededException',
      message: 'Cannot exceed quota for PoliciesPerUser: 10'
    })
    for (const arn of arns.slice(0, 10)) await adminA.send(new DetachUserPolicyCommand({ UserName: user, PolicyArn: arn }))
    expect((await adminA.send(new ListAttachedUserPoliciesCommand({ UserName: user }))).AttachedPolicies).toEqual([])
    await expect(adminA.send(new AttachUserPolicyCommand({ UserName: user, PolicyArn: `arn:aws:iam::${ACCOUNT_A}:policy/Nope` }))).rejects.toMatchObject({ name: 'NoSuchEntityException' })
  })

  it('SimulatePrincipalPolicy answers with the evaluator', async () => {
    const result = await adminA.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: `arn:aws:iam::${ACCOUNT_A}:user/app-caller`,
        ActionNames: ['sts:AssumeRole', 'bedrock:InvokeModel'],
        ResourceArns: [`arn:aws:iam::${ACCOUNT_B}:role/BedrockAccessRole`],
        ContextEntries: [{ ContextKeyName: 'aws:SourceIp', ContextKeyValues: ['203.0.113.10'], ContextKeyType: 'ip' }]
      })
    )
    expect(result.EvaluationResults?.map((r) => [r.EvalActionName, r.EvalDecision])).toEqual([
      ['sts:AssumeRole', 'allowed'],
      ['bedrock:InvokeModel', 'implicitDeny']
    ])
  })
})

describe('errors as AWS gives them', () => {
  const role = (name: string, document: string) => adminB.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: document }))
  const longTrust = JSON.stringify({
    Version: '2012-10-17',
    Statement: Array.from({ length: 30 }, (_, i) => ({ Sid: `S${i}`, Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_A}:root` }, Action: 'sts:AssumeRole' }))
  })
  const principal = (aws: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: aws }, Action: 'sts:AssumeRole' }] })
  it.each([
    ['duplicate role', () => role('BedrockAccessRole', trust), 'EntityAlreadyExistsException', 'Role with name BedrockAccessRole already exists.'],
    ['trust policy over 2048 characters', () => role('Long', longTrust), 'LimitExceededException', 'Cannot exceed quota for ACLSizePerRole: 2048'],
    ['trust policy not JSON', () => role('Bad', '{"Version": '), 'MalformedPolicyDocumentException', 'This policy contains invalid Json'],
    ['principal role that does not exist', () => role('Ghost', principal(`arn:aws:iam::${ACCOUNT_A}:role/ghost`)), 'MalformedPolicyDocumentException', `Invalid principal in policy: "AWS":"arn:aws:iam::${ACCOUNT_A}:role/ghost"`],
    ['principal account of 11 digits', () => role('Short', principal('arn:aws:iam::11111111111:root')), 'MalformedPolicyDocumentException', 'Invalid principal in policy: "AWS":"arn:aws:iam::11111111111:root"'],
    ['GetRole of a missing role', () => adminB.send(new GetRoleCommand({ RoleName: 'Missing' })), 'NoSuchEntityException', 'The role with name Missing cannot be found.'],
    ['missing inline policy', () => adminB.send(new DeleteRolePolicyCommand({ RoleName: 'BedrockAccessRole', PolicyName: 'nope' })), 'NoSuchEntityException', 'The role policy with name nope cannot be found.'],
    [
      'MaxSessionDuration over 12 h',
      () => adminB.send(new UpdateRoleCommand({ RoleName: 'BedrockAccessRole', MaxSessionDuration: 50000 })),
      'ValidationError',
      "1 validation error detected: Value '50000' at 'maxSessionDuration' failed to satisfy constraint: Member must have value less than or equal to 43200"
    ],
    [
      'inline policies over 10240 characters',
      () =>
        adminB.send(
          new PutRolePolicyCommand({
            RoleName: 'BedrockAccessRole',
            PolicyName: 'big',
            PolicyDocument: JSON.stringify({
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: Array.from({ length: 200 }, (_, i) => `arn:aws:bedrock:us-east-1::foundation-model/model-${i}-${'x'.repeat(30)}`) }]
            })
          })
        ),
      'LimitExceededException',
      'Maximum policy size of 10240 bytes exceeded for role BedrockAccessRole'
    ],
    [
      'attaching a policy that does not exist',
      () => adminB.send(new AttachRolePolicyCommand({ RoleName: 'BedrockAccessRole', PolicyArn: `arn:aws:iam::${ACCOUNT_B}:policy/Nope` })),
      'NoSuchEntityException',
      `Policy arn:aws:iam::${ACCOUNT_B}:policy/Nope does not exist or is not attachable.`
    ],
    ['deleting a role with policies', () => adminB.send(new DeleteRoleCommand({ RoleName: 'BedrockAccessRole' })), 'DeleteConflictException', 'Cannot delete entity, must delete policies first.']
  ])('%s', async (_label, call, name, message) => {
    await expect(call()).rejects.toMatchObject({ name, message })
  })

  it('authorizes every call: app-caller has no IAM permissions', async () => {
    const callerIam = sandbox.iam(sandbox.principals.sourceCaller)
    await expect(callerIam.send(new GetRoleCommand({ RoleName: 'Anything' }))).rejects.toMatchObject({
      name: 'AccessDenied',
      message: `User: arn:aws:iam::${ACCOUNT_A}:user/app-caller is not authorized to perform: iam:GetRole on resource: arn:aws:iam::${ACCOUNT_A}:role/Anything because no identity-based policy allows the iam:GetRole action`,
      $metadata: { httpStatusCode: 403 }
    })
  })

  it('records IAM calls in us-east-1 with their parameters', async () => {
    const events = sandbox.trail.events(ACCOUNT_B, 'us-east-1').filter((e) => e.eventName === 'CreateRole')
    expect(events[0]).toMatchObject({ eventSource: 'iam.amazonaws.com', requestParameters: { roleName: 'BedrockAccessRole' } })
    expect(events.some((e) => e.errorCode === 'EntityAlreadyExists')).toBe(true)
  })
})

describe('trust by unique id (DESIGN §4)', () => {
  it('a role deleted and recreated no longer matches a trust policy naming its ARN', async () => {
    const { AssumeRoleCommand, GetCallerIdentityCommand } = await import('@aws-sdk/client-sts')
    const hopArn = `arn:aws:iam::${ACCOUNT_B}:role/Hop`
    const trustA = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_A}:root` }, Action: 'sts:AssumeRole' }] })
    const trustHop = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: hopArn }, Action: 'sts:AssumeRole' }] })
    sandbox.state.putUserPolicy(ACCOUNT_A, 'app-caller', 'hop', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: hopArn }] })
    await adminB.send(new CreateRoleCommand({ RoleName: 'Hop', AssumeRolePolicyDocument: trustA }))
    await adminB.send(new CreateRoleCommand({ RoleName: 'Target', AssumeRolePolicyDocument: trustHop }))
    const viaHop = () => sandbox.assumeRoleCredentials(sandbox.principals.sourceCaller, { RoleArn: hopArn, RoleSessionName: 'hop' })
    const target = { RoleArn: `arn:aws:iam::${ACCOUNT_B}:role/Target`, RoleSessionName: 'target' }
    expect((await sandbox.sts(sandbox.assumeRoleCredentials(viaHop(), target)).send(new GetCallerIdentityCommand({}))).Arn).toContain('assumed-role/Target/target')

    const oldId = sandbox.state.getRole(ACCOUNT_B, 'Hop')!.roleId
    await adminB.send(new DeleteRoleCommand({ RoleName: 'Hop' }))
    await adminB.send(new CreateRoleCommand({ RoleName: 'Hop', AssumeRolePolicyDocument: trustA }))
    const { Role } = await adminB.send(new GetRoleCommand({ RoleName: 'Target' }))
    expect(JSON.parse(decodeURIComponent(Role!.AssumeRolePolicyDocument!)).Statement[0].Principal).toEqual({ AWS: oldId })
    await expect(sandbox.sts(viaHop(), { maxAttempts: 1 }).send(new AssumeRoleCommand(target))).rejects.toMatchObject({
      name: 'AccessDenied',
      message: `User: arn:aws:sts::${ACCOUNT_B}:assumed-role/Hop/hop is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${ACCOUNT_B}:role/Target`
    })
  })
})
