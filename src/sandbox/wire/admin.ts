/**
 * Unsigned admin endpoints under /_sandbox/ for a sandbox started by the CLI (tests in-process use
 * the RunningSandbox methods instead). Loopback only, like the sandbox itself.
 *   GET  /_sandbox/health            {"ok":true,"accounts":[…]}
 *   GET  /_sandbox/calls             the CallRecord list;  DELETE clears it
 *   GET  /_sandbox/faults            current fault rules;  PUT/POST replaces them (a FaultRule[] body)
 *   PUT/POST /_sandbox/cloudtrail-delay  {"ms": N}
 */
import { z } from 'zod'
import type { CallRecord } from '../types.js'
import type { FaultRule } from '../world-types.js'
import { faultRuleSchema } from '../world-schema.js'

export interface AdminTarget {
  calls: CallRecord[]
  accounts(): string[]
  faults(): FaultRule[]
  setFaults(rules: FaultRule[]): void
  setCloudTrailDelay(ms: number): void
}

export interface AdminResponse {
  status: number
  body: unknown
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'))
  } catch {
    return undefined
  }
}

export function handleAdmin(target: AdminTarget, method: string, path: string, body: Buffer): AdminResponse {
  const route = path.replace(/^\/_sandbox\//, '').replace(/\/$/, '')
  const write = method === 'PUT' || method === 'POST'
  if (route === 'health' && method === 'GET') return { status: 200, body: { ok: true, accounts: target.accounts() } }
  if (route === 'calls' && method === 'GET') return { status: 200, body: target.calls }
  if (route === 'calls' && method === 'DELETE') {
    target.calls.length = 0
    return { status: 200, body: { ok: true } }
  }
  if (route === 'faults' && method === 'GET') return { status: 200, body: target.faults() }
  if (route === 'faults' && write) {
    const parsed = z.array(faultRuleSchema).safeParse(parseJson(body))
    if (!parsed.success) return { status: 400, body: { message: `Expected a JSON array of fault rules: ${parsed.error.issues[0]?.message ?? 'invalid'}` } }
    target.setFaults(parsed.data as FaultRule[])
    return { status: 200, body: { ok: true, faults: parsed.data } }
  }
  if (route === 'cloudtrail-delay' && write) {
    const parsed = z.object({ ms: z.number().int().min(0) }).safeParse(parseJson(body))
    if (!parsed.success) return { status: 400, body: { message: 'Expected {"ms": <non-negative integer>}' } }
    target.setCloudTrailDelay(parsed.data.ms)
    return { status: 200, body: { ok: true } }
  }
  return { status: 404, body: { message: `No admin endpoint ${method} /_sandbox/${route}` } }
}
