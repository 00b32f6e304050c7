/**
 * `init --apply` under faults (issue 8): a persistent fault on each write step stops the apply
 * with a non-zero exit and a report of what was done and not done; once the fault clears, the same
 * command completes; and no statement the tool does not own is ever lost — asserted by diffing the
 * sandbox's IAM state (every document of the scenario) before the failed run, after it, and after
 * the rerun.
 *
 * Accounts (default world + seeds below): A = 111111111111 (one user `caller-<use case>` per
 * scenario, its source policy holding a hand-written statement; role app-runner, a role caller
 * with the same; user admin: profile `source`),
 * B = 222222222222 (user admin: profile `target`; pre-existing roles with two unrelated trust
 * statements, MaxSessionDuration 7200 and a hand-written statement in the permissions policy).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OWNED_SID_PREFIX } from '../../src/core/apply/merge.js'
import type { PolicyDocument } from '../../src/core/evaluate.js'
import type { FaultRule, WorldFile } from '../../src/sandbox/world-types.js'
import { defaultWorld } from '../../src/sandbox/index.js'
import { ACCOUNT_A, ACCOUNT_B, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js'
import { adminProfilesEnv, runCli, type CliEnv, type CliRun } from './verify-world.js'

const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0'
const EXTERNAL_ID = 'e2e-apply-faults-ext-91c2'
/** Each user-caller scenario has its own user in A (IAM caps a user's inline policies at 2,048 bytes in all). */
const USER_CALLER = 'user'
const userNameOf = (roleName: string) => `caller-${useCaseOf(roleName)}`
const ROLE_CALLER = `arn:aws:iam::${ACCOUNT_A}:role/app-runner`

const useCaseOf = (roleName: string) => roleName.toLowerCase()
// Policy names follow --role-name (issue 19).
const permissionsName = (roleName: string) => `${roleName}-Anthropic-InvokePolicy`
const sourceName = (roleName: string) => `Assume${roleName}`
const managedArn = (roleName: string) => `arn:aws:iam::${ACCOUNT_B}:policy/${permissionsName(roleName)}`

