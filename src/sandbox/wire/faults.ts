/**
 * Fault injection, applied after authentication and before the service handler: throttling, 5xx,
 * latency, connection resets, malformed or empty 200s. Deterministic: a rule with rate r fires on
 * every round(1/r)-th matching call, and stops after `count` firings.
 */
import { SandboxAwsError, type ServiceName } from '../engine/types.js'
import type { FaultRule } from '../world-types.js'
import type { SandboxResponse } from './types.js'

/** What the server must do for a call. */
export type FaultAction = { kind: 'none'; latencyMs: number } | { kind: 'error'; latencyMs: number; error: SandboxAwsError } | { kind: 'reset'; latencyMs: number } | { kind: 'respond'; latencyMs: number; response: SandboxResponse }

interface ActiveRule {
  rule: FaultRule
  matched: number
  fired: number
}

function throttleError(service: ServiceName): SandboxAwsError {
  if (service === 'sts' || service === 'iam') return new SandboxAwsError('Throttling', 'Rate exceeded', 400)
  if (service === 'bedrock') return new SandboxAwsError('ThrottlingException', 'Too many requests, please wait before trying again.', 429)
  return new SandboxAwsError('ThrottlingException', 'Rate exceeded', 400)
}

function serverError(service: ServiceName, status: 500 | 503): SandboxAwsError {
  const query = service === 'sts' || service === 'iam'
  if (status === 503) return new SandboxAwsError(query ? 'ServiceUnavailable' : 'ServiceUnavailableException', 'Service is unavailable. Please try again later.', 503)
  return new SandboxAwsError(query ? 'InternalFailure' : 'InternalServerException', 'The request processing has failed because of an unknown error, exception or failure.', 500)
}

const GARBAGE: Record<ServiceName, SandboxResponse> = {
  sts: { status: 200, headers: { 'content-type': 'text/xml' }, body: '<AssumeRoleResponse><Assume' },
  iam: { status: 200, headers: { 'content-type': 'text/xml' }, body: '<GetRoleResponse><GetRoleRes' },
  bedrock: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"output": {"message": ' },
  cloudtrail: { status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: '{"Events": [' }
}

export class FaultInjector {
  private rules: ActiveRule[] = []

  constructor(rules: FaultRule[] = []) {
    this.set(rules)
  }

  /** Replace all rules (counters restart). */
  set(rules: FaultRule[]): void {
    this.rules = rules.map((rule) => ({ rule, matched: 0, fired: 0 }))
  }

  current(): FaultRule[] {
    return this.rules.map((r) => r.rule)
  }

  /** Decide what happens to one call; advances the counters of the rules it matches. */
  decide(service: ServiceName, operation: string): FaultAction {
    let latencyMs = 0
    let outcome: FaultAction | undefined
    for (const active of this.rules) {
      const { rule } = active
      if (rule.service !== '*' && rule.service !== service) continue
      if (rule.operation !== undefined && rule.operation !== '*' && rule.operation !== operation) continue
      if (rule.count !== undefined && active.fired >= rule.count) continue
      if (rule.kind !== 'latency' && outcome) continue
      active.matched++
      const rate = rule.rate ?? 1
      if (rate <= 0) continue
      const every = Math.max(1, Math.round(1 / rate))
      if (active.matched % every !== 0) continue
      active.fired++
      if (rule.kind === 'latency') {
        latencyMs += rule.latencyMs ?? 0
        continue
      }
      outcome = this.outcome(rule, service)
    }
    return outcome ? { ...outcome, latencyMs } : { kind: 'none', latencyMs }
  }

  private outcome(rule: FaultRule, service: ServiceName): FaultAction {
    switch (rule.kind) {
      case 'throttle':
        return { kind: 'error', latencyMs: 0, error: throttleError(service) }
      case 'error500':
        return { kind: 'error', latencyMs: 0, error: serverError(service, 500) }
      case 'error503':
        return { kind: 'error', latencyMs: 0, error: serverError(service, 503) }
      case 'reset':
        return { kind: 'reset', latencyMs: 0 }
      case 'malformed':
        return { kind: 'respond', latencyMs: 0, response: GARBAGE[service] }
      case 'empty':
        return { kind: 'respond', latencyMs: 0, response: { status: 200, headers: {}, body: '' } }
      case 'latency':
        return { kind: 'none', latencyMs: rule.latencyMs ?? 0 }
    }
  }
}
