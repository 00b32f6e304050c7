import type { Evaluator } from '../core/evaluate.js'
import type { ServiceHandler } from './contract.js'
import { SandboxAwsError } from './contract.js'
import type { SandboxState } from './state.js'

export interface IamDeps {
  state: SandboxState
  evaluator: Evaluator
}

export function createIamHandler(_deps: IamDeps): ServiceHandler {
  return async () => {
    throw new SandboxAwsError('InvalidAction', 'not yet', 400)
  }
}
