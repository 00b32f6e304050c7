/**
 * A misbehaving endpoint that streams without end must not take the process down (issue 17: a
 * gigabyte body ended in V8's fatal out-of-memory error, exit 133). The real factory and SDK
 * against a loopback server; the server stops by itself after SERVER_CAP_BYTES.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AwsCallError } from '../core/ports/aws-error.js'
import { MAX_RESPONSE_BYTES } from './bounded-body.js'
import { createAwsFactory } from './factory.js'

/** The most the server sends before giving up on its own: 4× the bound, so an unbounded client is caught. */
const SERVER_CAP_BYTES = 4 * MAX_RESPONSE_BYTES
const CHUNK = Buffer.alloc(1024 * 1024, 'a')

let server: Server
let endpoint = ''
let sent = 0
let declareLength = false

beforeAll(async () => {
  server = createServer((_request, response) => {
    sent = 0
    response.writeHead(200, { 'content-type': 'text/xml', ...(declareLength ? { 'content-length': String(SERVER_CAP_BYTES) } : {}) })
    const pump = (): void => {
      while (sent < SERVER_CAP_BYTES) {
        sent += CHUNK.byteLength
        if (!response.write(CHUNK)) {
          response.once('drain', pump)
          return
        }
      }
      response.end()
    }
    response.on('close', () => response.removeAllListeners('drain'))
    pump()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

function callerIdentity(): Promise<unknown> {
  const aws = createAwsFactory({ endpointUrl: endpoint, maxAttempts: 1 })
  return aws.fromChain({ static: { accessKeyId: 'AKIAFAKEFAKEFAKEFAKE', secretAccessKey: 'fake-secret-for-tests' } }, 'us-east-1').sts.getCallerIdentity()
}

describe('responses larger than any AWS answer', () => {
  it('an endless body stops at the bound and fails as unavailable (exit 3), having read little more than the bound', async () => {
    declareLength = false
    const error = await callerIdentity().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AwsCallError)
    expect((error as AwsCallError).failure.kind).toBe('unavailable')
    expect((error as AwsCallError).message).toMatch(/larger than 64 MiB/)
    expect(sent).toBeLessThan(2 * MAX_RESPONSE_BYTES)
  })

  it('a declared Content-Length over the bound fails before the body is read', async () => {
    declareLength = true
    const error = await callerIdentity().catch((e: unknown) => e)
    expect((error as AwsCallError).failure.kind).toBe('unavailable')
    expect((error as AwsCallError).message).toMatch(/larger than 64 MiB/)
    expect(sent).toBeLessThan(MAX_RESPONSE_BYTES)
  })
})
