/**
 * The permission table (src/core/permissions/table.ts) proved in the sandbox's engine, which
 * authorizes every call with the same evaluator as the tool: for each row, the command succeeds when
 * each principal of the row holds exactly the row's policy (sufficient), and fails at a named check
 * or step when any one action is left out (minimal). Every other principal is an administrator, so
 * a failure can only come from the policy under test.
 *
 * Accounts: A = 111111111111 (source: user `caller`, user `admin`, user `reader`),
 * B = 222222222222 (target: role BedrockAccessRole, user `admin`, user `reader`).
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { statementsOf } from '../../src/core/policy-document.js'
import { describe, expect, it } from 'vitest'
import { applySetup, restoreBackup } from '../../src/commands/init/apply/index.js'
import { runExplain } from '../../src/commands/explain/index.js'
import { runTrail } from '../../src/commands/trail/index.js'
import { createEvaluator, type PolicyDocument } from '../../src/core/evaluate.js'
import { verifySetup } from '../../src/core/checklist/verify-setup.js'
import { PERMISSIONS, type PermissionGrant, type PermissionHolder, type PermissionRow } from '../../src/core/permissions/table.js'
import { policyOf } from '../../src/core/permissions/policies.js'
import { buildDocuments } from '../../src/core/policies/index.js'
import type { Setup } from '../../src/core/setup/model.js'
import { EXTERNAL_ID, MODEL, fixtureSetup, manualClock } from '../helpers/checklist-fixture.js'
import { testDeps } from '../helpers/command-deps.js'
import { ACCOUNT_A, ACCOUNT_B, MemoryAws } from '../helpers/memory-aws.js'

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess'
const ROLE_ARN = `arn:aws:iam::${ACCOUNT_B}:role/BedrockAccessRole`
const CALLER_ARN = `arn:aws:iam::${ACCOUNT_A}:user/caller`
const VALUES = { TARGET: ACCOUNT_B, SOURCE: ACCOUNT_A, ROLE_ARN, PARTITION: 'aws', CALLER_NAME: 'caller', MODEL_ID: MODEL }

/** The policy each holder of the row gets in one run: exact, or exact less one grant. */
type Policies = Partial<Record<PermissionHolder, PolicyDocument>>
/** A run of the row's command: undefined when it succeeded, else what failed (a check id or step). */
type Scenario = (policies: Policies) => Promise<string | undefined>

const baseSetup = (overrides: Partial<Setup> = {}): Setup => fixtureSetup({ caller: { kind: 'user', arn: CALLER_ARN }, streaming: false, ...overrides })

/** Principals of both accounts; the holders under test get their policy, the others are administrators. */
function world(policies: Policies, clock = manualClock(Date.now())): MemoryAws {
  const aws = new MemoryAws({ now: () => new Date(clock.now()) })
  const user = (account: string, name: string, holder: PermissionHolder | undefined, profile: string) => {
    const policy = holder ? policies[holder] : undefined
    aws.addUser(account, name, policy ? { policies: { granted: policy } } : { attachedPolicyArns: [ADMIN] })
    aws.setProfile(profile, `arn:aws:iam::${account}:user/${name}`)
  }
  user(ACCOUNT_B, 'admin', 'target-admin', 'b-admin')
  user(ACCOUNT_B, 'reader', 'target-reader', 'b-reader')
  user(ACCOUNT_A, 'admin', 'source-admin', 'a-admin')
  user(ACCOUNT_A, 'reader', 'source-reader', 'a-reader')
  aws.enableModels(ACCOUNT_B, '*', [MODEL])
  return aws
}

