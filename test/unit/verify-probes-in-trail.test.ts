/**
 * verify's own refused probes are not incidents (issue 16): they carry recognisable session names
 * (core/verify-probe.ts), `trail --errors` leaves them out with a note (the full list labels them),
 * and `explain --from-trail` does not explain them, while a real denied AssumeRole stays.
 * Accounts: A = 111111111111 (user `caller`, profile `source`), B = 222222222222 (the role; profile admin-b).
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runTrail } from '../../src/commands/trail/index.js'
import { runExplain } from '../../src/commands/explain/index.js'
import { isVerifyProbeSession } from '../../src/core/verify-probe.js'
import type { AwsFactory } from '../../src/core/ports/aws.js'
import { fixtureSetup, fixtureWorld, manualClock, runFixture } from '../helpers/checklist-fixture.js'
import { testDeps } from '../helpers/command-deps.js'

const ROLE_ARN = 'arn:aws:iam::222222222222:role/BedrockAccessRole'

async function worldAfterVerify() {
  const clock = manualClock(Date.now())
  const setup = fixtureSetup()
  const aws = fixtureWorld(setup, clock)
  const verified = await runFixture(setup, aws, clock)
  expect(verified.checks.find((check) => check.id === 'external-id-enforced')).toMatchObject({ status: 'pass' })
  // A real incident: an application assuming the role without the ExternalId.
  await aws
    .fromChain({ profile: 'source' }, 'us-east-1')
    .sts.assumeRole({ roleArn: ROLE_ARN, roleSessionName: 'app-incident' })
    .catch(() => undefined)
  clock.advance(1000)
  return { clock, aws }
}

async function depsOf(clock: { now(): number }, aws: AwsFactory) {
  return testDeps(await mkdtemp(join(tmpdir(), 'xacct-probes-')), { aws, interactive: false, now: () => new Date(clock.now()), global: { json: true, yes: true, profile: 'source', region: 'us-east-1' } })
}

describe("verify's probes in CloudTrail", () => {
  it('session names: the probes are recognised, an application session is not', () => {
    expect(isVerifyProbeSession('bedrock-xacct-verify-20260101T000000-abcd1234-noextid')).toBe(true)
    expect(isVerifyProbeSession('bedrock-xacct-verify-20260101T000000-abcd1234-wrongextid')).toBe(true)
    expect(isVerifyProbeSession('bedrock-xacct-verify-20260101T000000-abcd1234')).toBe(false)
    expect(isVerifyProbeSession('app-noextid')).toBe(false)
    expect(isVerifyProbeSession(undefined)).toBe(false)
  })

  it('trail --errors leaves them out with a note and keeps the real denial; the full list labels them', async () => {
    const { clock, aws } = await worldAfterVerify()
    const errors = await runTrail({ roleArn: ROLE_ARN, targetProfile: 'admin-b', errors: true, since: '1h' }, await depsOf(clock, aws))
    const sessions = errors.result!.events.map((event) => event.roleSessionName)
    expect(sessions).toContain('app-incident')
    expect(sessions.filter((name) => isVerifyProbeSession(name))).toEqual([])
    expect(errors.result!.notes.join('\n')).toMatch(/left out \d+ refused AssumeRole probes? of bedrock-xacct verify/)
    const all = await runTrail({ roleArn: ROLE_ARN, targetProfile: 'admin-b', since: '1h' }, await depsOf(clock, aws))
    const probes = all.result!.events.filter((event) => isVerifyProbeSession(event.roleSessionName))
    expect(probes.length).toBeGreaterThan(0)
    for (const probe of probes) expect(probe.verifyProbe).toBe(true)
  })

  it('explain --from-trail explains the real denial only', async () => {
    const { clock, aws } = await worldAfterVerify()
    const deps = await depsOf(clock, aws)
    const outcome = await runExplain({ fromTrail: true, since: '1h', targetProfile: 'admin-b' } as never, deps)
    const document = JSON.parse(deps.io.stdout.join('')) as { events: { eventName: string }[]; notes: string[] }
    expect(outcome.exitCode).toBeLessThanOrEqual(1)
    expect(document.events.length).toBeGreaterThan(0)
    expect(document.notes.join('\n')).toMatch(/Left out \d+ denied AssumeRole probes? of bedrock-xacct verify/)
    expect(JSON.stringify(document)).not.toMatch(/-noextid|-wrongextid/)
  })
})
