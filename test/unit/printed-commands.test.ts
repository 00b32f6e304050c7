/**
 * Every `bedrock-xacct …` command the tool tells a user to type parses with the real commander
 * program (STYLE habit 15): verify's hints for each failing check of representative setups,
 * explain's fix for every cause, NEXT-STEPS.md, init's restore note, the help examples and the
 * README's code blocks.
 * An unknown flag, a missing argument or option value, or an excess argument fails the test.
 * Accounts: A = 111111111111 (source), B = 222222222222 (target); see test/helpers/checklist-fixture.ts.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ACCOUNT_A, ACCOUNT_B, fixtureSetup, manualClock } from '../helpers/checklist-fixture.js'
import { MemoryAws } from '../helpers/memory-aws.js'
import { verifySetup } from '../../src/core/checklist/verify-setup.js'
import { createEvaluator, type PolicyDocument } from '../../src/core/evaluate.js'
import { buildDocuments } from '../../src/core/policies/index.js'
import type { Setup } from '../../src/core/setup/model.js'
import { renderNextSteps } from '../../src/core/export/next-steps.js'
import { parseAccessDenied } from '../../src/core/access-denied/parse.js'
import { requestFacts } from '../../src/core/diagnose/request-facts.js'
import { fixFor } from '../../src/core/diagnose/fixes.js'
import { CAUSES, type CauseId } from '../../src/core/diagnose/causes.js'
import { initRestoreLine } from '../../src/core/fix-command.js'
import { codeBlocks, commandsIn, helpExamples } from '../helpers/printed-commands.js'
import { helpTexts, parseArgs } from '../helpers/program.js'

const ROLE_CALLER = `arn:aws:iam::${ACCOUNT_A}:role/gateway`

/** The setups whose hints and NEXT-STEPS are collected: each kind of caller, and the options init takes. */
const SETUPS: Record<string, Setup> = {
  'account root with ExternalId': fixtureSetup({ caller: { kind: 'account' } }),
  'role caller with ExternalId and source IPs': fixtureSetup({ caller: { kind: 'role', arn: ROLE_CALLER }, sourceIpCidrs: ['203.0.113.0/24', '198.51.100.7/32'] }),
  'user caller without ExternalId, every option': fixtureSetup({
    externalId: undefined,
    orgPrefix: 'Acme',
    layer: 'Prod',
    useCase: 'Chat',
    maxSessionDurationSeconds: 7200,
    marketplace: true,
    streaming: false,
    cloudTrailLookup: true
  }),
  'OIDC caller': fixtureSetup({
    externalId: undefined,
    caller: {
      kind: 'oidc',
      providerArn: `arn:aws:iam::${ACCOUNT_B}:oidc-provider/token.actions.githubusercontent.com`,
      providerHost: 'token.actions.githubusercontent.com',
      audiences: ['sts.amazonaws.com'],
      subjects: ['repo:my-org/my-repo:ref:refs/heads/main', 'repo:my-org/other:*'],
      groups: ['admins']
    }
  }),
  'service principals': fixtureSetup({ externalId: undefined, caller: { kind: 'service', services: ['sagemaker.amazonaws.com', 'lambda.amazonaws.com'] } })
}

/** Worlds where checks fail: the role missing, a role that trusts nobody and allows nothing, a trust without ExternalId. */
type WorldKind = 'no-role' | 'broken-role' | 'open-trust'

