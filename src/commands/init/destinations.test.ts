/**
 * Where init's permissions come from for inference profiles (issue 18): offline, the static table,
 * and the JSON says so; with --apply (credentials in B), what GetInferenceProfile returns.
 * Accounts: A = 111111111111 (user app-caller, profile default; admin, profile a-admin),
 * B = 222222222222 (admin, profile b-admin).
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { applyWorld as world } from '../../../test/helpers/apply-world.js'
import { ACCOUNT_A, ACCOUNT_B } from '../../../test/helpers/memory-aws.js'
import { testDeps } from '../../../test/helpers/command-deps.js'
import { initJsonSchema } from '../../ui/reporters/init-json-schema.js'
import { runInit } from './index.js'
import type { InitOptions } from './options.js'

const PROFILE = 'us.anthropic.claude-sonnet-4-20250514-v1:0'
const flags: InitOptions = { sourceAccount: ACCOUNT_A, targetAccount: ACCOUNT_B, models: [PROFILE], caller: `arn:aws:iam::${ACCOUNT_A}:user/app-caller`, externalId: 'ext-12345678' }

describe('init: inference-profile destinations', () => {
  it('offline, the documents use the dated table and the JSON says so (schema-valid)', async () => {
    const deps = testDeps(await mkdtemp(join(tmpdir(), 'xacct-init-')), { global: { json: true, region: 'us-east-1' } })
    expect((await runInit(flags, deps)).exitCode).toBe(0)
    const doc = JSON.parse(deps.io.stdout[0]!) as { setups: { destinations?: { source: string; fallback: { model: string; reason: string }[]; tableChecked: string } }[] }
    expect(doc.setups[0]!.destinations).toMatchObject({ source: 'table', fallback: [{ model: PROFILE }] })
    expect(doc.setups[0]!.destinations!.fallback[0]!.reason).toMatch(/--apply/)
    expect(initJsonSchema.safeParse(doc).error).toBeUndefined()
  })

  it('with --apply, asks Bedrock in B (GetInferenceProfile with --target-profile) and says so', async () => {
    const aws = world()
    const deps = testDeps(await mkdtemp(join(tmpdir(), 'xacct-init-')), { aws, global: { region: 'us-east-1' } })
    const outcome = await runInit({ ...flags, apply: true, dryRun: true, targetProfile: 'b-admin', sourceProfile: 'a-admin' }, deps)
    expect(aws.calls.filter((c) => c.operation === 'GetInferenceProfile').map((c) => c.callerArn)).toEqual([`arn:aws:iam::${ACCOUNT_B}:user/admin`])
    if (outcome.result.mode !== 'apply') throw new Error(`mode ${outcome.result.mode}`)
    expect(outcome.result.document.setups[0]!.destinations).toMatchObject({ source: 'live', fallback: [] })
    expect(deps.io.stderr.join('')).toMatch(/Inference-profile destinations: read from Bedrock/)
  })
})
