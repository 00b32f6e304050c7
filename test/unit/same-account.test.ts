/**
 * Source and target in one account (issue 16, "smaller truths"). AWS allows a role assumption in
 * the same account: "To allow a user to assume a role in the same account, you can do either of
 * the following: attach a policy to the user … or add the user as a principal directly in the
 * role's trust policy" (IAM user guide, id_roles_use_permissions-to-switch; docs/aws-facts.md
 * `trust.same-account`). So the tool supports it: init builds documents that pass its self-check
 * (it used to end in "this is a bug in bedrock-xacct") and verify proves the setup live.
 * Account: A = 111111111111 is both source and target.
 */
import { describe, expect, it } from 'vitest'
import { runInit } from '../../src/commands/init/index.js'
import { createEvaluator, type PolicyDocument } from '../../src/core/evaluate.js'
import { buildDocuments } from '../../src/core/policies/index.js'
import { selfCheck } from '../../src/core/self-check.js'
import type { CallerPrincipal } from '../../src/core/setup/model.js'
import { verifySetup } from '../../src/core/checklist/verify-setup.js'
import { ACCOUNT_A, FAST_OPTIONS, MODEL, fixtureSetup, manualClock } from '../helpers/checklist-fixture.js'
import { MemoryAws } from '../helpers/memory-aws.js'
import { testDeps } from '../helpers/command-deps.js'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const USER = `arn:aws:iam::${ACCOUNT_A}:user/caller`
const CALLERS: [string, CallerPrincipal][] = [
  ['user', { kind: 'user', arn: USER }],
  ['role', { kind: 'role', arn: `arn:aws:iam::${ACCOUNT_A}:role/app` }],
  ['account root', { kind: 'account' }]
]

describe('same source and target account', () => {
  it.each(CALLERS)('a %s caller: the documents pass the self-check', async (_name, caller) => {
    const setup = fixtureSetup({ caller, targetAccountId: ACCOUNT_A })
    const report = await selfCheck(setup, buildDocuments(setup), createEvaluator())
    expect(report.cases.filter((c) => !c.ok).map((c) => `${c.id}: ${c.description}`)).toEqual([])
  })

  it('init with a role caller in the same account exits 0 (no "bug in bedrock-xacct")', async () => {
    const deps = testDeps(await mkdtemp(join(tmpdir(), 'xacct-same-')), { global: { json: true, region: 'us-east-1' } })
    const result = await runInit({ sourceAccount: ACCOUNT_A, targetAccount: ACCOUNT_A, caller: [`arn:aws:iam::${ACCOUNT_A}:role/app`], models: [MODEL], externalId: 'same-account-ext-1' }, deps)
    expect(deps.io.stderr.join('\n')).not.toMatch(/bug in bedrock-xacct/)
    expect(result.exitCode).toBe(0)
  })

  it('verify proves a same-account setup live: AssumeRole passes, and without the ExternalId it is refused', async () => {
    const clock = manualClock()
    const setup = fixtureSetup({ targetAccountId: ACCOUNT_A })
    const docs = buildDocuments(setup)
    const aws = new MemoryAws({ now: () => new Date(clock.now()), trailDelayMs: 0 })
    const readTrail: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'cloudtrail:LookupEvents', Resource: '*' }] }
    aws.addUser(ACCOUNT_A, 'caller', { policies: { [setup.sourcePolicyName]: docs.sourcePolicy, ReadTrail: readTrail }, profile: 'source' })
    aws.addRole(ACCOUNT_A, { name: setup.roleName, trustPolicy: docs.trustPolicy, inlinePolicies: { [setup.permissionsPolicyName]: docs.permissionsPolicy }, maxSessionDurationSeconds: setup.maxSessionDurationSeconds })
    aws.setProfile('admin-a', `arn:aws:iam::${ACCOUNT_A}:root`)
    aws.enableModels(ACCOUNT_A, '*', [MODEL])
    const result = await verifySetup({
      setup,
      ports: { caller: aws.fromChain({ profile: 'source' }, setup.region), target: aws.fromChain({ profile: 'admin-a' }, setup.region), factory: aws },
      evaluator: createEvaluator(),
      clock,
      options: FAST_OPTIONS,
      origin: {},
      appEnv: {},
      runId: 'abcd1234'
    })
    const statuses = Object.fromEntries(result.checks.map((c) => [c.id, c.kind === 'error' ? `error: ${JSON.stringify(c)}` : c.status]))
    expect(Object.entries(statuses).filter(([, status]) => status === 'fail' || status.startsWith('error'))).toEqual([])
    expect(statuses['assume-role']).toBe('pass')
    expect(statuses['external-id-enforced']).toBe('pass')
  })
})
