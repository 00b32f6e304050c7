/**
 * SimulatePrincipalPolicy, answered by the same evaluator the sandbox enforces with: the identity
 * policies (and permissions boundary, and the account's SCPs) of the user or role named by
 * PolicySourceArn, for each action × resource, with only the context entries the request gives
 * (AWS's simulator sets no request context of its own).
 */
import type { Evaluation, NamedPolicy } from '../../../core/evaluate.js'
import { scpLevels } from '../authorize.js'
import { SandboxAwsError } from '../types.js'
import type { IamOperation } from './types.js'
import { noSuchEntity } from './errors.js'
import { parsePolicyText } from '../policy-validate.js'

/** Most evaluations one call may ask for; AWS paginates results, we refuse huge requests. */
const MAX_EVALUATIONS = 1000

const DECISIONS: Record<Evaluation['decision'], string> = { Allowed: 'allowed', ImplicitlyDenied: 'implicitDeny', ExplicitlyDenied: 'explicitDeny' }

export const IAM_SIMULATE_OPERATIONS: Record<string, IamOperation> = {
  SimulatePrincipalPolicy: {
    readOnly: true,
    async run(context) {
      const { params, deps } = context
      const source = params.checked('PolicySourceArn', params.required('PolicySourceArn'), 20, 2048)
      context.trailParameters.policySourceArn = source
      await context.authorize(source)
      const match = /^arn:aws:iam::(\d{12}):(user|role)\/(?:[\x21-\x7e]+\/)?([\w+=,.@-]+)$/.exec(source)
      const principal = match ? (match[2] === 'user' ? deps.store.getUser(match[1]!, match[3]!) : deps.store.getRole(match[1]!, match[3]!)) : undefined
      if (!match || !principal || match[1] !== context.accountId) throw noSuchEntity(`Could not find the entity ${source}.`)
      const actions = params.list('ActionNames')
      if (actions.length === 0) throw new SandboxAwsError('InvalidInput', 'ActionNames must contain at least one action.', 400)
      const resources = params.list('ResourceArns')
      const targets = resources.length > 0 ? resources : ['*']
      if (actions.length * targets.length > MAX_EVALUATIONS) throw new SandboxAwsError('InvalidInput', `At most ${MAX_EVALUATIONS} action × resource pairs per call.`, 400)
      const contextValues: Record<string, string | string[]> = {}
      for (const entry of params.structures('ContextEntries')) {
        const key = entry.optional('ContextKeyName')
        if (key === undefined) break
        const values = entry.list('ContextKeyValues')
        const type = entry.optional('ContextKeyType') ?? 'string'
        contextValues[key] = type.endsWith('List') ? values : (values[0] ?? '')
      }
      const extra: NamedPolicy[] = params.list('PolicyInputList').map((text, i) => ({ name: `PolicyInputList.${i + 1}`, document: parsePolicyText(text) }))
      const identityPolicies = [...deps.store.identityPolicies(principal), ...extra]
      // Like AWS's simulator: without a ResourcePolicy, only identity policies count, as if the
      // resource were in the principal's account; with one, ResourceOwner says whose it is.
      const resourcePolicyText = params.optional('ResourcePolicy')
      const resourcePolicy = resourcePolicyText === undefined ? undefined : parsePolicyText(resourcePolicyText)
      const owner = /(\d{12})/.exec(params.optional('ResourceOwner') ?? '')?.[1]
      const resourceAccount = resourcePolicy && owner ? owner : context.accountId
      const results = []
      for (const action of actions) {
        for (const resource of targets) {
          const evaluation = await deps.evaluator
            .evaluate({
              principal: principal.arn,
              action,
              resource,
              resourceAccount,
              context: contextValues,
              identityPolicies,
              resourcePolicy,
              serviceControlPolicies: scpLevels(deps.store, context.accountId),
              permissionsBoundary: deps.store.boundaryOf(principal)
            })
            // An action that does not apply to the resource type: AWS's simulator answers implicitDeny.
            .catch((): Pick<Evaluation, 'decision' | 'denials'> => ({ decision: 'ImplicitlyDenied', denials: [] }))
          const explicit = evaluation.denials.filter((d) => d.explicit && d.policyName)
          results.push({
            EvalActionName: action,
            EvalResourceName: resource,
            EvalDecision: DECISIONS[evaluation.decision],
            MatchedStatements: explicit.map((d) => ({ SourcePolicyId: d.policyName, SourcePolicyType: d.layer === 'scp' ? 'aws-managed' : 'IAM Policy' })),
            MissingContextValues: [],
            OrganizationsDecisionDetail: { AllowedByOrganizations: !evaluation.denials.some((d) => d.layer === 'scp') }
          })
        }
      }
      return { result: { EvaluationResults: results, IsTruncated: false } }
    }
  }
}
