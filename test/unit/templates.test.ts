/**
 * init --template (issue 19): the shipped templates/ files, their JSON Schema (checked with
 * Python's jsonschema, a validator we did not write), listing, unknown names, and each scenario
 * run offline from flags (CI) and from the wizard. A = 111111111111 (source, or the vendor's
 * account for the third-party gateway), B = 222222222222 (target).
 */
import { spawnSync } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { runInit } from '../../src/commands/init/index.js'
import { loadAllTemplates, shippedTemplatesDir, templateNames } from '../../src/commands/init/templates.js'
import type { InitOptions } from '../../src/commands/init/options.js'
import { XacctError } from '../../src/core/errors.js'
import { templateJsonSchema, templateListJsonSchema } from '../../src/core/templates/schema.js'
import { parseTemplate } from '../../src/core/templates/template.js'
import { scriptedPrompter } from '../../src/ui/prompts.js'
import { testDeps } from '../helpers/command-deps.js'

const A = '111111111111'
const B = '222222222222'
const SCHEMA_FILE = fileURLToPath(new URL('../../schema/template.schema.json', import.meta.url))
const fresh = () => mkdtemp(join(tmpdir(), 'xacct-templates-'))
const base = { sourceAccount: A, targetAccount: B, models: ['amazon.nova-lite-v1:0'] }

/** Validate documents against the shipped schema with Python's jsonschema (Draft 2020-12); returns one verdict per document. */
function pythonVerdicts(documents: unknown[]): string[] {
  const script = [
    'import json, sys, jsonschema',
    'schema = json.load(open(sys.argv[1]))',
    'docs = json.load(sys.stdin)',
    'v = jsonschema.Draft202012Validator(schema)',
    "print(json.dumps([('ok' if not list(v.iter_errors(d)) else 'invalid') for d in docs]))"
  ].join('\n')
  const run = spawnSync('python3', ['-c', script, SCHEMA_FILE], { input: JSON.stringify(documents), encoding: 'utf8' })
  if (run.status !== 0) throw new Error(run.stderr)
  return JSON.parse(run.stdout) as string[]
}

/** The flags each scenario needs beyond accounts, region and models (what CI would pass). */
const CI_FLAGS: Record<string, Partial<InitOptions>> = {
  'proxy-account-root': {},
  'proxy-task-role': { caller: `arn:aws:iam::${A}:role/litellm-task` },
  'iam-user-ip-allow-list': { caller: `arn:aws:iam::${A}:user/bedrock-cli`, sourceIp: ['203.0.113.0/24'] },
  'third-party-gateway': { caller: `arn:aws:iam::${A}:role/VendorGatewayRole` },
  'enterprise-oidc': { caller: 'oidc:token.actions.githubusercontent.com', oidcSubject: ['repo:acme/chatbot:ref:refs/heads/main'], useCase: 'Chatbot', orgPrefix: 'Acme', layer: 'Prod' }
}

describe('templates/ and schema/template.schema.json', () => {
  it('the schema is up to date (regenerate: UPDATE_SCHEMA=1 npx vitest run test/unit/templates.test.ts)', async () => {
    const generated = `${JSON.stringify(templateJsonSchema(), null, 2)}\n`
    if (process.env.UPDATE_SCHEMA === '1') await writeFile(SCHEMA_FILE, generated)
    expect(await readFile(SCHEMA_FILE, 'utf8')).toBe(generated)
  })

  it('one template per scenario of the guides, each valid for Python jsonschema and for the tool', async () => {
    const names = await templateNames()
    expect(names).toEqual(['enterprise-oidc', 'iam-user-ip-allow-list', 'proxy-account-root', 'proxy-task-role', 'sagemaker-notebook', 'third-party-gateway'])
    const documents = await Promise.all(names.map(async (name) => JSON.parse(await readFile(join(shippedTemplatesDir(), `${name}.json`), 'utf8')) as unknown))
    expect(pythonVerdicts(documents)).toEqual(names.map(() => 'ok'))
    expect((await loadAllTemplates()).map((t) => t.name)).toEqual(names)
  })

  const HOSTILE: [string, unknown][] = [
    ['an unknown key', { summary: 'x', consumer: 'proxy', setup: {}, extra: 1 }],
    ['an unknown setup field', { summary: 'x', consumer: 'proxy', setup: { regoin: 'us-east-1' } }],
    ['a summary of two lines', { summary: 'a\nb', consumer: 'proxy', setup: {} }],
    ['a terminal escape in the summary', { summary: 'a\u001b[2Jb', consumer: 'proxy', setup: {} }],
    ['a terminal escape in a requirement', { summary: 'x', consumer: 'proxy', setup: {}, requires: [{ field: 'caller', expected: '\u001b]8;;http://evil.example\u0007click' }] }],
    ['the target account preset', { summary: 'x', consumer: 'proxy', setup: { targetAccountId: B } }],
    ['a requirement on a field without a question', { summary: 'x', consumer: 'proxy', setup: {}, requires: [{ field: 'rolePath', expected: 'a path' }] }]
  ]

  it('refuses hostile templates, and jsonschema agrees on each', () => {
    expect(pythonVerdicts(HOSTILE.map(([, document]) => document))).toEqual(HOSTILE.map(() => 'invalid'))
    for (const [, document] of HOSTILE) expect(() => parseTemplate('bad', JSON.stringify(document))).toThrow(XacctError)
  })
})

