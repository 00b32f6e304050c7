/**
 * The `--json` outputs and their schemas: the committed schema/*-output.schema.json files are what
 * the zod schemas generate, and real documents — printed by the command entries over fakes (memory
 * I/O, the in-memory AWS) — match them, and equal the typed result each command returns.
 * Accounts: A = 111111111111 (caller), B = 222222222222 (role, profile admin-b reads its trail).
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { runExplain } from '../../src/commands/explain/index.js'
import { runInit } from '../../src/commands/init/index.js'
import { EXTERNAL_ID, fixtureSetup, fixtureWorld, manualClock } from '../helpers/checklist-fixture.js'
import { testDeps } from '../helpers/command-deps.js'
import { explainJsonSchema, explainOutputSchema, explainTrailJsonSchema } from '../../src/ui/reporters/explain-json-schema.js'
import { initJsonSchema } from '../../src/ui/reporters/init-json-schema.js'
import { OUTPUT_SCHEMAS, outputJsonSchema } from '../../src/ui/reporters/output-schemas.js'
import { runLint } from '../../src/commands/lint/index.js'
import { runTrail } from '../../src/commands/trail/index.js'
import { runPermissions } from '../../src/commands/permissions/index.js'
import { permissionsJsonSchema } from '../../src/ui/reporters/permissions-json-schema.js'
import { lintJsonSchema } from '../../src/ui/reporters/lint-json-schema.js'
import { trailEventJsonSchema, trailJsonSchema } from '../../src/ui/reporters/trail-json-schema.js'

const SCHEMA_DIR = fileURLToPath(new URL('../../schema/', import.meta.url))
const A = '111111111111'
const B = '222222222222'
const ROLE = `arn:aws:iam::${B}:role/BedrockAccessRole`
const fresh = () => mkdtemp(join(tmpdir(), 'xacct-json-'))

/** Validate with zod; on failure, the first issues in the assertion message. */
function expectValid(schema: z.ZodType, document: unknown): void {
  const checked = schema.safeParse(document)
  expect(checked.success ? [] : checked.error.issues.slice(0, 3)).toEqual([])
}

describe('schema/*-output.schema.json', () => {
  it.each(OUTPUT_SCHEMAS.map((entry) => [entry.file, entry] as const))('%s is up to date (regenerate: UPDATE_SCHEMA=1 npx vitest run test/unit/output-schemas.test.ts)', async (file, entry) => {
    const generated = `${JSON.stringify(outputJsonSchema(entry), null, 2)}\n`
    if (process.env.UPDATE_SCHEMA === '1') await writeFile(join(SCHEMA_DIR, file), generated)
    expect(await readFile(join(SCHEMA_DIR, file), 'utf8')).toBe(generated)
  })

  it('each names its own URL and requires its version field (init, lint, trail, permissions, template-list)', () => {
    for (const entry of OUTPUT_SCHEMAS) expect(outputJsonSchema(entry).$id).toBe(`https://unpkg.com/bedrock-xacct/schema/${entry.file}`)
    for (const file of ['init-output.schema.json', 'lint-output.schema.json', 'trail-output.schema.json', 'permissions-output.schema.json', 'template-list-output.schema.json']) {
      const schema = outputJsonSchema(OUTPUT_SCHEMAS.find((entry) => entry.file === file)!) as { required: string[]; properties: { version: { const: number } } }
      expect(schema.required).toContain('version')
      expect(schema.properties.version.const).toBe(1)
    }
  })

  it('every command with --json has its schema here', () => {
    expect(OUTPUT_SCHEMAS.map((entry) => entry.file.replace('-output.schema.json', '')).sort()).toEqual(['explain', 'init', 'lint', 'permissions', 'template-list', 'trail', 'verify'])
  })
})

