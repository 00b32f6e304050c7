/**
 * The CLI's AWS factory, built one way for every command (and for demo's sandbox-pointed one):
 * the real SDK factory, created on its first use so a command that never calls AWS pays nothing,
 * and with `--debug` one stderr line per finished call — service, operation, region, duration,
 * attempts, outcome and AWS's request id (the value AWS support asks for). Inputs, outputs and
 * credentials are never part of a record, so none can reach the trace.
 */
import { createAwsFactory, type AwsCallRecord, type AwsFactoryOptions } from '../aws/factory.js'
import type { AwsFactory } from '../core/ports/aws.js'
import type { Io } from '../ui/io.js'
import type { GlobalOptions } from './deps.js'

/** One `--debug` trace line, e.g. `debug: aws sts AssumeRole us-east-1 ok 41 ms, 1 attempt, request id 5f0e…`. */
export function formatCallRecord(record: AwsCallRecord): string {
  const attempts = record.attempts === undefined ? '' : `, ${record.attempts} attempt${record.attempts === 1 ? '' : 's'}`
  const requestId = record.requestId ? `, request id ${record.requestId}` : ', no request id'
  return `debug: aws ${record.service} ${record.operation} ${record.region ?? '-'} ${record.outcome} ${record.durationMs} ms${attempts}${requestId}`
}

/**
 * A factory whose real one is made on the first client asked for: `createAwsFactory` touches the
 * environment (the SDK's Node-version notice), which only a command that talks to AWS should do.
 */
function onFirstUse(make: () => AwsFactory): AwsFactory {
  let factory: AwsFactory | undefined
  return {
    fromChain: (source, region) => (factory ??= make()).fromChain(source, region),
    fromCredentials: (credentials, region, options) => (factory ??= make()).fromCredentials(credentials, region, options)
  }
}

/** The AWS factory of a CLI run: `--debug` traces every call on stderr. */
export function cliAwsFactory(global: Pick<GlobalOptions, 'debug'>, io: Pick<Io, 'err'>, options: Omit<AwsFactoryOptions, 'onCall'> = {}): AwsFactory {
  const onCall = global.debug ? (record: AwsCallRecord) => io.err(formatCallRecord(record)) : undefined
  return onFirstUse(() => createAwsFactory({ ...options, ...(onCall ? { onCall } : {}) }))
}
