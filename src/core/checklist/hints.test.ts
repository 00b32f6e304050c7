import { describe, expect, it } from 'vitest'
import { fixtureSetup } from '../policies/fixture-setup.js'
import type { CallerPrincipal } from '../setup.js'
import { parseCallerText } from '../setup/caller.js'
import { initApplyCommand } from './hints.js'

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
