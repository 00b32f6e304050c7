/**
 * The sandbox at the wire: SigV4 failures (hand-built requests only where the SDK cannot produce
 * them), expiry, faults (through the real SDK, whose retries must behave as against AWS), admin
 * endpoints, HTTP/2, and bad input that must get an AWS error, never a crash.
 * Accounts: A = 111111111111, B = 222222222222 (default world).
 */
import * as http2 from 'node:http2'
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { SignatureV4 } from '@smithy/signature-v4'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { NodeSha256 } from '../../src/sandbox/wire/sigv4.js'
import { ACCOUNT_A, ACCOUNT_B, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js'

let sandbox: TestSandbox
/** The sandbox clock runs this many ms ahead of the real one (for expiry). */
let clockOffsetMs = 0
const ROLE = `arn:aws:iam::${ACCOUNT_B}:role/WireRole`

beforeAll(async () => {
  sandbox = await startTestSandbox({ now: () => new Date(Date.now() + clockOffsetMs) })
  sandbox.state.putRole(ACCOUNT_B, { name: 'WireRole', trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_A}:root` }, Action: 'sts:AssumeRole' }] } }, new Date())
  sandbox.state.putUserPolicy(ACCOUNT_A, 'app-caller', 'source', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ROLE }] })
})

afterAll(async () => {
  await sandbox.stop()
})

beforeEach(() => {
  sandbox.setFaults([])
  sandbox.calls.length = 0
  clockOffsetMs = 0
})

/** A signed STS query request, built by hand with the SDK's signer (then maybe tampered with). */
async function signedStsRequest(body: string, credentials = sandbox.principals.sourceCaller) {
  const url = new URL(sandbox.endpoint)
  const signer = new SignatureV4({ credentials, region: 'us-east-1', service: 'sts', sha256: NodeSha256 })
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    query: {},
    headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body
  })
  return { headers: signed.headers as Record<string, string>, body }
}

async function post(request: { headers: Record<string, string>; body: string }) {
  const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name.toLowerCase() !== 'host'))
  const response = await fetch(`${sandbox.endpoint}/`, { method: 'POST', headers, body: request.body })
  return { status: response.status, text: await response.text() }
}

const errorCode = (xml: string) => /<Code>([^<]*)<\/Code>/.exec(xml)?.[1]
const errorMessage = (xml: string) => /<Message>([^<]*)<\/Message>/.exec(xml)?.[1]

describe('SigV4', () => {
  it('accepts a hand-signed request', async () => {
    const response = await post(await signedStsRequest('Action=GetCallerIdentity&Version=2011-06-15'))
    expect(response.status).toBe(200)
    expect(response.text).toContain(`<Arn>arn:aws:iam::${ACCOUNT_A}:user/app-caller</Arn>`)
  })

  it.each([
    ['a body changed after signing', async () => ({ ...(await signedStsRequest('Action=GetCallerIdentity&Version=2011-06-15')), body: 'Action=GetCallerIdentity&Version=2011-06-16' }), 403, 'SignatureDoesNotMatch'],
    ['a signature from the wrong secret', async () => signedStsRequest('Action=GetCallerIdentity&Version=2011-06-15', { ...sandbox.principals.sourceCaller, secretAccessKey: 'x'.repeat(40) }), 403, 'SignatureDoesNotMatch'],
    ['an unknown access key', async () => signedStsRequest('Action=GetCallerIdentity&Version=2011-06-15', { accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: 'x'.repeat(40), arn: '' }), 403, 'InvalidClientTokenId'],
    ['no Authorization header', async () => ({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=GetCallerIdentity&Version=2011-06-15' }), 403, 'MissingAuthenticationToken'],
    ['a garbled Authorization header', async () => ({ headers: { authorization: 'AWS4-HMAC-SHA256 nonsense' }, body: 'Action=GetCallerIdentity' }), 403, 'IncompleteSignature']
  ])('rejects %s', async (_label, build, status, code) => {
    const response = await post(await build())
    expect(response.status).toBe(status)
    expect(errorCode(response.text)).toBe(code)
    expect(response.text).toMatch(/^<ErrorResponse xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type>/)
  })

  it('words the failures as AWS does, through the SDK', async () => {
    const unknown = new STSClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: 'x'.repeat(40) }, maxAttempts: 1 })
    await expect(unknown.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.' })
    const wrongSecret = sandbox.sts({ ...sandbox.principals.sourceCaller, secretAccessKey: 'y'.repeat(40) }, { maxAttempts: 1 })
    await expect(wrongSecret.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'SignatureDoesNotMatch', message: expect.stringMatching(/^The request signature we calculated does not match/) })
  })

  it('expires sessions on the sandbox clock', async () => {
    const { Credentials } = await sandbox.sts(sandbox.principals.sourceCaller).send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'short', DurationSeconds: 900 }))
    const session = sandbox.sts({ accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! }, { maxAttempts: 1 })
    expect((await session.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:sts::${ACCOUNT_B}:assumed-role/WireRole/short`)
    clockOffsetMs = 901_000
    await expect(session.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'ExpiredToken', message: 'The security token included in the request is expired', $metadata: { httpStatusCode: 403 } })
  })

  it('rejects a session key presented without its token', async () => {
    const { Credentials } = await sandbox.sts(sandbox.principals.sourceCaller).send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'tokenless' }))
    const tokenless = sandbox.sts({ accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey! }, { maxAttempts: 1 })
    await expect(tokenless.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'InvalidClientTokenId' })
  })
})

