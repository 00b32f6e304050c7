/**
 * Every file in templates/ through the built CLI (issue 19, "each template runs offline and yields
 * files that terraform fmt and cfn-lint accept; each hand-off file is consumed by what reads it"):
 * one `init --template NAME` per template, enumerated from the folder so a new template is covered
 * without editing this file, with what the template leaves to the user answered from ANSWERS.
 * Then, over the files it wrote: `terraform fmt -check` (one run), `cfn-lint` (one run), PyYAML and
 * the `yaml` package on every YAML file, dotenv on proxy.env, the AWS SDK's own chain (fromIni)
 * on the profile, Python compiling the boto3 snippet, and the file modes of what holds the ExternalId.
 *
 * Expected values come from the trust policy the run wrote (what STS will evaluate) and from the
 * answers given, not from the renderers. Accounts: A = 111111111111 (source), B = 222222222222 (target).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import type { AddressInfo } from 'node:net'
import { fromIni } from '@aws-sdk/credential-providers'
import { parse as parseDotenv } from 'dotenv'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseDocument } from 'yaml'
import { FLAG_OF, type InputKey } from '../../src/core/setup/input.js'

const root = join(import.meta.dirname, '..', '..')
const bin = join(root, 'bin', 'bedrock-xacct.js')
const A = '111111111111'
const B = '222222222222'
const work = mkdtempSync(join(tmpdir(), 'xacct-template-outputs-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

const has = (binary: string, args: string[]) => spawnSync(binary, args, { encoding: 'utf8' }).status === 0
const TERRAFORM = has('terraform', ['version'])
const CFN_LINT = has('cfn-lint', ['--version'])
const PYTHON = has('python3', ['-c', 'import yaml'])

/** Caller values by the kind a template asks for (its first accepted kind). */
const CALLER_BY_KIND: Record<string, string> = {
  role: `arn:aws:iam::${A}:role/consumer-role`,
  user: `arn:aws:iam::${A}:user/consumer-user`,
  account: 'root',
  oidc: 'oidc:token.actions.githubusercontent.com',
  service: 'service:sagemaker.amazonaws.com'
}

/** The user's answer to each field a template may leave open. A template asking a field not here fails by name. */
const ANSWERS: Partial<Record<InputKey, string[]>> = {
  sourceIpCidrs: ['203.0.113.0/24'],
  oidcSubjects: ['repo:acme/chatbot:ref:refs/heads/main'],
  useCase: ['Chatbot'],
  orgPrefix: ['Acme'],
  layer: ['Prod']
}

interface Requirement {
  field: InputKey
  callerKinds?: string[]
}

const templatesDir = join(root, 'templates')
const TEMPLATES = readdirSync(templatesDir)
  .filter((file) => file.endsWith('.json'))
  .map((file) => file.slice(0, -'.json'.length))
  .sort()

function answerFlags(name: string): string[] {
  const { requires = [] } = JSON.parse(readFileSync(join(templatesDir, `${name}.json`), 'utf8')) as { requires?: Requirement[] }
  return requires.flatMap((requirement) => {
    const values = requirement.field === 'caller' ? [CALLER_BY_KIND[requirement.callerKinds?.[0] ?? 'role']!] : ANSWERS[requirement.field]
    if (values === undefined) throw new Error(`template ${name} asks for ${requirement.field}: add an answer to ANSWERS in this file`)
    return values.flatMap((value) => [FLAG_OF[requirement.field], value])
  })
}

/** Variables that would leak the developer's setup into the run. */
const CLEAN_ENV = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(AWS_|BEDROCK_)/.test(key) && key !== 'CI')) as Record<string, string>

interface Run {
  name: string
  dir: string
  code: number | null
  stdout: string
  stderr: string
  /** Paths relative to dir. */
  files: string[]
  read(path: string): string
  roleArn: string
  /** The ExternalId the written trust requires (undefined: none). */
  externalId: string | undefined
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]))
}