function world(setup: Setup, kind: WorldKind, clock: ReturnType<typeof manualClock>): MemoryAws {
  const aws = new MemoryAws({ now: () => new Date(clock.now()), trailDelayMs: 0 })
  aws.addUser(ACCOUNT_A, 'caller', { policies: {}, profile: 'source' })
  aws.setProfile('admin-b', `arn:aws:iam::${ACCOUNT_B}:root`)
  if (kind === 'no-role') return aws
  const docs = buildDocuments(setup)
  const nobody: PolicyDocument = { Version: '2012-10-17', Statement: [{ Sid: 'BedrockXacctTrust', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::333333333333:root' }, Action: 'sts:AssumeRole' }] }
  const open: PolicyDocument = { Version: '2012-10-17', Statement: [{ Sid: 'BedrockXacctTrust', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_A}:root` }, Action: 'sts:AssumeRole' }] }
  aws.addUser(ACCOUNT_A, 'caller', { policies: kind === 'open-trust' ? { [setup.sourcePolicyName]: docs.sourcePolicy } : {}, profile: 'source' })
  aws.addRole(ACCOUNT_B, {
    name: setup.roleName,
    trustPolicy: kind === 'open-trust' ? open : nobody,
    inlinePolicies: kind === 'open-trust' ? { [setup.permissionsPolicyName]: docs.permissionsPolicy } : {},
    maxSessionDurationSeconds: 3600
  })
  return aws
}

async function verifyHints(): Promise<string[]> {
  const hints: string[] = []
  for (const setup of Object.values(SETUPS)) {
    for (const kind of ['no-role', 'broken-role', 'open-trust'] as const) {
      for (const origin of [{}, { configFile: 'bedrock-xacct.json' }]) {
        for (const target of [true, false]) {
          const clock = manualClock()
          const aws = world(setup, kind, clock)
          const result = await verifySetup({
            setup,
            ports: { caller: aws.fromChain({ profile: 'source' }, setup.region), target: target ? aws.fromChain({ profile: 'admin-b' }, setup.region) : undefined, factory: aws },
            evaluator: createEvaluator(),
            clock,
            options: { stream: true, trail: true, trailTimeoutMs: 1_000 },
            origin,
            appEnv: {},
            runId: 'abcd1234'
          })
          for (const check of result.checks) if (check.status !== 'pass' && check.hint) hints.push(check.hint)
        }
      }
    }
  }
  return hints
}

const ROLE = `arn:aws:iam::${ACCOUNT_B}:role/BedrockAccessRole`
const MESSAGES = [
  `An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:sts::${ACCOUNT_A}:assumed-role/gateway/i-0abc is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`,
  `AccessDeniedException: User: arn:aws:sts::${ACCOUNT_B}:assumed-role/BedrockAccessRole/xacct is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0 because no identity-based policy allows the bedrock:InvokeModel action`,
  'An error occurred (AccessDenied) when calling the AssumeRole operation: Access denied'
]
const TRUST: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'BedrockXacctTrust', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_A}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'ext-trust-1' }, IpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } } }
  ]
}

/** explain's fix for every cause, for each message, with nothing known, with each setup, and with a read trust. */
function explainCommands(): string[] {
  const commands: string[] = []
  const contexts: { setup?: Setup; trust?: PolicyDocument }[] = [{}, { trust: TRUST }, ...Object.values(SETUPS).map((setup) => ({ setup }))]
  for (const message of MESSAGES) {
    for (const { setup, trust } of contexts) {
      const facts = requestFacts(parseAccessDenied(message), { region: 'us-east-1' }, setup, trust)
      for (const cause of Object.keys(CAUSES) as CauseId[]) {
        for (const details of [{}, { policyValues: ['ext-trust-1'], requestValue: '192.0.2.10', maxSessionDurationSeconds: 7200, modelId: 'anthropic.claude-3-haiku-20240307-v1:0' }]) {
          const fix = fixFor(cause, { facts, answers: {}, suspect: { confidence: 'likely', evidence: [], details } })
          if (fix.command) commands.push(fix.command)
        }
      }
    }
  }
  return commands
}

const root = join(import.meta.dirname, '..', '..')

/** Each printed command that names bedrock-xacct, with where it came from. */
async function printedCommands(): Promise<{ from: string; args: string[] }[]> {
  const sources: { from: string; texts: string[] }[] = [
    { from: 'verify hint', texts: await verifyHints() },
    { from: 'explain fix', texts: explainCommands() },
    { from: 'NEXT-STEPS.md', texts: Object.values(SETUPS).map((setup) => renderNextSteps(setup, buildDocuments(setup))) },
    { from: 'init --apply backup note', texts: [initRestoreLine('.bedrock-xacct/backups/20260101T000000Z-BedrockAccessRole.json'), initRestoreLine('/home/a b/backup.json')] },
    { from: 'help example', texts: (await helpTexts()).flatMap(helpExamples) },
    { from: 'README.md', texts: codeBlocks(readFileSync(join(root, 'README.md'), 'utf8')) }
  ]
  return sources.flatMap(({ from, texts }) => texts.flatMap((text) => commandsIn(text).map((args) => ({ from, args }))))
}

describe('every command the tool prints parses with the real program', async () => {
  const commands = await printedCommands()
  const unique = [...new Map(commands.map((c) => [`${c.from}: ${c.args.join(' ')}`, c])).values()]

  it('finds commands from every source', () => {
    for (const from of ['verify hint', 'explain fix', 'NEXT-STEPS.md', 'help example', 'README.md']) {
      expect(unique.filter((c) => c.from === from).length, from).toBeGreaterThan(0)
    }
    expect(unique.filter((c) => c.args[0] === 'init' && c.args.includes('--apply')).length).toBeGreaterThan(20)
  })

  it.each(unique.map((c) => [c.from, c.args.join(' '), c.args] as const))('%s: bedrock-xacct %s', async (_from, _text, args) => {
    await expect(parseArgs(args)).resolves.toBeTypeOf('string')
  })
})

describe('the parser itself', () => {
  it.each([
    ['an unknown flag', ['init', '--apply', '--model', 'x']],
    ['a missing argument', ['lint']],
    ['a missing option value', ['init', '--region']],
    ['an excess argument', ['init', '…', '--apply']],
    ['no command', []]
  ])('rejects %s', async (_label, args) => {
    await expect(parseArgs(args)).rejects.toThrow()
  })

  it('splits like a shell', () => {
    expect(commandsIn(`Run: bedrock-xacct init --apply --oidc-subject 'repo:a/b:*' --external-id "$X" \\\n  --region us-east-1 # comment`)).toEqual([['init', '--apply', '--oidc-subject', 'repo:a/b:*', '--external-id', '$X', '--region', 'us-east-1']])
    expect(commandsIn('check later with bedrock-xacct trail --since 1h, or rerun')).toEqual([['trail', '--since', '1h']])
  })
})
