/**
 * Several callers of different kinds in one trust (issue 16, the SageMaker guide): three service
 * principals and a role of the source account in ONE trust policy. A repeated `--caller` keeps
 * every value (it used to keep only the last one, silently), and a config file may list them.
 * Accounts: A = 111111111111 (source), B = 222222222222 (target).
 */
import { Command } from 'commander'
import { describe, expect, it } from 'vitest'
import { defineInit } from '../../src/commands/init/define.js'
import * as setupFlags from '../../src/commands/shared/setup-options.js'
import { envLayer, flagsLayer, mergeAll, parseConfigText, resolveAll } from '../../src/core/setup/index.js'
import type { SetupFlags } from '../../src/core/setup/index.js'
import { buildDocuments } from '../../src/core/policies/index.js'
import { planApply } from '../../src/core/apply/plan.js'
import { XacctError } from '../../src/core/errors.js'
import { createEvaluator, type PolicyStatement } from '../../src/core/evaluate.js'
import { selfCheck } from '../../src/core/self-check.js'
import { configFileText } from '../../src/core/setup/index.js'
import { FIXTURE_SOURCE_ACCOUNT, FIXTURE_TARGET_ACCOUNT, fixtureSetup } from '../helpers/setup-fixture.js'

const A = '111111111111'
const B = '222222222222'
const ROLE = `arn:aws:iam::${A}:role/notebook-caller`

function parseInit(argv: string[]): SetupFlags {
  const program = new Command().exitOverride().option('--region <region>')
  const sub = defineInit(program, setupFlags).action(() => undefined)
  sub.exitOverride()
  program.parse([sub.name(), ...argv], { from: 'user' })
  return { ...sub.opts(), ...program.opts() } as SetupFlags
}

function resolve(flags: SetupFlags, configText?: string) {
  const config = configText === undefined ? [] : parseConfigText(configText, 'bedrock-xacct.json')
  return resolveAll(mergeAll({ flags: flagsLayer(flags), env: envLayer({}), config }), { generateId: () => 'generated-id-0001' })
}

const BASE = ['--source-account', A, '--target-account', B, '--region', 'us-east-1', '--models', 'anthropic.claude-3-5-haiku-20241022-v1:0']

describe('several callers from a repeated --caller', () => {
  it('the trust policy names every --caller (none silently dropped)', () => {
    const [setup] = resolve(parseInit([...BASE, '--caller', 'service:sagemaker.amazonaws.com,events.amazonaws.com,bedrock.amazonaws.com', '--caller', ROLE]))
    const principals = JSON.stringify(buildDocuments(setup!).trustPolicy)
    for (const name of ['sagemaker.amazonaws.com', 'events.amazonaws.com', 'bedrock.amazonaws.com', ROLE]) expect(principals).toContain(name)
  })

  it('keeps every --caller in the setup, in order', () => {
    const [setup] = resolve(parseInit([...BASE, '--caller', 'service:sagemaker.amazonaws.com,events.amazonaws.com,bedrock.amazonaws.com', '--caller', ROLE]))
    expect(setup!.callers).toEqual([
      { kind: 'service', services: ['sagemaker.amazonaws.com', 'events.amazonaws.com', 'bedrock.amazonaws.com'] },
      { kind: 'role', arn: ROLE }
    ])
  })
})

const SAGEMAKER_GUIDE = [
  { kind: 'service', services: ['sagemaker.amazonaws.com', 'events.amazonaws.com', 'bedrock.amazonaws.com'] },
  { kind: 'role', arn: ROLE }
]

function configText(entry: Record<string, unknown>): string {
  return JSON.stringify({ sourceAccountId: A, targetAccountId: B, region: 'us-east-1', models: ['anthropic.claude-3-5-haiku-20241022-v1:0'], ...entry })
}

