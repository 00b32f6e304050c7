import { describe, expect, it } from 'vitest'
import type { Denial } from '../../core/evaluate.js'
import { accessDeniedMessage, pickDenial } from './messages.js'

/** DESIGN §5: AWS's AccessDenied grammar. Accounts: A = 111111111111, B = 222222222222. */
const USER = 'arn:aws:iam::111111111111:user/app-caller'
const MODEL = 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0'
const base = `User: ${USER} is not authorized to perform: bedrock:InvokeModel on resource: ${MODEL}`

describe('accessDeniedMessage', () => {
  it.each([
    [{ layer: 'identity', explicit: false }, `${base} because no identity-based policy allows the bedrock:InvokeModel action`],
    [{ layer: 'identity', explicit: true }, `${base} with an explicit deny in an identity-based policy`],
    [{ layer: 'scp', explicit: true }, `${base} with an explicit deny in a service control policy`],
    [{ layer: 'scp', explicit: false }, `${base} because no service control policy allows the bedrock:InvokeModel action`],
    [{ layer: 'boundary', explicit: false }, `${base} because no permissions boundary allows the bedrock:InvokeModel action`],
    [{ layer: 'session', explicit: false }, `${base} because no session policy allows the bedrock:InvokeModel action`],
    [{ layer: 'resource', explicit: true }, `${base} with an explicit deny in a resource-based policy`]
  ] as [Denial, string][])('%o', (denial, message) => {
    expect(accessDeniedMessage({ principalArn: USER, action: 'bedrock:InvokeModel', resource: MODEL, denial, reasonless: false })).toBe(message)
  })

  it('cross-account AssumeRole has no reason', () => {
    const role = 'arn:aws:iam::222222222222:role/BedrockAccessRole'
    expect(accessDeniedMessage({ principalArn: USER, action: 'sts:AssumeRole', resource: role, denial: { layer: 'trust', explicit: false }, reasonless: true })).toBe(`User: ${USER} is not authorized to perform: sts:AssumeRole on resource: ${role}`)
  })

  it('reports an explicit deny before an implicit one, SCPs first', () => {
    expect(
      pickDenial([
        { layer: 'identity', explicit: false },
        { layer: 'boundary', explicit: true },
        { layer: 'scp', explicit: true }
      ])
    ).toEqual({ layer: 'scp', explicit: true })
    expect(
      pickDenial([
        { layer: 'session', explicit: false },
        { layer: 'identity', explicit: false }
      ])
    ).toEqual({ layer: 'identity', explicit: false })
  })
})
