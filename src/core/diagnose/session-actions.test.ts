/**
 * explain on a denied session action (issue 18): sts:TagSession or sts:SetSourceIdentity refused
 * during AssumeRole. AWS requires both in the role's trust policy ("For roles without this
 * permission in the trust policy, the AssumeRole operation fails", IAM user guide id_session-tags;
 * id_credentials_temp_control-access_monitor for source identity), so explain names the trust
 * first, with an init command that re-creates the setup with --allow-session-tags /
 * --allow-source-identity, and the caller's own policy only as the other side.
 * The message form is a real paste (18F/identity-terraform#115, aws-vault): "User: <arn> is not
 * authorized to perform: sts:TagSession on resource: <role>".
 * Fixture accounts: A = 111111111111 (caller role gateway), B = 222222222222 (BedrockAccessRole).
 */
import { describe, expect, it } from 'vitest'
import { parseAccessDenied } from '../access-denied/parse.js'
import { createEvaluator, type NamedPolicy, type PolicyDocument } from '../evaluate.js'
import { diagnose } from './diagnose.js'
import { commandsIn } from '../../../test/helpers/printed-commands.js'
import { parseOptions } from '../../../test/helpers/program.js'

const ROLE = 'arn:aws:iam::222222222222:role/BedrockAccessRole'
const CALLER = 'arn:aws:sts::111111111111:assumed-role/gateway/run-42'
const denied = (action: string) => `An error occurred (AccessDenied) when calling the AssumeRole operation: User: ${CALLER} is not authorized to perform: ${action} on resource: ${ROLE}`
const trustOnlyAssume: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'BedrockXacctTrust', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:role/gateway' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'ext-123' } } }]
}
const sourceWith = (...actions: string[]): NamedPolicy => ({ name: 'AssumeBedrockAccessRole', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole', ...actions], Resource: ROLE }] } })
const evaluator = createEvaluator()

describe.each([
  ['sts:TagSession', 'tag-session-not-allowed', '--allow-session-tags'],
  ['sts:SetSourceIdentity', 'source-identity-not-allowed', '--allow-source-identity']
] as const)('explain on a denied %s', (action, trustCause, flag) => {
  it('from the message alone: the trust first, with the init command that adds the flag; never "the principal\'s identity policy" alone', async () => {
    const result = await diagnose({ parsed: parseAccessDenied(denied(action)), answers: {} }, evaluator)
    const causes = result.candidates.map((c) => c.cause)
    expect(causes[0]).toBe(trustCause)
    expect(causes).not.toContain('identity-policy-missing-action')
    const lead = result.candidates[0]!
    expect(lead.fix.account).toBe('target')
    expect(lead.fix.accountId).toBe('222222222222')
    expect(lead.fix.command).toContain(flag)
    expect(lead.fix.command).toContain('init --apply')
    expect(causes).toContain('source-missing-session-action')
    // The command parses with the real program and sets the flag's field (built from the flag table).
    const { command, options } = await parseOptions(commandsIn(lead.fix.command!)[0]!)
    expect(command).toBe('init')
    expect(options[flag === '--allow-session-tags' ? 'allowSessionTags' : 'allowSourceIdentity']).toBe(true)
  })

  it('with the trust and the caller policy given: the trust lacks it, so the trust is certain and the caller side cleared', async () => {
    const result = await diagnose({ parsed: parseAccessDenied(denied(action)), answers: { externalId: 'ext-123' }, policies: { trust: trustOnlyAssume, identity: [sourceWith(action)] } }, evaluator)
    const lead = result.candidates[0]!
    expect([lead.cause, lead.confidence]).toEqual([trustCause, 'certain'])
    expect(result.candidates.map((c) => c.cause)).not.toContain('source-missing-session-action')
    expect(result.candidates.map((c) => c.cause)).not.toContain('trust-missing-source')
  })

  it("with a trust that allows it and a caller policy that lacks it: the caller's policy, in account A", async () => {
    const trust: PolicyDocument = { ...trustOnlyAssume, Statement: [...(trustOnlyAssume.Statement as never[]), { Sid: 'BedrockXacctTrustSession', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:role/gateway' }, Action: action }] }
    const result = await diagnose({ parsed: parseAccessDenied(denied(action)), answers: { externalId: 'ext-123' }, policies: { trust, identity: [sourceWith()] } }, evaluator)
    const lead = result.candidates[0]!
    expect([lead.cause, lead.confidence]).toEqual(['source-missing-session-action', 'certain'])
    expect(lead.fix.accountId).toBe('111111111111')
    expect(result.candidates.map((c) => c.cause)).not.toContain(trustCause)
  })
})
