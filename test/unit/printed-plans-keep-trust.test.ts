/**
 * Hints that keep the trust (issue 16): every `init --apply` command verify prints, run as printed
 * (parsed by the real program, resolved by the real resolver, planned against the same world),
 * never widens a principal, never drops a condition and never adds a second permissions policy.
 * The before/after trusts are compared with the evaluator (trust-weakening.ts), not by text.
 *
 * The world (memory-aws.ts, the sandbox's engine): A = 111111111111 (source; user `caller`,
 * profile `source`), B = 222222222222 (target; the role, readable through profile `admin-b`).
 * Each scenario is a role someone set up, verify run with what the user knows, one check failing.
 */
import { describe, expect, it } from 'vitest'
import { observe } from '../../src/commands/init/apply/observe.js'
import { planApply } from '../../src/core/apply/plan.js'
import { mergePolicy } from '../../src/core/apply/merge.js'
import { compareTrustPolicies } from '../../src/core/apply/trust-safety.js'
import { newlyAdmitted } from '../../src/core/apply/trust-weakening.js'
import { verifySetup } from '../../src/core/checklist/verify-setup.js'
import { createEvaluator, type PolicyDocument } from '../../src/core/evaluate.js'
import { buildDocuments } from '../../src/core/policies/index.js'
import { PLACEHOLDER } from '../../src/core/fix-command.js'
import { mergeLayers } from '../../src/core/setup/input.js'
import type { Setup } from '../../src/core/setup/model.js'
import { resolveSetup } from '../../src/core/setup/resolve.js'
import { flagsLayer, type SetupFlags } from '../../src/core/setup/sources.js'
import { ACCOUNT_A, ACCOUNT_B, EXTERNAL_ID, FAST_OPTIONS, MODEL, fixtureSetup, manualClock } from '../helpers/checklist-fixture.js'
import { MemoryAws } from '../helpers/memory-aws.js'
import { commandsIn } from '../helpers/printed-commands.js'
import { parseOptions } from '../helpers/program.js'

const USER = `arn:aws:iam::${ACCOUNT_A}:user/caller`
const ROLE_ARN = `arn:aws:iam::${ACCOUNT_B}:role/BedrockAccessRole`
const OTHER_MODEL = 'amazon.nova-lite-v1:0'
const READ_TRAIL: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'cloudtrail:LookupEvents', Resource: '*' }] }

interface Scenario {
  /** The role as someone set it up (its trust and its one permissions policy, by name). */
  trust: PolicyDocument
  permissions: { name: string; document: PolicyDocument }
  /** What the user passes to verify: the setup as they know it. */
  verifySetup: Setup
}

const invoke = (model: string): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [{ Sid: 'BedrockXacctInvoke', Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: `arn:aws:bedrock:us-east-1::foundation-model/${model}` }]
})

const SCENARIOS: Record<string, Scenario> = {
  // The known bug: the trust names one user, verify ran without --caller (the default root) and the
  // role's permissions policy has a name the convention does not give; a model is missing.
  'a role that trusts one user, its policy named by hand': {
    trust: buildDocuments(fixtureSetup({ caller: { kind: 'user', arn: USER } })).trustPolicy,
    permissions: { name: 'TeamBedrockInvoke', document: invoke(OTHER_MODEL) },
    verifySetup: fixtureSetup({ caller: { kind: 'account' }, permissionsPolicyName: 'BedrockAccessRole-InvokePolicy' })
  },
  'a hand-written trust (no Sid) naming one user, with an IP list': {
    trust: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: USER }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': EXTERNAL_ID }, IpAddress: { 'aws:SourceIp': ['0.0.0.0/1', '128.0.0.0/1'] } } }]
    },
    permissions: { name: 'BedrockInvoke', document: invoke(OTHER_MODEL) },
    verifySetup: fixtureSetup({ caller: { kind: 'account' } })
  },
  'several callers in one trust (services and the user)': {
    trust: buildDocuments(
      fixtureSetup({
        callers: [
          { kind: 'user', arn: USER },
          { kind: 'service', services: ['sagemaker.amazonaws.com', 'events.amazonaws.com'] }
        ]
      })
    ).trustPolicy,
    permissions: { name: 'BedrockInvoke', document: invoke(OTHER_MODEL) },
    verifySetup: fixtureSetup({
      callers: [
        { kind: 'user', arn: USER },
        { kind: 'service', services: ['sagemaker.amazonaws.com', 'events.amazonaws.com'] }
      ]
    })
  }
}

