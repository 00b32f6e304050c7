/**
 * The GitHub Action (action.yml, composite): its shape (parsed as YAML: every step that runs a
 * shell names one, every script exists and is executable, every `inputs.*` and `steps.*` it uses is
 * declared), and its shell steps run as GitHub would run them (GITHUB_ACTION_PATH, GITHUB_OUTPUT,
 * INPUT_* env) against the sandbox, with the built CLI. install.sh (npm ci) is not run here.
 *
 * Accounts (src/sandbox/worlds/default-world.ts): A = 111111111111 (user app-caller: the job's
 * credentials), B = 222222222222 (user admin; role ActionVerifyRole; reader role CiReader).
 */
import { spawn, spawnSync } from 'node:child_process'
import { accessSync, constants, readFileSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { CreateRoleCommand, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam'
import { parse } from 'yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PERMISSIONS } from '../../src/core/permissions/table.js'
import { policyOf } from '../../src/core/permissions/policies.js'
import { ACCOUNT_A, ACCOUNT_B, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js'
import { EXTERNAL_ID, MODEL, cliEnv, createSetup, e2eSetup, type CliEnv } from './verify-world.js'

const root = join(import.meta.dirname, '..', '..')

interface ActionStep {
  name?: string
  id?: string
  if?: string
  uses?: string
  run?: string
  shell?: string
  env?: Record<string, string>
  with?: Record<string, string>
}
interface ActionFile {
  name: string
  description: string
  inputs: Record<string, { description: string; default?: string }>
  outputs: Record<string, { value: string }>
  runs: { using: string; steps: ActionStep[] }
}

const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as ActionFile
const text = readFileSync(join(root, 'action.yml'), 'utf8')

describe('action.yml', () => {
  it('is a composite action with a name, a description and steps', () => {
    expect(action.name).toBe('bedrock-xacct')
    expect(action.description.length).toBeGreaterThan(10)
    expect(action.runs.using).toBe('composite')
    expect(action.runs.steps.length).toBeGreaterThan(3)
  })

  it('every run step names its shell and runs a script of action/ that exists and is executable', () => {
    for (const step of action.runs.steps.filter((s) => s.run !== undefined)) {
      expect(step.shell, step.name).toBe('bash')
      const script = /\$GITHUB_ACTION_PATH\/(action\/[\w-]+\.sh)/.exec(step.run!)?.[1]
      expect(script, step.name).toBeDefined()
      expect(() => accessSync(join(root, script!), constants.X_OK)).not.toThrow()
    }
  })

  it('every inputs.* and steps.* it uses is declared; actions are pinned to a major version', () => {
    for (const [, name] of text.matchAll(/inputs\.([\w-]+)/g)) expect(Object.keys(action.inputs)).toContain(name)
    const ids = action.runs.steps.map((s) => s.id).filter(Boolean)
    for (const [, id] of text.matchAll(/steps\.([\w-]+)\.outputs/g)) expect(ids).toContain(id)
    for (const step of action.runs.steps.filter((s) => s.uses)) expect(step.uses).toMatch(/^[\w-]+\/[\w/-]+@v\d+$/)
    expect(action.runs.steps.some((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))).toBe(true)
  })

  it('the example workflow uses OIDC (id-token: write) and this action', () => {
    const workflow = parse(readFileSync(join(root, 'docs', 'ci', 'github-actions.yml'), 'utf8')) as { permissions: Record<string, string>; jobs: Record<string, { steps: ActionStep[] }> }
    expect(workflow.permissions).toMatchObject({ 'id-token': 'write', 'security-events': 'write', contents: 'read' })
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps)
    expect(steps.some((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'))).toBe(true)
    const ours = steps.find((s) => s.uses?.includes('bedrock-xacct'))
    expect(ours).toBeDefined()
    for (const input of Object.keys(ours!.with ?? {})) expect(Object.keys(action.inputs)).toContain(input)
  })
})

let sandbox: TestSandbox
beforeAll(async () => {
  sandbox = await startTestSandbox()
})
afterAll(async () => {
  await sandbox?.stop()
})

/** Run one of the action's scripts as a composite step would: env of the job plus INPUT_*, outputs to a file. */
async function step(script: string, env: CliEnv, inputs: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string; outputs: Record<string, string> }> {
  const outputFile = join(env.dir, `github-output-${script}`)
  await writeFile(outputFile, '')
  // Asynchronously: the sandbox answers from this process, so a blocking spawn would deadlock it.
  const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn('bash', [join(root, 'action', script)], { cwd: env.dir, env: { ...env.env, GITHUB_ACTION_PATH: root, GITHUB_OUTPUT: outputFile, ...inputs } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000)
    child.on('error', reject)
    child.on('close', (status) => {
      clearTimeout(timer)
      resolve({ status, stdout, stderr })
    })
  })
  const outputs = Object.fromEntries(
    (await readFile(outputFile, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string])
  )
  return { code: run.status, stdout: run.stdout, stderr: run.stderr, outputs }
}

async function configFor(env: CliEnv, roleName: string): Promise<void> {
  const config = {
    defaults: { sourceAccountId: ACCOUNT_A, targetAccountId: ACCOUNT_B, region: 'us-east-1', models: [MODEL], externalId: EXTERNAL_ID, caller: `arn:aws:iam::${ACCOUNT_A}:user/app-caller`, sessionDurationSeconds: 900 },
    setups: [{ name: 'ci', roleName }]
  }
  await writeFile(join(env.dir, 'bedrock-xacct.json'), JSON.stringify(config, null, 2))
}

describe('action/verify.sh (sandbox)', () => {
  it('verifies the config with the job credentials and a reader role assumed through target-role-arn; exit code and JUnit as outputs', async () => {
    await createSetup(sandbox, e2eSetup('ActionVerifyRole'))
    // The reader in B: exactly the policy `bedrock-xacct permissions verify --option --target-profile` prints.
    const reader = PERMISSIONS.find((row) => row.command === 'verify' && row.option === '--target-profile')!.statements[0]!
    const readerArn = `arn:aws:iam::${ACCOUNT_B}:role/CiReader`
    const iamB = sandbox.iam(sandbox.principals.targetAdmin)
    await iamB.send(
      new CreateRoleCommand({
        RoleName: 'CiReader',
        AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_A}:user/app-caller` }, Action: 'sts:AssumeRole' }] })
      })
    )
    await iamB.send(new PutRolePolicyCommand({ RoleName: 'CiReader', PolicyName: 'read', PolicyDocument: JSON.stringify(policyOf(reader.grants, { TARGET: ACCOUNT_B, PARTITION: 'aws', ROLE_ARN: `arn:aws:iam::${ACCOUNT_B}:role/ActionVerifyRole` })) }))
    await sandbox
      .iam(sandbox.principals.sourceAdmin)
      .send(new PutUserPolicyCommand({ UserName: 'app-caller', PolicyName: 'AssumeCiReader', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: readerArn }] }) }))
    const env = await cliEnv(sandbox)
    await configFor(env, 'ActionVerifyRole')
    const run = await step('verify.sh', env, { INPUT_CONFIG: 'bedrock-xacct.json', INPUT_TARGET_ROLE_ARN: readerArn, INPUT_JUNIT: 'junit.xml', INPUT_STRICT: 'false', INPUT_TRAIL_TIMEOUT: '30s' })
    expect(run.stderr).not.toMatch(/Error:/)
    expect(run.stdout).toMatch(/✔ trust-includes-source/)
    expect(run.stdout).toMatch(/✔ cloudtrail-invoke/)
    expect(run.code).toBe(0)
    expect(run.outputs['exit-code']).toBe('0')
    expect(await readFile(join(env.dir, 'junit.xml'), 'utf8')).toMatch(/<testsuite /)
    expect(await readFile(join(env.dir, 'bedrock-xacct.json'), 'utf8')).not.toContain('bedrock-xacct-target')
  })

  it('a failing setup: the step fails with exit 1 and says so in its output', async () => {
    await createSetup(sandbox, e2eSetup('ActionBrokenRole'), { skipSourcePolicy: true, trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_A}:user/admin` }, Action: 'sts:AssumeRole' }] } })
    const env = await cliEnv(sandbox)
    await configFor(env, 'ActionBrokenRole')
    const run = await step('verify.sh', env, { INPUT_CONFIG: 'bedrock-xacct.json', INPUT_TARGET_PROFILE: 'target', INPUT_JUNIT: '', INPUT_TRAIL_TIMEOUT: '5s' })
    expect(run.code).toBe(1)
    expect(run.outputs['exit-code']).toBe('1')
  })
})

