import { describe, expect, it } from 'vitest'
import { buildDocuments } from '../policies/index.js'
import { fixtureSetup, FIXTURE_EXTERNAL_ID, type FixtureOverrides } from '../../../test/helpers/setup-fixture.js'
import type { CallerPrincipal } from '../setup/model.js'
import type { RoleInfo } from '../ports/aws.js'
import { planOperations } from './plan-types.js'
import { MAX_MANAGED_POLICY_VERSIONS, desiredRoleTags, planApply, versionToDelete } from './plan.js'
import { planToJson } from './plan-json.js'
import { widenSourcePolicy } from './source-merge.js'
import type { ApplyDesired, ApplyObservation, PermissionsMode } from './desired-observed.js'

// Fixture accounts: A = 111111111111 (source, caller user app-caller), B = 222222222222 (target).
const CALLER = 'arn:aws:iam::111111111111:user/app-caller'

function desiredFor(overrides: FixtureOverrides = {}, mode: PermissionsMode = 'inline'): ApplyDesired {
  const setup = fixtureSetup({ caller: { kind: 'user', arn: CALLER }, useCase: 'chat', ...overrides })
  const docs = buildDocuments(setup)
  return { setup, trustPolicy: docs.trustPolicy, permissionsPolicy: docs.permissionsPolicy, sourcePolicy: docs.sourcePolicy, permissionsMode: mode }
}

function existingRole(desired: ApplyDesired, overrides: Partial<RoleInfo> = {}): RoleInfo {
  return {
    arn: 'arn:aws:iam::222222222222:role/BedrockAccessRole',
    name: 'BedrockAccessRole',
    path: '/',
    roleId: 'AROAEXAMPLE',
    trustPolicy: desired.trustPolicy,
    maxSessionDurationSeconds: 3600,
    tags: { 'managed-by': 'bedrock-xacct', 'use-case': 'chat', team: 'ml' },
    ...overrides
  }
}

function upToDate(desired: ApplyDesired): ApplyObservation {
  return {
    target: { role: existingRole(desired), inlinePermissions: desired.permissionsPolicy, attachedPolicyArns: [] },
    source: { principal: { kind: 'user', name: 'app-caller', arn: CALLER }, inlinePolicy: desired.sourcePolicy }
  }
}

const actions = (plan: ReturnType<typeof planApply>) => plan.changes.map((c) => [c.resource, c.action])

