/**
 * explain as a command: interactive questions through the prompts module (only the discriminating
 * ones), non-interactive runs that never ask, policy files, --fetch over the in-memory AWS, and
 * the JSON shape. Fixture accounts: A = 111111111111 (caller role `gateway`), B = 222222222222.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MemoryAws } from '../../../test/helpers/memory-aws.js'
import type { PolicyDocument } from '../../core/evaluate.js'
import type { AwsFactory } from '../../core/ports/aws.js'
import { scriptedPrompter, type Prompter } from '../../ui/prompts.js'
import type { CommandDeps, GlobalOptions } from '../deps.js'
import { testDeps, type TestDeps } from '../../../test/helpers/command-deps.js'
import { runExplain as runExplainEntry } from './index.js'
import type { ExplainOptions } from './options.js'

/** The command's exit code, which these tests assert (its typed result is what --json prints). */
const runExplain = async (...args: Parameters<typeof runExplainEntry>): Promise<number> => (await runExplainEntry(...args)).exitCode

const ROLE = 'arn:aws:iam::222222222222:role/BedrockAccessRole'
const CALLER = 'arn:aws:sts::111111111111:assumed-role/gateway/i-0abc'
const ASSUME_DENIED = `An error occurred (AccessDenied) when calling the AssumeRole operation: User: ${CALLER} is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`
const TRUST: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'BedrockXacctTrust', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'ext-123' } } }]
}
const SOURCE: PolicyDocument = { Version: '2012-10-17', Statement: [{ Sid: 'BedrockXacctAssumeRole', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ROLE }] }

function deps(options: { prompter?: Prompter; json?: boolean; cwd?: string; global?: Partial<GlobalOptions>; aws?: AwsFactory } = {}): TestDeps {
  return testDeps(options.cwd ?? mkdtempSync(join(tmpdir(), 'explain-')), { prompter: options.prompter, aws: options.aws, global: { json: options.json ?? false, ...options.global } })
}

function policyDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'explain-policies-'))
  writeFileSync(join(dir, 'trust.json'), JSON.stringify(TRUST))
  writeFileSync(join(dir, 'source.json'), JSON.stringify(SOURCE))
  writeFileSync(join(dir, 'broken.json'), '{ "Statement": ')
  return dir
}

const noStdin = async () => undefined
const run = (options: ExplainOptions, d: CommandDeps) => runExplain({ readStdin: noStdin, ...options }, d)

describe('explain: interactive', () => {
  it('with the policies, asks only about the ExternalId (the one key the trust policy checks)', async () => {
    const cwd = policyDir()
    const prompter = scriptedPrompter({ '--external-id': 'wrong-id' })
    const d = deps({ prompter, cwd })
    const code = await run({ message: ASSUME_DENIED, trust: 'trust.json', identity: ['source.json'], showSecrets: true }, d)
    expect(prompter.asked).toEqual(['--external-id'])
    expect(code).toBe(0)
    const out = d.io.stdout.join('\n')
    expect(out).toContain('[external-id-wrong]')
    expect(out).toContain('policy wants "ext-123", request has "wrong-id"')
  })

  it('without policies, asks which side, the ExternalId and the VPC endpoint, and stops when nothing separates the rest', async () => {
    const prompter = scriptedPrompter({ '--side': 'source', '--external-id': '', '--via-vpc-endpoint': false })
    const d = deps({ prompter })
    const code = await run({ message: ASSUME_DENIED }, d)
    expect(prompter.asked).toEqual(['--side', '--external-id', '--via-vpc-endpoint'])
    expect(code).toBe(1)
    expect(d.io.stdout.join('\n')).not.toContain('[external-id-wrong]')
    expect(d.io.stdout.join('\n')).not.toContain('[source-ip-via-vpc-endpoint]')
  })

  it('asks nothing when the message names the cause', async () => {
    const prompter = scriptedPrompter({})
    const d = deps({ prompter })
    expect(await run({ message: "AccessDeniedException: You don't have access to the model with the specified model ID." }, d)).toBe(0)
    expect(prompter.asked).toEqual([])
  })

  it('asks for the message when none is given', async () => {
    const prompter = scriptedPrompter({ '<message>': 'ValidationException: The provided model identifier is invalid.' })
    const d = deps({ prompter })
    expect(await run({}, d)).toBe(0)
    expect(prompter.asked[0]).toBe('<message>')
  })
})

