/**
 * The fix command never widens the trust: the `init --apply` a verify hint prints for a setup,
 * parsed by the real program and resolved by the real setup resolver (as `init` would), gives back
 * the same setup — every caller (role, user, service principals, OIDC subjects, audiences and
 * groups), role, policy names, ExternalId, IP allow-list and option. Only the setup's name (not a
 * flag of the fix) and verify's own DurationSeconds are not carried.
 * Accounts: A = 111111111111 (source), B = 222222222222 (target); see test/helpers/setup-fixture.ts.
 */
import { describe, expect, it } from 'vitest'
import { initApplyCommand } from '../../src/core/checklist/hints.js'
import { PLACEHOLDER } from '../../src/core/fix-command.js'
import { conventionNames } from '../../src/core/naming.js'
import { mergeLayers } from '../../src/core/setup/input.js'
import type { Setup } from '../../src/core/setup/model.js'
import { resolveSetup } from '../../src/core/setup/resolve.js'
import { flagsLayer, type SetupFlags } from '../../src/core/setup/sources.js'
import { FIXTURE_SOURCE_ACCOUNT, FIXTURE_TARGET_ACCOUNT, fixtureSetup } from '../helpers/setup-fixture.js'
import { commandsIn } from '../helpers/printed-commands.js'
import { parseOptions } from '../helpers/program.js'
import { parseAccessDenied } from '../../src/core/access-denied/parse.js'
import { requestFacts } from '../../src/core/diagnose/request-facts.js'
import { fixFor } from '../../src/core/diagnose/fixes.js'

const named = fixtureSetup({ orgPrefix: 'Acme', layer: 'Prod', useCase: 'Chat' })
const conventional = { ...named, ...conventionNames({ orgPrefix: 'Acme', layer: 'Prod', useCase: 'Chat', provider: 'Anthropic' }) }

const SETUPS: Record<string, Setup> = {
  'account root with ExternalId': fixtureSetup(),
  'role caller, ExternalId, source IPs': fixtureSetup({ caller: { kind: 'role', arn: `arn:aws:iam::${FIXTURE_SOURCE_ACCOUNT}:role/gateway` }, sourceIpCidrs: ['203.0.113.0/24', '198.51.100.7/32'] }),
  'user caller, no ExternalId, every option': fixtureSetup({
    caller: { kind: 'user', arn: `arn:aws:iam::${FIXTURE_SOURCE_ACCOUNT}:user/app-caller` },
    externalId: undefined,
    rolePath: '/bedrock/',
    maxSessionDurationSeconds: 7200,
    marketplace: true,
    allowSessionTags: true,
    allowSourceIdentity: true,
    thirdPartyCaller: true,
    streaming: false,
    cloudTrailLookup: true
  }),
  'naming convention (policy names from --org-prefix/--layer/--use-case)': conventional,
  'OIDC caller with groups': fixtureSetup({
    externalId: undefined,
    caller: {
      kind: 'oidc',
      providerArn: `arn:aws:iam::${FIXTURE_TARGET_ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`,
      providerHost: 'token.actions.githubusercontent.com',
      audiences: ['sts.amazonaws.com'],
      subjects: ['repo:my-org/my-repo:ref:refs/heads/main', 'repo:my-org/other:*'],
      groups: ['admins', 'ops-*']
    }
  }),
  'service principals': fixtureSetup({ externalId: undefined, caller: { kind: 'service', services: ['sagemaker.amazonaws.com', 'lambda.amazonaws.com'] } }),
  'policy names set by flag (not the convention)': fixtureSetup({ permissionsPolicyName: 'TeamBedrockInvoke', sourcePolicyName: 'TeamAssumeBedrock' }),
  'several callers of different kinds (the SageMaker guide)': fixtureSetup({
    callers: [
      { kind: 'role', arn: `arn:aws:iam::${FIXTURE_SOURCE_ACCOUNT}:role/notebook` },
      { kind: 'user', arn: `arn:aws:iam::${FIXTURE_SOURCE_ACCOUNT}:user/ci` },
      { kind: 'service', services: ['sagemaker.amazonaws.com', 'events.amazonaws.com', 'bedrock.amazonaws.com'] }
    ],
    sourceIpCidrs: ['203.0.113.0/24']
  })
}

/** What the fix must keep: the setup without its name and verify's DurationSeconds. */
function kept(setup: Setup): Omit<Setup, 'name' | 'sessionDurationSeconds'> {
  const { name: _name, sessionDurationSeconds: _duration, ...rest } = setup
  // An optional flag left out of a hand-built setup resolves to its default.
  return { ...rest, allowSessionTags: rest.allowSessionTags ?? false, allowSourceIdentity: rest.allowSourceIdentity ?? false, thirdPartyCaller: rest.thirdPartyCaller ?? false }
}

/** The setup an `init --apply` command writes, as init resolves it; a placeholder ExternalId reads as none. */
async function appliedSetup(printed: string): Promise<{ setup: Setup; placeholder: boolean }> {
  const [args] = commandsIn(printed)
  const { command, options } = await parseOptions(args!)
  expect(command).toBe('init')
  expect(options.apply).toBe(true)
  const placeholder = options.externalId === PLACEHOLDER.externalId
  const flags = { ...options, externalId: placeholder ? undefined : options.externalId } as SetupFlags
  return { setup: resolveSetup(mergeLayers([flagsLayer(flags)]), { generateId: () => 'generated-id' }), placeholder }
}

const BEDROCK_DENIED = `AccessDeniedException: User: arn:aws:sts::${FIXTURE_TARGET_ACCOUNT}:assumed-role/BedrockAccessRole/xacct is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0 because no identity-based policy allows the bedrock:InvokeModel action`

/** The denial names role BedrockAccessRole, so the setup named by the convention (another role) is left out. */
describe("explain's fix for a setup from the config file keeps it", () => {
  it.each(Object.entries(SETUPS).filter(([, setup]) => setup.orgPrefix === undefined))('%s', async (_label, setup) => {
    const facts = requestFacts(parseAccessDenied(BEDROCK_DENIED), {}, setup)
    const fix = fixFor('identity-policy-missing-bedrock', { facts, answers: {}, suspect: { confidence: 'likely', evidence: [], details: {} } })
    const { setup: applied } = await appliedSetup(fix.command!)
    expect(kept(applied)).toEqual(kept(setup))
  })
})

describe("a verify hint's init --apply gives back the setup", () => {
  it.each(Object.entries(SETUPS))('%s', async (_label, setup) => {
    const [args] = commandsIn(initApplyCommand(setup, {}))
    const { command, options } = await parseOptions(args!)
    expect(command).toBe('init')
    expect(options.apply).toBe(true)
    const withPlaceholder = options.externalId === PLACEHOLDER.externalId
    const flags = { ...options, externalId: withPlaceholder ? undefined : options.externalId } as SetupFlags
    const resolved = resolveSetup(mergeLayers([flagsLayer(flags)]), { generateId: () => 'generated-id' })
    expect(kept(resolved)).toEqual(kept(setup))
    // An ExternalId the command cannot know is a placeholder, never silence (the AWS-principal callers only).
    if (setup.externalId === undefined && setup.callers.some((caller) => caller.kind === 'user' || caller.kind === 'role' || caller.kind === 'account')) expect(withPlaceholder).toBe(true)
  })
})