describe('init --template', () => {
  it('list: one line per template, name then summary', async () => {
    const deps = testDeps(await fresh())
    const { exitCode } = await runInit({ template: 'list' }, deps)
    expect(exitCode).toBe(0)
    const lines = deps.io.stdout.join('').trimEnd().split('\n')
    expect(lines).toHaveLength(6)
    for (const template of await loadAllTemplates()) expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${template.name} +${template.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)))
  })

  it('list --json: one document matching schema/template-list-output.schema.json', async () => {
    const deps = testDeps(await fresh(), { global: { json: true } })
    await runInit({ template: 'list' }, deps)
    const printed: unknown = JSON.parse(deps.io.stdout.join(''))
    expect(templateListJsonSchema.safeParse(printed).success).toBe(true)
    expect((printed as { templates: { name: string }[] }).templates.map((t) => t.name)).toEqual(await templateNames())
  })

  it('an unknown name is exit 2 naming the value and listing the valid names', async () => {
    const error = await runInit({ ...base, template: 'proxy' }, testDeps(await fresh(), { global: { region: 'us-east-1' } })).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(XacctError)
    expect((error as XacctError).exitCode).toBe(2)
    expect((error as XacctError).message).toBe('--template "proxy" is invalid: expected one of: enterprise-oidc, iam-user-ip-allow-list, proxy-account-root, proxy-task-role, sagemaker-notebook, third-party-gateway (or "list" to describe them).')
  })

  it.each(Object.entries(CI_FLAGS))('%s runs offline from flags and writes files that pass the self-check and lint', async (name, flags) => {
    const cwd = await fresh()
    const deps = testDeps(cwd, { global: { region: 'us-east-1' } })
    const { exitCode } = await runInit({ ...base, ...flags, template: name, out: 'out' }, deps)
    expect(exitCode).toBe(0)
    const config = JSON.parse(await readFile(join(cwd, 'out', 'bedrock-xacct.json'), 'utf8')) as Record<string, unknown>
    const template = (await loadAllTemplates()).find((t) => t.name === name)!
    // What the template presets is in the resolved setup, unless a flag said otherwise.
    if (template.input.maxSessionDurationSeconds !== undefined) expect(config.maxSessionDurationSeconds).toBe(template.input.maxSessionDurationSeconds)
    if (template.input.generateExternalId === true) expect(config.externalId).toMatch(/^[\w+=,.@:/-]{2,1224}$/)
    if (name === 'enterprise-oidc') expect(config.roleName).toBe('Acme-Prod-Chatbot-BedrockInvokeRole')
  })

  it('sagemaker-notebook: the services and the notebook role given by --caller in one trust', async () => {
    const cwd = await fresh()
    const { exitCode } = await runInit({ ...base, caller: `arn:aws:iam::${A}:role/notebook`, template: 'sagemaker-notebook', out: 'out' }, testDeps(cwd, { global: { region: 'us-east-1' } }))
    expect(exitCode).toBe(0)
    const config = JSON.parse(await readFile(join(cwd, 'out', 'bedrock-xacct.json'), 'utf8')) as { caller: unknown }
    expect(config.caller).toEqual([{ kind: 'service', services: ['sagemaker.amazonaws.com', 'events.amazonaws.com', 'bedrock.amazonaws.com'] }, `arn:aws:iam::${A}:role/notebook`])
  })

  it.each([
    ['proxy-task-role', {}, /^Missing --caller: the proxy's ECS task role ARN in account A .* \(template proxy-task-role needs it\)\.$/],
    ['proxy-task-role', { caller: 'root' }, /^--caller "root" is invalid: expected the proxy's ECS task role ARN/],
    ['iam-user-ip-allow-list', { caller: `arn:aws:iam::${A}:user/bedrock-cli` }, /^Missing --source-ip: the public CIDR/],
    ['enterprise-oidc', { caller: 'oidc:token.actions.githubusercontent.com', oidcSubject: ['repo:acme/chatbot:*'] }, /^Missing --use-case:/]
  ])('%s without what it needs (%o) is exit 2 naming the flag, nothing written', async (name, flags, message) => {
    const cwd = await fresh()
    const error = await runInit({ ...base, ...flags, template: name, out: 'out' }, testDeps(cwd, { global: { region: 'us-east-1' } })).catch((e: unknown) => e)
    expect((error as XacctError).exitCode).toBe(2)
    expect((error as XacctError).message).toMatch(message)
    await expect(readFile(join(cwd, 'out', 'bedrock-xacct.json'))).rejects.toThrow()
  })

  it('a flag wins over the template: --max-session-duration 7200 over its 3600', async () => {
    const cwd = await fresh()
    await runInit({ ...base, template: 'proxy-account-root', maxSessionDuration: '7200', out: 'out' }, testDeps(cwd, { global: { region: 'us-east-1' } }))
    const config = JSON.parse(await readFile(join(cwd, 'out', 'bedrock-xacct.json'), 'utf8')) as Record<string, unknown>
    expect(config.maxSessionDurationSeconds).toBe(7200)
  })

  it("the wizard's first question picks a template, then asks what it needs and skips what it fills", async () => {
    const cwd = await fresh()
    const prompter = scriptedPrompter({
      '--template': 'proxy-task-role',
      '--source-account': A,
      '--target-account': B,
      '--region': 'us-east-1',
      '--models': 'amazon.nova-lite-v1:0',
      '--use-case': '',
      '--role-name': 'BedrockAccessRole',
      '--source-ip': '',
      '--marketplace': false,
      '--cloudtrail-lookup': false,
      '--allow-session-tags': false,
      '--allow-source-identity': false,
      '--third-party-caller': false,
      '--yes': true,
      '--apply': false
    })
    const originalSelect = prompter.select.bind(prompter)
    const originalInput = prompter.input.bind(prompter)
    // --caller is a select (kind) then an input (the ARN): answer both.
    prompter.select = async (q) => (q.flag === '--caller' ? (prompter.asked.push(q.flag), q.choices.find((c) => String(c.value).includes('role'))!.value) : originalSelect(q))
    prompter.input = async (q) => (q.flag === '--caller' ? (prompter.asked.push(q.flag), `arn:aws:iam::${A}:role/litellm-task`) : originalInput(q))
    // "Add another caller?" (several callers, issue 16): no.
    const originalConfirm = prompter.confirm.bind(prompter)
    prompter.confirm = async (q) => (q.flag === '--caller' ? false : originalConfirm(q))
    const { exitCode } = await runInit({ out: 'out' }, testDeps(cwd, { prompter }))
    expect(exitCode).toBe(0)
    expect(prompter.asked[0]).toBe('--template')
    expect(prompter.asked[1]).toBe('--caller')
    // The template fills the ExternalId (generated), the session length and streaming: not asked.
    expect(prompter.asked).not.toContain('--external-id')
    expect(prompter.asked).not.toContain('--max-session-duration')
    expect(prompter.asked).not.toContain('--no-streaming')
    const config = JSON.parse(await readFile(join(cwd, 'out', 'bedrock-xacct.json'), 'utf8')) as Record<string, unknown>
    expect(config.caller).toBe(`arn:aws:iam::${A}:role/litellm-task`)
    expect(typeof config.externalId).toBe('string')
  })
})
