import { describe, expect, it } from 'vitest'
import { fixtureSetup, type FixtureOverrides } from '../../../test/helpers/setup-fixture.js'
import type { CallerPrincipal } from '../setup/model.js'
import { parseCallerText } from '../setup/caller.js'
import { TRUST_EXTERNAL_ID_PLACEHOLDER, externalIdSettingOf, initApplyCommand, trustOnRecord, type TrustOnRecord } from './hints.js'

/** The fix command a hint prints must be one `init` accepts: its --caller parses back to the same caller. */
describe('initApplyCommand', () => {
  const callers: CallerPrincipal[] = [
    { kind: 'role', arn: 'arn:aws:iam::111111111111:role/gateway' },
    { kind: 'user', arn: 'arn:aws:iam::111111111111:user/app-caller' },
    { kind: 'service', services: ['sagemaker.amazonaws.com', 'lambda.amazonaws.com'] }
  ]
  it.each(callers)('quotes a --caller init parses back ($kind)', (caller) => {
    const command = initApplyCommand(fixtureSetup({ caller }), {})
    const value = /--caller (\S+)/.exec(command)?.[1]
    expect(value).toBeDefined()
    expect(parseCallerText('--caller', value!)).toMatchObject(caller)
  })

  it('omits --caller for the account root (the default) and points at the config file when there is one', () => {
    expect(initApplyCommand(fixtureSetup({ caller: { kind: 'account' } }), {})).not.toContain('--caller')
    expect(initApplyCommand(fixtureSetup({ name: 'chat' }), { configFile: 'bedrock-xacct.json' })).toBe('bedrock-xacct init --apply --config bedrock-xacct.json --only chat')
  })
})

/** Fix commands never drop what the trust holds (issues 4–6). Fixture: A = 111111111111, B = 222222222222. */
describe('initApplyCommand keeps the trust', () => {
  const USER = 'arn:aws:iam::111111111111:user/app-caller'
  const rows: { label: string; setup: FixtureOverrides; trust?: TrustOnRecord; config?: boolean; choice?: 'setup'; contains: string[]; absent: string[] }[] = [
    { label: 'setup without ExternalId, trust unknown → placeholder', setup: { externalId: undefined }, contains: [`--external-id ${TRUST_EXTERNAL_ID_PLACEHOLDER}`], absent: [] },
    {
      label: "setup without ExternalId, trust requires one → placeholder (never printed: verify redacts only the setup's)",
      setup: { externalId: undefined },
      trust: { externalId: 'trust-secret', sourceIpCidrs: [] },
      contains: [`--external-id ${TRUST_EXTERNAL_ID_PLACEHOLDER}`],
      absent: ['trust-secret']
    },
    {
      label: 'wrong ExternalId configured → the trust keeps its own (placeholder), not the wrong one',
      setup: { externalId: 'wrong-one' },
      trust: { externalId: 'trust-secret', sourceIpCidrs: [] },
      contains: [TRUST_EXTERNAL_ID_PLACEHOLDER],
      absent: ['wrong-one', 'trust-secret']
    },
    { label: "explicit rotation → the setup's value", setup: { externalId: 'new-one' }, trust: { externalId: 'trust-secret', sourceIpCidrs: [] }, choice: 'setup', contains: ['--external-id new-one'], absent: ['trust-secret'] },
    { label: 'same ExternalId → as is', setup: { externalId: 'same-id' }, trust: { externalId: 'same-id', sourceIpCidrs: [] }, contains: ['--external-id same-id'], absent: [] },
    { label: 'trust without ExternalId, setup without → no flag', setup: { externalId: undefined }, trust: { sourceIpCidrs: [] }, contains: [], absent: ['--external-id'] },
    {
      label: 'trust admits the account root, setup names a user → root kept (no --caller)',
      setup: { caller: { kind: 'user', arn: USER } },
      trust: { callerArn: 'root', externalId: 'bedrock-xacct-fixture-ext-0001', sourceIpCidrs: [] },
      contains: [],
      absent: ['--caller']
    },
    { label: 'trust has an IP list the setup lacks → kept', setup: {}, trust: { externalId: 'bedrock-xacct-fixture-ext-0001', sourceIpCidrs: ['203.0.113.0/24'] }, contains: ['--source-ip 203.0.113.0/24'], absent: [] },
    {
      label: 'config file, setup without ExternalId → the override flag with a placeholder',
      setup: { externalId: undefined, name: 'chat' },
      config: true,
      contains: ['--config bedrock-xacct.json --only chat', `--external-id ${TRUST_EXTERNAL_ID_PLACEHOLDER}`],
      absent: []
    },
    {
      label: 'config file, trust root and user caller → --caller root',
      setup: { name: 'chat', caller: { kind: 'user', arn: USER } },
      trust: { callerArn: 'root', externalId: 'bedrock-xacct-fixture-ext-0001', sourceIpCidrs: [] },
      config: true,
      contains: ['--only chat --caller root'],
      absent: ['--external-id']
    }
  ]
  it.each(rows)('$label', ({ setup, trust, config, choice, contains, absent }) => {
    const command = initApplyCommand(fixtureSetup(setup), config ? { configFile: 'bedrock-xacct.json' } : {}, trust, choice ? { externalId: choice } : {})
    for (const text of contains) expect(command).toContain(text)
    for (const text of absent) expect(command).not.toContain(text)
  })

  it("reads the caller's statement from a trust policy", () => {
    const trust = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'BedrockXacctTrust',
          Effect: 'Allow' as const,
          Principal: { AWS: 'arn:aws:iam::111111111111:root' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': 'x-1' }, IpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } }
        }
      ]
    }
    expect(trustOnRecord(fixtureSetup({ caller: { kind: 'user', arn: USER } }), trust)).toEqual({ callerArn: 'root', externalId: 'x-1', sourceIpCidrs: ['203.0.113.0/24'], awsPrincipals: ['root'] })
  })

  it('names where the caller configures its ExternalId', () => {
    expect(externalIdSettingOf(fixtureSetup({ name: 'chat' }), { configFile: 'bedrock-xacct.json' })).toBe('"externalId" of setup "chat" in bedrock-xacct.json, BEDROCK_XACCT_EXTERNAL_ID, or --external-id')
  })
})
