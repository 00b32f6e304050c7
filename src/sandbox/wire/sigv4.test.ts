/**
 * The sandbox verifies SigV4 over exactly the headers the client signed: the JS SDK signs
 * x-amz-content-sha256, the AWS CLI (botocore) does not for query-protocol calls — both must pass,
 * and a wrong secret or a changed body must not.
 */
import { SignatureV4 } from '@smithy/signature-v4'
import { describe, expect, it } from 'vitest'
import { NodeSha256, parseAuthorization, signatureMatches } from './sigv4.js'

const KEY = { accessKeyId: 'AKIASANDBOXACALLER01', secretAccessKey: 'sandbox-test-secret-0000000000000000000' }
const BODY = 'Action=GetCallerIdentity&Version=2011-06-15'

async function signed(applyChecksum: boolean, body = BODY) {
  const signer = new SignatureV4({ credentials: KEY, region: 'us-east-1', service: 'sts', sha256: NodeSha256, applyChecksum })
  const request = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: '127.0.0.1',
    port: 4566,
    path: '/',
    headers: { host: '127.0.0.1:4566', 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body
  })
  const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), String(v)]))
  return { headers, auth: parseAuthorization(headers.authorization ?? '')! }
}

describe('signatureMatches', () => {
  it.each([
    ['JS SDK style (x-amz-content-sha256 signed)', true],
    ['AWS CLI style (no payload-hash header)', false]
  ])('accepts %s', async (_name, applyChecksum) => {
    const { headers, auth } = await signed(applyChecksum)
    expect(auth.signedHeaders.includes('x-amz-content-sha256')).toBe(applyChecksum)
    expect(await signatureMatches({ method: 'POST', rawPath: '/', query: new URLSearchParams(), headers, body: Buffer.from(BODY) }, auth, KEY.secretAccessKey)).toBe(true)
  })

  it.each([true, false])('rejects a wrong secret or a changed body (payload hash signed: %s)', async (applyChecksum) => {
    const { headers, auth } = await signed(applyChecksum)
    const request = { method: 'POST', rawPath: '/', query: new URLSearchParams(), headers }
    expect(await signatureMatches({ ...request, body: Buffer.from(BODY) }, auth, 'another-secret')).toBe(false)
    expect(await signatureMatches({ ...request, body: Buffer.from(`${BODY}&x=1`) }, auth, KEY.secretAccessKey)).toBe(false)
  })
})