describe('explain: non-interactive', () => {
  it('never asks; flags answer instead', async () => {
    const cwd = policyDir()
    const d = deps({ cwd })
    expect(await run({ message: ASSUME_DENIED, trust: 'trust.json', identity: ['source.json'], externalId: false }, d)).toBe(0)
    expect(d.io.stdout.join('\n')).toContain('[external-id-missing]')
  })

  it('reads the message from stdin', async () => {
    const d = deps()
    expect(await runExplain({ readStdin: async () => 'ValidationError: The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.' }, d)).toBe(0)
    expect(d.io.stdout.join('\n')).toContain('[role-chaining-limit]')
  })

  it('without a message is a usage error naming the argument', async () => {
    await expect(run({}, deps())).rejects.toMatchObject({ code: 'usage', exitCode: 2, message: expect.stringContaining('<message>') })
  })

  it.each([
    [{ trust: 'missing.json' }, '--trust'],
    [{ identity: ['broken.json'] }, '--identity'],
    [{ sourceIp: '300.1.2.3' }, '--source-ip'],
    [{ roleArn: 'arn:aws:iam::222222222222:user/x' }, '--role-arn']
  ] as [ExplainOptions, string][])('bad input %j → exit 2 naming %s', async (options, flag) => {
    await expect(run({ message: ASSUME_DENIED, ...options }, deps({ cwd: policyDir() }))).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining(flag) })
  })

  it('--json prints one document with parse, candidates, evaluation trace and fixes', async () => {
    const cwd = policyDir()
    const d = deps({ cwd, json: true })
    expect(await run({ message: ASSUME_DENIED, trust: 'trust.json', identity: ['source.json'], externalId: 'wrong-id', showSecrets: true }, d)).toBe(0)
    expect(d.io.stdout).toHaveLength(1)
    const doc = JSON.parse(d.io.stdout[0]!)
    expect(doc).toMatchObject({
      version: 1,
      identified: true,
      headline: 'external-id-wrong',
      parsed: { kind: 'not-authorized', action: 'sts:AssumeRole', denial: 'none', resource: ROLE },
      answers: { externalIdPassed: true, externalId: 'wrong-id' },
      evaluations: [{ decision: 'ImplicitlyDenied', statements: expect.arrayContaining([expect.objectContaining({ layer: 'trust', statement: 'BedrockXacctTrust' })]) }]
    })
    expect(doc.candidates[0]).toMatchObject({ cause: 'external-id-wrong', confidence: 'certain', fix: { account: 'client', snippet: { ExternalId: 'ext-123' } } })
  })
})

describe('explain: ExternalIds redacted unless --show-secrets', () => {
  it.each([false, true])('--json %s: neither the required nor the sent ExternalId is printed; the human text says how to see them', async (json) => {
    const d = deps({ cwd: policyDir(), json })
    expect(await run({ message: ASSUME_DENIED, trust: 'trust.json', identity: ['source.json'], externalId: 'wrong-id' }, d)).toBe(0)
    const out = d.io.stdout.join('\n')
    expect(out).toContain('external-id-wrong')
    expect(out).not.toContain('ext-123')
    expect(out).not.toContain('wrong-id')
    expect(out).toContain('<redacted>')
    if (!json) expect(out).toContain('--show-secrets')
  })
})