describe('planApply', () => {
  it('creates everything from nothing, the role in one CreateRole', () => {
    const desired = desiredFor()
    const plan = planApply(desired, { target: { attachedPolicyArns: [] }, source: { principal: { kind: 'user', name: 'app-caller', arn: CALLER } } })
    expect(actions(plan)).toEqual([
      ['role', 'create'],
      ['trust-policy', 'create'],
      ['max-session-duration', 'create'],
      ['tags', 'create'],
      ['permissions-policy', 'create'],
      ['source-policy', 'create']
    ])
    expect(planOperations(plan).map((o) => o.kind)).toEqual(['createRole', 'putRolePolicy', 'putUserPolicy'])
    const create = planOperations(plan)[0]
    expect(create?.kind === 'createRole' && create.input.tags).toEqual({ 'managed-by': 'bedrock-xacct', 'use-case': 'chat' })
    expect(plan.hasChanges).toBe(true)
  })

  it('plans nothing when everything is up to date (idempotence)', () => {
    const desired = desiredFor()
    const plan = planApply(desired, upToDate(desired))
    expect(plan.hasChanges).toBe(false)
    expect(plan.changes.every((c) => c.action === 'unchanged')).toBe(true)
  })

  const updates: { name: string; change: (o: ApplyObservation, d: ApplyDesired) => void; expected: [string, string][]; ops: string[] }[] = [
    {
      name: 'trust policy with another principal in our statement',
      change: (o, d) => {
        const statement = { ...(d.trustPolicy.Statement as object[])[0], Principal: { AWS: 'arn:aws:iam::111111111111:root' } }
        o.target.role = existingRole(d, { trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }, statement as never] } })
      },
      expected: [['trust-policy', 'update']],
      ops: ['updateAssumeRolePolicy']
    },
    { name: 'max session duration', change: (o, d) => void (o.target.role = existingRole(d, { maxSessionDurationSeconds: 7200 })), expected: [['max-session-duration', 'update']], ops: ['updateMaxSessionDuration'] },
    { name: 'missing use-case tag', change: (o, d) => void (o.target.role = existingRole(d, { tags: { 'managed-by': 'bedrock-xacct' } })), expected: [['tags', 'update']], ops: ['tagRole'] },
    { name: 'permissions policy missing', change: (o) => void (o.target.inlinePermissions = undefined), expected: [['permissions-policy', 'create']], ops: ['putRolePolicy'] },
    {
      name: 'source policy differs',
      change: (o) => void (o.source!.inlinePolicy = { Version: '2012-10-17', Statement: [{ Sid: 'BedrockXacctAssumeRole', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }),
      expected: [['source-policy', 'update']],
      ops: ['putUserPolicy']
    }
  ]
  it.each(updates)('updates only what differs: $name', ({ change, expected, ops }) => {
    const desired = desiredFor()
    const observation = upToDate(desired)
    change(observation, desired)
    const plan = planApply(desired, observation)
    expect(plan.changes.filter((c) => c.action !== 'unchanged').map((c) => [c.resource, c.action])).toEqual(expected)
    expect(planOperations(plan).map((o) => o.kind)).toEqual(ops)
  })

  it('keeps tag values within what IAM accepts (no comma)', () => {
    expect(desiredRoleTags(fixtureSetup({ useCase: 'chat,search' }))).toEqual({ 'managed-by': 'bedrock-xacct', 'use-case': 'chat_search' })
  })

  it('tags only the tool’s tags, leaving others alone', () => {
    const desired = desiredFor()
    const observation = upToDate(desired)
    observation.target.role = existingRole(desired, { tags: { team: 'ml', 'managed-by': 'someone-else' } })
    const ops = planOperations(planApply(desired, observation))
    expect(ops).toEqual([{ kind: 'tagRole', side: 'target', roleName: 'BedrockAccessRole', tags: { 'managed-by': 'bedrock-xacct', 'use-case': 'chat' } }])
  })

  it('notes a role path and boundary it leaves alone', () => {
    const desired = desiredFor()
    const observation = upToDate(desired)
    observation.target.role = existingRole(desired, { path: '/team/', permissionsBoundaryArn: 'arn:aws:iam::222222222222:policy/Boundary' })
    const plan = planApply(desired, observation)
    expect(plan.hasChanges).toBe(false)
    expect(plan.notes.join('\n')).toMatch(/path \/team\//)
    expect(plan.notes.join('\n')).toMatch(/permissions boundary/)
  })

  describe('managed policy', () => {
    const arn = 'arn:aws:iam::222222222222:policy/BedrockAccessRole-InvokePolicy'
    const versions = (n: number, defaultIndex: number) => Array.from({ length: n }, (_, i) => ({ versionId: `v${i + 1}`, isDefault: i === defaultIndex, createDate: new Date(Date.UTC(2026, 0, i + 1)) }))

    it('creates and attaches it', () => {
      const desired = desiredFor({}, 'managed')
      const observation = upToDate(desired)
      observation.target.inlinePermissions = undefined
      const plan = planApply(desired, observation)
      expect(planOperations(plan).map((o) => o.kind)).toEqual(['createPolicy', 'attachRolePolicy'])
    })

    it('adds a version without deleting while under the limit', () => {
      const desired = desiredFor({}, 'managed')
      const observation = upToDate(desired)
      observation.target.inlinePermissions = undefined
      observation.target.attachedPolicyArns = [arn]
      observation.target.managedPolicy = { info: { arn, name: 'x', defaultVersionId: 'v2' }, defaultDocument: { Version: '2012-10-17', Statement: [] }, versions: versions(2, 1) }
      expect(planOperations(planApply(desired, observation)).map((o) => o.kind)).toEqual(['createPolicyVersion'])
    })

    it('deletes the oldest non-default version first at the limit of 5', () => {
      const desired = desiredFor({}, 'managed')
      const observation = upToDate(desired)
      observation.target.inlinePermissions = undefined
      observation.target.attachedPolicyArns = [arn]
      // v1 is the default: the oldest non-default is v2.
      observation.target.managedPolicy = { info: { arn, name: 'x', defaultVersionId: 'v1' }, defaultDocument: { Version: '2012-10-17', Statement: [] }, versions: versions(MAX_MANAGED_POLICY_VERSIONS, 0) }
      const ops = planOperations(planApply(desired, observation))
      expect(ops.map((o) => o.kind)).toEqual(['deletePolicyVersion', 'createPolicyVersion'])
      expect(ops[0]).toMatchObject({ versionId: 'v2' })
    })

    it('changes nothing when the default version is up to date', () => {
      const desired = desiredFor({}, 'managed')
      const observation = upToDate(desired)
      observation.target.attachedPolicyArns = [arn]
      observation.target.managedPolicy = { info: { arn, name: 'x', defaultVersionId: 'v5' }, defaultDocument: desired.permissionsPolicy, versions: versions(5, 4) }
      const plan = planApply(desired, observation)
      expect(plan.hasChanges).toBe(false)
      expect(plan.notes.join('\n')).toMatch(/also has an inline policy/)
    })

    it('breaks createDate ties (one-second resolution, newest listed first) by version number', () => {
      const sameSecond = new Date(Date.UTC(2026, 0, 1))
      const listed = ['v5', 'v4', 'v3', 'v2', 'v1'].map((versionId) => ({ versionId, isDefault: versionId === 'v1', createDate: sameSecond }))
      expect(versionToDelete({ info: { arn, name: 'x', defaultVersionId: 'v1' }, defaultDocument: { Statement: [] }, versions: listed })).toBe('v2')
    })

    it('versionToDelete is undefined under the limit', () => {
      expect(versionToDelete({ info: { arn, name: 'x', defaultVersionId: 'v1' }, defaultDocument: { Statement: [] }, versions: versions(4, 0) })).toBeUndefined()
    })
  })

  describe('source side', () => {
    it('is manual without credentials for A', () => {
      const desired = desiredFor()
      const plan = planApply(desired, { target: upToDate(desired).target })
      expect(plan.changes.at(-1)).toMatchObject({ resource: 'source-policy', action: 'manual' })
      expect(plan.hasChanges).toBe(false)
    })
    it.each([
      ['account', { kind: 'account' }],
      ['service', { kind: 'service', services: ['sagemaker.amazonaws.com'] }]
    ] satisfies [string, CallerPrincipal][])('says what A’s admin must do for a %s caller', (_label, caller) => {
      const desired = desiredFor({ caller })
      const change = planApply(desired, { target: { attachedPolicyArns: [] } }).changes.at(-1)
      expect(change).toMatchObject({ resource: 'source-policy', action: 'manual' })
      expect(change?.instructions?.join(' ')).toMatch(/admin of account 111111111111/)
      expect(change?.document).toBeDefined()
    })
  })

  it('redacts the ExternalId in the JSON form unless asked', () => {
    const desired = desiredFor()
    const plan = planApply(desired, { target: { attachedPolicyArns: [] } })
    expect(JSON.stringify(planToJson(plan, { showSecrets: false, secrets: [FIXTURE_EXTERNAL_ID] }))).not.toContain(FIXTURE_EXTERNAL_ID)
    expect(JSON.stringify(planToJson(plan, { showSecrets: true, secrets: [FIXTURE_EXTERNAL_ID] }))).toContain(FIXTURE_EXTERNAL_ID)
  })
})