describe('bad input gets an AWS error, never a crash', () => {
  it.each([
    ['an unknown action', 'Action=DeleteEverything&Version=2011-06-15', 400, 'InvalidAction', 'Could not find operation DeleteEverything for version 2011-06-15'],
    ['no action at all', 'Version=2011-06-15', 400, 'InvalidAction', 'Could not find operation (none) for version 2011-06-15'],
    ['a body that is not a form', '\u0000\u00ff%zz&&==%', 400, 'InvalidAction', undefined],
    ['AssumeRole without RoleArn', 'Action=AssumeRole&Version=2011-06-15&RoleSessionName=x1', 400, 'ValidationError', "1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null"]
  ])('%s', async (_label, body, status, code, message) => {
    const response = await post(await signedStsRequest(body))
    expect(response.status).toBe(status)
    expect(errorCode(response.text)).toBe(code)
    if (message) expect(errorMessage(response.text)).toBe(message)
  })

  it('answers an unknown service scope in a readable error', async () => {
    const url = new URL(sandbox.endpoint)
    const signer = new SignatureV4({ credentials: sandbox.principals.sourceCaller, region: 'us-east-1', service: 's3', sha256: NodeSha256 })
    const signed = await signer.sign({ method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/bucket', query: {}, headers: { host: url.host } })
    const response = await fetch(`${sandbox.endpoint}/bucket`, { headers: Object.fromEntries(Object.entries(signed.headers).filter(([n]) => n !== 'host')) })
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('does not serve the service')
  })

  it('still serves after all of that', async () => {
    expect((await sandbox.sts(sandbox.principals.sourceCaller).send(new GetCallerIdentityCommand({}))).Account).toBe(ACCOUNT_A)
  })
})

describe('HTTP/2 cleartext on the same port', () => {
  it('answers a signed h2 request', async () => {
    const request = await signedStsRequest('Action=GetCallerIdentity&Version=2011-06-15')
    const session = http2.connect(sandbox.endpoint)
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([n]) => n !== 'host'))
    const stream = session.request({ ':method': 'POST', ':path': '/', ...headers })
    stream.end(request.body)
    const text = await new Promise<string>((resolve, reject) => {
      let data = ''
      stream.on('data', (chunk: Buffer) => (data += chunk.toString()))
      stream.on('end', () => resolve(data))
      stream.on('error', reject)
    })
    session.close()
    expect(text).toContain('<GetCallerIdentityResult>')
  })
})

