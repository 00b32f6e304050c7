/**
 * config-role-arn / config-region: what the application reads agrees with the setup and can serve
 * the models. Pure checks: no AWS call, so the context's ports are never touched.
 */
import { describe, expect, it } from 'vitest'
import type { VerifyContext } from '../context.js'
import { fixtureSetup, manualClock } from '../../../../test/helpers/checklist-fixture.js'
import { configRegion, configRoleArn } from './config.js'

const ROLE = 'arn:aws:iam::222222222222:role/BedrockAccessRole'

function ctx(overrides: { appEnv?: VerifyContext['appEnv']; models?: string[]; region?: string } = {}): VerifyContext {
  const setup = fixtureSetup({ ...(overrides.models ? { models: overrides.models } : {}), ...(overrides.region ? { region: overrides.region } : {}) })
  return { setup, roleArn: ROLE, appEnv: overrides.appEnv ?? {}, setupOrigin: 'flags', fixCommand: 'bedrock-xacct init --apply …', clock: manualClock() } as unknown as VerifyContext
}

describe('config checks', () => {
  it.each([
    [{}, 'pass'],
    [{ roleArn: ROLE }, 'pass'],
    [{ roleArn: 'arn:aws:iam::222222222222:role/Other' }, 'fail'],
    [{ roleArn: 'BedrockAccessRole' }, 'fail'],
    [{ roleArn: 'arn:aws:sts::222222222222:assumed-role/BedrockAccessRole/s' }, 'fail']
  ])('config-role-arn with env %o → %s', async (appEnv, status) => {
    const result = await configRoleArn.run(ctx({ appEnv }))
    expect(result.status).toBe(status)
    if (status === 'fail') expect(result.hint).toContain(`BEDROCK_CROSS_ACCOUNT_ROLE_ARN=${ROLE}`)
  })

  it.each([
    [{}, undefined, 'us-east-1', 'pass'],
    [{ region: 'us-west-2' }, undefined, 'us-east-1', 'fail'],
    [{ region: 'mars-1' }, undefined, 'us-east-1', 'fail'],
    [{}, ['eu.amazon.nova-lite-v1:0'], 'us-east-1', 'fail'],
    [{}, ['us.amazon.nova-lite-v1:0'], 'us-west-2', 'pass'],
    [{}, ['global.anthropic.claude-sonnet-4-20250514-v1:0'], 'eu-west-1', 'pass'],
    [{}, ['arn:aws:bedrock:us-west-2:222222222222:application-inference-profile/abc123'], 'us-east-1', 'fail'],
    [{}, ['not a model'], 'us-east-1', 'fail']
  ])('config-region with env %o and models %o in %s → %s', async (appEnv, models, region, status) => {
    const result = await configRegion.run(ctx({ appEnv, region, ...(models ? { models } : {}) }))
    expect(result.status).toBe(status)
    if (status === 'fail') expect(result.hint).toBeTruthy()
  })
})
