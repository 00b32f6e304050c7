/**
 * Fix commands never weaken the trust (issues 4–6): every `init --apply` a diagnosis prints keeps
 * the trust's ExternalId, principal and SourceIp list — from the trust policy when given/fetched,
 * else --external-id, else the setup — and says `<placeholder>` rather than dropping the flag.
 * Fixture accounts: A = 111111111111 (source: role `gateway`, user `app-caller`), B = 222222222222.
 */
import { describe, expect, it } from 'vitest'
import { parseAccessDenied } from '../access-denied/parse.js'
import { createEvaluator, type PolicyDocument } from '../evaluate.js'
import type { Setup } from '../setup/model.js'
import { diagnose } from './diagnose.js'
import { EXTERNAL_ID_PLACEHOLDER } from './fixes.js'
import type { Answers } from './types.js'

const ROLE = 'arn:aws:iam::222222222222:role/BedrockAccessRole'
const CALLER = 'arn:aws:sts::111111111111:assumed-role/gateway/i-0abc'
const ASSUME_DENIED = `An error occurred (AccessDenied) when calling the AssumeRole operation: User: ${CALLER} is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`
const SESSION = 'arn:aws:sts::222222222222:assumed-role/BedrockAccessRole/xacct'
const BEDROCK_DENIED = `AccessDeniedException: User: ${SESSION} is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0 because no identity-based policy allows the bedrock:InvokeModel action`

const trustOf = (principal: string, condition?: Record<string, Record<string, string | string[]>>): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [{ Sid: 'BedrockXacctTrust', Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) }]
})
const ROOT_TRUST = trustOf('arn:aws:iam::111111111111:root', { StringEquals: { 'sts:ExternalId': 'ext-trust-1' }, IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } })

interface Row {
  label: string
  message?: string
  trust?: PolicyDocument
  answers?: Answers
  setup?: Partial<Setup>
  /** Every init command must match all of these… */
  contains: RegExp[]
  /** …and none of these. */
  absent?: RegExp[]
}

const rows: Row[] = [
  {
    label: 'issue repro: root trust with ExternalId and SourceIp, --external-id given → keeps root, the ExternalId and the CIDR',
    trust: ROOT_TRUST,
    answers: { externalId: 'ext-trust-1' },
    contains: [/ --caller root /, / --external-id ext-trust-1( |$)/, / --source-ip 203\.0\.113\.0\/24( |$)/],
    absent: [/--caller arn:/]
  },
  { label: 'the trust beats a wrong --external-id', trust: ROOT_TRUST, answers: { externalId: 'wrong-one' }, contains: [/ --external-id ext-trust-1( |$)/], absent: [/wrong-one/] },
  { label: 'the trust beats the setup', trust: ROOT_TRUST, setup: { externalId: 'ext-setup' }, contains: [/ --external-id ext-trust-1( |$)/], absent: [/ext-setup/] },
  { label: 'a trust without ExternalId: no flag (nothing to keep)', trust: trustOf('arn:aws:iam::111111111111:root'), contains: [/ --caller root /], absent: [/--external-id/] },
  { label: 'no trust: --external-id given', answers: { externalId: 'ext-given' }, contains: [/ --external-id ext-given( |$)/] },
  { label: 'no trust: the setup', setup: { externalId: 'ext-setup' }, contains: [/ --external-id ext-setup( |$)/] },
  { label: 'nothing known: an explicit placeholder, never silence', contains: [new RegExp(` --external-id ${EXTERNAL_ID_PLACEHOLDER}( |$)`)] },
  { label: 'bedrock denial, nothing known about the trust: placeholder too', message: BEDROCK_DENIED, answers: { region: 'us-east-1' }, contains: [new RegExp(` --external-id ${EXTERNAL_ID_PLACEHOLDER}( |$)`)] }
]

describe('fix commands keep the trust', () => {
  const evaluator = createEvaluator()
  it.each(rows)('$label', async ({ message, trust, answers, setup, contains, absent }) => {
    const result = await diagnose({ parsed: parseAccessDenied(message ?? ASSUME_DENIED), answers: answers ?? {}, policies: trust ? { trust } : undefined, setup }, evaluator)
    const commands = result.candidates.map((c) => c.fix.command).filter((c): c is string => c?.startsWith('bedrock-xacct init --apply') === true)
    expect(commands.length).toBeGreaterThan(0)
    for (const command of commands) {
      for (const pattern of contains) expect(command).toMatch(pattern)
      for (const pattern of absent ?? []) expect(command).not.toMatch(pattern)
    }
  })

  it('trust names another user of the caller account: adding the caller widens to root (never drops that user)', async () => {
    const trust = trustOf('arn:aws:iam::111111111111:user/app-caller', { StringEquals: { 'sts:ExternalId': 'ext-trust-1' } })
    const result = await diagnose({ parsed: parseAccessDenied(ASSUME_DENIED), answers: { externalId: 'ext-trust-1' }, policies: { trust } }, evaluator)
    const fix = result.candidates.find((c) => c.cause === 'trust-missing-source')!.fix
    expect(fix.command).toMatch(/ --caller root .* --external-id ext-trust-1/)
    expect(fix.snippet).toMatchObject({ Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Condition: { StringEquals: { 'sts:ExternalId': 'ext-trust-1' } } })
  })
})