/** The sts:ExternalId the trust policy's statements require, if any. */
function trustExternalId(trust: unknown): string | undefined {
  const found = JSON.stringify(trust).match(/"sts:ExternalId":"([^"]+)"/)
  return found?.[1]
}

function runTemplate(name: string): Run {
  const dir = join(work, name)
  const args = ['init', '--template', name, '--source-account', A, '--target-account', B, '--region', 'us-east-1', '--models', 'amazon.nova-lite-v1:0', ...answerFlags(name), '--out', dir]
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: work, env: { ...CLEAN_ENV, NO_COLOR: '1' }, encoding: 'utf8', input: '' })
  const files = existsSync(dir)
    ? walk(dir)
        .map((path) => relative(dir, path))
        .sort()
    : []
  const read = (path: string) => readFileSync(join(dir, path), 'utf8')
  const config = files.includes('bedrock-xacct.json') ? (JSON.parse(read('bedrock-xacct.json')) as { roleName?: string; roleArn?: string }) : {}
  const roleArn = config.roleArn ?? `arn:aws:iam::${B}:role/${config.roleName ?? 'BedrockAccessRole'}`
  const externalId = files.includes('trust-policy.json') ? trustExternalId(JSON.parse(read('trust-policy.json'))) : undefined
  return { name, dir, code: result.status, stdout: result.stdout, stderr: result.stderr, files, read, roleArn, externalId }
}

const RUNS = TEMPLATES.map(runTemplate)
const runOf = (name: string) => RUNS.find((run) => run.name === name)!
const filesOf = (run: Run, pattern: RegExp) => run.files.filter((file) => pattern.test(file))

