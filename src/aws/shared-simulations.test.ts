import { describe, expect, it } from 'vitest'
import { AwsCallError, type AwsFailureKind } from '../core/ports/aws-error.js'
import type { IamPort, SimulatePrincipalPolicyInput, SimulationResult } from '../core/ports/aws.js'
import { SIMULATION_BATCH_MAX_RESOURCES, shareSimulations } from './shared-simulations.js'

const CALLER = 'arn:aws:iam::111111111111:user/app-caller'
const roleArn = (i: number) => `arn:aws:iam::222222222222:role/Role${i}`
const ask = (resources: string[], context?: Record<string, string[]>, principal = CALLER): SimulatePrincipalPolicyInput => ({
  policySourceArn: principal,
  actionNames: ['sts:AssumeRole'],
  resourceArns: resources,
  ...(context ? { context } : {})
})
const failure = (kind: AwsFailureKind) => new AwsCallError({ service: 'iam', operation: 'SimulatePrincipalPolicy', kind, awsMessage: kind })

/**
 * An IAM port that answers like IAM: one result per (action, resource), allowed unless the ARN is
 * in `denied`; `fail` decides a failure per request. Records every request sent.
 */
function iamPort(options: { denied?: string[]; fail?: (input: SimulatePrincipalPolicyInput) => AwsCallError | undefined } = {}) {
  const sent: SimulatePrincipalPolicyInput[] = []
  const port = {
    simulatePrincipalPolicy: async (input: SimulatePrincipalPolicyInput): Promise<SimulationResult[]> => {
      sent.push(input)
      const error = options.fail?.(input)
      if (error) throw error
      return input.actionNames.flatMap((action) => input.resourceArns.map((resource) => ({ action, resource, decision: options.denied?.includes(resource) ? ('implicitDeny' as const) : ('allowed' as const), matchedStatements: [] })))
    }
  } as unknown as IamPort
  return { port, sent }
}

describe('shareSimulations', () => {
  it('callers in the same turn share one request; each gets the results for its own ARNs', async () => {
    const { port, sent } = iamPort({ denied: [roleArn(2)] })
    const shared = shareSimulations(port)
    const answers = await Promise.all([1, 2, 3].map((i) => shared.simulatePrincipalPolicy(ask([roleArn(i)]))))
    expect(sent).toEqual([ask([roleArn(1), roleArn(2), roleArn(3)])])
    expect(answers.map((results) => results.map((r) => [r.resource, r.decision]))).toEqual([[[roleArn(1), 'allowed']], [[roleArn(2), 'implicitDeny']], [[roleArn(3), 'allowed']]])
  })

  it('does not mix principals or contexts, and a lone caller sends its request unchanged', async () => {
    const { port, sent } = iamPort()
    const shared = shareSimulations(port)
    await Promise.all([
      shared.simulatePrincipalPolicy(ask([roleArn(1)], { 'aws:SourceIp': ['203.0.113.10'] })),
      shared.simulatePrincipalPolicy(ask([roleArn(2)], { 'aws:SourceIp': ['198.51.100.7'] })),
      shared.simulatePrincipalPolicy(ask([roleArn(3)], undefined, 'arn:aws:iam::111111111111:role/other'))
    ])
    expect(sent).toEqual([ask([roleArn(1)], { 'aws:SourceIp': ['203.0.113.10'] }), ask([roleArn(2)], { 'aws:SourceIp': ['198.51.100.7'] }), ask([roleArn(3)], undefined, 'arn:aws:iam::111111111111:role/other')])
  })

  it(`caps a shared request at ${SIMULATION_BATCH_MAX_RESOURCES} resource ARNs`, async () => {
    const { port, sent } = iamPort()
    const shared = shareSimulations(port)
    const answers = await Promise.all(Array.from({ length: 120 }, (_, i) => shared.simulatePrincipalPolicy(ask([roleArn(i)]))))
    expect(sent.map((s) => s.resourceArns.length)).toEqual([50, 50, 20])
    expect(answers.every((results, i) => results.length === 1 && results[0]!.resource === roleArn(i))).toBe(true)
  })

  it('an AccessDenied sticks for that principal: later callers fail the same way without a request', async () => {
    const { port, sent } = iamPort({ fail: () => failure('access-denied') })
    const shared = shareSimulations(port)
    const first = await Promise.allSettled([1, 2].map((i) => shared.simulatePrincipalPolicy(ask([roleArn(i)]))))
    expect(first.map((r) => r.status)).toEqual(['rejected', 'rejected'])
    const later = await Promise.allSettled([3, 4].map((i) => shared.simulatePrincipalPolicy(ask([roleArn(i)]))))
    expect(later.map((r) => r.status === 'rejected' && (r.reason as AwsCallError).failure.kind)).toEqual(['access-denied', 'access-denied'])
    expect(sent).toHaveLength(1)
  })

  it('an invalid shared request falls back to one request per caller, so only the bad one fails', async () => {
    const { port, sent } = iamPort({ fail: (input) => (input.resourceArns.includes('not-an-arn') ? failure('invalid-request') : undefined) })
    const shared = shareSimulations(port)
    const results = await Promise.allSettled([shared.simulatePrincipalPolicy(ask([roleArn(1)])), shared.simulatePrincipalPolicy(ask(['not-an-arn']))])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected'])
    expect(sent.map((s) => s.resourceArns)).toEqual([[roleArn(1), 'not-an-arn'], [roleArn(1)], ['not-an-arn']])
  })

  it('throttling or an outage reaches every caller once, not once per caller', async () => {
    const { port, sent } = iamPort({ fail: () => failure('throttled') })
    const shared = shareSimulations(port)
    const results = await Promise.allSettled([1, 2, 3].map((i) => shared.simulatePrincipalPolicy(ask([roleArn(i)]))))
    expect(results.every((r) => r.status === 'rejected')).toBe(true)
    expect(sent).toHaveLength(1)
    // Not sticky: the next turn asks again.
    await shared.simulatePrincipalPolicy(ask([roleArn(4)])).catch(() => undefined)
    expect(sent).toHaveLength(2)
  })
})