/** The setup's role and caller policy as init writes them; the role's Bedrock grants split between an inline and a managed policy so every read is needed. */
function withSetup(aws: MemoryAws, setup: Setup, policies: Policies, roleKeepsBedrock = false): void {
  const docs = buildDocuments(setup)
  const bedrockOnly = buildDocuments({ ...setup, cloudTrailLookup: false }).permissionsPolicy
  const roleExtra: Record<string, PolicyDocument> = policies.role ? { granted: policies.role, ...(roleKeepsBedrock ? { bedrock: bedrockOnly } : {}) } : {}
  // Streaming granted on the setup's own models only: verify's proof fails a role that may invoke more.
  const modelArns = statementsOf(bedrockOnly).flatMap((statement) => [statement.Resource ?? []].flat())
  const managed = aws.addManagedPolicy(ACCOUNT_B, { name: 'BedrockStream', documents: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'bedrock:InvokeModelWithResponseStream', Resource: modelArns }] }] })
  aws.addRole(ACCOUNT_B, {
    name: setup.roleName,
    trustPolicy: docs.trustPolicy,
    inlinePolicies: policies.role ? roleExtra : { [setup.permissionsPolicyName]: docs.permissionsPolicy },
    attachedPolicyArns: [managed.arn],
    maxSessionDurationSeconds: setup.maxSessionDurationSeconds
  })
  aws.addUser(ACCOUNT_A, 'caller', { policies: { source: policies.caller ?? docs.sourcePolicy } })
  aws.setProfile('source', CALLER_ARN)
}

/** verify in-process; the named checks must pass (undefined), else the first that did not. */
function verifyScenario(options: { target: boolean; setup: Partial<Setup>; mustPass: string[]; roleKeepsBedrock?: boolean }): Scenario {
  return async (policies) => {
    const clock = manualClock(Date.now())
    const aws = world(policies, clock)
    const setup = baseSetup(options.setup)
    withSetup(aws, setup, policies, options.roleKeepsBedrock)
    const result = await verifySetup({
      setup,
      ports: { caller: aws.fromChain({ profile: 'source' }, setup.region), target: options.target ? aws.fromChain({ profile: 'b-reader' }, setup.region) : undefined, factory: aws },
      evaluator: createEvaluator(),
      clock,
      options: { stream: setup.streaming, trail: true, trailTimeoutMs: 60_000 },
      origin: {},
      appEnv: {},
      runId: 'perm0001'
    })
    const failing = result.checks.filter((c) => options.mustPass.includes(c.id) && c.status !== 'pass').map((c) => `${c.id}: ${c.status}`)
    return failing.length === 0 ? undefined : failing.join(', ')
  }
}

const applyScenario: Scenario = async (policies) => {
  const aws = world(policies)
  aws.addUser(ACCOUNT_A, 'caller', { profile: 'default' })
  const deps = testDeps(await mkdtemp(join(tmpdir(), 'xacct-perm-')), { aws })
  const hooks = { sleep: async () => undefined, onInterrupt: () => () => undefined }
  const options = { dryRun: false, yes: true, targetProfile: 'b-admin', sourceProfile: 'a-admin', managedPolicy: false, showSecrets: false }
  const steps: [string, Setup][] = [
    ['create', baseSetup()],
    ['update', baseSetup({ externalId: 'another-external-id-0002', maxSessionDurationSeconds: 7200 })]
  ]
  for (const [step, setup] of steps) {
    const code = await applySetup(setup, buildDocuments(setup), options, deps, hooks).catch((error: unknown) => `${String(error)}`)
    if (code !== 0) return `${step}: ${code} ${deps.io.stderr.slice(-2).join(' ')}`
  }
  return undefined
}

/**
 * A restore that must use every grant of its row: an apply (by full administrators) changed the
 * trust (another ExternalId, session tags), the duration, a tag value, added the managed-by tag,
 * and widened the permissions and source policies; the restore, by the row's principals, puts all
 * of it back.
 */
