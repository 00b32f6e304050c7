/**
 * The IAM action a failed call needs, named in every explain result (issue 18): from the denied
 * action when AWS named one, else from the operation the SDK or CLI reported. IAM authorizes
 * Converse as bedrock:InvokeModel and ConverseStream as bedrock:InvokeModelWithResponseStream
 * (DESIGN §4; Bedrock user guide "Converse API" prerequisites), so those never appear as such.
 */
import type { ParsedDenial } from '../access-denied/types.js'

/** IAM authorizes Converse as InvokeModel and ConverseStream as InvokeModelWithResponseStream (DESIGN §4). */
export function iamActionOf(action: string): string {
  const lower = action.toLowerCase()
  if (lower === 'bedrock:converse') return 'bedrock:InvokeModel'
  if (lower === 'bedrock:conversestream') return 'bedrock:InvokeModelWithResponseStream'
  return action
}

/** API operations seen in pasted errors, by the IAM action that authorizes them. */
const OPERATION_ACTIONS: Record<string, string> = {
  invokemodel: 'bedrock:InvokeModel',
  converse: 'bedrock:InvokeModel',
  invokemodelwithresponsestream: 'bedrock:InvokeModelWithResponseStream',
  conversestream: 'bedrock:InvokeModelWithResponseStream',
  listfoundationmodels: 'bedrock:ListFoundationModels',
  getfoundationmodel: 'bedrock:GetFoundationModel',
  listinferenceprofiles: 'bedrock:ListInferenceProfiles',
  getinferenceprofile: 'bedrock:GetInferenceProfile',
  invokeagent: 'bedrock:InvokeAgent',
  assumerole: 'sts:AssumeRole',
  assumerolewithwebidentity: 'sts:AssumeRoleWithWebIdentity',
  assumerolewithsaml: 'sts:AssumeRoleWithSAML',
  getcalleridentity: 'sts:GetCallerIdentity',
  createrole: 'iam:CreateRole',
  updateassumerolepolicy: 'iam:UpdateAssumeRolePolicy',
  getrole: 'iam:GetRole',
  lookupevents: 'cloudtrail:LookupEvents'
}

/** The IAM action for an operation name (`ConverseStream` → bedrock:InvokeModelWithResponseStream); undefined if unknown. */
export function actionOfOperation(operation: string | undefined, service?: string): string | undefined {
  if (!operation) return undefined
  const known = OPERATION_ACTIONS[operation.toLowerCase()]
  if (known) return known
  return service && /^[a-z0-9-]+$/.test(service) ? `${service}:${operation}` : undefined
}

/** The action the failed call needs, or undefined when neither the message nor the envelope says. */
export function requiredAction(parsed: ParsedDenial): string | undefined {
  if (parsed.kind === 'not-authorized' && parsed.action !== '') return iamActionOf(parsed.action)
  return actionOfOperation(parsed.envelope.operation, parsed.envelope.service)
}
