/** STS's query-protocol codec: decode the form parameters, run the engine's operation, render the XML result. */
import type { Engine } from '../engine/index.js'
import { decodeQuery, queryParams } from './query.js'
import type { ServiceHandler } from './types.js'
import { STS_NAMESPACE, queryResponse } from './xml.js'

/** The STS codec over the engine's STS operations. */
export function stsHandler(engine: Pick<Engine, 'sts'>): ServiceHandler {
  return async (request) => {
    const input = decodeQuery(queryParams(request.method, request.query, request.headers, request.body))
    const action = typeof input.Action === 'string' ? input.Action : ''
    const output = await engine.sts(request, action, input)
    return { status: 200, headers: { 'content-type': 'text/xml' }, body: queryResponse(action, STS_NAMESPACE, output, request.requestId) }
  }
}