const restoreScenario: Scenario = async (policies) => {
  const aws = world(policies)
  aws.addUser(ACCOUNT_A, 'caller', { profile: 'default' })
  for (const [account, profile] of [
    [ACCOUNT_B, 'b-full'],
    [ACCOUNT_A, 'a-full']
  ] as const) {
    aws.addUser(account, 'full-admin', { attachedPolicyArns: [ADMIN] })
    aws.setProfile(profile, `arn:aws:iam::${account}:user/full-admin`)
  }
  const before = baseSetup()
  const docs = buildDocuments(before)
  aws.addRole(ACCOUNT_B, { name: before.roleName, trustPolicy: docs.trustPolicy, inlinePolicies: { [before.permissionsPolicyName]: docs.permissionsPolicy }, maxSessionDurationSeconds: 3600, tags: { 'use-case': 'before' } })
  await aws.fromChain({ profile: 'a-full' }, 'us-east-1').iam.putUserPolicy('caller', before.sourcePolicyName, docs.sourcePolicy)
  const deps = testDeps(await mkdtemp(join(tmpdir(), 'xacct-perm-')), { aws })
  const hooks = { sleep: async () => undefined, onInterrupt: () => () => undefined }
  const options = { dryRun: false, yes: true, managedPolicy: false, showSecrets: false }
  const changed = baseSetup({ externalId: 'another-external-id-0002', maxSessionDurationSeconds: 7200, useCase: 'after', allowSessionTags: true, models: [MODEL, 'amazon.nova-pro-v1:0'] })
  const applied = await applySetup(changed, buildDocuments(changed), { ...options, targetProfile: 'b-full', sourceProfile: 'a-full' }, deps, hooks).catch((error: unknown) => String(error))
  if (applied !== 0) throw new Error(`the apply that makes the backup failed: ${applied} ${deps.io.stderr.slice(-2).join(' ')}`)
  const file = /Backup of the current state: (\S+)/.exec(deps.io.stdout.join('\n'))?.[1]
  if (!file) throw new Error('the apply printed no backup path')
  const code = await restoreBackup(file, { ...options, targetProfile: 'b-admin', sourceProfile: 'a-admin' }, deps, hooks).catch((error: unknown) => String(error))
  if (code !== 0) return `restore: ${code} ${deps.io.stderr.slice(-2).join(' ')}`
  const role = aws.accounts[ACCOUNT_B]!.roles[before.roleName]!
  return JSON.stringify(role.tags) === JSON.stringify({ 'use-case': 'before' }) ? undefined : `restore: tags ${JSON.stringify(role.tags)}`
}

const ASSUME_DENIED = `User: ${CALLER_ARN} is not authorized to perform: sts:AssumeRole on resource: ${ROLE_ARN}`

const fetchScenario: Scenario = async (policies) => {
  const aws = world(policies)
  withSetup(aws, baseSetup(), {})
  const deps = testDeps(await mkdtemp(join(tmpdir(), 'xacct-perm-')), { aws, global: { json: true, profile: 'a-reader' } })
  await runExplain({ message: ASSUME_DENIED, fetch: true, targetProfile: 'b-reader', externalId: EXTERNAL_ID, readStdin: async () => undefined }, deps)
  const doc = JSON.parse(deps.io.stdout.join('')) as { notes: string[]; fetched: string[] }
  const missed = doc.notes.filter((n) => n.startsWith('Could not read'))
  return missed.length === 0 && doc.fetched.length >= 2 ? undefined : `fetch: ${missed.join(' ') || doc.fetched.join(', ')}`
}

/** A world with the role's AssumeRole and a denied Converse in B's CloudTrail. */
async function trailWorld(policies: Policies) {
  const clock = manualClock(Date.now())
  const aws = world(policies, clock)
  withSetup(aws, baseSetup(), {})
  const assumed = await aws.fromChain({ profile: 'source' }, 'us-east-1').sts.assumeRole({ roleArn: ROLE_ARN, roleSessionName: 'app-1', externalId: EXTERNAL_ID })
  await aws
    .fromCredentials(assumed.credentials, 'us-east-1')
    .bedrock('us-east-1')
    .converse({ modelId: 'amazon.nova-pro-v1:0', prompt: 'hi', maxTokens: 5, temperature: 0 })
    .catch(() => undefined)
  clock.advance(1000)
  const deps = testDeps(await mkdtemp(join(tmpdir(), 'xacct-perm-')), { aws, now: () => new Date(clock.now()), global: { json: true, profile: 'source', region: 'us-east-1' } })
  return deps
}

