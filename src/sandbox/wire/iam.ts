/** IAM's query-protocol codec: decode the form parameters, run the engine's operation, render the XML result. */
import type { Engine } from '../engine/index.js'
import { decodeQuery, queryParams } from './query.js'
import type { ServiceHandler } from './types.js'
import { IAM_NAMESPACE, queryResponse } from './xml.js'

/** The IAM codec over the engine's IAM operations. */
export function iamHandler(engine: Pick<Engine, 'iam'>): ServiceHandler {
  return async (request) => {
    const input = decodeQuery(queryParams(request.method, request.query, request.headers, request.body))
    const action = typeof input.Action === 'string' ? input.Action : ''
    const output = await engine.iam(request, action, input)
    return { status: 200, headers: { 'content-type': 'text/xml' }, body: queryResponse(action, IAM_NAMESPACE, output, request.requestId) }
  }
}
