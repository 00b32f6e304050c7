/**
 * explain on a real SCP region-lock denial: a cross-region inference profile called from us-east-1
 * is authorized in a destination region (us-east-2) where the SCP on B denies everything. The SCP
 * lives in the organization's management account, so the fix is a snippet for that account (not
 * something init can apply). Build first: `npm run build`.
 * Fixtures: default world (A = 111111111111 `app-caller`; B = 222222222222) plus the role in B
 * granting the profile and the model in the four US regions, and the RegionLock SCP on B.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ConverseCommand } from '@aws-sdk/client-bedrock-runtime'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultWorld } from '../../src/sandbox/index.js'
import { ACCOUNT_A, ACCOUNT_B, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js'
import { cliEnv, runCli } from './verify-world.js'
import type { PolicyDocument } from '../../src/core/evaluate.js'

const ROLE = 'ExplainScpRole'
const SONNET4 = 'anthropic.claude-sonnet-4-20250514-v1:0'
const US = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2']
const fm = (region: string) => `arn:aws:bedrock:${region}::foundation-model/${SONNET4}`
const REGION_LOCK: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'DenyOutsideUsEast1', Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1'] } } }]
}

let sandbox: TestSandbox

beforeAll(async () => {
  const world = defaultWorld()
  const a = world.accounts.find((account) => account.id === ACCOUNT_A)!
  const b = world.accounts.find((account) => account.id === ACCOUNT_B)!
  b.scps = [{ name: 'RegionLock', document: REGION_LOCK }]
  b.roles.push({
    name: ROLE,
    trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_A}:root` }, Action: 'sts:AssumeRole' }] },
    inlinePolicies: [{ name: 'bedrock', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: [`arn:aws:bedrock:us-east-1:${ACCOUNT_B}:inference-profile/us.${SONNET4}`, ...US.map(fm)] }] } }]
  })
  a.users.find((u) => u.name === 'app-caller')!.inlinePolicies = [{ name: 'assume', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${ACCOUNT_B}:role/${ROLE}` }] } }]
  sandbox = await startTestSandbox({ world })
})
afterAll(async () => {
  await sandbox?.stop()
})

describe('explain on an SCP region lock (e2e, sandbox)', () => {
  it('names the region-lock SCP statement and the regions to allow, for the management account', async () => {
    const role = sandbox.assumeRoleCredentials(sandbox.principals.sourceCaller, { RoleArn: `arn:aws:iam::${ACCOUNT_B}:role/${ROLE}`, RoleSessionName: 'explain-scp' })
    let text = ''
    try {
      await sandbox.bedrock(role).send(new ConverseCommand({ modelId: `us.${SONNET4}`, messages: [{ role: 'user', content: [{ text: 'hi' }] }] }))
    } catch (error) {
      text = `${(error as Error).name}: ${(error as Error).message}`
    }
    expect(text).toContain('with an explicit deny in a service control policy')

    const where = await cliEnv(sandbox)
    const b = sandbox.principals.targetAdmin
    await writeFile(join(where.dir, 'credentials'), `[target]\naws_access_key_id = ${b.accessKeyId}\naws_secret_access_key = ${b.secretAccessKey}\n`)
    await writeFile(join(where.dir, 'scp.json'), JSON.stringify(REGION_LOCK))

    // From the message and answers alone: an SCP, most likely the region lock.
    const alone = await runCli(['--json', '--region', 'us-east-1', 'explain', text, '--inference-profile', `us.${SONNET4}`], where)
    const aloneDoc = JSON.parse(alone.stdout)
    expect(aloneDoc.candidates.find((c: { cause: string }) => c.cause === 'scp-region-lock')).toMatchObject({ confidence: 'likely' })

    // With the role's policies fetched and the SCP given: certain, with the statement.
    const run = await runCli(['--json', '--region', 'us-east-1', 'explain', text, '--fetch', '--target-profile', 'target', '--inference-profile', `us.${SONNET4}`, '--scp', 'scp.json'], where)
    expect(run.code, run.stderr).toBe(0)
    const doc = JSON.parse(run.stdout)
    expect(doc.headline).toBe('scp-region-lock')
    const top = doc.candidates[0]
    expect(top.evidence.join(' ')).toContain('DenyOutsideUsEast1')
    expect(top.fix.account).toBe('management')
    expect(top.fix.snippet.StringNotEquals['aws:RequestedRegion']).toEqual(expect.arrayContaining(US))
    expect(doc.candidates.map((c: { cause: string }) => c.cause)).not.toContain('identity-policy-missing-bedrock')
  })
})
