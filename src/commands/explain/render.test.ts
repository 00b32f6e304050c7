/** Human rendering of a diagnosis (no colour). Fixture accounts: A = 111111111111, B = 222222222222. */
import { describe, expect, it } from 'vitest'
import { parseAccessDenied } from '../../core/access-denied/parse.js'
import { createEvaluator } from '../../core/evaluate.js'
import { diagnose } from '../../core/diagnose/diagnose.js'
import { renderHuman, toJson } from './render.js'

const MESSAGE = 'User: arn:aws:sts::111111111111:assumed-role/gateway/s is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/BedrockAccessRole'
const trust = { Version: '2012-10-17', Statement: [{ Sid: 'OtherAccount', Effect: 'Allow' as const, Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: 'sts:AssumeRole' }] }

describe('renderHuman', () => {
  it('identified: headline cause, evidence, fix with snippet and command, then the trace', async () => {
    const d = await diagnose({ parsed: parseAccessDenied(MESSAGE), answers: {}, policies: { trust } }, createEvaluator())
    const text = renderHuman(d, false)
    const lines = text.split('\n')
    expect(lines[0]).toBe('AccessDenied: arn:aws:sts::111111111111:assumed-role/gateway/s (assumed-role, account 111111111111) may not sts:AssumeRole on arn:aws:iam::222222222222:role/BedrockAccessRole; AWS gave no reason.')
    expect(lines[1]).toBe('IAM action the call needs: sts:AssumeRole')
    expect(lines[3]).toBe("Cause (certain) The role's trust policy does not trust the caller (or its account). [trust-missing-source]")
    expect(text).toContain('Fix in the target account (B) 222222222222: trust policy of role BedrockAccessRole in 222222222222')
    expect(text).toContain('"AWS": "arn:aws:iam::111111111111:role/gateway"')
    expect(text).toMatch(/\$ bedrock-xacct init --apply .*--caller arn:aws:iam::111111111111:role\/gateway/)
    expect(text).toContain('trust · trust policy · OtherAccount (Allow): allow-not-matched; principal does not match')
    expect(text).not.toMatch(/\u001b\[/)
  })

  it('not identified: says so, prints the shared evidence once, one line per fix', async () => {
    const d = await diagnose({ parsed: parseAccessDenied(MESSAGE), answers: {} }, createEvaluator())
    const text = renderHuman(d, false)
    expect(text).toContain('Not enough to tell which cause it is.')
    expect(text.match(/carry no reason/g)).toHaveLength(1)
    expect(text).not.toContain('"Sid"')
  })

  it('toJson keeps every candidate with its fix', async () => {
    const d = await diagnose({ parsed: parseAccessDenied(MESSAGE), answers: {} }, createEvaluator())
    const doc = toJson(d, { asked: ['--side'], fetched: [], extraNotes: ['n'] })
    expect(Object.keys(doc)).toEqual(['version', 'identified', 'headline', 'action', 'parsed', 'answers', 'candidates', 'evaluations', 'notes', 'asked', 'fetched'])
    expect((doc.candidates as unknown[]).length).toBe(d.candidates.length)
    expect(doc.notes).toContain('n')
  })
})
