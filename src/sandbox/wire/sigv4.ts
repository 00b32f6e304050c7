/**
 * SigV4 verification: parse the Authorization header, then recompute the signature with
 * `@smithy/signature-v4` (the SDK's own signer, never a hand-written copy of the algorithm) over the
 * same signed headers, region and service, and compare.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import { SignatureV4 } from '@smithy/signature-v4'

export interface ParsedAuthorization {
  accessKeyId: string
  /** `YYYYMMDD` from the credential scope. */
  date: string
  region: string
  service: string
  signedHeaders: string[]
  signature: string
}

const AUTHORIZATION = /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})\s*$/

/** Parse `AWS4-HMAC-SHA256 Credential=…/DATE/REGION/SERVICE/aws4_request, SignedHeaders=…, Signature=…`. */
export function parseAuthorization(header: string): ParsedAuthorization | undefined {
  const match = AUTHORIZATION.exec(header)
  if (!match) return undefined
  return {
    accessKeyId: match[1]!,
    date: match[2]!,
    region: match[3]!,
    service: match[4]!,
    signedHeaders: match[5]!.split(';'),
    signature: match[6]!
  }
}

function toBytes(data: ArrayBuffer | ArrayBufferView): Uint8Array {
  return ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data)
}

/** Node's crypto behind the Checksum interface the signer wants (HMAC when given a key). */
export class NodeSha256 {
  private readonly hash
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', typeof secret === 'string' ? secret : toBytes(secret))
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(typeof data === 'string' ? data : toBytes(data))
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest())
  }
  reset(): void {
    throw new Error('NodeSha256 is single-use')
  }
}

export interface SignedRequest {
  method: string
  /** The raw path as received (still percent-encoded), without the query string. */
  rawPath: string
  query: URLSearchParams
  /** Lower-case header names. */
  headers: Record<string, string>
  body: Buffer
}

/** `20250101T000000Z` → Date; undefined when malformed. */
function parseAmzDate(text: string | undefined): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text ?? '')
  if (!match) return undefined
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number]
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s))
}

/** Recompute the request's signature with `secretAccessKey`; true when it matches. */
export async function signatureMatches(request: SignedRequest, auth: ParsedAuthorization, secretAccessKey: string): Promise<boolean> {
  const signingDate = parseAmzDate(request.headers['x-amz-date'])
  if (!signingDate) return false
  // The signer trusts a x-amz-content-sha256 header as the payload hash; check it against the body.
  const declaredHash = request.headers['x-amz-content-sha256']
  if (declaredHash !== undefined && /^[0-9a-f]{64}$/.test(declaredHash) && declaredHash !== createHash('sha256').update(request.body).digest('hex')) return false
  const headers: Record<string, string> = {}
  for (const name of auth.signedHeaders) {
    const value = name === 'host' ? (request.headers.host ?? request.headers[':authority']) : request.headers[name]
    if (value === undefined) return false
    headers[name] = value
  }
  const query: Record<string, string | string[]> = {}
  for (const [key, value] of request.query) {
    const existing = query[key]
    query[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value]
  }
  const signer = new SignatureV4({
    credentials: { accessKeyId: auth.accessKeyId, secretAccessKey },
    region: auth.region,
    service: auth.service,
    sha256: NodeSha256,
    uriEscapePath: true,
    // Recompute over exactly the headers the client signed: the signer must not add its own
    // x-amz-content-sha256 (the AWS CLI / botocore does not sign one for query-protocol calls).
    applyChecksum: false
  })
  const [host, port] = (headers.host ?? '').split(':')
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: 'http:',
      hostname: host ?? '',
      port: port === undefined ? undefined : Number(port),
      path: request.rawPath,
      query,
      headers,
      body: request.body.length === 0 ? undefined : request.body
    },
    { signingDate, signingRegion: auth.region, signingService: auth.service }
  )
  const recomputed = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization ?? signed.headers.Authorization ?? ''))?.[1]
  if (!recomputed) return false
  return timingSafeEqual(Buffer.from(recomputed), Buffer.from(auth.signature))
}