function inputError(run: () => unknown): XacctError {
  try {
    run()
  } catch (error) {
    if (error instanceof XacctError) return error
    throw error
  }
  throw new Error('expected an input error')
}

describe('several callers from the config file', () => {
  it('a list of callers in string and object forms keeps every one', () => {
    const [setup] = resolve({}, configText({ caller: ['service:sagemaker.amazonaws.com,events.amazonaws.com', { kind: 'service', services: ['bedrock.amazonaws.com'] }, { kind: 'role', arn: ROLE }] }))
    expect(setup!.callers).toEqual(SAGEMAKER_GUIDE)
  })

  it('the single-value form is still accepted', () => {
    expect(resolve({}, configText({ caller: ROLE }))[0]!.callers).toEqual([{ kind: 'role', arn: ROLE }])
    expect(resolve({}, configText({ caller: { kind: 'user', arn: `arn:aws:iam::${A}:user/ci` } }))[0]!.callers).toEqual([{ kind: 'user', arn: `arn:aws:iam::${A}:user/ci` }])
  })

  it('init --out writes the list back, and reading it gives the same callers (one caller stays a single value)', () => {
    const [setup] = resolve(parseInit([...BASE, '--caller', 'service:sagemaker.amazonaws.com,events.amazonaws.com,bedrock.amazonaws.com', '--caller', ROLE]))
    const text = configFileText([setup!])
    expect(JSON.parse(text).caller).toEqual([SAGEMAKER_GUIDE[0], ROLE])
    expect(resolve({}, text)[0]!.callers).toEqual(setup!.callers)
    const [single] = resolve(parseInit([...BASE, '--caller', ROLE]))
    expect(JSON.parse(configFileText([single!])).caller).toBe(ROLE)
  })

  it('--caller on the command line replaces the whole list of the file (flags beat the config, never a merge of halves)', () => {
    const [setup] = resolve(parseInit(['--caller', `arn:aws:iam::${A}:user/ci`]), configText({ caller: [ROLE, 'service:sagemaker.amazonaws.com'] }))
    expect(setup!.callers).toEqual([{ kind: 'user', arn: `arn:aws:iam::${A}:user/ci` }])
  })
})

describe('several callers: refused rather than dropped (exit 2)', () => {
  it.each([
    ['two OIDC providers by flag', () => resolve(parseInit([...BASE, '--caller', 'oidc:token.actions.githubusercontent.com', '--caller', 'oidc:gitlab.example.com', '--oidc-subject', 'repo:o/r:*'])), '--caller', /at most one OIDC provider/],
    [
      'two OIDC objects in the config',
      () =>
        resolve(
          {},
          configText({
            caller: [
              { kind: 'oidc', providerHost: 'token.actions.githubusercontent.com', subjects: ['repo:o/r:*'] },
              { kind: 'oidc', providerHost: 'token.actions.githubusercontent.com', subjects: ['repo:o/other:*'] }
            ]
          })
        ),
      'config.caller[1]',
      /at most one OIDC provider/
    ],
    ['an empty config list', () => resolve({}, configText({ caller: [] })), 'config.caller', /at least one caller|caller/],
    ['a bad item in a config list', () => resolve({}, configText({ caller: [ROLE, 42] })), 'config.caller[1]', /caller string/],
    ['a role of another account among several', () => resolve(parseInit([...BASE, '--caller', ROLE, '--caller', 'arn:aws:iam::333333333333:role/x'])), '--caller', /source account/]
  ])('%s', (_name, run, field, message) => {
    const error = inputError(run)
    expect(error.code).toBe('invalidInput')
    expect(error.exitCode).toBe(2)
    expect(error.field).toBe(field)
    expect(error.message).toMatch(message)
  })
})