describe.each(TEMPLATES)('template %s', (name) => {
  const run = runOf(name)

  it('init --template runs offline, non-interactive, and writes the policies, the IaC and the hand-off', () => {
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    for (const file of ['bedrock-xacct.json', 'trust-policy.json', 'permissions-policy.json', 'main.tf', 'cloudformation.yaml', 'NEXT-STEPS.md']) expect(run.files).toContain(file)
  })

  it('no file says undefined, NaN or [object Object] where a value belongs', () => {
    for (const file of run.files) expect(run.read(file), file).not.toMatch(/\bundefined\b|\[object Object\]|\bNaN\b/)
  })

  it('every file holding the ExternalId is 0600 and the run says so; stdout never shows it', () => {
    for (const file of run.files) {
      const holds = run.externalId !== undefined && run.read(file).includes(run.externalId)
      expect({ file, privateMode: (statSync(join(run.dir, file)).mode & 0o777) === 0o600 }).toEqual({ file, privateMode: holds })
      if (holds) expect(run.stdout).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} +\\(mode 0600: holds the ExternalId\\)`))
    }
    if (run.externalId !== undefined) expect(run.stdout).not.toContain(run.externalId)
  })

  it('a file that can carry a comment says in its first lines that it holds the ExternalId exactly when it does (JSON cannot: the run says it)', () => {
    for (const file of run.files.filter((name) => !name.endsWith('.json'))) {
      const holds = run.externalId !== undefined && run.read(file).includes(run.externalId)
      expect({ file, says: /holds the ExternalId/i.test(run.read(file).split('\n').slice(0, 5).join('\n')) }).toEqual({ file, says: holds })
    }
  })

  it('NEXT-STEPS.md says a hand-off file holds the ExternalId exactly when it does', () => {
    const rows = run
      .read('NEXT-STEPS.md')
      .split('\n')
      .flatMap((line) => {
        const row = line.match(/^\| `(consumer\/[^`]+)` \| (.*) \|/)
        return row ? [{ file: row[1]!, says: /holds the ExternalId/.test(row[2]!) }] : []
      })
    expect(rows.map((row) => row.file).sort()).toEqual(filesOf(run, /^consumer\//))
    for (const row of rows) expect(row, row.file).toEqual({ file: row.file, says: run.externalId !== undefined && run.read(row.file).includes(run.externalId) })
  })

  it('JSON files parse', () => {
    for (const file of filesOf(run, /\.json$/)) expect(() => JSON.parse(run.read(file)), file).not.toThrow()
  })

  it('YAML files parse with the yaml package (duplicate keys are errors)', () => {
    for (const file of filesOf(run, /\.ya?ml$/)) expect(parseDocument(run.read(file), { uniqueKeys: true }).errors, file).toEqual([])
  })

  it('proxy.env: dotenv reads every line, and gives the role, the region and the ExternalId the trust requires', () => {
    for (const file of filesOf(run, /\.env$/)) {
      const text = run.read(file)
      const values = parseDotenv(text)
      const assignments = text.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'))
      expect(Object.keys(values)).toHaveLength(assignments.length)
      expect(values.BEDROCK_CROSS_ACCOUNT_ROLE_ARN).toBe(run.roleArn)
      expect(values.AWS_REGION).toBe('us-east-1')
      expect(values.BEDROCK_XACCT_EXTERNAL_ID).toBe(run.externalId)
    }
  })

  it('litellm-config.yaml: each model entry names the role, the region and the ExternalId variable (when the trust needs one)', () => {
    for (const file of filesOf(run, /litellm-config\.yaml$/)) {
      const config = parseDocument(run.read(file)).toJS() as { model_list: { litellm_params: Record<string, string> }[] }
      for (const entry of config.model_list) {
        expect(entry.litellm_params.aws_role_name).toBe(run.roleArn)
        expect(entry.litellm_params.aws_region_name).toBe('us-east-1')
        expect(entry.litellm_params.aws_external_id).toBe(run.externalId === undefined ? undefined : 'os.environ/BEDROCK_XACCT_EXTERNAL_ID')
      }
    }
  })

  it('the GitHub Actions workflow asks for an id-token and assumes the role', () => {
    for (const file of filesOf(run, /github-actions.*\.ya?ml$/)) {
      const workflow = parseDocument(run.read(file)).toJS() as { permissions: Record<string, string>; jobs: Record<string, { steps: { uses?: string; with?: Record<string, unknown> }[] }> }
      expect(workflow.permissions['id-token']).toBe('write')
      const steps = Object.values(workflow.jobs).flatMap((job) => job.steps)
      expect(steps.find((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@'))?.with?.['role-to-assume']).toBe(run.roleArn)
    }
  })
})

describe('main.tf of every template passes terraform fmt -check (one run)', () => {
  const fmt = TERRAFORM ? spawnSync('terraform', ['fmt', '-check', '-list=true', '-recursive', '.'], { cwd: work, encoding: 'utf8', env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' } }) : undefined
  it.skipIf(!TERRAFORM).each(TEMPLATES)('%s', (name) => {
    // -list names each file that fmt would change, relative to the folder it ran in.
    expect(fmt!.stdout.split('\n').filter((line) => line.startsWith(`${name}/`))).toEqual([])
    expect(runOf(name).read('main.tf')).not.toContain(runOf(name).externalId ?? '\u0000')
  })
  it.skipIf(!TERRAFORM)('exits 0', () => expect(fmt!.status).toBe(0))
})

describe('cloudformation.yaml of every template passes cfn-lint (one run)', () => {
  const lint = CFN_LINT ? spawnSync('cfn-lint', ['--format', 'parseable', '--', ...RUNS.map((run) => join(run.dir, 'cloudformation.yaml'))], { encoding: 'utf8' }) : undefined
  it.skipIf(!CFN_LINT).each(TEMPLATES)('%s', (name) => {
    expect((lint!.stdout + lint!.stderr).split('\n').filter((line) => line.startsWith(join(work, name)))).toEqual([])
    expect(runOf(name).read('cloudformation.yaml')).not.toContain(runOf(name).externalId ?? '\u0000')
  })
  it.skipIf(!CFN_LINT)('exits 0', () => expect(lint!.status).toBe(0))
})

describe('Python reads what Python users get (one run): PyYAML on every YAML file, the boto3 snippet compiles', () => {
  const targets = RUNS.flatMap((run) => filesOf(run, /\.ya?ml$|\.py$/).map((file) => join(run.dir, file)))
  const script = [
    'import json, sys, yaml',
    'out = {}',
    'for path in sys.argv[1:]:',
    '    try:',
    '        text = open(path).read()',
    "        if path.endswith('.py'): compile(text, path, 'exec')",
    '        else: yaml.safe_load(text)',
    "        out[path] = 'ok'",
    '    except Exception as error:',
    '        out[path] = repr(error)',
    'print(json.dumps(out))'
  ].join('\n')
  const verdicts = PYTHON ? (JSON.parse(spawnSync('python3', ['-c', script, ...targets], { encoding: 'utf8' }).stdout) as Record<string, string>) : {}
  it.skipIf(!PYTHON).each(TEMPLATES)('%s', (name) => {
    const mine = Object.entries(verdicts).filter(([path]) => path.startsWith(join(work, name)))
    expect(mine.filter(([, verdict]) => verdict !== 'ok')).toEqual([])
  })
})

/**
 * consumer/aws-config through the SDK's own chain: fromIni reads the profile, gets the source
 * credentials (a credentials file for source_profile; a local stand-in for the ECS endpoint for
 * credential_source = EcsContainer) and hands its AssumeRole parameters to `roleAssumer`, which
 * records them instead of calling STS. What it would send is compared with what the trust requires.
 */
describe('consumer/aws-config: the AWS SDK (fromIni) assumes the role with what the trust requires', () => {
  let ecs: Server
  beforeAll(async () => {
    ecs = createServer((_request, response) => {
      response.setHeader('content-type', 'application/json')
      response.end(JSON.stringify({ AccessKeyId: 'AKIAECSSTANDIN000001', SecretAccessKey: 'ecs-stand-in-secret', Token: 'ecs-stand-in-token', Expiration: new Date(Date.now() + 3_600_000).toISOString() }))
    })
    await new Promise<void>((resolve) => ecs.listen(0, '127.0.0.1', resolve))
    process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = `http://127.0.0.1:${(ecs.address() as AddressInfo).port}/credentials`
  })
  afterAll(() => ecs?.close())

  const withProfile = RUNS.filter((run) => run.files.includes('consumer/aws-config')).map((run) => run.name)
  it.each(withProfile)('%s', async (name) => {
    const run = runOf(name)
    const text = run.read('consumer/aws-config')
    const profile = text.match(/^\[profile ([^\]]+)\]$/m)![1]!
    const credentials = join(run.dir, 'test-credentials')
    writeFileSync(credentials, '[default]\naws_access_key_id = AKIASOURCE0000000001\naws_secret_access_key = source-secret\n')
    const sent: { RoleArn: string; ExternalId?: string; RoleSessionName?: string; DurationSeconds?: number }[] = []
    const provider = fromIni({
      profile,
      configFilepath: join(run.dir, 'consumer/aws-config'),
      filepath: credentials,
      ignoreCache: true,
      roleAssumer: async (_source, params) => {
        sent.push(params)
        return { accessKeyId: 'ASIAROLE000000000001', secretAccessKey: 'role-secret', sessionToken: 'role-token' }
      }
    })
    await provider()
    expect(sent).toHaveLength(1)
    expect(sent[0]!.RoleArn).toBe(run.roleArn)
    expect(sent[0]!.ExternalId).toBe(run.externalId)
    // STS: RoleSessionName is 2-64 of [\w+=,.@-]; DurationSeconds 900 up to the role's maximum (1 h when chaining from a role).
    expect(sent[0]!.RoleSessionName).toMatch(/^[\w+=,.@-]{2,64}$/)
    const max = (JSON.parse(run.read('bedrock-xacct.json')) as { maxSessionDurationSeconds?: number }).maxSessionDurationSeconds ?? 3600
    expect(sent[0]!.DurationSeconds).toBeGreaterThanOrEqual(900)
    expect(sent[0]!.DurationSeconds).toBeLessThanOrEqual(/credential_source/.test(text) ? Math.min(3600, max) : max)
  })
})
