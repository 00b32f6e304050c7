/**
 * Snapshots of the plan as people and machines see it (issue 4): the human form with ANSI
 * stripped, and the `--json` form. Fixture accounts: A = 111111111111 (source, user app-caller),
 * B = 222222222222 (target).
 */
import { stripVTControlCharacters } from 'node:util'
import { describe, expect, it } from 'vitest'
import { planApply } from '../../../core/apply/plan.js'
import { planToJson } from '../../../core/apply/plan-json.js'
import type { ApplyDesired, ApplyObservation } from '../../../core/apply/desired-observed.js'
import type { PolicyStatement } from '../../../core/evaluate.js'
import { buildDocuments } from '../../../core/policies/index.js'
import { FIXTURE_EXTERNAL_ID, fixtureSetup } from '../../../../test/helpers/setup-fixture.js'
import { renderPartial, renderPlan } from './render.js'

const CALLER = 'arn:aws:iam::111111111111:user/app-caller'
const setup = fixtureSetup({ caller: { kind: 'user', arn: CALLER }, useCase: 'chat' })
const docs = buildDocuments(setup)
const desired: ApplyDesired = { setup, trustPolicy: docs.trustPolicy, permissionsPolicy: docs.permissionsPolicy, sourcePolicy: docs.sourcePolicy, permissionsMode: 'inline' }
const secrets = [FIXTURE_EXTERNAL_ID]
const ec2: PolicyStatement = { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }

const scenarios: { name: string; observation: ApplyObservation }[] = [
  { name: 'from nothing', observation: { target: { attachedPolicyArns: [] }, source: { principal: { kind: 'user', name: 'app-caller', arn: CALLER } } } },
  {
    name: 'update merging a hand-made trust policy',
    observation: {
      target: {
        role: {
          arn: 'arn:aws:iam::222222222222:role/BedrockAccessRole',
          name: 'BedrockAccessRole',
          path: '/',
          roleId: 'AROAEXAMPLE',
          trustPolicy: { Version: '2012-10-17', Statement: [ec2, { Sid: 'BedrockXacctTrust', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole' }] },
          maxSessionDurationSeconds: 7200,
          tags: { team: 'ml' }
        },
        inlinePermissions: docs.permissionsPolicy,
        attachedPolicyArns: []
      }
    }
  }
]

describe('plan rendering', () => {
  it.each(scenarios)('human form: $name', ({ observation }) => {
    const plan = planApply(desired, observation)
    const colored = renderPlan(plan, { color: true, showSecrets: false, secrets })
    expect(colored).toMatch(/\u001b\[/)
    const plain = stripVTControlCharacters(colored)
    expect(plain).toBe(renderPlan(plan, { color: false, showSecrets: false, secrets }))
    expect(plain).not.toContain(FIXTURE_EXTERNAL_ID)
    expect(plain).toMatchSnapshot()
  })

  it.each(scenarios)('JSON form: $name', ({ observation }) => {
    const json = planToJson(planApply(desired, observation), { showSecrets: false, secrets })
    expect(JSON.stringify(json)).not.toContain(FIXTURE_EXTERNAL_ID)
    expect(json).toMatchSnapshot()
  })

  it('shows the ExternalId in full with --show-secrets', () => {
    const plan = planApply(desired, scenarios[0]!.observation)
    expect(renderPlan(plan, { color: false, showSecrets: true, secrets })).toContain(FIXTURE_EXTERNAL_ID)
  })

  it('reports a partial failure', () => {
    const text = renderPartial({ done: ['CreateRole R'], notDone: ['PutUserPolicy P on user u'], failed: { operation: 'PutRolePolicy P on role R', message: 'AccessDenied' } }, false, 'The apply stopped: a call failed.')
    expect(text).toMatchInlineSnapshot(`
      "The apply stopped: a call failed.
        ✗ PutRolePolicy P on role R: AccessDenied
      Done:
        ✓ CreateRole R
      Not done:
        · PutUserPolicy P on user u"
    `)
  })
})
