/**
 * `init --apply --managed-policy` and `init --restore` against moto (issue 17, point 8): an IAM and
 * STS we did not write, with the answers it really gives (ListPolicyVersions, GetRole with tags,
 * CreatePolicyVersion…), reached by the real CLI through AWS_ENDPOINT_URL as a user would.
 * Skipped, saying why, when `moto_server` is not installed.
 *
 * Accounts (moto keys them by access key): A = 111111111111 (user app-caller: the caller, its own
 * source credentials), B = 222222222222 (user admin: the target credentials). B holds the managed
 * policy BedrockAccessRole-InvokePolicy with five versions before the apply (v1 … v5, v5 default),
 * and the role BedrockAccessRole, trusted by EC2 only, tagged team=ml and cost-center=42.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  IAMClient,
  ListPolicyVersionsCommand,
  TagRoleCommand
} from '@aws-sdk/client-iam'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli, type CliEnv } from './verify-world.js'

const ACCOUNT_A = '111111111111'
const ACCOUNT_B = '222222222222'
const POLICY = 'BedrockAccessRole-InvokePolicy'
const POLICY_ARN = `arn:aws:iam::${ACCOUNT_B}:policy/${POLICY}`
const EXTERNAL_ID = 'moto-e2e-ext-5f1c2a'
const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0'
const versionDoc = (n: number) => ({ Version: '2012-10-17', Statement: [{ Sid: `Old${n}`, Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: `arn:aws:bedrock:us-east-1::foundation-model/old-${n}` }] })

const EC2_TRUST = { Version: '2012-10-17', Statement: [{ Sid: 'Ec2', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }

const motoAvailable = spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).status === 0
if (!motoAvailable) console.warn('apply-moto.test.ts skipped: `moto_server` is not on PATH (pip install "moto[server]" to run it).')

let moto: ChildProcess | undefined
let endpoint = ''

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

/** An IAM client acting in `account` (moto's x-moto-account-id header), for the set-up only. */
function iamIn(account: string, credentials = { accessKeyId: 'bootstrap', secretAccessKey: 'bootstrap' }): IAMClient {
  const client = new IAMClient({ endpoint, region: 'us-east-1', credentials })
  client.middlewareStack.add(
    (next) => (args) => {
      ;(args.request as { headers: Record<string, string> }).headers['x-moto-account-id'] = account
      return next(args)
    },
    { step: 'build', name: 'motoAccount' }
  )
  return client
}

async function userWithKey(account: string, name: string): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  const iam = iamIn(account)
  await iam.send(new CreateUserCommand({ UserName: name }))
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!
  return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }
}

let where: CliEnv

beforeAll(async () => {
  if (!motoAvailable) return
  const port = await freePort()
  endpoint = `http://127.0.0.1:${port}`
  moto = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' })
  for (let tries = 0; ; tries += 1) {
    try {
      if ((await fetch(`${endpoint}/moto-api/`)).ok) break
    } catch {
      if (tries > 100) throw new Error('moto_server did not start')
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  const admin = await userWithKey(ACCOUNT_B, 'admin')
  const caller = await userWithKey(ACCOUNT_A, 'app-caller')
  const iam = iamIn(ACCOUNT_B)
  await iam.send(new CreatePolicyCommand({ PolicyName: POLICY, PolicyDocument: JSON.stringify(versionDoc(1)) }))
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'BedrockAccessRole',
      AssumeRolePolicyDocument: JSON.stringify(EC2_TRUST),
      Tags: [
        { Key: 'team', Value: 'ml' },
        { Key: 'cost-center', Value: '42' }
      ]
    })
  )
  for (const n of [2, 3, 4, 5]) await iam.send(new CreatePolicyVersionCommand({ PolicyArn: POLICY_ARN, PolicyDocument: JSON.stringify(versionDoc(n)), SetAsDefault: true }))

  const dir = await mkdtemp(join(tmpdir(), 'xacct-moto-'))
  const profile = (name: string, key: { accessKeyId: string; secretAccessKey: string }) => `[${name}]\naws_access_key_id = ${key.accessKeyId}\naws_secret_access_key = ${key.secretAccessKey}\n`
  await writeFile(join(dir, 'credentials'), profile('target', admin) + profile('source', caller))
  await writeFile(join(dir, 'config'), '[profile target]\nregion = us-east-1\n[profile source]\nregion = us-east-1\n')
  where = {
    dir,
    env: {
      PATH: process.env.PATH,
      HOME: dir,
      AWS_ENDPOINT_URL: endpoint,
      AWS_ACCESS_KEY_ID: caller.accessKeyId,
      AWS_SECRET_ACCESS_KEY: caller.secretAccessKey,
      AWS_REGION: 'us-east-1',
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
      AWS_CONFIG_FILE: join(dir, 'config'),
      AWS_EC2_METADATA_DISABLED: 'true',
      NO_COLOR: '1'
    }
  }
}, 60_000)

