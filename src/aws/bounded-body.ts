/**
 * A bound on what one response may bring into memory. A misbehaving endpoint (a proxy, a stand-in,
 * a wrong AWS_ENDPOINT_URL) that streams gigabytes used to end in V8's fatal out-of-memory error
 * (exit 133, issue 17); now the read stops at the bound and the call fails as "unavailable" (exit 3).
 */
import { Transform, type Readable } from 'node:stream'

/** What the Smithy HTTP handlers (NodeHttpHandler, NodeHttp2Handler) have in common that we wrap. */
interface ResponseHandler {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the handlers' own option types differ
  handle(request: any, options?: any): Promise<{ response: { headers: Record<string, string | undefined>; body?: unknown } }>
}

/**
 * The largest response body read. The largest answers the tool asks for are a page of
 * GetAccountAuthorizationDetails or of 50 CloudTrail events: a few MB. 64 MiB is far above any
 * AWS answer the tool requests and far below what a Node string can hold.
 */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024

/** The code errors.ts classifies as "the endpoint did not answer properly". */
export const RESPONSE_TOO_LARGE = 'ERR_RESPONSE_TOO_LARGE'

function tooLarge(maxBytes: number): Error {
  const error = new Error(`the response was larger than ${maxBytes / 1024 / 1024} MiB, which no AWS answer the tool asks for is; reading stopped`)
  return Object.assign(error, { code: RESPONSE_TOO_LARGE })
}

/** The body, passed through while it stays within `maxBytes`; an error (and the source destroyed) past that. */
function limited(body: Readable, maxBytes: number): Readable {
  let seen = 0
  const limiter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.byteLength
      if (seen > maxBytes) {
        body.destroy()
        done(tooLarge(maxBytes))
        return
      }
      done(null, chunk)
    }
  })
  body.on('error', (error) => limiter.destroy(error))
  return body.pipe(limiter)
}

/**
 * Wrap a handler's `handle` so each response body is bounded. A declared Content-Length over the
 * bound fails before reading anything. The handler keeps every other behaviour (pooling, HTTP/2
 * sessions, timeouts, destroy).
 */
export function boundResponses<Handler extends ResponseHandler>(handler: Handler, maxBytes = MAX_RESPONSE_BYTES): Handler {
  const handle = handler.handle.bind(handler)
  handler.handle = async (request, options) => {
    const result = await handle(request, options)
    const { response } = result
    const declared = Number(response.headers['content-length'] ?? response.headers['Content-Length'] ?? Number.NaN)
    const body = response.body as Readable | undefined
    if (Number.isFinite(declared) && declared > maxBytes) {
      body?.destroy?.()
      throw tooLarge(maxBytes)
    }
    if (body && typeof body.pipe === 'function') response.body = limited(body, maxBytes)
    return result
  }
  return handler
}