describe('shared source policy (one caller, several roles)', () => {
  it('adds the setup’s role to the tool’s statement instead of replacing the other role', () => {
    const desired = desiredFor()
    const other = 'arn:aws:iam::333333333333:role/BedrockAccessRole'
    const observation = upToDate(desired)
    observation.source!.inlinePolicy = { Version: '2012-10-17', Statement: [{ Sid: 'BedrockXacctAssumeRole', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: other }] }
    const plan = planApply(desired, observation)
    const op = planOperations(plan)[0]
    expect(op?.kind === 'putUserPolicy' && op.document.Statement).toEqual([{ Sid: 'BedrockXacctAssumeRole', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: [other, 'arn:aws:iam::222222222222:role/BedrockAccessRole'] }])
    expect(plan.changes.at(-1)?.summary).toMatch(/keeps access to 1 other role/)
    // Applied once, the widened statement is stable: the next plan is a no-op.
    observation.source!.inlinePolicy = op?.kind === 'putUserPolicy' ? op.document : undefined
    expect(planApply(desired, observation).hasChanges).toBe(false)
  })
})

describe('widenSourcePolicy: the source policy only widens (issue 17)', () => {
  const desired = { Version: '2012-10-17', Statement: [{ Sid: 'BedrockXacctAssumeRole', Effect: 'Allow' as const, Action: 'sts:AssumeRole', Resource: 'arn:new' }] }

  it('a statement differing in Resource alone gets the union of the resources', () => {
    const plain = { Version: '2012-10-17', Statement: [{ ...desired.Statement[0]!, Resource: ['arn:old', 'arn:new'] }] }
    expect(widenSourcePolicy(plain, desired)).toEqual({ document: plain, keptResources: ['arn:old'] })
  })

  it('an action someone added (sts:TagSession) stays: actions are a union too', () => {
    const tagged = { Version: '2012-10-17', Statement: [{ ...desired.Statement[0]!, Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: 'arn:other-role' }] }
    expect(widenSourcePolicy(tagged, desired).document.Statement).toEqual([{ ...desired.Statement[0]!, Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: ['arn:other-role', 'arn:new'] }])
  })

  it('a statement of the same Sid with a Condition someone added stays verbatim; the setup’s grant goes beside it; rerun is stable', () => {
    const conditioned = { ...desired.Statement[0]!, Resource: 'arn:old', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }
    const first = widenSourcePolicy({ Version: '2012-10-17', Statement: [conditioned] }, desired).document
    expect(first.Statement).toEqual([conditioned, { ...desired.Statement[0]!, Sid: 'BedrockXacctAssumeRole2' }])
    expect(widenSourcePolicy(first, desired).document.Statement).toEqual(first.Statement)
  })

  it('an earlier statement of the tool that this setup does not name is kept, not dropped as a leftover', () => {
    const earlier = { Sid: 'BedrockXacctAssumeRoleOther', Effect: 'Allow' as const, Action: 'sts:AssumeRole', Resource: 'arn:third' }
    const existing = { Version: '2012-10-17', Statement: [earlier] }
    expect(widenSourcePolicy(existing, desired).document.Statement).toEqual([desired.Statement[0], earlier])
  })
})
