/**
 * `trail` over the in-memory AWS: finds the role's AssumeRole and Converse, filters errors, turns a
 * denied LookupEvents into the cloudtrail:LookupEvents hint, and --follow prints only new events.
 * Accounts: A = 111111111111 (caller), B = 222222222222 (role; profile admin-b reads its trail).
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isXacctError } from '../../core/errors.js'
import { EXTERNAL_ID, fixtureSetup, fixtureWorld, manualClock } from '../../../test/helpers/checklist-fixture.js'
import type { AwsFactory } from '../../core/ports/aws.js'
import { testDeps } from '../../../test/helpers/command-deps.js'
import { runTrail as runTrailEntry } from './index.js'

/** The command's exit code, which these tests assert (its typed result is what --json prints). */
const runTrail = async (...args: Parameters<typeof runTrailEntry>): Promise<number> => (await runTrailEntry(...args)).exitCode

const ROLE_ARN = 'arn:aws:iam::222222222222:role/BedrockAccessRole'

async function deps(clock: { now(): number }, aws: AwsFactory, json = true) {
  const d = testDeps(await mkdtemp(join(tmpdir(), 'xacct-trail-')), { aws, interactive: false, now: () => new Date(clock.now()), global: { json, yes: true, profile: 'source' } })
  return { io: d.io, deps: d }
}

async function worldWithActivity() {
  const clock = manualClock(Date.now())
  const setup = fixtureSetup()
  const aws = fixtureWorld(setup, clock)
  const caller = aws.fromChain({ profile: 'source' }, 'us-east-1')
  const assumed = await caller.sts.assumeRole({ roleArn: ROLE_ARN, roleSessionName: 'app-1', externalId: EXTERNAL_ID })
  await aws.fromCredentials(assumed.credentials, 'us-east-1').bedrock('us-east-1').converse({ modelId: setup.models[0]!, prompt: 'hi', maxTokens: 5, temperature: 0 })
  await aws
    .fromCredentials(assumed.credentials, 'us-east-1')
    .bedrock('us-east-1')
    .converse({ modelId: 'amazon.nova-pro-v1:0', prompt: 'hi', maxTokens: 5, temperature: 0 })
    .catch(() => undefined)
  clock.advance(1000)
  return { clock, aws }
}

describe('trail', () => {
  it("lists the role's AssumeRole and Bedrock events from the target account", async () => {
    const { clock, aws } = await worldWithActivity()
    const { io, deps: d } = await deps(clock, aws)
    const code = await runTrail({ roleArn: ROLE_ARN, targetProfile: 'admin-b', since: '1h' }, d)
    expect(code).toBe(0)
    const result = JSON.parse(io.stdout.join(''))
    const names = result.events.map((e: { eventName: string }) => e.eventName)
    expect(names).toContain('AssumeRole')
    expect(names).toContain('Converse')
    expect(JSON.stringify(result)).not.toMatch(/ASIA|AKIA/)
  })

  it('--errors keeps only denied or invalid calls', async () => {
    const { clock, aws } = await worldWithActivity()
    // The in-memory AWS records successful calls only; add a denied Converse as CloudTrail would show it.
    aws.addTrailEvent('222222222222', 'us-east-1', {
      eventName: 'Converse',
      eventSource: 'bedrock.amazonaws.com',
      eventTime: new Date(clock.now() - 500),
      record: { errorCode: 'AccessDeniedException', requestParameters: { modelId: 'amazon.nova-pro-v1:0' }, userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::222222222222:assumed-role/BedrockAccessRole/app-1' } }
    })
    const { io, deps: d } = await deps(clock, aws)
    await runTrail({ roleArn: ROLE_ARN, targetProfile: 'admin-b', errors: true }, d)
    const result = JSON.parse(io.stdout.join(''))
    expect(result.events.length).toBeGreaterThan(0)
    for (const e of result.events) expect(e.errorCode).toMatch(/AccessDenied|Validation/)
  })

  it('turns a denied LookupEvents into a hint naming cloudtrail:LookupEvents', async () => {
    const { clock, aws } = await worldWithActivity()
    aws.failWhen((call) => (call.operation === 'LookupEvents' ? 'access-denied' : undefined))
    const { deps: d } = await deps(clock, aws)
    const error = await runTrail({ roleArn: ROLE_ARN, targetProfile: 'admin-b' }, d).catch((e: unknown) => e)
    expect(isXacctError(error) && error.hint).toMatch(/cloudtrail:LookupEvents/)
  })

  it('reads through the role when there is no --target-profile', async () => {
    const { clock, aws } = await worldWithActivity()
    // The role may read its account's trail.
    aws.putRolePolicy('222222222222', 'BedrockAccessRole', 'ReadTrail', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'cloudtrail:LookupEvents', Resource: '*' }] })
    const { io, deps: d } = await deps(clock, aws)
    await runTrail({ roleArn: ROLE_ARN, externalId: EXTERNAL_ID }, d)
    expect(JSON.parse(io.stdout.join('')).events.length).toBeGreaterThan(0)
  })

  it('--follow prints new events only, one JSON object per line', async () => {
    const { clock, aws } = await worldWithActivity()
    const { io, deps: d } = await deps(clock, aws)
    let polls = 0
    const sleep = async (ms: number) => {
      clock.advance(ms)
      if (polls++ === 0) {
        const caller = aws.fromChain({ profile: 'source' }, 'us-east-1')
        await caller.sts.assumeRole({ roleArn: ROLE_ARN, roleSessionName: 'app-2', externalId: EXTERNAL_ID })
      }
    }
    await runTrail({ roleArn: ROLE_ARN, targetProfile: 'admin-b', follow: true }, d, { sleep, maxFollowPolls: 2 })
    const rows = io.stdout.map((line) => JSON.parse(line) as { eventId: string; roleSessionName?: string })
    expect(new Set(rows.map((r) => r.eventId)).size).toBe(rows.length)
    expect(rows.some((r) => r.roleSessionName === 'app-2')).toBe(true)
  })

  it('rejects a bad --since with exit 2', async () => {
    const { clock, aws } = await worldWithActivity()
    const { deps: d } = await deps(clock, aws)
    const error = await runTrail({ roleArn: ROLE_ARN, since: 'yesterday' }, d).catch((e: unknown) => e)
    expect(isXacctError(error) && error.exitCode).toBe(2)
  })
})
