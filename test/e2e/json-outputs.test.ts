/**
 * The built CLI's `--json` documents against their published schemas (src/ui/reporters/*-schema.ts,
 * committed as schema/*-output.schema.json): init and explain need no AWS; verify's own e2e tests
 * validate its report (verify-world.ts: parseReport). Accounts: A = 111111111111, B = 222222222222.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { explainJsonSchema } from '../../src/ui/reporters/explain-json-schema.js'
import { initJsonSchema } from '../../src/ui/reporters/init-json-schema.js'
import { runCli, type CliEnv } from './verify-world.js'

async function offline(): Promise<CliEnv> {
  const dir = await mkdtemp(join(tmpdir(), 'xacct-json-e2e-'))
  return { dir, env: { PATH: process.env.PATH, HOME: dir, NO_COLOR: '1', AWS_EC2_METADATA_DISABLED: 'true' } }
}

function issuesOf(schema: typeof initJsonSchema | typeof explainJsonSchema, stdout: string): unknown[] {
  const checked = schema.safeParse(JSON.parse(stdout))
  return checked.success ? [] : checked.error.issues.slice(0, 3)
}

describe('--json documents of the built CLI match their schemas', () => {
  it('init --json', async () => {
    const r = await runCli(['init', '--source-account', '111111111111', '--target-account', '222222222222', '--models', 'amazon.nova-lite-v1:0', '--region', 'us-east-1', '--external-id', 'generate', '--json'], await offline())
    expect(r.code).toBe(0)
    expect(issuesOf(initJsonSchema, r.stdout)).toEqual([])
    expect(JSON.parse(r.stdout)).toMatchObject({ version: 1 })
  })

  it('explain --json', async () => {
    const message = 'User: arn:aws:sts::111111111111:assumed-role/gateway/i-0abc is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/BedrockAccessRole'
    const r = await runCli(['explain', message, '--no-external-id', '--json'], await offline())
    expect(r.code === 0 || r.code === 1).toBe(true)
    expect(issuesOf(explainJsonSchema, r.stdout)).toEqual([])
    expect(JSON.parse(r.stdout)).toMatchObject({ version: 1 })
  })
})
