/**
 * The sandbox's HTTP plumbing: one port serving HTTP/1.1 and HTTP/2 cleartext (the Bedrock Runtime
 * SDK client speaks h2c with prior knowledge even over http://). Node 20's http2 server cannot take
 * HTTP/1.1 on a cleartext port (`allowHTTP1` only works with TLS/ALPN), so a plain TCP server reads
 * the first bytes of each connection and hands it to an HTTP/2 server when they are the h2 preface
 * (`PRI * HTTP/2.0`), else to an HTTP/1.1 server. Bodies buffered with a size cap, admin endpoints under
 * /_sandbox/, responses streamed when the handler returns an async iterable. Never crashes on a bad
 * request or a dropped connection.
 */
import * as http from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import * as http2 from 'node:http2'
import * as net from 'node:net'
import type { Socket } from 'node:net'
import { handleAdmin, type AdminTarget } from './admin.js'
import type { ConnectionCounts } from '../types.js'
import { dispatch, type Dispatcher } from './dispatch.js'
import type { SandboxResponse } from './types.js'

/** Largest request body accepted; AWS's own limits are far lower for these APIs, except Bedrock prompts. */
export const MAX_BODY_BYTES = 20 * 1024 * 1024

type AnyRequest = IncomingMessage | http2.Http2ServerRequest
type AnyResponse = ServerResponse | http2.Http2ServerResponse

/** The start of every HTTP/2 connection (RFC 9113 §3.4). */
const H2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n')

class BodyTooLarge extends Error {}

function readBody(req: AnyRequest): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge())
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
    req.on('aborted', () => reject(new Error('aborted')))
  })
}

function headersOf(req: AnyRequest): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : String(value)
  }
  return headers
}

function resetConnection(req: AnyRequest, res: AnyResponse): void {
  if ('stream' in res && res.stream) res.stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR)
  else req.socket.destroy()
}

async function send(res: AnyResponse, response: SandboxResponse): Promise<void> {
  const headers = { ...response.headers }
  if (typeof response.body === 'string' || Buffer.isBuffer(response.body)) {
    headers['content-length'] = String(Buffer.byteLength(response.body))
    res.writeHead(response.status, headers)
    res.end(response.body)
    return
  }
  const stream = res as ServerResponse
  stream.writeHead(response.status, headers)
  for await (const chunk of response.body) {
    if (stream.destroyed) return
    stream.write(chunk)
  }
  stream.end()
}

function sendJson(res: AnyResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) })
  res.end(text)
}

export interface SandboxServer {
  listen(port: number, host: string): Promise<number>
  close(): Promise<void>
  connections(): ConnectionCounts
}

export function createSandboxServer(dispatcher: Dispatcher, admin: AdminTarget): SandboxServer {
  const sockets = new Set<Socket>()
  const sessions = new Set<http2.ServerHttp2Session>()
  const accepted: ConnectionCounts = { http1: 0, http2: 0 }

  async function onRequest(req: AnyRequest, res: AnyResponse): Promise<void> {
    let body: Buffer
    try {
      body = await readBody(req)
    } catch (error) {
      if (error instanceof BodyTooLarge && !res.headersSent) sendJson(res, 413, { message: `Request body larger than ${MAX_BODY_BYTES} bytes.` })
      else resetConnection(req, res)
      return
    }
    const url = req.url ?? '/'
    const method = req.method ?? 'GET'
    if (url.startsWith('/_sandbox/')) {
      const answer = handleAdmin(admin, method, url.split('?')[0]!, body)
      sendJson(res, answer.status, answer.body)
      return
    }
    const outcome = await dispatch(dispatcher, { method, url, headers: headersOf(req), body })
    if (outcome.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, outcome.latencyMs))
    if (outcome.kind === 'reset') {
      resetConnection(req, res)
      return
    }
    await send(res, outcome.response)
  }

  const handle = (req: AnyRequest, res: AnyResponse) => {
    onRequest(req, res).catch(() => {
      try {
        resetConnection(req, res)
      } catch {
        // The connection is already gone.
      }
    })
  }
  const h1 = http.createServer(handle)
  h1.keepAliveTimeout = 5_000
  h1.on('clientError', (_error: Error, socket: Socket) => socket.destroy())
  const h2 = http2.createServer({}, handle)
  h2.on('session', (session: http2.ServerHttp2Session) => {
    sessions.add(session)
    session.on('close', () => sessions.delete(session))
    session.on('error', () => undefined)
  })
  h2.on('sessionError', () => undefined)

  /** Hand a connection to the HTTP/2 or HTTP/1.1 server by its first bytes, which are put back first. */
  const server = net.createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => undefined)
    let head = Buffer.alloc(0)
    const sniff = () => {
      let chunk: Buffer | null
      while ((chunk = socket.read() as Buffer | null) !== null) head = Buffer.concat([head, chunk])
      if (head.length < H2_PREFACE.length && H2_PREFACE.subarray(0, head.length).equals(head)) {
        socket.once('readable', sniff)
        return
      }
      socket.unshift(head)
      const isHttp2 = head.subarray(0, H2_PREFACE.length).equals(H2_PREFACE)
      accepted[isHttp2 ? 'http2' : 'http1']++
      const target = isHttp2 ? h2 : h1
      target.emit('connection', socket)
    }
    socket.once('readable', sniff)
  })

  return {
    connections: () => ({ ...accepted }),
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject)
        server.listen(port, host, () => {
          server.off('error', reject)
          const address = server.address()
          resolve(typeof address === 'object' && address ? address.port : port)
        })
      })
    },
    close() {
      return new Promise((resolve) => {
        for (const session of sessions) session.destroy()
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
    }
  }
}
