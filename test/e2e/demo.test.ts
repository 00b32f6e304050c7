/**
 * `bedrock-xacct demo` end to end: the built CLI starts its own sandbox, applies, verifies, shows
 * the broken variant, and exits 0; no sandbox secret appears in its output.
 */
import { spawn } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultWorld } from '../../src/sandbox/worlds/default-world.js'

const CLI = join(import.meta.dirname, '../../bin/bedrock-xacct.js')

function run(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH, HOME: cwd, NO_COLOR: '1', AWS_EC2_METADATA_DISABLED: 'true' } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

describe('demo (e2e)', () => {
  it('applies, verifies every item, shows the broken variant failing, exits 0', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'xacct-demo-'))
    const r = await run(['demo', '--trail-delay', '1'], cwd)
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/✔ demo: 13 passed \(13 checks\)/)
    expect(r.stdout).toMatch(/✖ assume-role/)
    expect(r.stdout).toMatch(/→ .*bedrock-xacct init --apply/)
    expect(r.stdout).toMatch(/Demo behaved as expected/)
    const secrets = defaultWorld().accounts.flatMap((a) => a.users.flatMap((u) => u.accessKeys.map((k) => k.secretAccessKey)))
    for (const secret of secrets) expect(r.stdout + r.stderr).not.toContain(secret)
    expect(r.stdout + r.stderr).not.toMatch(/ASIA[A-Z0-9]{12,}/)
  }, 60_000)

  it('--json prints one document with both reports', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'xacct-demo-'))
    const r = await run(['demo', '--trail-delay', '0', '--json'], cwd)
    expect(r.code).toBe(0)
    const doc = JSON.parse(r.stdout) as { ok: boolean; correct: { summary: { exitCode: number } }; broken: { summary: { exitCode: number } } }
    expect(doc.ok).toBe(true)
    expect(doc.correct.summary.exitCode).toBe(0)
    expect(doc.broken.summary.exitCode).toBe(1)
  }, 60_000)
})