function worldOf(scenario: Scenario, clock: ReturnType<typeof manualClock>): MemoryAws {
  const setup = scenario.verifySetup
  const aws = new MemoryAws({ now: () => new Date(clock.now()), trailDelayMs: 0 })
  aws.addUser(ACCOUNT_A, 'caller', { policies: { [setup.sourcePolicyName]: buildDocuments(setup).sourcePolicy, ReadTrail: READ_TRAIL }, profile: 'source' })
  aws.addRole(ACCOUNT_B, { name: setup.roleName, trustPolicy: scenario.trust, inlinePolicies: { [scenario.permissions.name]: scenario.permissions.document }, maxSessionDurationSeconds: 3600 })
  aws.setProfile('admin-b', `arn:aws:iam::${ACCOUNT_B}:root`)
  aws.enableModels(ACCOUNT_B, '*', [MODEL, OTHER_MODEL])
  return aws
}

/** The setup an `init --apply` command writes, as init resolves it (a placeholder ExternalId is the trust's, which the user fills in). */
async function appliedSetup(argv: string[]): Promise<Setup> {
  const { command, options } = await parseOptions(argv)
  expect(command).toBe('init')
  const flags = { ...options, externalId: options.externalId === PLACEHOLDER.externalId ? EXTERNAL_ID : options.externalId } as SetupFlags
  return resolveSetup(mergeLayers([flagsLayer(flags)]), { generateId: () => 'generated-id' })
}

describe('every init --apply verify prints keeps the trust and the policies', () => {
  it.each(Object.entries(SCENARIOS))('%s', async (_name, scenario) => {
    const clock = manualClock()
    const aws = worldOf(scenario, clock)
    const setup = scenario.verifySetup
    const result = await verifySetup({
      setup,
      ports: { caller: aws.fromChain({ profile: 'source' }, setup.region), target: aws.fromChain({ profile: 'admin-b' }, setup.region), factory: aws },
      evaluator: createEvaluator(),
      clock,
      options: FAST_OPTIONS,
      origin: {},
      appEnv: {},
      runId: 'abcd1234'
    })
    const hints = result.checks.flatMap((check) => ('hint' in check && typeof check.hint === 'string' ? [check.hint] : []))
    const commands = hints.flatMap((hint) => commandsIn(hint)).filter((argv) => argv[0] === 'init' && argv.includes('--apply'))
    // The scenario breaks something verify must fix with a printed command.
    expect(commands.length).toBeGreaterThan(0)
    const target = aws.fromChain({ profile: 'admin-b' }, setup.region).iam
    for (const argv of commands) {
      const applied = await appliedSetup(argv)
      const docs = buildDocuments(applied)
      const observation = await observe({ iam: target, label: 'admin-b' }, { roleName: applied.roleName, permissionsPolicyName: applied.permissionsPolicyName })
      const plan = planApply({ setup: applied, trustPolicy: docs.trustPolicy, permissionsPolicy: docs.permissionsPolicy, sourcePolicy: docs.sourcePolicy, permissionsMode: 'inline' }, observation)
      const before = scenario.trust
      const after = mergePolicy(before, docs.trustPolicy).document
      const line = argv.join(' ')
      expect(await newlyAdmitted(before, after, { roleArn: ROLE_ARN, accountId: ACCOUNT_B }, createEvaluator()), `widens: ${line}`).toEqual([])
      expect(compareTrustPolicies(before, after).losses, `weakens: ${line}`).toEqual([])
      const permissions = plan.changes.filter((change) => change.resource === 'permissions-policy')
      expect(
        permissions.map((change) => [change.subject, change.action]),
        `adds a second permissions policy: ${line}`
      ).toEqual([[`inline policy ${scenario.permissions.name} on role ${setup.roleName}`, 'update']])
    }
  })
})