describe('init --json', () => {
  const flags = { sourceAccount: A, targetAccount: B, models: ['amazon.nova-lite-v1:0'] }

  it('the printed document matches the schema and is the command result', async () => {
    const deps = testDeps(await fresh(), { global: { json: true, region: 'us-east-1' } })
    // --show-secrets: the printed document is then the result itself (else the ExternalId is redacted for printing).
    const { exitCode, result } = await runInit({ ...flags, externalId: 'ext-1234', sourceIp: ['203.0.113.0/24'], showSecrets: true }, deps)
    expect(exitCode).toBe(0)
    const printed: unknown = JSON.parse(deps.io.stdout.join(''))
    expectValid(initJsonSchema, printed)
    expect(printed).toMatchObject({ version: 1 })
    expect(result.mode === 'generate' && JSON.parse(JSON.stringify(result.document))).toEqual(printed)
  })

  it('with --out, the files written are listed', async () => {
    const deps = testDeps(await fresh(), { global: { json: true, region: 'us-east-1' } })
    expect((await runInit({ ...flags, out: 'out' }, deps)).exitCode).toBe(0)
    const printed = JSON.parse(deps.io.stdout.join('')) as { written?: string[] }
    expectValid(initJsonSchema, printed)
    expect(printed.written?.some((file) => file.endsWith('trust-policy.json'))).toBe(true)
  })

  it('rejects what the command never prints', () => {
    expect(initJsonSchema.safeParse({ setups: [] }).success).toBe(false)
    expect(initJsonSchema.safeParse({ version: 2, setups: [] }).success).toBe(false)
  })
})

describe('explain --json', () => {
  const noStdin = async () => undefined
  const messages = {
    'cross-account AssumeRole': `An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:sts::${A}:assumed-role/gateway/i-0abc is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`,
    'Bedrock identity policy': `User: arn:aws:sts::${B}:assumed-role/BedrockAccessRole/s is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0 because no identity-based policy allows the bedrock:InvokeModel action`,
    'role chaining': 'ValidationError: The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    'unrecognized text': 'something else went wrong'
  }

  it.each(Object.entries(messages))('%s: the printed document matches the schema and is the command result', async (_label, message) => {
    const deps = testDeps(await fresh(), { global: { json: true } })
    // --show-secrets: the printed document is then the result itself (else ExternalIds are redacted for printing).
    const { result } = await runExplain({ message, externalId: 'ext-1234', sourceIp: '203.0.113.10', showSecrets: true, readStdin: noStdin }, deps)
    const printed: unknown = JSON.parse(deps.io.stdout.join(''))
    expectValid(explainJsonSchema, printed)
    expectValid(explainOutputSchema, printed)
    expect(printed).toMatchObject({ version: 1 })
    expect(JSON.parse(JSON.stringify(result))).toEqual(printed)
  })

  it('--from-trail: the document of the denied calls found matches the schema', async () => {
    const clock = manualClock(Date.now())
    const aws = fixtureWorld(fixtureSetup(), clock)
    const caller = aws.fromChain({ profile: 'source' }, 'us-east-1')
    await caller.sts.assumeRole({ roleArn: ROLE, roleSessionName: 'app-1', externalId: EXTERNAL_ID })
    aws.addTrailEvent(B, 'us-east-1', {
      eventName: 'Converse',
      eventSource: 'bedrock.amazonaws.com',
      eventTime: new Date(clock.now() - 500),
      record: {
        errorCode: 'AccessDeniedException',
        errorMessage: `User: arn:aws:sts::${B}:assumed-role/BedrockAccessRole/app-1 is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0 because no identity-based policy allows the bedrock:InvokeModel action`,
        requestParameters: { modelId: 'amazon.nova-pro-v1:0' },
        userIdentity: { type: 'AssumedRole', arn: `arn:aws:sts::${B}:assumed-role/BedrockAccessRole/app-1` }
      }
    })
    clock.advance(1000)
    const deps = testDeps(await fresh(), { aws, now: () => new Date(clock.now()), global: { json: true, profile: 'source', region: 'us-east-1' } })
    const { result } = await runExplain({ fromTrail: true, since: '1h', targetProfile: 'admin-b', readStdin: noStdin }, deps)
    const printed = JSON.parse(deps.io.stdout.join('')) as { events: unknown[] }
    expectValid(explainTrailJsonSchema, printed)
    expectValid(explainOutputSchema, printed)
    expect(printed.events.length).toBeGreaterThan(0)
    expect(JSON.parse(JSON.stringify(result))).toEqual(printed)
  })
})

