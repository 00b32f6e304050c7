import { describe, expect, it } from 'vitest'
import type { PolicyDocument } from './evaluate.js'
import type { IamReadPort } from './ports/aws.js'
import { readManagedPolicy, readPrincipalPolicies } from './principal-policies.js'

const doc = (sid: string): PolicyDocument => ({ Version: '2012-10-17', Statement: [{ Sid: sid, Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] })
const ARN_A = 'arn:aws:iam::111111111111:policy/A'
const ARN_B = 'arn:aws:iam::111111111111:policy/B'

/** An IAM reader over a fixed role `R` and user `U`; `fail` names the calls that throw; `calls` records every call. */
function fakeIam(fail: string[] = []) {
  const calls: string[] = []
  const answer = async <T>(call: string, value: T): Promise<T> => {
    calls.push(call)
    await new Promise((resolve) => setTimeout(resolve, fail.includes(call) ? 0 : 2))
    if (fail.includes(call)) throw new Error(`${call} failed`)
    return value
  }
  const iam = {
    listRolePolicies: (name: string) => answer(`listRolePolicies ${name}`, ['one', 'gone', 'two']),
    getRolePolicy: (name: string, policy: string) => answer(`getRolePolicy ${name} ${policy}`, policy === 'gone' ? undefined : doc(policy)),
    listAttachedRolePolicies: (name: string) =>
      answer(`listAttachedRolePolicies ${name}`, [
        { arn: ARN_A, name: 'A' },
        { arn: ARN_B, name: 'B' }
      ]),
    listUserPolicies: (name: string) => answer(`listUserPolicies ${name}`, ['u1']),
    getUserPolicy: (name: string, policy: string) => answer(`getUserPolicy ${name} ${policy}`, doc(policy)),
    listAttachedUserPolicies: (name: string) => answer(`listAttachedUserPolicies ${name}`, [{ arn: ARN_B, name: 'B' }]),
    getPolicy: (arn: string) => answer(`getPolicy ${arn}`, { arn, name: arn.split('/')[1]!, defaultVersionId: 'v3' }),
    getPolicyVersion: (arn: string, version: string) => answer(`getPolicyVersion ${arn} ${version}`, doc(`${arn.split('/')[1]}${version}`))
  } as Partial<IamReadPort> as IamReadPort
  return { iam, calls }
}

describe('readPrincipalPolicies', () => {
  it("reads a role's inline policies and attached ones at their default version, inline first, each in IAM's order", async () => {
    const { iam, calls } = fakeIam()
    const read = await readPrincipalPolicies(iam, { kind: 'role', name: 'R' })
    expect(read!.inline.map((p) => p.name)).toEqual(['one', 'two'])
    expect(read!.attached).toEqual([
      { name: 'A', arn: ARN_A, document: doc('Av3') },
      { name: 'B', arn: ARN_B, document: doc('Bv3') }
    ])
    expect(read!.attachedNotRead).toBe(0)
    // 2 lists + 3 inline documents + 2 × (GetPolicy + GetPolicyVersion): one call per fact, none twice.
    expect(calls).toHaveLength(9)
    expect(new Set(calls).size).toBe(9)
  })

  it("reads a user's policies with the user calls", async () => {
    const { iam, calls } = fakeIam()
    const read = await readPrincipalPolicies(iam, { kind: 'user', name: 'U' })
    expect(read!.inline).toEqual([{ name: 'u1', document: doc('u1') }])
    expect(read!.attached.map((p) => p.arn)).toEqual([ARN_B])
    expect(calls.every((c) => !/Role/.test(c))).toBe(true)
  })

  it('without onError, rejects with the first failure in the fixed order', async () => {
    const { iam } = fakeIam([`getPolicy ${ARN_B}`, 'getRolePolicy R two'])
    await expect(readPrincipalPolicies(iam, { kind: 'role', name: 'R' })).rejects.toThrow('getRolePolicy R two failed')
  })

  it('with onError, reports each failure in a fixed order and keeps what could be read', async () => {
    const { iam } = fakeIam(['listRolePolicies R', `getPolicyVersion ${ARN_A} v3`])
    const failed: string[] = []
    const read = await readPrincipalPolicies(iam, { kind: 'role', name: 'R' }, { onError: (_error, what) => failed.push(what) })
    expect(failed).toEqual(['inline policies of role R', `managed policy ${ARN_A} version v3`])
    expect(read).toEqual({ inline: [], attached: [{ name: 'B', arn: ARN_B, document: doc('Bv3') }], attachedNotRead: 0 })
  })

  it('is undefined when neither list can be read, and reads at most maxAttached attached policies', async () => {
    const { iam } = fakeIam(['listRolePolicies R', 'listAttachedRolePolicies R'])
    expect(await readPrincipalPolicies(iam, { kind: 'role', name: 'R' }, { onError: () => undefined })).toBeUndefined()
    const capped = fakeIam()
    const read = await readPrincipalPolicies(capped.iam, { kind: 'role', name: 'R' }, { maxAttached: 1 })
    expect(read!.attached.map((p) => p.arn)).toEqual([ARN_A])
    expect(read!.attachedNotRead).toBe(1)
    expect(capped.calls.some((c) => c.includes(ARN_B))).toBe(false)
  })

  it('readManagedPolicy reads one policy at its default version', async () => {
    const { iam, calls } = fakeIam()
    expect(await readManagedPolicy(iam, ARN_A)).toEqual({ name: 'A', arn: ARN_A, document: doc('Av3') })
    expect(calls).toEqual([`getPolicy ${ARN_A}`, `getPolicyVersion ${ARN_A} v3`])
  })
})