/** Statements the tool does not own: they must survive every step. */
const UNRELATED_TRUST = [
  { Sid: 'Ec2', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
  { Sid: 'PartnerAudit', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::333333333333:root' }, Action: 'sts:AssumeRole' }
]
const handWritten = (bucket: string) => ({ Sid: 'HandWritten', Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` })
const doc = (...Statement: object[]): PolicyDocument => ({ Version: '2012-10-17', Statement }) as PolicyDocument

type Mode = 'inline' | 'managed'
interface Scenario {
  /** The step whose call fails (the IAM operation the fault is set on). */
  step: string
  kind: FaultRule['kind']
  role: string
  mode: Mode
  caller: string
  /** Seeded pre-existing role in B (else the apply creates it). */
  existing: boolean
  /** Every write of a clean apply, in order. */
  writes: string[]
  /** Extra flags; the role-caller case applies the target side first, without --source-profile. */
  prepareTargetFirst?: boolean
}

const SCENARIOS: Scenario[] = [
  { step: 'CreateRole', kind: 'error500', role: 'FaultNewRole', mode: 'inline', caller: USER_CALLER, existing: false, writes: ['CreateRole', 'PutRolePolicy', 'PutUserPolicy'] },
  ...(['UpdateAssumeRolePolicy', 'UpdateRole', 'TagRole', 'PutRolePolicy', 'PutUserPolicy'] as const).map((step, i): Scenario => ({
    step,
    kind: (['error503', 'throttle', 'reset', 'error500', 'error503'] as const)[i]!,
    role: `FaultOld${step}`,
    mode: 'inline',
    caller: USER_CALLER,
    existing: true,
    writes: ['UpdateAssumeRolePolicy', 'UpdateRole', 'TagRole', 'PutRolePolicy', 'PutUserPolicy']
  })),
  { step: 'CreatePolicy', kind: 'error500', role: 'FaultMgdCreate', mode: 'managed', caller: USER_CALLER, existing: false, writes: ['CreateRole', 'CreatePolicy', 'AttachRolePolicy', 'PutUserPolicy'] },
  { step: 'AttachRolePolicy', kind: 'reset', role: 'FaultMgdAttach', mode: 'managed', caller: USER_CALLER, existing: false, writes: ['CreateRole', 'CreatePolicy', 'AttachRolePolicy', 'PutUserPolicy'] },
  { step: 'CreatePolicyVersion', kind: 'error503', role: 'FaultMgdVersion', mode: 'managed', caller: USER_CALLER, existing: true, writes: ['UpdateAssumeRolePolicy', 'UpdateRole', 'TagRole', 'CreatePolicyVersion', 'PutUserPolicy'] },
  { step: 'PutRolePolicy', kind: 'throttle', role: 'FaultRoleCaller', mode: 'inline', caller: ROLE_CALLER, existing: false, writes: ['PutRolePolicy'], prepareTargetFirst: true },
  // An empty 200 that stored nothing (issue 17): the read-back shows the old state, so the write is not done.
  // Each read-back waits out IAM's consistency (~3 s), so three steps stand for the rest (confirm.test.ts has every kind).
  ...(['UpdateAssumeRolePolicy', 'PutUserPolicy'] as const).map((step): Scenario => ({
    step,
    kind: 'empty',
    role: `Empty${step}`,
    mode: 'inline',
    caller: USER_CALLER,
    existing: true,
    writes: ['UpdateAssumeRolePolicy', 'UpdateRole', 'TagRole', 'PutRolePolicy', 'PutUserPolicy']
  })),
  { step: 'AttachRolePolicy', kind: 'empty', role: 'EmptyMgdAttach', mode: 'managed', caller: USER_CALLER, existing: false, writes: ['CreateRole', 'CreatePolicy', 'AttachRolePolicy', 'PutUserPolicy'] }
]

function world(): WorldFile {
  const w = defaultWorld()
  const a = w.accounts.find((account) => account.id === ACCOUNT_A)!
  const b = w.accounts.find((account) => account.id === ACCOUNT_B)!
  a.roles.push({ name: 'app-runner', trustPolicy: doc({ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }), inlinePolicies: [] })
  const runner = a.roles.find((role) => role.name === 'app-runner')!
  b.policies = b.policies ?? []
  for (const s of SCENARIOS) {
    // The caller's source policy already exists with a statement of its own.
    const source = { name: sourceName(s.role), document: doc(handWritten(`source-${useCaseOf(s.role)}`)) }
    if (s.caller === USER_CALLER) a.users.push({ name: userNameOf(s.role), accessKeys: [], sourceIp: '203.0.113.77', inlinePolicies: [source] })
    else runner.inlinePolicies!.push(source)
    if (!s.existing) continue
    const permissions = doc(handWritten(`perm-${useCaseOf(s.role)}`))
    if (s.mode === 'managed') b.policies.push({ name: permissionsName(s.role), document: permissions })
    b.roles.push({
      name: s.role,
      trustPolicy: doc(...UNRELATED_TRUST),
      maxSessionDurationSeconds: 7200,
      description: 'hand-made',
      ...(s.mode === 'inline' ? { inlinePolicies: [{ name: permissionsName(s.role), document: permissions }] } : { attachedPolicies: [managedArn(s.role)] })
    })
  }
  return w
}

let sandbox: TestSandbox

beforeAll(async () => {
  sandbox = await startTestSandbox({ world: world() })
})
afterAll(async () => {
  await sandbox?.stop()
})

async function env(): Promise<CliEnv> {
  const base = await adminProfilesEnv(sandbox)
  base.env.AWS_MAX_ATTEMPTS = '2'
  return base
}

function applyArgs(s: Scenario, withSource = true): string[] {
  return [
    'init',
    '--source-account',
    ACCOUNT_A,
    '--caller',
    s.caller === USER_CALLER ? `arn:aws:iam::${ACCOUNT_A}:user/${userNameOf(s.role)}` : s.caller,
    '--target-account',
    ACCOUNT_B,
    '--role-name',
    s.role,
    '--region',
    'us-east-1',
    '--models',
    MODEL,
    '--external-id',
    EXTERNAL_ID,
    '--use-case',
    useCaseOf(s.role),
    '--apply',
    '--yes',
    '--target-profile',
    'target',
    ...(withSource ? ['--source-profile', 'source'] : []),
    ...(s.mode === 'managed' ? ['--managed-policy'] : [])
  ]
}

/** One statement of one document, located. */
interface Located {
  where: string
  statement: Record<string, unknown>
}

/** Every statement of every document the scenario touches, as the sandbox holds it. */
function snapshot(s: Scenario): Located[] {
  const state = sandbox.state
  const documents: [string, PolicyDocument | undefined][] = [
    [`trust of ${s.role}`, state.roleTrustPolicy(ACCOUNT_B, s.role)],
    ...Object.entries(state.roleInlinePolicies(ACCOUNT_B, s.role)).map(([name, d]): [string, PolicyDocument] => [`inline ${name} of ${s.role}`, d]),
    ...state.roleAttachedPolicies(ACCOUNT_B, s.role).map((arn): [string, PolicyDocument | undefined] => [`managed ${arn}`, state.managedPolicyDocument(arn)]),
    [`managed ${managedArn(s.role)}`, state.managedPolicyDocument(managedArn(s.role))],
    ...Object.entries(state.userInlinePolicies(ACCOUNT_A, userNameOf(s.role))).map(([name, d]): [string, PolicyDocument] => [`inline ${name} of ${userNameOf(s.role)}`, d]),
    ...Object.entries(state.roleInlinePolicies(ACCOUNT_A, 'app-runner')).map(([name, d]): [string, PolicyDocument] => [`inline ${name} of app-runner`, d])
  ]
  return documents.flatMap(([where, d]) => {
    if (!d) return []
    const statements = (Array.isArray(d.Statement) ? d.Statement : [d.Statement]) as unknown as Record<string, unknown>[]
    return statements.map((statement) => ({ where, statement }))
  })
}

/** The statements the tool does not own. */
const unrelated = (located: Located[]) => located.filter((l) => !String(l.statement.Sid ?? '').startsWith(OWNED_SID_PREFIX))

function expectNothingLost(before: Located[], after: Located[], label: string): void {
  const kept = unrelated(after)
  for (const old of unrelated(before)) {
    expect(kept, `${label}: ${old.where} ${JSON.stringify(old.statement)}`).toContainEqual(old)
  }
}

function writesSince(from: number, ok: boolean): string[] {
  return sandbox.calls
    .slice(from)
    .filter((c) => c.service === 'iam' && !/^(Get|List|Simulate)/.test(c.operation) && (ok ? c.status === 200 : true))
    .map((c) => c.operation)
}

const STACK_TRACE = /\n\s+at .*(\.js|\.ts):\d+/

describe('init --apply with a persistent fault at each write step (e2e, sandbox)', () => {
  it.each(SCENARIOS)('$step fails ($kind): reported, nothing unrelated lost, a rerun completes ($role)', async (s) => {
    const where = await env()
    if (s.prepareTargetFirst) {
      // The target side is applied first (no --source-profile), so the only write left is the caller's PutRolePolicy in A.
      const target = await runCli(applyArgs(s, false), where)
      expect(target.code, target.stderr).toBe(0)
    }
    const before = snapshot(s)
    expect(unrelated(before).length).toBeGreaterThanOrEqual(s.existing ? 4 : 1)

    sandbox.setFaults([{ service: 'iam', operation: s.step, kind: s.kind }])
    const start = sandbox.calls.length
    let failed: CliRun
    try {
      failed = await runCli(applyArgs(s), where)
    } finally {
      sandbox.setFaults([])
    }
    const failedAt = s.writes.indexOf(s.step)
    const done = s.writes.slice(0, failedAt)
    const notDone = s.writes.slice(failedAt + 1)
    expect(failed.code, failed.stdout + failed.stderr).toBe(3)
    // An empty 200 is a 200 on the wire, though nothing was stored.
    expect(writesSince(start, true)).toEqual(s.kind === 'empty' ? [...done, s.step] : done)
    expect(failed.stdout).toMatch(new RegExp(`✗ ${s.step}\\b`))
    expect(failed.stdout).toContain('Done:')
    for (const step of done) expect(failed.stdout).toMatch(new RegExp(`Done:[\\s\\S]*✓ ${step}\\b[\\s\\S]*Not done:`))
    for (const step of notDone) expect(failed.stdout).toMatch(new RegExp(`Not done:[\\s\\S]*· ${step}\\b`))
    expect(failed.stderr).toMatch(/run the same command again/)
    expect(failed.stdout + failed.stderr).not.toMatch(STACK_TRACE)
    const middle = snapshot(s)
    expectNothingLost(before, middle, `after the failed ${s.step}`)

    const rerunStart = sandbox.calls.length
    const rerun = await runCli(applyArgs(s), where)
    expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0)
    expect(writesSince(rerunStart, true)).toEqual(s.writes.slice(failedAt))
    const after = snapshot(s)
    expectNothingLost(before, after, `after the rerun of ${s.step}`)
    // The tool's own statements are now in place: trust, permissions, source.
    const owned = after.filter((l) => String(l.statement.Sid ?? '').startsWith(OWNED_SID_PREFIX)).map((l) => l.where)
    expect(owned.some((w) => w.startsWith('trust of'))).toBe(true)
    expect(owned.some((w) => w.includes(permissionsName(s.role)))).toBe(true)
    expect(owned.some((w) => w.includes(sourceName(s.role)))).toBe(true)

    const third = sandbox.calls.length
    expect((await runCli(applyArgs(s), where)).code).toBe(0)
    expect(writesSince(third, false)).toEqual([])
  })
})