describe('the trust of several callers', () => {
  const setup = fixtureSetup({
    externalId: 'ext-1234',
    sourceIpCidrs: ['203.0.113.0/24'],
    callers: [
      { kind: 'service', services: ['sagemaker.amazonaws.com', 'events.amazonaws.com', 'bedrock.amazonaws.com'] },
      { kind: 'role', arn: `arn:aws:iam::${FIXTURE_SOURCE_ACCOUNT}:role/notebook` },
      {
        kind: 'oidc',
        providerArn: `arn:aws:iam::${FIXTURE_TARGET_ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`,
        providerHost: 'token.actions.githubusercontent.com',
        audiences: ['sts.amazonaws.com'],
        subjects: ['repo:acme/app:*']
      }
    ]
  })

  it('one statement per kind: AWS principals with ExternalId and IPs, services with aws:SourceAccount, OIDC with AssumeRoleWithWebIdentity', () => {
    const statements = buildDocuments(setup).trustPolicy.Statement as PolicyStatement[]
    expect(statements.map((s) => s.Sid)).toEqual(['BedrockXacctTrust', 'BedrockXacctTrustService', 'BedrockXacctTrustWebIdentity'])
    expect(statements[0]).toMatchObject({
      Principal: { AWS: `arn:aws:iam::${FIXTURE_SOURCE_ACCOUNT}:role/notebook` },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': 'ext-1234' }, IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }
    })
    expect(statements[1]).toEqual({
      Sid: 'BedrockXacctTrustService',
      Effect: 'Allow',
      Principal: { Service: ['sagemaker.amazonaws.com', 'events.amazonaws.com', 'bedrock.amazonaws.com'] },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': FIXTURE_SOURCE_ACCOUNT } }
    })
    expect(statements[2]).toMatchObject({ Principal: { Federated: expect.stringContaining('oidc-provider/') }, Action: 'sts:AssumeRoleWithWebIdentity' })
  })

  it('the evaluator admits each caller and nobody else (self-check: every case as expected)', async () => {
    const report = await selfCheck(setup, buildDocuments(setup), createEvaluator())
    expect(report.cases.filter((c) => !c.ok).map((c) => c.id)).toEqual([])
    const ids = report.cases.map((c) => c.id)
    for (const id of ['assume-allowed:sagemaker.amazonaws.com@service', 'assume-for-other-account@service', 'assume-allowed@role', 'assume-without-external-id@role', 'assume-by-other-principal@role', 'assume-other-subject@oidc'])
      expect(ids).toContain(id)
  })

  it('apply writes the source policy of the first role caller and lists every other role or user caller as a manual step', () => {
    const two = fixtureSetup({
      callers: [
        { kind: 'role', arn: `arn:aws:iam::${FIXTURE_SOURCE_ACCOUNT}:role/notebook` },
        { kind: 'user', arn: `arn:aws:iam::${FIXTURE_SOURCE_ACCOUNT}:user/ci` },
        { kind: 'service', services: ['sagemaker.amazonaws.com'] }
      ]
    })
    const docs = buildDocuments(two)
    const plan = planApply(
      { setup: two, trustPolicy: docs.trustPolicy, permissionsPolicy: docs.permissionsPolicy, sourcePolicy: docs.sourcePolicy, permissionsMode: 'inline' },
      { target: { attachedPolicyArns: [] }, source: { principal: { kind: 'role', name: 'notebook', arn: `arn:aws:iam::${FIXTURE_SOURCE_ACCOUNT}:role/notebook` } } }
    )
    const source = plan.changes.filter((change) => change.resource === 'source-policy')
    expect(source.map((change) => [change.subject, change.action])).toEqual([
      [`inline policy AssumeBedrockAccessRole on role arn:aws:iam::${FIXTURE_SOURCE_ACCOUNT}:role/notebook`, 'create'],
      [`inline policy AssumeBedrockAccessRole on user arn:aws:iam::${FIXTURE_SOURCE_ACCOUNT}:user/ci`, 'manual'],
      [`source policy in account ${FIXTURE_SOURCE_ACCOUNT}`, 'manual']
    ])
  })
})
