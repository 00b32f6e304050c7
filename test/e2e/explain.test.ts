/**
 * explain end to end, no AWS: the built CLI (`node bin/bedrock-xacct.js`, build first with
 * `npm run build`) run without a terminal — stdin closed, stdin a silent open pipe,
 * stdin carrying the message — must never hang, must never prompt, and must print one JSON document
 * with --json. Fixture accounts: A = 111111111111 (caller), B = 222222222222 (role).
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const CLI = join(import.meta.dirname, '../../bin/bedrock-xacct.js')
const ASSUME_DENIED =
  'An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:sts::111111111111:assumed-role/gateway/i-0abc is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/BedrockAccessRole'

interface Run {
  code: number | null
  stdout: string
  stderr: string
  ms: number
}

/** Spawn the CLI; `stdin`: 'closed' (ignore), 'silent' (an open pipe nobody writes to), or text to pipe and close. */
function cli(args: string[], stdin: 'closed' | 'silent' | { text: string }, cwd = mkdtempSync(join(tmpdir(), 'explain-e2e-'))): Promise<Run> {
  const started = Date.now()
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      env: { PATH: process.env.PATH, HOME: cwd, NO_COLOR: '1', AWS_EC2_METADATA_DISABLED: 'true' },
      stdio: [stdin === 'closed' ? 'ignore' : 'pipe', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout!.on('data', (d) => (stdout += d))
    child.stderr!.on('data', (d) => (stderr += d))
    if (typeof stdin === 'object') child.stdin!.end(stdin.text)
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      if (stdin === 'silent') child.stdin?.destroy()
      resolve({ code, stdout, stderr, ms: Date.now() - started })
    })
  })
}

describe('explain without a terminal (e2e)', () => {
  it('stdin closed, message as argument: answers without asking, exit 1 when the cause stays open', async () => {
    const run = await cli(['explain', ASSUME_DENIED], 'closed')
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('Not enough to tell which cause it is')
    expect(run.stdout).toContain('[source-missing-assume-role]')
    expect(run.stdout).toContain('[trust-missing-source]')
    expect(run.stderr).not.toMatch(/\?/)
  })

  it('stdin carrying the message (echo … | bedrock-xacct explain)', async () => {
    const run = await cli(['explain'], { text: "AccessDeniedException: You don't have access to the model with the specified model ID.\n" })
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('[model-access-not-granted]')
  })

  it('stdin an open pipe that stays silent: gives up quickly with a usage error, never hangs', async () => {
    const run = await cli(['explain'], 'silent')
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('Missing <message>')
    expect(run.ms).toBeLessThan(15_000)
  })

  it('stdin closed and no message: usage error naming the argument', async () => {
    const run = await cli(['explain'], 'closed')
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('Missing <message>')
  })

  it('--json: exactly one JSON document with parse, candidates, evaluation trace and fixes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'explain-e2e-'))
    writeFileSync(
      join(dir, 'trust.json'),
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Sid: 'BedrockXacctTrust', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole', Condition: { NumericLessThanEquals: { 'sts:DurationSeconds': '3600' } } }]
      })
    )
    writeFileSync(join(dir, 'caller.json'), JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }))
    const run = await cli(['--json', 'explain', ASSUME_DENIED, '--trust', 'trust.json', '--identity', 'caller.json'], 'closed', dir)
    expect(run.code).toBe(0)
    const doc = JSON.parse(run.stdout)
    expect(doc).toMatchObject({ version: 1, identified: true, headline: 'duration-condition-never-matches', parsed: { kind: 'not-authorized', action: 'sts:AssumeRole' } })
    expect(doc.candidates[0].fix).toMatchObject({ account: 'target', accountId: '222222222222' })
    expect(doc.evaluations[0].statements.find((s: { layer: string }) => s.layer === 'trust')).toMatchObject({ layer: 'trust', statement: 'BedrockXacctTrust', failedConditions: [{ key: 'sts:DurationSeconds', neverSet: true }] })
  })

  it('a bad policy file: one line naming the flag, exit 2, nothing on stdout', async () => {
    const run = await cli(['explain', ASSUME_DENIED, '--trust', 'nope.json'], 'closed')
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr.split('\n')[0]).toMatch(/^Error: --trust "nope\.json" is invalid: expected/)
  })
})