afterAll(() => {
  moto?.kill('SIGTERM')
})

const APPLY = [
  'init',
  '--source-account',
  ACCOUNT_A,
  '--caller',
  `arn:aws:iam::${ACCOUNT_A}:user/app-caller`,
  '--target-account',
  ACCOUNT_B,
  '--region',
  'us-east-1',
  '--models',
  MODEL,
  '--external-id',
  EXTERNAL_ID,
  '--apply',
  '--managed-policy',
  '--yes',
  '--target-profile',
  'target',
  '--source-profile',
  'source'
]

describe.skipIf(!motoAvailable)('init --apply --managed-policy and --restore against moto (e2e)', () => {
  it('rotates the five versions, backs up every one, and a restore puts the old default back', async () => {
    const iam = iamIn(ACCOUNT_B)
    const applied = await runCli(APPLY, where, 120_000)
    expect(applied.code, applied.stdout + applied.stderr).toBe(0)
    const versions = (await iam.send(new ListPolicyVersionsCommand({ PolicyArn: POLICY_ARN }))).Versions!
    expect(versions.map((v) => v.VersionId).sort()).toEqual(['v2', 'v3', 'v4', 'v5', 'v6'])
    expect(versions.find((v) => v.IsDefaultVersion)?.VersionId).toBe('v6')

    // The backup holds all five versions as moto gave them, v1 (deleted by the apply) included.
    const dir = join(where.dir, '.bedrock-xacct', 'backups')
    const [name] = await readdir(dir)
    const backup = JSON.parse(await readFile(join(dir, name!), 'utf8')) as { target: { trustPolicy: unknown; tags: Record<string, string | null>; managedPolicy: { document: unknown; versions: { versionId: string; document: unknown }[] } } }
    // Every tag of the role as moto's GetRole gave them (the tool's own absent ones as null), and the trust as it was.
    expect(backup.target.tags).toEqual({ team: 'ml', 'cost-center': '42', 'managed-by': null })
    expect(backup.target.trustPolicy).toEqual(EC2_TRUST)
    expect(backup.target.managedPolicy.versions.map((v) => v.versionId).sort()).toEqual(['v1', 'v2', 'v3', 'v4', 'v5'])
    expect(backup.target.managedPolicy.versions.find((v) => v.versionId === 'v1')?.document).toEqual(versionDoc(1))
    expect(backup.target.managedPolicy.document).toEqual(versionDoc(5))

    const again = await runCli(APPLY, where, 120_000)
    expect(again.code, again.stdout + again.stderr).toBe(0)
    expect(again.stdout).toMatch(/No changes/)

    // A colleague retags the role; the restore puts the backed-up value back.
    await iam.send(new TagRoleCommand({ RoleName: 'BedrockAccessRole', Tags: [{ Key: 'team', Value: 'someone-else' }] }))
    const restored = await runCli(['init', '--restore', join(dir, name!), '--yes', '--target-profile', 'target', '--source-profile', 'source'], where, 120_000)
    expect(restored.code, restored.stdout + restored.stderr).toBe(0)
    const policy = (await iam.send(new GetPolicyCommand({ PolicyArn: POLICY_ARN }))).Policy!
    const current = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: POLICY_ARN, VersionId: policy.DefaultVersionId! }))).PolicyVersion!
    expect(JSON.parse(decodeURIComponent(current.Document!))).toEqual(versionDoc(5))
    const role = (await iam.send(new GetRoleCommand({ RoleName: 'BedrockAccessRole' }))).Role!
    expect(JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!))).toEqual(EC2_TRUST)
    // Exactly as the backup holds them: the changed value set back, the managed-by tag the apply added removed (UntagRole).
    expect(Object.fromEntries((role.Tags ?? []).map((tag) => [tag.Key, tag.Value]))).toEqual({ team: 'ml', 'cost-center': '42' })
    expect(restored.stdout).toMatch(/remove managed-by \(added by the apply\)/)
  }, 300_000)
})