describe('faults', () => {
  const caller = () => sandbox.sts(sandbox.principals.sourceCaller)
  const statuses = () => sandbox.calls.filter((c) => c.operation === 'GetCallerIdentity').map((c) => c.status)

  it('throttling: the SDK retries and succeeds', async () => {
    sandbox.setFaults([{ service: 'sts', operation: 'GetCallerIdentity', kind: 'throttle', count: 2 }])
    expect((await caller().send(new GetCallerIdentityCommand({}))).Account).toBe(ACCOUNT_A)
    expect(statuses()).toEqual([400, 400, 200])
    expect(sandbox.calls.map((c) => c.errorCode)).toEqual(['Throttling', 'Throttling', undefined])
  })

  it.each([
    ['error500', 500, 'InternalFailure'],
    ['error503', 503, 'ServiceUnavailable']
  ] as const)('%s: the SDK gives up after its attempts, with the error', async (kind, status, name) => {
    sandbox.setFaults([{ service: 'sts', kind }])
    await expect(sandbox.sts(sandbox.principals.sourceCaller, { maxAttempts: 2 }).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name, $metadata: { httpStatusCode: status } })
    expect(statuses()).toEqual([status, status])
  })

  it('reset: the connection drops once, the SDK retries', async () => {
    sandbox.setFaults([{ service: '*', kind: 'reset', count: 1 }])
    expect((await caller().send(new GetCallerIdentityCommand({}))).Account).toBe(ACCOUNT_A)
    expect(statuses()).toEqual([0, 200])
  })

  it('malformed: a 200 with garbage is an error, not a result', async () => {
    sandbox.setFaults([{ service: 'sts', kind: 'malformed' }])
    await expect(sandbox.sts(sandbox.principals.sourceCaller, { maxAttempts: 1 }).send(new GetCallerIdentityCommand({}))).rejects.toThrow()
  })

  it('empty: AssumeRole resolves without credentials (DESIGN §7)', async () => {
    sandbox.setFaults([{ service: 'sts', operation: 'AssumeRole', kind: 'empty' }])
    const result = await caller().send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'empty' }))
    expect(result.Credentials).toBeUndefined()
  })

  it('latency and rate: every second call is delayed', async () => {
    sandbox.setFaults([{ service: 'sts', kind: 'latency', latencyMs: 300, rate: 0.5 }])
    const timed = async () => {
      const start = Date.now()
      await caller().send(new GetCallerIdentityCommand({}))
      return Date.now() - start
    }
    const first = await timed()
    const second = await timed()
    expect(first).toBeLessThan(300)
    expect(second).toBeGreaterThanOrEqual(290)
  })

  it('admin endpoints set faults and list calls for a CLI-started sandbox', async () => {
    const put = await fetch(`${sandbox.endpoint}/_sandbox/faults`, { method: 'PUT', body: JSON.stringify([{ service: 'sts', kind: 'throttle', count: 1 }]) })
    expect(put.status).toBe(200)
    await caller().send(new GetCallerIdentityCommand({}))
    const calls = (await (await fetch(`${sandbox.endpoint}/_sandbox/calls`)).json()) as { operation: string; status: number }[]
    expect(calls.map((c) => [c.operation, c.status])).toEqual([
      ['GetCallerIdentity', 400],
      ['GetCallerIdentity', 200]
    ])
    const bad = await fetch(`${sandbox.endpoint}/_sandbox/faults`, { method: 'PUT', body: '[{"service":"s3"}]' })
    expect(bad.status).toBe(400)
    const delay = await fetch(`${sandbox.endpoint}/_sandbox/cloudtrail-delay`, { method: 'POST', body: '{"ms": 0}' })
    expect(delay.status).toBe(200)
  })
})
