/**
 * What `init --apply` and `--restore` say once something was written (issue 17, points 2 and 6):
 * an edit of the permissions, source or managed policy by someone else between the plan and its
 * write stops the run (exit 3) without overwriting it, and keeps it in the backup; `--json` prints
 * exactly one document on every way the run can end after a write, an interrupt included. Over the
 * in-memory AWS. Accounts: A = 111111111111 (source; user app-caller is the caller and the default
 * credentials, user admin is profile `a-admin`), B = 222222222222 (target; profile `b-admin`).
 */
import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { APPLY_OPTIONS as OPTIONS, applyTestContext, callerSetup, instantHooks } from '../../../../test/helpers/apply-world.js'
import type { TestDeps } from '../../../../test/helpers/command-deps.js'
import { ACCOUNT_A, ACCOUNT_B } from '../../../../test/helpers/memory-aws.js'
import { managedPolicyArn } from '../../../core/apply/plan.js'
import type { PolicyDocument } from '../../../core/evaluate.js'
import { buildDocuments } from '../../../core/policies/index.js'
import { applySetup, restoreBackup, type ApplyTestHooks } from './index.js'
import { interruptThen } from './run.js'

const setup = callerSetup()
const THEIRS: PolicyDocument = { Version: '2012-10-17', Statement: [{ Sid: 'Theirs', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }

const ctx = applyTestContext('apply-after-write-')
const { writes } = ctx
const jsonDeps = (): TestDeps => ctx.deps({ json: true })
const hooks = (onInterrupt?: ApplyTestHooks['onInterrupt']): ApplyTestHooks => (onInterrupt ? { ...instantHooks(), onInterrupt } : instantHooks())
/** Run `edit` once, when the call named `operation` is first made (a colleague's edit landing mid-run). */
const onFirst = (operation: string, edit: () => void) => {
  let done = false
  ctx.aws.failWhen((call) => {
    if (!done && call.operation === operation) {
      done = true
      edit()
    }
    return undefined
  })
}

/** The run's one JSON document (exactly one is printed). */
type RunDocument = { status: string; done: string[]; notDone: string[]; backup: string; failed?: { operation: string; message: string } }
function onlyDocument(deps: TestDeps): RunDocument {
  expect(deps.io.stdout).toHaveLength(1)
  return JSON.parse(deps.io.stdout[0]!) as RunDocument
}

describe('someone else edits a policy between the plan and its write', () => {
  it('the source policy in A: exit 3, their policy kept and in the backup, one JSON document naming what was done', async () => {
    onFirst('CreateRole', () => ctx.aws.putUserPolicy(ACCOUNT_A, 'app-caller', setup.sourcePolicyName, THEIRS))
    const deps = jsonDeps()
    expect(await applySetup(setup, buildDocuments(setup), OPTIONS, deps, hooks())).toBe(3)
    expect(writes()).not.toContain('PutUserPolicy')
    expect(ctx.aws.accounts[ACCOUNT_A]!.users['app-caller']!.inlinePolicies[setup.sourcePolicyName]).toEqual(THEIRS)
    const document = onlyDocument(deps)
    expect(document.status).toBe('failed')
    expect(document.done.join('\n')).toMatch(/CreateRole/)
    expect(document.notDone).toEqual([])
    expect(document.failed?.message).toMatch(/inline policy AssumeBedrockAccessRole of user app-caller changed since the plan was made/)
    // stderr names the cause too (the hint says "the cause above"), and the hint is the concurrent edit's own.
    expect(deps.io.stderr.join('\n')).toMatch(/changed since the plan was made[\s\S]*Hint: run the same command again to see a plan of what AWS holds now/)
    const backup = JSON.parse(await readFile(document.backup, 'utf8')) as { source: { document: PolicyDocument | null } }
    expect(backup.source.document).toEqual(THEIRS)
  })

  it('the managed policy’s default version: exit 3, no new version written over theirs', async () => {
    const arn = managedPolicyArn(setup)
    ctx.aws.addManagedPolicy(ACCOUNT_B, { name: setup.permissionsPolicyName, documents: [THEIRS, { ...THEIRS, Statement: [{ Sid: 'Second', Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }] }] })
    onFirst('CreateRole', () => ctx.aws.setDefaultPolicyVersion(arn, 'v1'))
    const deps = jsonDeps()
    expect(await applySetup(setup, buildDocuments(setup), { ...OPTIONS, managedPolicy: true }, deps, hooks())).toBe(3)
    expect(writes()).not.toContain('CreatePolicyVersion')
    const document = onlyDocument(deps)
    expect(document.status).toBe('failed')
    expect(document.failed?.message).toMatch(/default version of .* changed since the plan was made/)
  })

  it('--restore: the permissions policy edited after the restore planned: exit 3, their policy kept', async () => {
    ctx.aws.addRole(ACCOUNT_B, { name: setup.roleName, trustPolicy: buildDocuments(setup).trustPolicy, tags: {} })
    expect(await applySetup(setup, buildDocuments(setup), OPTIONS, ctx.deps(), hooks())).toBe(0)
    // A second apply with other models backs up the first one's permissions policy: the restore will put it back.
    const other = callerSetup({ models: ['amazon.nova-pro-v1:0'] })
    const second = ctx.deps()
    expect(await applySetup(other, buildDocuments(other), OPTIONS, second, hooks())).toBe(0)
    const file = /Backup of the current state: (\S+)/.exec(second.io.stdout.join('\n'))![1]!
    // The restore reads the policy to plan, then again right before writing it: the colleague's edit lands in between.
    let reads = 0
    ctx.aws.failWhen((call) => {
      if (call.operation === 'GetRolePolicy' && ++reads === 2) ctx.aws.putRolePolicy(ACCOUNT_B, setup.roleName, setup.permissionsPolicyName, THEIRS)
      return undefined
    })
    const deps = jsonDeps()
    const start = writes().length
    expect(await restoreBackup(file, OPTIONS, deps, hooks())).toBe(3)
    expect(writes().slice(start)).not.toContain('PutRolePolicy')
    expect(ctx.aws.accounts[ACCOUNT_B]!.roles[setup.roleName]!.inlinePolicies[setup.permissionsPolicyName]).toEqual(THEIRS)
    expect(onlyDocument(deps).status).toBe('failed')
  })
})

describe('someone else retags the role between the restore’s plan and its UntagRole', () => {
  it('exit 3, their tag kept, no UntagRole made', async () => {
    ctx.aws.addRole(ACCOUNT_B, { name: setup.roleName, trustPolicy: buildDocuments(setup).trustPolicy, tags: {} })
    const applied = ctx.deps()
    expect(await applySetup(setup, buildDocuments(setup), OPTIONS, applied, hooks())).toBe(0)
    const file = /Backup of the current state: (\S+)/.exec(applied.io.stdout.join('\n'))![1]!
    // The restore reads the role to plan, then again right before removing the tags: the colleague's edit lands in between.
    let reads = 0
    ctx.aws.failWhen((call) => {
      if (call.operation === 'GetRole' && ++reads === 2) ctx.aws.setRoleTags(ACCOUNT_B, setup.roleName, { 'managed-by': 'someone-else', 'use-case': 'chat' })
      return undefined
    })
    const start = writes().length
    const deps = jsonDeps()
    expect(await restoreBackup(file, OPTIONS, deps, hooks())).toBe(3)
    expect(writes().slice(start)).toEqual([])
    expect(ctx.aws.accounts[ACCOUNT_B]!.roles[setup.roleName]!.tags).toEqual({ 'managed-by': 'someone-else', 'use-case': 'chat' })
    expect(onlyDocument(deps).failed?.message).toMatch(/tags managed-by of role BedrockAccessRole changed since the plan was made/)
  })
})

describe('--json prints one document however the run ends after a write', () => {
  it('an interrupt (Ctrl-C or SIGTERM) after the first write: status interrupted, with what was done and not done', async () => {
    let interrupt = () => undefined as void
    onFirst('PutRolePolicy', () => interrupt())
    const deps = jsonDeps()
    await applySetup(
      setup,
      buildDocuments(setup),
      OPTIONS,
      deps,
      hooks((listener) => {
        interrupt = listener
        return () => undefined
      })
    )
    // The interrupt's document is the first; the run then goes on in this test (a real process exits), so only the first counts.
    const document = JSON.parse(deps.io.stdout[0]!) as RunDocument
    expect(document.status).toBe('interrupted')
    expect(document.done.join('\n')).toMatch(/CreateRole/)
    expect(document.notDone.join('\n')).toMatch(/PutRolePolicy[\s\S]*PutUserPolicy/)
    expect(document.backup).toMatch(/\.bedrock-xacct\/backups\//)
  })

  it('several setups: the combined document is printed right after the interrupted setup has reported (interruptThen)', () => {
    const order: string[] = []
    let fire = () => undefined as void
    const hook = interruptThen(
      () => order.push('combined document'),
      (listener) => {
        fire = listener
        return () => undefined
      }
    )
    hook(() => order.push('setup reports'))
    fire()
    expect(order).toEqual(['setup reports', 'combined document'])
  })
})
