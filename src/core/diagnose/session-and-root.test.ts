/**
 * AssumeRole denials the message alone decides (issue 18), in AWS's grammar (DESIGN §5) with the
 * accounts of the fixtures (111111111111 = source A, 222222222222 = target B):
 * sts:TagSession and sts:SetSourceIdentity (docs/aws-facts.md sts.tag-session.required,
 * sts.set-source-identity.required), the root user (sts.assume-role.root) and a role assuming
 * itself (sts.assume-role.self). A role of one account assuming a same-named role of another is not
 * self-assumption and stays open.
 */
import { describe, expect, it } from 'vitest'
import { parseAccessDenied } from '../access-denied/parse.js'
import { createEvaluator } from '../evaluate.js'
import { diagnose } from './diagnose.js'
import type { Diagnosis } from './types.js'

const evaluator = createEvaluator()
const explain = (text: string): Promise<Diagnosis> => diagnose({ parsed: parseAccessDenied(text), answers: {} }, evaluator)
const denial = (principal: string, action: string, resource: string) => `User: ${principal} is not authorized to perform: ${action} on resource: ${resource}`

const CI_SESSION = 'arn:aws:sts::111111111111:assumed-role/ci/gh-run'
const ROLE = 'arn:aws:iam::222222222222:role/bedrock-access'

describe('AssumeRole denials the message decides', () => {
  it('sts:TagSession: the trust (and the caller) must allow it; the fix grants it and init writes it', async () => {
    const d = await explain(denial(CI_SESSION, 'sts:TagSession', ROLE))
    expect(d.identified).toBe(true)
    expect(d.action).toBe('sts:TagSession')
    const lead = d.candidates[0]!
    expect(lead.cause).toBe('tag-session-not-allowed')
    expect(lead.fix.where).toMatch(/trust policy of role bedrock-access in 222222222222/)
    expect(lead.fix.snippet).toMatchObject({ Action: 'sts:TagSession', Principal: { AWS: 'arn:aws:iam::111111111111:role/ci' } })
    expect(lead.fix.command).toMatch(/--allow-session-tags/)
  })

  it('sts:SetSourceIdentity: the same, with its own action', async () => {
    const d = await explain(denial(CI_SESSION, 'sts:SetSourceIdentity', ROLE))
    expect(d.candidates[0]).toMatchObject({ cause: 'source-identity-not-allowed', fix: { snippet: { Action: 'sts:SetSourceIdentity' } } })
    expect(d.identified).toBe(true)
  })

  it('the root user is refused whatever the policies say', async () => {
    const d = await explain(denial('arn:aws:iam::111111111111:root', 'sts:AssumeRole', ROLE))
    expect(d.candidates.map((c) => c.cause)).toEqual(['root-cannot-assume-role'])
  })

  it("a role's session assuming that role: its trust must name it", async () => {
    const d = await explain(denial('arn:aws:sts::222222222222:assumed-role/bedrock-access/s', 'sts:AssumeRole', ROLE))
    expect(d.identified).toBe(true)
    expect(d.candidates[0]?.cause).toBe('trust-missing-source')
  })

  it('two different account placeholders are two accounts: both sides stay open', async () => {
    const d = await explain(denial('arn:aws:sts::<dev_account>:assumed-role/deploy/s', 'sts:AssumeRole', 'arn:aws:iam::<prod_account>:role/deploy'))
    expect(d.identified).toBe(false)
  })

  it('a redacted account beside a real one cannot disprove self-assumption', async () => {
    const d = await explain(denial('arn:aws:sts::***:assumed-role/bedrock-access/s', 'sts:AssumeRole', ROLE))
    expect(d.candidates[0]?.cause).toBe('trust-missing-source')
  })

  it('a same-named role of another account is not self-assumption: both sides stay open', async () => {
    const d = await explain(denial('arn:aws:sts::111111111111:assumed-role/bedrock-access/s', 'sts:AssumeRole', ROLE))
    expect(d.identified).toBe(false)
    expect(d.candidates.map((c) => c.cause)).toEqual(expect.arrayContaining(['source-missing-assume-role', 'trust-missing-source']))
  })
})