describe('lint --json', () => {
  const policy = {
    Version: '2012-10-17',
    Statement: [{ Sid: 'Trust', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole', Condition: { NumericLessThanEquals: { 'sts:DurationSeconds': '3600' } } }]
  }

  it('the printed document matches the schema and is the command result (suppressed findings included)', async () => {
    const dir = await fresh()
    await writeFile(join(dir, 'trust.json'), JSON.stringify(policy, null, 2))
    await writeFile(join(dir, 'suppress.json'), JSON.stringify({ version: 1, suppressions: [{ rule: 'root-trust-without-external-id', file: 'trust.json', justification: 'internal account' }] }))
    const deps = testDeps(dir, { global: { json: true } })
    const { exitCode, result } = await runLint({ files: ['trust.json'], suppressions: 'suppress.json' }, deps)
    expect(exitCode).toBe(1)
    const printed: unknown = JSON.parse(deps.io.stdout.join(''))
    expectValid(lintJsonSchema, printed)
    expect(printed).toMatchObject({ version: 1, errors: 1, suppressed: 1 })
    expect(JSON.parse(JSON.stringify(result))).toEqual(printed)
  })
})

describe('trail --json', () => {
  it('the printed document matches the schema and is the command result; --follow lines are events', async () => {
    const clock = manualClock(Date.now())
    const aws = fixtureWorld(fixtureSetup(), clock)
    await aws.fromChain({ profile: 'source' }, 'us-east-1').sts.assumeRole({ roleArn: ROLE, roleSessionName: 'app-1', externalId: EXTERNAL_ID })
    clock.advance(1000)
    const deps = testDeps(await fresh(), { aws, now: () => new Date(clock.now()), global: { json: true, profile: 'source' } })
    const { result } = await runTrail({ roleArn: ROLE, targetProfile: 'admin-b', since: '1h' }, deps)
    const printed = JSON.parse(deps.io.stdout.join('')) as { events: unknown[] }
    expectValid(trailJsonSchema, printed)
    expect(printed.events.length).toBeGreaterThan(0)
    expect(JSON.parse(JSON.stringify(result))).toEqual(printed)
    const follow = testDeps(await fresh(), { aws, now: () => new Date(clock.now()), global: { json: true, profile: 'source' } })
    await runTrail({ roleArn: ROLE, targetProfile: 'admin-b', since: '1h', follow: true }, follow, { sleep: async () => undefined, maxFollowPolls: 1 })
    const lines = follow.io.stdout.map((line) => JSON.parse(line) as unknown)
    expect(lines.length).toBeGreaterThan(0)
    for (const line of lines) expectValid(trailEventJsonSchema, line)
  })
})

describe('permissions --json', () => {
  it('the printed document matches the schema and is the command result, placeholders filled', async () => {
    const deps = testDeps(await fresh(), { global: { json: true } })
    const { exitCode, result } = await runPermissions({ roleArn: ROLE, caller: `arn:aws:iam::${A}:user/app` }, deps)
    expect(exitCode).toBe(0)
    const printed = JSON.parse(deps.io.stdout.join('')) as { rows: { statements: { accountId?: string }[] }[] }
    expectValid(permissionsJsonSchema, printed)
    expect(JSON.parse(JSON.stringify(result))).toEqual(printed)
    expect(printed.rows.flatMap((r) => r.statements.map((s) => s.accountId))).not.toContain(undefined)
    expect(deps.io.stdout.join('')).not.toContain('${ROLE_ARN}')
  })
})
