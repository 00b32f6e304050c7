/**
 * A region-lock SCP (deny everything outside us-east-1, a common guardrail) in account B breaks
 * cross-region inference: the profile call is authorized in each destination region, with that
 * region as aws:RequestedRegion. Driven through the real SDK clients only.
 * Fixtures: default world (A = 111111111111 caller `app-caller`; B = 222222222222) plus the access
 * role in B granting the model in all four US destination regions, and the SCP on B.
 */
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { WorldFile } from '../../src/sandbox/world-types.js'
import { defaultWorld, startSandbox } from '../../src/sandbox/index.js'
import type { RunningSandbox } from '../../src/sandbox/index.js'
import { pointSdkAt } from '../helpers/sandbox.js'

const A = '111111111111'
const B = '222222222222'
const REGION = 'us-east-1'
const ROLE = 'BedrockAccess'
const HAIKU = 'anthropic.claude-3-5-haiku-20241022-v1:0'
const SONNET4 = 'anthropic.claude-sonnet-4-20250514-v1:0'
const US = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2']
const fm = (region: string, id: string) => `arn:aws:bedrock:${region}::foundation-model/${id}`

function regionLockedWorld(): WorldFile {
  const world = defaultWorld()
  const [accountA, accountB] = world.accounts
  accountB!.scps = [
    {
      name: 'RegionLock',
      document: {
        Version: '2012-10-17',
        Statement: [{ Sid: 'DenyOutsideUsEast1', Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': [REGION] } } }]
      }
    }
  ]
  accountB!.roles.push({
    name: ROLE,
    trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }] },
    inlinePolicies: [
      {
        name: 'bedrock',
        document: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'bedrock:InvokeModel',
              Resource: [fm(REGION, HAIKU), `arn:aws:bedrock:${REGION}:${B}:inference-profile/us.${SONNET4}`, ...US.map((r) => fm(r, SONNET4))]
            }
          ]
        }
      }
    ]
  })
  accountA!.users.find((u) => u.name === 'app-caller')!.inlinePolicies = [{ name: 'assume', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${B}:role/${ROLE}` }] } }]
  return world
}

let sandbox: RunningSandbox
let bedrock: BedrockRuntimeClient
let sessionArn: string
let savedEnv: NodeJS.ProcessEnv

beforeAll(async () => {
  savedEnv = { ...process.env }
  sandbox = await startSandbox({ world: regionLockedWorld() })
  pointSdkAt(sandbox.endpoint)
  const sts = new STSClient({ region: REGION, credentials: sandbox.principals.sourceCaller })
  const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${B}:role/${ROLE}`, RoleSessionName: 'scp' }))
  sessionArn = assumed.AssumedRoleUser!.Arn!
  const c = assumed.Credentials!
  bedrock = new BedrockRuntimeClient({
    region: REGION,
    credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! },
    authSchemePreference: ['sigv4'],
    maxAttempts: 1
  })
})

afterAll(async () => {
  process.env = savedEnv
  await sandbox?.stop()
})

const say = { messages: [{ role: 'user' as const, content: [{ text: 'hello' }] }] }

it('allows the in-region model', async () => {
  const answer = await bedrock.send(new ConverseCommand({ modelId: HAIKU, ...say }))
  expect(answer.output?.message?.content?.[0]?.text).toContain('in us-east-1')
})

it('denies the cross-region profile in the first other destination region, naming the SCP', async () => {
  await expect(bedrock.send(new ConverseCommand({ modelId: `us.${SONNET4}`, ...say }))).rejects.toMatchObject({
    name: 'AccessDeniedException',
    message: expect.stringMatching(
      new RegExp(
        `^User: ${sessionArn.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:us-east-2::foundation-model/${SONNET4.replace(/[.:]/g, '\\$&')} with an explicit deny in a service control policy`
      )
    )
  })
})
