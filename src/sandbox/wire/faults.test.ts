import { describe, expect, it } from 'vitest'
import type { FaultRule } from '../world-types.js'
import { FaultInjector } from './faults.js'

/** The kind of outcome for each of `calls` calls to (service, operation). */
function outcomes(rules: FaultRule[], calls: number, service: 'sts' | 'bedrock' = 'sts', operation = 'AssumeRole'): string[] {
  const injector = new FaultInjector(rules)
  return Array.from({ length: calls }, () => {
    const action = injector.decide(service, operation)
    if (action.kind === 'error') return `${action.error.code}/${action.error.status}`
    return action.latencyMs > 0 ? `${action.kind}+${action.latencyMs}` : action.kind
  })
}

describe('FaultInjector', () => {
  it.each([
    ['no rules', [], ['none', 'none', 'none']],
    ['throttle every call (STS wording)', [{ service: 'sts', kind: 'throttle' }], ['Throttling/400', 'Throttling/400', 'Throttling/400']],
    ['rate 0.5 hits every second call', [{ service: 'sts', kind: 'error500', rate: 0.5 }], ['none', 'InternalFailure/500', 'none', 'InternalFailure/500']],
    ['rate 0.34 hits every third call', [{ service: '*', kind: 'error503', rate: 0.34 }], ['none', 'none', 'ServiceUnavailable/503', 'none', 'none', 'ServiceUnavailable/503']],
    ['count stops the rule', [{ service: 'sts', kind: 'reset', count: 2 }], ['reset', 'reset', 'none']],
    ['another operation is untouched', [{ service: 'sts', operation: 'GetCallerIdentity', kind: 'throttle' }], ['none', 'none']],
    ['another service is untouched', [{ service: 'iam', kind: 'throttle' }], ['none']],
    [
      'latency adds up with an error',
      [
        { service: 'sts', kind: 'latency', latencyMs: 50 },
        { service: 'sts', kind: 'empty', count: 1 }
      ],
      ['respond+50', 'none+50']
    ],
    [
      'the first error rule wins',
      [
        { service: 'sts', kind: 'throttle', count: 1 },
        { service: 'sts', kind: 'error500' }
      ],
      ['Throttling/400', 'InternalFailure/500']
    ]
  ] as [string, FaultRule[], string[]][])('%s', (_label, rules, expected) => {
    expect(outcomes(rules, expected.length)).toEqual(expected)
  })

  it('speaks each service: Bedrock throttles with ThrottlingException 429', () => {
    expect(outcomes([{ service: 'bedrock', kind: 'throttle' }], 1, 'bedrock', 'Converse')).toEqual(['ThrottlingException/429'])
    expect(outcomes([{ service: 'bedrock', kind: 'error500' }], 1, 'bedrock', 'Converse')).toEqual(['InternalServerException/500'])
  })

  it('set() replaces the rules and restarts the counters', () => {
    const injector = new FaultInjector([{ service: 'sts', kind: 'throttle', count: 1 }])
    injector.decide('sts', 'AssumeRole')
    injector.set([{ service: 'sts', kind: 'throttle', count: 1 }])
    expect(injector.decide('sts', 'AssumeRole').kind).toBe('error')
  })
})
