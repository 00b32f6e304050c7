/**
 * Someone else edits the role while `init --apply` runs (issue 17): the edit must survive and the
 * apply must stop (exit 3) before the write that would overwrite it, saying what was and was not
 * done. The apply's UpdateRole is held up in the sandbox; during it, B's admin rewrites the role's
 * permissions policy through the IAM API, as a colleague or a pipeline would.
 *
 * Accounts (default world + the seed below): A = 111111111111 (user caller-concurrent, profile
 * `source` = A's admin), B = 222222222222 (role ConcurrentRole with an unrelated trust statement
 * and a hand-written permissions policy; profile `target` = B's admin).
 */
import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { PutRolePolicyCommand } from '@aws-sdk/client-iam'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PolicyDocument } from '../../src/core/evaluate.js'
import type { WorldFile } from '../../src/sandbox/world-types.js'
import { defaultWorld } from '../../src/sandbox/index.js'
import { ACCOUNT_A, ACCOUNT_B, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js'
import { adminProfilesEnv, runCli, type CliEnv } from './verify-world.js'

const ROLE = 'ConcurrentRole'
const USER = 'caller-concurrent'
// Policy names follow --role-name (issue 19).
const POLICY = 'ConcurrentRole-Anthropic-InvokePolicy'
const doc = (...Statement: object[]): PolicyDocument => ({ Version: '2012-10-17', Statement }) as PolicyDocument
const THEIRS = doc({ Sid: 'ColleagueAddedThis', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::colleague/*' })

function world(): WorldFile {
  const w = defaultWorld()
  w.accounts.find((account) => account.id === ACCOUNT_A)!.users.push({ name: USER, accessKeys: [], sourceIp: '203.0.113.77', inlinePolicies: [] })
  w.accounts
    .find((account) => account.id === ACCOUNT_B)!
    .roles.push({
      name: ROLE,
      trustPolicy: doc({ Sid: 'Ec2', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }),
      maxSessionDurationSeconds: 7200,
      inlinePolicies: [{ name: POLICY, document: doc({ Sid: 'HandWritten', Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::mine' }) }]
    })
  return w
}

let sandbox: TestSandbox
beforeAll(async () => {
  sandbox = await startTestSandbox({ world: world() })
})
afterAll(async () => {
  await sandbox?.stop()
})

function env(): Promise<CliEnv> {
  return adminProfilesEnv(sandbox)
}

const APPLY = [
  'init',
  '--source-account',
  ACCOUNT_A,
  '--caller',
  `arn:aws:iam::${ACCOUNT_A}:user/${USER}`,
  '--target-account',
  ACCOUNT_B,
  '--role-name',
  ROLE,
  '--region',
  'us-east-1',
  '--models',
  'anthropic.claude-3-haiku-20240307-v1:0',
  '--external-id',
  'e2e-concurrency-ext-5521',
  '--use-case',
  'concurrent',
  '--apply',
  '--yes',
  '--target-profile',
  'target',
  '--source-profile',
  'source'
]

describe('init --apply while someone else edits the role (e2e, sandbox)', () => {
  it('stops before overwriting their edit: exit 3, their policy kept, done and not done reported; a rerun plans from what AWS holds', async () => {
    const where = await env()
    sandbox.setFaults([{ service: 'iam', operation: 'UpdateRole', kind: 'latency', latencyMs: 3_000 }])
    const admin = sandbox.iam(sandbox.principals.targetAdmin)
    let run
    try {
      const applying = runCli(APPLY, where)
      // Wait until the apply's UpdateRole is held up, then make the colleague's edit.
      const started = Date.now()
      while (!sandbox.calls.some((call) => call.operation === 'UpdateRole') && Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 50))
      await admin.send(new PutRolePolicyCommand({ RoleName: ROLE, PolicyName: POLICY, PolicyDocument: JSON.stringify(THEIRS) }))
      run = await applying
    } finally {
      sandbox.setFaults([])
    }
    expect(run.code, run.stdout + run.stderr).toBe(3)
    expect(run.stdout + run.stderr).toMatch(new RegExp(`inline policy ${POLICY} of role ${ROLE} changed since the plan was made`))
    expect(run.stdout).toMatch(/Done:[\s\S]*✓ UpdateAssumeRolePolicy[\s\S]*✓ UpdateRole[\s\S]*Not done:[\s\S]*PutUserPolicy/)
    expect(sandbox.state.roleInlinePolicies(ACCOUNT_B, ROLE)[POLICY]).toEqual(THEIRS)
    // The backup holds their policy as read last (not the plan-time copy), so a restore keeps it; the trust as it was before the apply.
    const backups = join(where.dir, '.bedrock-xacct', 'backups')
    const backup = JSON.parse(
      await readFile(
        join(
          backups,
          (await readdir(backups)).find((name) => name.endsWith(`-${ROLE}.json`))!
        ),
        'utf8'
      )
    ) as {
      target: { inlinePolicy: { document: unknown }; trustPolicy: unknown }
    }
    expect(backup.target.inlinePolicy.document).toEqual(THEIRS)
    expect(backup.target.trustPolicy).toEqual(
      world()
        .accounts.find((account) => account.id === ACCOUNT_B)!
        .roles.find((role) => role.name === ROLE)!.trustPolicy
    )
    expect(run.stderr).toMatch(/Backup updated: .* holds what was read last/)

    // The rerun plans against their edit: it keeps their statement and adds the tool's own.
    const rerun = await runCli(APPLY, where)
    expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0)
    const sids = (sandbox.state.roleInlinePolicies(ACCOUNT_B, ROLE)[POLICY]!.Statement as { Sid?: string }[]).map((s) => s.Sid)
    expect(sids).toContain('ColleagueAddedThis')
    expect(sids.some((sid) => sid?.startsWith('BedrockXacct'))).toBe(true)
  }, 60_000)
})
