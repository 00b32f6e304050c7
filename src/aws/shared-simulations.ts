/**
 * SimulatePrincipalPolicy shared between concurrent callers of one IamPort. `verify --config` with
 * 100 setups asks IAM 100 times whether the same caller may `sts:AssumeRole` on 100 roles; IAM
 * answers that in one request, one evaluation result per resource ARN. So requests for the same
 * principal, actions and context made in the same turn of the event loop go out as one request
 * with all their resource ARNs (up to SIMULATION_BATCH_MAX_RESOURCES), and each caller gets back
 * the results for its own ARNs.
 *
 * A denial sticks: whether the caller may call iam:SimulatePrincipalPolicy on a principal does not
 * depend on the resources asked about, and many callers lack that permission (verify then infers
 * the answer from the live AssumeRole). After one AccessDenied for a principal, later requests for
 * it fail the same way without a request.
 *
 * If a shared request is refused as invalid or names a missing entity, each of its callers sends its
 * own, so one caller's bad input cannot fail the others; any other failure (throttling, an outage)
 * would only repeat, and reaches every caller as it is.
 */
import { isAwsCallError } from '../core/ports/aws-error.js'
import type { IamPort, SimulatePrincipalPolicyInput, SimulationResult } from '../core/ports/aws.js'

/** Resource ARNs per shared request: IAM documents no limit; this keeps each answer a page or two. */
export const SIMULATION_BATCH_MAX_RESOURCES = 50

interface Waiting {
  input: SimulatePrincipalPolicyInput
  resolve(results: SimulationResult[]): void
  reject(error: unknown): void
}

/** Requests that may share one: same principal, actions and context (order-insensitive). */
function keyOf(input: SimulatePrincipalPolicyInput): string {
  const context = Object.entries(input.context ?? {})
    .map(([key, values]) => [key.toLowerCase(), [...values].sort()] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return JSON.stringify([input.policySourceArn, [...input.actionNames].sort(), context])
}

function failureKind(error: unknown): string | undefined {
  return isAwsCallError(error) ? error.failure.kind : undefined
}

/** Wrap `port` so that concurrent simulations for the same principal share requests (see the file comment). */
export function shareSimulations(port: IamPort): IamPort {
  const waiting = new Map<string, Waiting[]>()
  const deniedFor = new Map<string, unknown>()

  const noteDenial = (principal: string, error: unknown) => {
    if (failureKind(error) === 'access-denied') deniedFor.set(principal, error)
  }

  /** One caller's request, unchanged. */
  const sendAlone = (entry: Waiting) =>
    port.simulatePrincipalPolicy(entry.input).then(entry.resolve, (error: unknown) => {
      noteDenial(entry.input.policySourceArn, error)
      entry.reject(error)
    })

  const sendBatch = async (batch: Waiting[]): Promise<void> => {
    const [first] = batch as [Waiting, ...Waiting[]]
    const denied = deniedFor.get(first.input.policySourceArn)
    if (denied !== undefined) {
      for (const entry of batch) entry.reject(denied)
      return
    }
    if (batch.length === 1) return sendAlone(first)
    const resourceArns = [...new Set(batch.flatMap((entry) => entry.input.resourceArns))]
    let results: SimulationResult[]
    try {
      results = await port.simulatePrincipalPolicy({ ...first.input, resourceArns })
    } catch (error) {
      const kind = failureKind(error)
      if (kind === 'invalid-request' || kind === 'not-found') {
        await Promise.all(batch.map(sendAlone))
        return
      }
      noteDenial(first.input.policySourceArn, error)
      for (const entry of batch) entry.reject(error)
      return
    }
    for (const entry of batch) {
      const mine = new Set(entry.input.resourceArns)
      entry.resolve(results.filter((result) => mine.has(result.resource) && entry.input.actionNames.includes(result.action)))
    }
  }

  const flush = (key: string) => {
    const entries = waiting.get(key) ?? []
    waiting.delete(key)
    // Batches in arrival order, each up to the resource cap (a caller's own ARNs are never split).
    let batch: Waiting[] = []
    let size = 0
    for (const entry of entries) {
      if (batch.length > 0 && size + entry.input.resourceArns.length > SIMULATION_BATCH_MAX_RESOURCES) {
        void sendBatch(batch)
        batch = []
        size = 0
      }
      batch.push(entry)
      size += entry.input.resourceArns.length
    }
    if (batch.length > 0) void sendBatch(batch)
  }

  return {
    ...port,
    simulatePrincipalPolicy(input) {
      const denied = deniedFor.get(input.policySourceArn)
      if (denied !== undefined) return Promise.reject(denied)
      const key = keyOf(input)
      return new Promise<SimulationResult[]>((resolve, reject) => {
        const entries = waiting.get(key)
        if (entries) {
          entries.push({ input, resolve, reject })
          return
        }
        waiting.set(key, [{ input, resolve, reject }])
        // Everyone who asks in this turn of the event loop joins (verify's setups ask together).
        setImmediate(() => flush(key))
      })
    }
  }
}