describe('action/lint.sh and finish.sh', () => {
  const bad = { Version: '2012-10-17', Statement: [{ Sid: 'Trust', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] }

  it('writes SARIF, records lint exit 1 without failing the step (so the upload runs); finish.sh then fails the job', async () => {
    const env = await cliEnv(sandbox)
    const { mkdir } = await import('node:fs/promises')
    await mkdir(join(env.dir, 'policies'))
    await writeFile(join(env.dir, 'policies', 'trust.json'), JSON.stringify(bad, null, 2))
    const run = await step('lint.sh', env, { INPUT_LINT: 'policies/*.json', INPUT_SARIF: 'out.sarif' })
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({ 'exit-code': '1', sarif: 'out.sarif' })
    const sarif = JSON.parse(await readFile(join(env.dir, 'out.sarif'), 'utf8')) as { version: string; runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }
    expect(sarif.version).toBe('2.1.0')
    expect(sarif.runs[0]!.results.map((r) => r.ruleId)).toContain('principal-wildcard')
    expect(sarif.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('policies/trust.json')
    expect(run.stdout).toMatch(/principal-wildcard/)
    const finish = spawnSync('bash', [join(root, 'action', 'finish.sh')], { encoding: 'utf8', env: { PATH: process.env.PATH, LINT_EXIT_CODE: run.outputs['exit-code'] } })
    expect(finish.status).toBe(1)
    expect(finish.stderr).toContain('::error::')
    expect(spawnSync('bash', [join(root, 'action', 'finish.sh')], { env: { PATH: process.env.PATH, LINT_EXIT_CODE: '0' } }).status).toBe(0)
  })

  it('a glob that matches nothing is exit 2, named in an ::error:: line', async () => {
    const env = await cliEnv(sandbox)
    const run = await step('lint.sh', env, { INPUT_LINT: 'nowhere/*.json', INPUT_SARIF: 'out.sarif' })
    expect(run.outputs['exit-code']).toBe('2')
    expect(run.stderr).toContain('::error::lint: no file matches nowhere/*.json')
  })
})
