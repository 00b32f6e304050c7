/**
 * The wire layer's own types: one authenticated HTTP request (the engine's RequestContext plus the
 * HTTP parts), the response a service's codec renders, and the handler that joins them.
 */
import type { RequestContext, ServiceName } from '../engine/types.js'

export interface SandboxRequest extends RequestContext {
  service: ServiceName
  method: string
  /** Path without the query string, URL-decoded per segment. */
  path: string
  query: URLSearchParams
  headers: Record<string, string>
  body: Buffer
}

export type SandboxResponseBody = string | Buffer | AsyncIterable<Uint8Array>

export interface SandboxResponse {
  status: number
  headers: Record<string, string>
  body: SandboxResponseBody
}

/** One service's codec: decode the request into the engine's input, call the engine, render its output. */
export type ServiceHandler = (request: SandboxRequest) => Promise<SandboxResponse>
