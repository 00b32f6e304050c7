/**
 * The fix-command builder's own rules: flags from FLAG_OF in one order, lists repeated, switches
 * and their `no-` forms, quoting only where a shell needs it, placeholders and shell expressions
 * left bare. (test/unit/printed-commands.test.ts parses what it prints with the real program.)
 */
import { describe, expect, it } from 'vitest'
import { PLACEHOLDER, fieldArgs, initApplyLine, initRestoreLine, shellQuote, verifyConfigLine } from './fix-command.js'

describe('fix-command builder', () => {
  it('prints fields in one order whatever the order given, lists repeated, defaults (undefined, false switches) left out', () => {
    expect(fieldArgs({ sourceIpCidrs: ['203.0.113.0/24', '198.51.100.7/32'], region: 'us-east-1', sourceAccountId: '111111111111', marketplace: false, streaming: true })).toEqual([
      '--source-account 111111111111',
      '--region us-east-1',
      '--source-ip 203.0.113.0/24',
      '--source-ip 198.51.100.7/32'
    ])
  })

  it('prints switches: true for a plain one, false for a negated one', () => {
    expect(fieldArgs({ marketplace: true, streaming: false, cloudTrailLookup: true })).toEqual(['--marketplace', '--no-streaming', '--cloudtrail-lookup'])
  })

  it('quotes only what a shell would split or expand; placeholders and shell expressions stay bare', () => {
    expect(shellQuote('arn:aws:iam::111111111111:role/gateway')).toBe('arn:aws:iam::111111111111:role/gateway')
    expect(shellQuote('repo:my-org/my-repo:*')).toBe("'repo:my-org/my-repo:*'")
    expect(shellQuote("it's")).toBe(`'it'\\''s'`)
    expect(shellQuote(PLACEHOLDER.externalId)).toBe(PLACEHOLDER.externalId)
    expect(shellQuote(`${PLACEHOLDER.publicIp}/32`)).toBe('<your-public-ip>/32')
    expect(fieldArgs({ externalId: { shell: '"$(uuidgen)"' } })).toEqual(['--external-id "$(uuidgen)"'])
  })

  it('builds init --apply (flags, or a config file with overrides then trailing flags), restore and verify lines', () => {
    expect(initApplyLine({ fields: { sourceAccountId: '111111111111', externalId: PLACEHOLDER.externalId }, trailing: { sourceProfile: PLACEHOLDER.sourceProfile } })).toBe(
      'bedrock-xacct init --apply --source-account 111111111111 --external-id <external-id-the-trust-requires> --source-profile <profile-for-source-account>'
    )
    expect(initApplyLine({ config: { file: 'bedrock-xacct.json', only: 'chat' }, fields: { caller: 'root' } })).toBe('bedrock-xacct init --apply --config bedrock-xacct.json --only chat --caller root')
    expect(initRestoreLine('/home/a b/backup.json')).toBe("bedrock-xacct init --restore '/home/a b/backup.json'")
    expect(verifyConfigLine('bedrock-xacct.json')).toBe('bedrock-xacct verify --config bedrock-xacct.json')
  })
})
