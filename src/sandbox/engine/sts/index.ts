/**
 * The engine's STS: one function per operation, by its API name. Unknown actions answer
 * InvalidAction as STS does.
 */
import { Params, type OperationInput } from '../params.js'
import type { ApiOutput, EngineEnv, RequestContext } from '../types.js'
import { SandboxAwsError } from '../types.js'
import { assumeRole, getCallerIdentity } from './assume-role.js'
import type { StsDeps } from './deps.js'
import { assumeRoleWithWebIdentity } from './web-identity.js'

export type { StsDeps } from './deps.js'

/** Run STS `action` with `input` for `request`; throws SandboxAwsError as STS would answer. */
export async function runSts(deps: StsDeps, request: RequestContext, env: EngineEnv, action: string, input: OperationInput): Promise<ApiOutput> {
  const params = new Params(input)
  switch (action) {
    case 'GetCallerIdentity':
      return getCallerIdentity(request)
    case 'AssumeRole':
      return assumeRole(deps, request, env, params)
    case 'AssumeRoleWithWebIdentity':
      return assumeRoleWithWebIdentity(deps, request, env, params)
    default:
      throw new SandboxAwsError('InvalidAction', `Could not find operation ${action || '(none)'} for version 2011-06-15`, 400)
  }
}
