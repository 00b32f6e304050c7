/**
 * The wizard, driven through the prompts module (scriptedPrompter): which questions are asked,
 * which are skipped because a flag answered them, and the files that result. A = 111111111111
 * (source), B = 222222222222 (target).
 */
import { mkdtemp, readFile, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { XacctError } from '../../core/errors.js'
import { scriptedPrompter } from '../../ui/prompts.js'
import { runInit as runInitEntry } from './index.js'
import { createAwsFactory } from '../../aws/factory.js'
import { testDeps } from '../../../test/helpers/command-deps.js'

/** The command's exit code, which these tests assert (its typed result is what --json prints). */
const runInit = async (...args: Parameters<typeof runInitEntry>): Promise<number> => (await runInitEntry(...args)).exitCode

const A = '111111111111'
const B = '222222222222'
const fresh = () => mkdtemp(join(tmpdir(), 'xacct-wizard-'))

const fullScript = {
  // The wizard's first question (issue 19): no template, answer every question.
  '--template': '',
  '--caller': 'root',
  '--source-account': A,
  '--third-party-caller': false,
  '--target-account': B,
  '--region': 'eu-west-1',
  '--models': 'eu.amazon.nova-lite-v1:0, amazon.nova-pro-v1:0',
  '--use-case': 'Chatbot',
  '--org-prefix': 'Acme',
  '--layer': 'Prod',
  '--external-id': 'enter',
  '--max-session-duration': '7200',
  '--source-ip': '203.0.113.0/24',
  '--no-streaming': true,
  '--marketplace': false,
  '--cloudtrail-lookup': true,
  '--yes': true,
  '--apply': false
}

describe('init wizard', () => {
  it('asks every open question in order, shows a summary, and writes the files', async () => {
    const cwd = await fresh()
    const answers: Record<string, unknown> = { ...fullScript }
    // '--external-id' is asked twice (choice, then the value): a scripted prompter answers by flag,
    // so give the typed value through a select that returns 'enter' and an input that returns the id.
    const prompter = scriptedPrompter(answers)
    const originalInput = prompter.input.bind(prompter)
    prompter.input = async (q) => (q.flag === '--external-id' ? (prompter.asked.push(q.flag), 'team-ext-id-42') : originalInput(q))
    const deps = testDeps(cwd, { prompter })
    expect(await runInit({ out: 'out' }, deps)).toBe(0)
    expect(prompter.asked).toEqual([
      '--template',
      '--caller',
      // "another caller in the same trust?" (a scripted answer is not a yes)
      '--caller',
      '--source-account',
      '--third-party-caller',
      '--target-account',
      '--region',
      '--models',
      '--use-case',
      '--org-prefix',
      '--layer',
      '--external-id',
      '--external-id',
      '--max-session-duration',
      '--source-ip',
      '--no-streaming',
      '--marketplace',
      '--cloudtrail-lookup',
      '--yes',
      '--apply'
    ])
    expect(deps.io.stderr.join('\n')).toContain('Summary')
    const config = JSON.parse(await readFile(join(cwd, 'out', 'bedrock-xacct.json'), 'utf8')) as Record<string, unknown>
    expect(config).toMatchObject({
      sourceAccountId: A,
      targetAccountId: B,
      region: 'eu-west-1',
      models: ['eu.amazon.nova-lite-v1:0', 'amazon.nova-pro-v1:0'],
      useCase: 'Chatbot',
      orgPrefix: 'Acme',
      layer: 'Prod',
      externalId: 'team-ext-id-42',
      maxSessionDurationSeconds: 7200,
      sourceIpCidrs: ['203.0.113.0/24'],
      streaming: true,
      marketplace: false,
      cloudTrailLookup: true
    })
    expect(String(config.roleName)).toContain('Acme')
  })

  it('skips questions that flags answered and derives the source account from a role caller', async () => {
    const prompter = scriptedPrompter({
      '--template': '',
      '--caller': 'role',
      '--third-party-caller': false,
      '--region': 'us-east-1',
      '--role-name': 'BedrockAccessRole',
      '--use-case': '',
      '--external-id': 'generate',
      '--max-session-duration': '3600',
      '--source-ip': '',
      '--no-streaming': true,
      '--marketplace': false,
      '--cloudtrail-lookup': false,
      '--allow-session-tags': false,
      '--allow-source-identity': false,
      '--yes': true,
      '--apply': false,
      // The terminal shows a generated ExternalId redacted: the wizard asks where to keep it; empty prints only.
      '--out': ''
    })
    const originalInput = prompter.input.bind(prompter)
    prompter.input = async (q) => (q.flag === '--caller' ? (prompter.asked.push(q.flag), `arn:aws:iam::${A}:role/proxy`) : originalInput(q))
    const deps = testDeps(await fresh(), { prompter, global: { json: true } })
    expect(await runInit({ targetAccount: B, models: ['amazon.nova-lite-v1:0'] }, deps)).toBe(0)
    expect(prompter.asked).not.toContain('--source-account')
    expect(prompter.asked).not.toContain('--target-account')
    expect(prompter.asked).not.toContain('--models')
    const doc = JSON.parse(deps.io.stdout[0]!) as { setups: { setup: { sourceAccountId: string; externalId: string; caller: unknown } }[] }
    expect(doc.setups[0]!.setup.sourceAccountId).toBe(A)
    expect(doc.setups[0]!.setup.caller).toEqual({ kind: 'role', arn: `arn:aws:iam::${A}:role/proxy` })
    expect(doc.setups[0]!.setup).toMatchObject({ callers: [{ kind: 'role', arn: `arn:aws:iam::${A}:role/proxy` }] })
    expect(doc.setups[0]!.setup.externalId).toBe('<redacted>')
    expect(prompter.asked).toContain('--out')
  })

  it('asks for a folder when the ExternalId would otherwise be shown only redacted, and writes it there 0600', async () => {
    const prompter = scriptedPrompter({ ...fullScript, '--external-id': 'generate', '--out': 'kept' })
    const cwd = await fresh()
    const deps = testDeps(cwd, { prompter })
    expect(await runInit({}, deps)).toBe(0)
    const config = JSON.parse(await readFile(join(cwd, 'kept', 'bedrock-xacct.json'), 'utf8')) as { externalId: string }
    expect(config.externalId).toMatch(/^[0-9a-f-]{36}$/)
    expect((await stat(join(cwd, 'kept', 'bedrock-xacct.json'))).mode & 0o777).toBe(0o600)
    expect(deps.io.stdout.join('\n') + deps.io.stderr.join('\n')).not.toContain(config.externalId)
  })

  it.each([
    { name: 'groups answered', answer: 'team-ai-*, admins', flags: {}, asked: true, groups: ['team-ai-*', 'admins'] },
    { name: 'groups left empty', answer: '', flags: {}, asked: true, groups: undefined },
    { name: 'groups given by --oidc-group', answer: undefined, flags: { oidcGroup: ['cn=ai,ou=teams'] }, asked: false, groups: ['cn=ai,ou=teams'] }
  ])('an OIDC caller asks for the subject (not the audience of a known provider) and optionally groups: $name', async ({ answer, flags, asked, groups }) => {
    const prompter = scriptedPrompter({
      '--template': '',
      '--caller': 'oidc',
      '--oidc-subject': 'repo:acme/app:ref:refs/heads/main',
      ...(answer === undefined ? {} : { '--oidc-group': answer }),
      '--models': 'amazon.nova-lite-v1:0',
      '--use-case': 'Ci',
      '--org-prefix': '',
      '--external-id': 'none',
      '--max-session-duration': '3600',
      '--source-ip': '',
      '--no-streaming': false,
      '--marketplace': false,
      '--cloudtrail-lookup': false,
      '--allow-session-tags': false,
      '--allow-source-identity': false,
      '--yes': true,
      '--apply': false
    })
    const originalInput = prompter.input.bind(prompter)
    prompter.input = async (q) => (q.flag === '--caller' ? (prompter.asked.push(q.flag), q.default!) : originalInput(q))
    const deps = testDeps(await fresh(), { prompter, global: { json: true, region: 'us-east-1' } })
    expect(await runInit({ sourceAccount: A, targetAccount: B, ...flags }, deps)).toBe(0)
    expect(prompter.asked.slice(0, 5)).toEqual(['--template', '--caller', '--caller', '--caller', '--models'])
    expect(prompter.asked).toContain('--oidc-subject')
    expect(prompter.asked).not.toContain('--oidc-audience')
    expect(prompter.asked.includes('--oidc-group')).toBe(asked)
    const doc = JSON.parse(deps.io.stdout[0]!) as { setups: { setup: { caller: { groups?: string[] }; streaming: boolean }; trustPolicy: unknown }[] }
    expect(doc.setups[0]!.setup.caller).toMatchObject({ kind: 'oidc', providerHost: 'token.actions.githubusercontent.com', audiences: ['sts.amazonaws.com'] })
    expect(doc.setups[0]!.setup.caller.groups).toEqual(groups)
    expect(doc.setups[0]!.setup.streaming).toBe(false)
    const trust = JSON.stringify(doc.setups[0]!.trustPolicy)
    expect(trust).toContain('sts:AssumeRoleWithWebIdentity')
    if (groups) expect(trust).toContain(`"ForAnyValue:StringLike":{"token.actions.githubusercontent.com:groups":${JSON.stringify(groups.length === 1 ? groups[0] : groups)}}`)
    else expect(trust).not.toContain(':groups')
  })

  it('adds several callers of different kinds to one trust (the SageMaker guide), none dropped', async () => {
    const prompter = scriptedPrompter({ ...fullScript, '--external-id': 'none', '--allow-session-tags': false, '--allow-source-identity': false })
    const kinds = ['service', 'role']
    const inputs = ['sagemaker.amazonaws.com, events.amazonaws.com, bedrock.amazonaws.com', `arn:aws:iam::${A}:role/notebook`]
    const confirms = [true, false]
    const originalSelect = prompter.select.bind(prompter)
    const originalInput = prompter.input.bind(prompter)
    const originalConfirm = prompter.confirm.bind(prompter)
    prompter.select = (async (q: { flag: string }) => (q.flag === '--caller' ? (prompter.asked.push(q.flag), kinds.shift()) : originalSelect(q as never))) as typeof prompter.select
    prompter.input = async (q) => (q.flag === '--caller' ? (prompter.asked.push(q.flag), q.validate?.(inputs[0]!) === true ? inputs.shift()! : 'invalid') : originalInput(q))
    prompter.confirm = async (q) => (q.flag === '--caller' ? (prompter.asked.push(q.flag), confirms.shift()!) : originalConfirm(q))
    const deps = testDeps(await fresh(), { prompter, global: { json: true } })
    expect(await runInit({}, deps)).toBe(0)
    const doc = JSON.parse(deps.io.stdout[0]!) as { setups: { setup: { callers: unknown[] }; trustPolicy: { Statement: { Principal: unknown }[] } }[] }
    expect(doc.setups[0]!.setup.callers).toEqual([
      { kind: 'service', services: ['sagemaker.amazonaws.com', 'events.amazonaws.com', 'bedrock.amazonaws.com'] },
      { kind: 'role', arn: `arn:aws:iam::${A}:role/notebook` }
    ])
    expect(doc.setups[0]!.trustPolicy.Statement.map((s) => s.Principal)).toEqual([{ AWS: `arn:aws:iam::${A}:role/notebook` }, { Service: ['sagemaker.amazonaws.com', 'events.amazonaws.com', 'bedrock.amazonaws.com'] }])
  })

  it("asks whether account A is a third party's, and a yes keeps the files out of it (issue 19)", async () => {
    const cwd = await fresh()
    const prompter = scriptedPrompter({ ...fullScript, '--external-id': 'generate', '--third-party-caller': true })
    expect(await runInit({ out: 'out' }, testDeps(cwd, { prompter }))).toBe(0)
    expect(prompter.asked).toContain('--third-party-caller')
    const config = JSON.parse(await readFile(join(cwd, 'out', 'bedrock-xacct.json'), 'utf8')) as Record<string, unknown>
    expect(config.thirdPartyCaller).toBe(true)
    expect(await readFile(join(cwd, 'out', 'main.tf'), 'utf8')).not.toMatch(/aws\.source/)
  })

  it.each([
    { caller: 'root', asked: false, answer: undefined, expected: false },
    { caller: 'role', asked: true, answer: false, expected: false },
    { caller: 'role', asked: true, answer: true, expected: true }
  ])('asks whether a $caller caller tags its sessions: $asked ($answer)', async ({ caller, asked, answer, expected }) => {
    const prompter = scriptedPrompter({
      ...fullScript,
      '--caller': caller,
      '--external-id': 'none',
      ...(answer === undefined ? {} : { '--allow-session-tags': answer, '--allow-source-identity': false })
    })
    const originalInput = prompter.input.bind(prompter)
    prompter.input = async (q) => (q.flag === '--caller' ? (prompter.asked.push(q.flag), `arn:aws:iam::${A}:role/proxy`) : originalInput(q))
    const deps = testDeps(await fresh(), { prompter, global: { json: true } })
    expect(await runInit({}, deps)).toBe(0)
    expect(prompter.asked.includes('--allow-session-tags')).toBe(asked)
    const doc = JSON.parse(deps.io.stdout[0]!) as { setups: { setup: { allowSessionTags: boolean }; trustPolicy: unknown }[] }
    expect(doc.setups[0]!.setup.allowSessionTags).toBe(expected)
    expect(JSON.stringify(doc.setups[0]!.trustPolicy).includes('sts:TagSession')).toBe(expected)
  })

  it('validates inline with the resolution validators', async () => {
    const prompter = scriptedPrompter({ '--template': '', '--caller': 'root', '--source-account': '12345' })
    const error = await runInit({}, testDeps(await fresh(), { prompter })).catch((e: unknown) => e)
    expect(String(error)).toMatch(/answer for --source-account rejected: Expected a 12-digit AWS account id/)
  })

  it('declining the summary writes nothing and exits as cancelled', async () => {
    const cwd = await fresh()
    const prompter = scriptedPrompter({ ...fullScript, '--external-id': 'none', '--yes': false })
    const error = await runInit({ out: 'out' }, testDeps(cwd, { prompter })).catch((e: unknown) => e)
    expect((error as XacctError).exitCode).toBe(130)
    await expect(readFile(join(cwd, 'out', 'bedrock-xacct.json'))).rejects.toThrow()
  })

  it('a bad flag fails before any question is asked', async () => {
    const prompter = scriptedPrompter({})
    const error = await runInit({ sourceAccount: 'abc' }, testDeps(await fresh(), { prompter })).catch((e: unknown) => e)
    expect((error as XacctError).field).toBe('--source-account')
    expect(prompter.asked).toEqual([])
  })

  it('its last step offers to apply, and applies with the profiles given', async () => {
    const cwd = await fresh()
    // No credentials anywhere: the apply step must fail on the profile the wizard was given.
    const saved = { ...process.env }
    Object.assign(process.env, { AWS_CONFIG_FILE: join(cwd, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(cwd, 'none'), AWS_EC2_METADATA_DISABLED: 'true' })
    delete process.env.AWS_ACCESS_KEY_ID
    delete process.env.AWS_PROFILE
    try {
      const prompter = scriptedPrompter({ ...fullScript, '--caller': 'root', '--external-id': 'none', '--apply': true, '--target-profile': 'b-admin-wizard' })
      const error = await runInit({}, testDeps(cwd, { prompter, global: { yes: true }, aws: createAwsFactory() })).catch((e: unknown) => e)
      expect(prompter.asked.slice(-2)).toEqual(['--apply', '--target-profile'])
      // An account-root caller has no policy to put in A: no question about A's profile.
      expect(prompter.asked).not.toContain('--source-profile')
      expect(error).toBeInstanceOf(XacctError)
      expect(String((error as XacctError).message) + String((error as XacctError).hint)).toContain('b-admin-wizard')
    } finally {
      process.env = saved
    }
  })
})
