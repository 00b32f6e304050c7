/**
 * Which service and operation a request is for: the SigV4 credential scope names the service
 * (`…/REGION/SERVICE/aws4_request`; Bedrock Runtime signs as `bedrock`), and the operation comes
 * from the query protocol's `Action`, CloudTrail's `x-amz-target`, or Bedrock's REST path.
 */
import type { ServiceName } from '../engine/types.js'
import { controlRouteOf } from './bedrock.js'

export const SERVICES: readonly ServiceName[] = ['sts', 'iam', 'bedrock', 'cloudtrail']

export function isServiceName(name: string): name is ServiceName {
  return (SERVICES as readonly string[]).includes(name)
}

/** Bedrock Runtime's REST routes: `/model/{modelId}/{suffix}` → operation. */
const BEDROCK_OPERATIONS: Record<string, string> = {
  converse: 'Converse',
  'converse-stream': 'ConverseStream',
  invoke: 'InvokeModel',
  'invoke-with-response-stream': 'InvokeModelWithResponseStream'
}

export function bedrockOperation(path: string): string | undefined {
  const control = controlRouteOf('GET', path)
  if (control) return control.operation
  const match = /^\/model\/[^/]+\/([a-z-]+)$/.exec(path)
  return match ? BEDROCK_OPERATIONS[match[1]!] : undefined
}

/** The operation name of a request to `service`, or '' when none can be told. */
export function operationOf(service: ServiceName, path: string, headers: Record<string, string>, params: URLSearchParams): string {
  switch (service) {
    case 'sts':
    case 'iam':
      return params.get('Action') ?? ''
    case 'cloudtrail': {
      const target = headers['x-amz-target'] ?? ''
      return target.slice(target.lastIndexOf('.') + 1)
    }
    case 'bedrock':
      return bedrockOperation(path) ?? ''
  }
}

/** The service an unsigned request most likely meant, for the error's wire format. */
export function guessService(path: string, headers: Record<string, string>): ServiceName {
  if (headers['x-amz-target']) return 'cloudtrail'
  if (path.startsWith('/model/') || controlRouteOf('GET', path)) return 'bedrock'
  return 'sts'
}
