#!/usr/bin/env node
/**
 * Sandbox concurrency bench: 1,000 requests in flight at once (half GetCallerIdentity, half
 * cross-account AssumeRole, each SigV4-verified and, for AssumeRole, authorized by the evaluator),
 * through the real STS SDK client. Prints errors (must be 0) and requests per second.
 *
 *   npm run build && node bench/sandbox-concurrency.mjs [total]
 *
 * Accounts: A = 111111111111 (app-caller), B = 222222222222 (BenchRole).
 */
import { Agent } from 'node:http'
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { startSandbox } from '../dist/sandbox/index.js'

/** Requests in flight at once; the issue asks for 1,000. */
const TOTAL = Number(process.argv[2] ?? 1000)

const sandbox = await startSandbox()
process.env.AWS_ENDPOINT_URL = sandbox.endpoint
const now = new Date()
sandbox.state.putRole(
  '222222222222',
  {
    name: 'BenchRole',
    trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'bench-external-id' } } }] }
  },
  now
)
sandbox.state.putUserPolicy('111111111111', 'app-caller', 'source', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::222222222222:role/BenchRole' }] })

const { accessKeyId, secretAccessKey } = sandbox.principals.sourceCaller
const client = new STSClient({
  region: 'us-east-1',
  credentials: { accessKeyId, secretAccessKey },
  // One attempt: a retry would hide an error. Enough sockets for every request to be in flight.
  maxAttempts: 1,
  requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: TOTAL }) }
})

const start = performance.now()
const results = await Promise.allSettled(
  Array.from({ length: TOTAL }, (_, i) =>
    i % 2 === 0 ? client.send(new GetCallerIdentityCommand({})) : client.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::222222222222:role/BenchRole', RoleSessionName: `bench-${i}`, ExternalId: 'bench-external-id' }))
  )
)
const seconds = (performance.now() - start) / 1000
const failures = results.filter((r) => r.status === 'rejected')
await sandbox.stop()

console.log(`requests=${TOTAL} concurrency=${TOTAL} errors=${failures.length} seconds=${seconds.toFixed(2)} req/s=${Math.round(TOTAL / seconds)}`)
if (failures.length > 0) {
  console.log(`first error: ${failures[0].reason?.name}: ${failures[0].reason?.message}`)
  process.exitCode = 1
}