describe('explain --fetch', () => {
  function world(): MemoryAws {
    const aws = new MemoryAws({ now: () => new Date('2026-01-01T00:00:00Z') })
    aws.addRole('111111111111', { name: 'gateway', trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }, inlinePolicies: { source: SOURCE } })
    aws.addRole('222222222222', { name: 'BedrockAccessRole', trustPolicy: TRUST })
    aws.setProfile('a-admin', 'arn:aws:iam::111111111111:root')
    aws.setProfile('b-admin', 'arn:aws:iam::222222222222:root')
    return aws
  }

  it("reads the trust policy in B and the caller's policy in A, then evaluates the exact request", async () => {
    const aws = world()
    const d = deps({ json: true, global: { profile: 'a-admin' }, aws })
    expect(await run({ message: ASSUME_DENIED, fetch: true, targetProfile: 'b-admin', externalId: 'nope' }, d)).toBe(0)
    const doc = JSON.parse(d.io.stdout[0]!)
    expect(doc.headline).toBe('external-id-wrong')
    expect(doc.fetched).toEqual(expect.arrayContaining(['trust policy of role BedrockAccessRole', '1 identity policy of role gateway']))
    expect(aws.callsTo('GetRole').length).toBeGreaterThan(0)
    expect(aws.writeCalls()).toHaveLength(0)
  })

  it('notes a denied read and goes on with what it has', async () => {
    const aws = world()
    aws.failNext('GetRole', 'access-denied')
    const d = deps({ json: true, global: { profile: 'a-admin' }, aws })
    await run({ message: ASSUME_DENIED, fetch: true, targetProfile: 'b-admin', externalId: 'nope' }, d)
    const doc = JSON.parse(d.io.stdout[0]!)
    expect(doc.notes.join(' ')).toContain('Could not read role BedrockAccessRole (GetRole)')
    expect(doc.fetched).toEqual(['1 identity policy of role gateway'])
  })
})

describe("explain --fetch: SimulatePrincipalPolicy when the caller's policies cannot be read", () => {
  it("uses IAM's verdict for the caller side", async () => {
    const aws = new MemoryAws({ now: () => new Date('2026-01-01T00:00:00Z') })
    aws.addRole('111111111111', { name: 'gateway', trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }, inlinePolicies: {} })
    aws.addRole('222222222222', { name: 'BedrockAccessRole', trustPolicy: TRUST })
    aws.setProfile('a-admin', 'arn:aws:iam::111111111111:root')
    aws.setProfile('b-admin', 'arn:aws:iam::222222222222:root')
    aws.failNext('ListRolePolicies', 'access-denied')
    aws.failNext('ListAttachedRolePolicies', 'access-denied')
    const d = deps({ json: true, global: { profile: 'a-admin' }, aws })
    expect(await run({ message: ASSUME_DENIED, fetch: true, targetProfile: 'b-admin', externalId: 'ext-123' }, d)).toBe(0)
    const doc = JSON.parse(d.io.stdout[0]!)
    expect(aws.callsTo('SimulatePrincipalPolicy')).toHaveLength(1)
    expect(doc.fetched.join(' ')).toContain('SimulatePrincipalPolicy verdict for role gateway: implicitDeny')
    expect(doc.headline).toBe('source-missing-assume-role')
  })
})

describe('explain: text that is not an AWS error (issue 18)', () => {
  it.each(['hello world', "TypeError: Cannot read properties of undefined (reading 'map')\n    at render (/app/src/List.tsx:12:20)"])('%j: not recognised, exit 1, no list of IAM guesses', async (message) => {
    const d = deps()
    const code = await run({ message }, d)
    expect(code).toBe(1)
    const out = d.io.stdout.join('\n')
    expect(out).toContain('Not recognised as an AWS error message.')
    expect(out).not.toMatch(/Possible causes|bedrock:|sts:AssumeRole|Fix in/)
  })

  it('a pasted Bedrock error names the IAM action in the report and the JSON', async () => {
    const d = deps({ json: true })
    const code = await run({ message: 'An error occurred (ResourceNotFoundException) when calling the ConverseStream operation: This model version has reached the end of its life. Please refer to the AWS documentation for more details.' }, d)
    expect(code).toBe(0)
    const doc = JSON.parse(d.io.stdout.join('\n')) as Record<string, unknown>
    expect(doc).toMatchObject({ identified: true, headline: 'model-end-of-life', action: 'bedrock:InvokeModelWithResponseStream' })
  })
})
