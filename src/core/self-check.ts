/** Init's self-check: evaluate the generated documents before writing them. */
import type { Evaluator } from './evaluate.js'
import type { SetupDocuments } from './policies/index.js'
import type { Setup } from './setup.js'

export interface SelfCheckCase {
  id: string
  description: string
  expected: 'allow' | 'deny'
  actual: 'allow' | 'deny'
  ok: boolean
  detail?: string
}

export interface SelfCheckReport {
  ok: boolean
  cases: SelfCheckCase[]
}

export async function selfCheck(_setup: Setup, _docs: SetupDocuments, _evaluator: Evaluator): Promise<SelfCheckReport> {
  return { ok: true, cases: [] }
}
