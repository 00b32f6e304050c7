/** Vendor mode's files (issue 19). Fixture accounts: A = 111111111111 (the vendor's), B = 222222222222 (ours). */
import { describe, expect, it } from 'vitest'
import { FIXTURE_EXTERNAL_ID, fixtureSetup } from '../../../test/helpers/setup-fixture.js'
import { buildDocuments } from '../policies/index.js'
import { renderExports } from './index.js'

const files = (thirdPartyCaller: boolean) => {
  const setup = fixtureSetup({ caller: { kind: 'role', arn: 'arn:aws:iam::111111111111:role/gateway' }, sourceIpCidrs: ['203.0.113.0/24'], thirdPartyCaller })
  const docs = buildDocuments(setup)
  return { docs, files: Object.fromEntries(renderExports(setup, docs).map((f) => [f.path, f.content])) }
}

describe('vendor mode', () => {
  it('adds VENDOR-HANDOFF.md with the role, the ExternalId, the conditions and the policy their side needs', () => {
    const { docs, files: out } = files(true)
    const note = out['VENDOR-HANDOFF.md']!
    expect(note).toContain(docs.roleArn)
    expect(note).toContain(FIXTURE_EXTERNAL_ID)
    expect(note).toContain('`203.0.113.0/24`')
    expect(note).toMatch(/nothing was created in your account/)
    const policy = /```json\n([\s\S]*?)\n```/.exec(note)![1]!
    expect(JSON.parse(policy)).toEqual(docs.sourcePolicy)
    expect(out['NEXT-STEPS.md']).toMatch(/belongs to a third party: nothing is created there\. Send them VENDOR-HANDOFF\.md/)
    expect(out['NEXT-STEPS.md']).not.toMatch(/aws iam put-role-policy --role-name gateway/)
  })

  it('is absent when account A is ours', () => {
    expect(Object.keys(files(false).files)).not.toContain('VENDOR-HANDOFF.md')
  })
})