const fromTrailScenario: Scenario = async (policies) => {
  const deps = await trailWorld(policies)
  const outcome = await runExplain({ fromTrail: true, since: '1h', roleArn: ROLE_ARN, targetProfile: 'b-reader', readStdin: async () => undefined }, deps).catch((error: unknown) => String(error))
  if (typeof outcome === 'string') return `from-trail: ${outcome}`
  const doc = JSON.parse(deps.io.stdout.join('')) as { events: unknown[] }
  return doc.events.length > 0 ? undefined : 'from-trail: no denied call found'
}

const trailScenario: Scenario = async (policies) => {
  const deps = await trailWorld(policies)
  const outcome = await runTrail({ roleArn: ROLE_ARN, targetProfile: 'b-reader', since: '1h' }, deps).catch((error: unknown) => String(error))
  if (typeof outcome === 'string') return `trail: ${outcome}`
  return outcome.result.events.length > 0 && outcome.result.notes.length === 0 ? undefined : `trail: ${outcome.result.notes.join(' ') || 'no events'}`
}

const SCENARIOS: Record<string, Scenario> = {
  'verify ': verifyScenario({ target: false, setup: {}, mustPass: ['assume-role', 'external-id-enforced', 'converse'] }),
  'verify --target-profile': verifyScenario({
    target: true,
    setup: { streaming: true },
    mustPass: ['role-exists', 'trust-includes-source', 'role-allows-bedrock', 'source-can-assume', 'assume-role', 'converse', 'cloudtrail-assume-role', 'cloudtrail-invoke']
  }),
  'verify --cloudtrail-lookup': verifyScenario({ target: false, setup: { cloudTrailLookup: true }, mustPass: ['cloudtrail-assume-role', 'cloudtrail-invoke'], roleKeepsBedrock: true }),
  'init --apply': applyScenario,
  'init --restore': restoreScenario,
  'explain --fetch': fetchScenario,
  'explain --from-trail': fromTrailScenario,
  'trail ': trailScenario
}

/**
 * Grants the sandbox cannot prove minimal, each with why (and the source that says it is needed).
 * iam:TagRole: IAM authorizes the tags of CreateRole as iam:TagRole (IAM user guide, "Permissions
 * required for tagging IAM roles"); the sandbox does not model tag-on-create authorization.
 */
const NOT_PROVABLE_HERE = new Set(['init --apply|iam:TagRole'])

const policiesOf = (row: PermissionRow, without?: PermissionGrant): Policies =>
  Object.fromEntries(
    row.statements.map((s) => [
      s.holder,
      policyOf(
        s.grants.filter((g) => g !== without),
        VALUES
      )
    ])
  )

describe('permissions table: each row is sufficient and minimal in the sandbox (issue 20)', () => {
  it('every row has a scenario', () => {
    expect(PERMISSIONS.map((row) => `${row.command} ${row.option}`).sort()).toEqual(Object.keys(SCENARIOS).sort())
  })

  describe.each(PERMISSIONS.map((row) => [`${row.command} ${row.option}`.trim(), row] as const))('%s', (_label, row) => {
    const scenario = SCENARIOS[`${row.command} ${row.option}`]!

    it('succeeds with exactly the policies of the row', async () => {
      expect(await scenario(policiesOf(row))).toBeUndefined()
    })

    const grants = row.statements.flatMap((s) => s.grants.map((g) => [`without ${g.action} (${s.holder})`, g] as const))
    it.each(grants)('%s: a named check or step fails', async (_name, grant) => {
      if (NOT_PROVABLE_HERE.has(`${row.command} ${row.option}|${grant.action}`)) return
      const failed = await scenario(policiesOf(row, grant))
      expect(failed, `${grant.action} was not needed`).toBeDefined()
    })
  })
})
