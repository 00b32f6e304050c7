import { describe, expect, it } from 'vitest'
import { isXacctError } from '../errors.js'
import { BACKUP_KIND, backupRelativePath, buildBackup, parseBackup, type BackupFile } from './backup.js'

// Fixture accounts: A = 111111111111 (source), B = 222222222222 (target).
const valid: BackupFile = {
  kind: BACKUP_KIND,
  formatVersion: 1,
  createdAt: '2026-11-23T08:00:00.000Z',
  setup: 'fixture',
  permissionsMode: 'inline',
  target: { accountId: '222222222222', roleName: 'BedrockAccessRole', roleExisted: true, trustPolicy: { Version: '2012-10-17', Statement: [] }, inlinePolicy: { name: 'P', document: null } }
}

describe('backup files', () => {
  it('names files by time (no colons) and role', () => {
    expect(backupRelativePath(new Date('2026-11-23T08:01:02.003Z'), 'R')).toBe('.bedrock-xacct/backups/2026-11-23T08-01-02-003Z-R.json')
  })

  it('round-trips a valid backup', () => {
    expect(parseBackup('b.json', JSON.stringify(valid))).toEqual(valid)
  })

  it.each([
    ['not JSON', '{', /not JSON/],
    ['another kind of file', JSON.stringify({ ...valid, kind: 'terraform' }), /kind/],
    ['a bad account id', JSON.stringify({ ...valid, target: { ...valid.target, accountId: '12' } }), /target\.accountId/],
    ['a policy without statements', JSON.stringify({ ...valid, target: { ...valid.target, trustPolicy: { Version: '2012-10-17' } } }), /trustPolicy/],
    ['a duplicate key (JSON.parse would keep the last)', JSON.stringify(valid).replace('{', '{"kind":"other",'), /the key "kind" appears twice/],
    ['nesting 100,000 deep', `{"kind":${'['.repeat(100_000)}${']'.repeat(100_000)}}`, /nested deeper than/],
    // What IAM would refuse half-way through a restore is refused before the first write (issue 17, point 6).
    ['a tag key IAM refuses (a comma)', JSON.stringify({ ...valid, target: { ...valid.target, tags: { 'a,b': 'x' } } }), /target\.tags/],
    ['a tag key of 129 characters', JSON.stringify({ ...valid, target: { ...valid.target, tags: { ['k'.repeat(129)]: null } } }), /target\.tags/],
    ['a tag value of 257 characters', JSON.stringify({ ...valid, target: { ...valid.target, tags: { team: 'v'.repeat(257) } } }), /target\.tags/],
    ['51 tags with values', JSON.stringify({ ...valid, target: { ...valid.target, tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) } }), /target\.tags/],
    ['a MaxSessionDuration IAM refuses', JSON.stringify({ ...valid, target: { ...valid.target, maxSessionDurationSeconds: 900 } }), /target\.maxSessionDurationSeconds/]
  ])('rejects %s as --restore input (exit 2)', (_label, text, reason) => {
    const error = (() => {
      try {
        parseBackup('b.json', text)
      } catch (e) {
        return e
      }
      return undefined
    })()
    expect(isXacctError(error) && error.exitCode).toBe(2)
    expect(isXacctError(error) && error.field).toBe('--restore')
    expect((error as Error).message).toMatch(reason)
  })
})

describe('backups hold everything a write can remove (issue 17)', () => {
  const policyArn = 'arn:aws:iam::222222222222:policy/P'
  const doc = (sid: string) => ({ Version: '2012-10-17', Statement: [{ Sid: sid, Effect: 'Allow' as const, Action: 'bedrock:InvokeModel', Resource: '*' }] })
  const subject = { setupName: 's', permissionsMode: 'managed' as const, targetAccountId: '222222222222', roleName: 'R', permissionsPolicyName: 'P', managedPolicyArn: policyArn, tagKeys: ['managed-by'] }
  const observation = {
    target: {
      role: { arn: 'arn:aws:iam::222222222222:role/R', name: 'R', path: '/', roleId: 'AROAEXAMPLE', trustPolicy: doc('T'), maxSessionDurationSeconds: 7200, description: 'hand-made', tags: {} },
      attachedPolicyArns: [policyArn],
      managedPolicy: {
        info: { arn: policyArn, name: 'P', defaultVersionId: 'v5' },
        defaultDocument: doc('V5'),
        versions: ['v5', 'v4', 'v3', 'v2', 'v1'].map((versionId) => ({ versionId, isDefault: versionId === 'v5', createDate: new Date(0) })),
        versionDocuments: Object.fromEntries(['v5', 'v4', 'v3', 'v2', 'v1'].map((v) => [v, doc(v.toUpperCase())]))
      }
    }
  }

  it('every managed policy version (the oldest may be deleted to make room) and the description, round-tripped', () => {
    const backup = buildBackup(subject, observation, new Date(0))
    expect(backup.target.managedPolicy?.versions?.map((v) => [v.versionId, v.document.Statement])).toEqual(['v5', 'v4', 'v3', 'v2', 'v1'].map((v) => [v, [doc(v.toUpperCase()).Statement[0]]]))
    expect(backup.target.description).toBe('hand-made')
    expect(parseBackup('b.json', JSON.stringify(backup))).toEqual(backup)
  })

  it('every tag of the role, not only the tool’s (absent tool tags as null)', () => {
    const tagged = { target: { ...observation.target, role: { ...observation.target.role, tags: { team: 'ml', 'cost-center': '42', 'managed-by': 'someone-else' } } } }
    const backup = buildBackup({ ...subject, tagKeys: ['managed-by', 'use-case'] }, tagged, new Date(0))
    expect(backup.target.tags).toEqual({ team: 'ml', 'cost-center': '42', 'managed-by': 'someone-else', 'use-case': null })
  })
})
