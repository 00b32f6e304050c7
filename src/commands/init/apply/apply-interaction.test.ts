/**
 * `init --apply` over the in-memory AWS (test/helpers/apply-world.ts): the plan, the question and
 * the output: --dry-run, no TTY, "no" on a TTY, --json (and onJson), Ctrl-C mid-apply.
 * Accounts: A = 111111111111 (source; user app-caller is the caller, user admin is profile
 * `a-admin`), B = 222222222222 (target; profile `b-admin`).
 */
import { describe, expect, it } from 'vitest'
import { APPLY_OPTIONS as OPTIONS, applyTestContext, callerSetup as setupOf, instantHooks } from '../../../../test/helpers/apply-world.js'
import { FIXTURE_EXTERNAL_ID } from '../../../../test/helpers/setup-fixture.js'
import { isXacctError } from '../../../core/errors.js'
import { buildDocuments } from '../../../core/policies/index.js'
import { scriptedPrompter } from '../../../ui/prompts.js'
import { applySetup } from './index.js'

const ctx = applyTestContext('apply-interaction-')
const { apply, writes, stdout, stderr, backups } = ctx
const depsOf = ctx.deps

describe('init --apply: plan, questions and output', () => {
  it('--dry-run shows the plan and writes nothing, not even a backup', async () => {
    expect(await apply(setupOf(), { dryRun: true })).toBe(0)
    expect(writes()).toEqual([])
    expect(stdout()).toContain('Dry run: nothing was changed.')
    expect(stdout()).toContain('+ create    role BedrockAccessRole')
    expect(await backups()).toEqual([])
  })

  it('without a TTY and without --yes refuses (exit 2) after showing the plan', async () => {
    const error = await apply(setupOf(), { yes: false }).catch((e: unknown) => e)
    expect(isXacctError(error) && error.field).toBe('--yes')
    expect(isXacctError(error) && error.exitCode).toBe(2)
    expect(writes()).toEqual([])
  })

  it('asks on a TTY; "no" changes nothing (exit 130)', async () => {
    const prompter = scriptedPrompter({ '--yes': false })
    expect(await apply(setupOf(), { yes: false }, depsOf({ prompter, interactive: true }))).toBe(130)
    expect(prompter.asked).toEqual(['--yes'])
    expect(writes()).toEqual([])
  })

  it('--json prints exactly one document, ExternalId redacted unless --show-secrets', async () => {
    expect(await apply(setupOf(), {}, depsOf({ json: true }))).toBe(0)
    expect(ctx.io.stdout).toHaveLength(1)
    const doc = JSON.parse(ctx.io.stdout[0]!) as { status: string; plan: { changes: { resource: string; action: string }[] }; done: string[]; propagation: { status: string } }
    expect(doc.status).toBe('applied')
    expect(doc.done).toEqual(['CreateRole BedrockAccessRole', 'PutRolePolicy BedrockAccessRole-InvokePolicy on role BedrockAccessRole', 'PutUserPolicy AssumeBedrockAccessRole on user app-caller'])
    expect(doc.propagation.status).toBe('ready')
    expect(ctx.io.stdout[0]).not.toContain(FIXTURE_EXTERNAL_ID)
    await apply(setupOf(), { dryRun: true, showSecrets: true }, depsOf({ json: true }))
    expect(ctx.io.stdout[0]).toContain(FIXTURE_EXTERNAL_ID)
  })

  it('hands the JSON document to onJson instead of stdout (init combines several setups)', async () => {
    const documents: Record<string, unknown>[] = []
    const setup = setupOf()
    const deps = depsOf({ json: true })
    expect(await applySetup(setup, buildDocuments(setup), OPTIONS, deps, { ...instantHooks(), onJson: (doc) => documents.push(doc) })).toBe(0)
    expect(ctx.io.stdout).toEqual([])
    expect(documents.map((d) => d.status)).toEqual(['applied'])
    expect(JSON.stringify(documents)).not.toContain(FIXTURE_EXTERNAL_ID)
  })

  it('reports what was done when Ctrl-C lands mid-apply', async () => {
    let interrupt = () => undefined as void
    ctx.aws.failWhen((call) => {
      if (call.operation === 'PutRolePolicy') interrupt()
      return undefined
    })
    const setup = setupOf()
    await applySetup(setup, buildDocuments(setup), OPTIONS, depsOf(), {
      sleep: async () => undefined,
      onInterrupt: (listener) => {
        interrupt = listener
        return () => undefined
      }
    })
    expect(stderr()).toMatch(/Interrupted during apply\.[\s\S]*✓ CreateRole[\s\S]*Not done:[\s\S]*PutRolePolicy[\s\S]*may or may not have been made/)
  })
})
