/**
 * Bedrock's own word on each model for the role's account: GetFoundationModelAvailability (botocore
 * bedrock 2023-04-20: `authorizationStatus`, `agreementAvailability.status`,
 * `entitlementAvailability`, `regionAvailability`; docs/aws-facts.md
 * bedrock.control-plane.availability) in the setup's region, asked with `--target-profile` or the
 * role itself. Models are enabled by default since 2025, so what this finds is what still blocks a
 * model: Anthropic's one-time use-case form, a third-party model's first Marketplace subscription,
 * a model not offered in the region (bedrock.model-access.default-on, bedrock.anthropic.use-case-form,
 * bedrock.marketplace.actions). A profile is asked about by its foundation model; an application
 * profile's models are only known live, so it is left to the Converse check.
 *
 * Never a pass it has not seen: a denied read skips with the reason, an environment failure is a
 * failure of kind `error`, and a state it does not know is a warning.
 */
import { parseModelRef } from '../../models.js'
import { MARKETPLACE_ACTIONS } from '../../policies/permissions.js'
import type { ModelAvailability } from '../../ports/aws.js'
import { FLAG_OF } from '../../setup/input.js'
import type { VerifyContext } from '../context.js'
import { describeAwsError, failureFromError, isAccessDenied } from '../failures.js'
import type { CheckDefinition, CheckResult } from '../types.js'

/** The foundation model behind each configured model, first occurrence kept; application profiles left out. */
function foundationModelsOf(models: readonly string[]): string[] {
  const ids = models.map(parseModelRef).flatMap((ref) => (ref && ref.kind !== 'application-profile' ? [ref.modelId] : []))
  return [...new Set(ids)]
}

type Verdict = { status: 'pass' } | { status: 'fail' | 'warn'; problem: string; fix: string }

function verdictOf(a: ModelAvailability, ctx: VerifyContext): Verdict {
  const { setup } = ctx
  const account = setup.targetAccountId
  if (a.regionAvailability !== 'AVAILABLE') {
    return { status: 'fail', problem: `not offered in ${setup.region}`, fix: `use a region that offers ${a.modelId}, or its cross-region inference profile, in ${FLAG_OF.models}, and re-apply: ${ctx.fixCommand}` }
  }
  if (a.agreement.status === 'PENDING') {
    return { status: 'warn', problem: 'its Marketplace agreement is still being set up', fix: 'wait (AWS says up to 15 minutes after first use) and run verify again' }
  }
  const blocked = a.authorizationStatus !== 'AUTHORIZED' || a.agreement.status !== 'AVAILABLE' || a.entitlementAvailability !== 'AVAILABLE'
  if (!blocked) {
    const known = a.authorizationStatus === 'AUTHORIZED' && a.agreement.status === 'AVAILABLE' && a.entitlementAvailability === 'AVAILABLE'
    return known ? { status: 'pass' } : { status: 'warn', problem: 'Bedrock answered with a state this version does not know', fix: 'see the evidence' }
  }
  const state = `authorization ${a.authorizationStatus}, agreement ${a.agreement.status}${a.agreement.errorMessage ? ` (${a.agreement.errorMessage})` : ''}, entitlement ${a.entitlementAvailability}`
  const provider = a.modelId.split('.')[0]
  if (provider === 'anthropic') {
    return {
      status: 'fail',
      problem: state,
      fix: `Anthropic models need the one-time use case details submitted for account ${account} (or the organization's management account): open the model in the Bedrock console's model catalog or call PutUseCaseForModelAccess; first use also subscribes through AWS Marketplace, which needs ${MARKETPLACE_ACTIONS.join(', ')} (${FLAG_OF.marketplace})`
    }
  }
  if (provider === 'amazon') {
    return { status: 'fail', problem: state, fix: `Amazon models need no subscription: check the account's standing and SCPs for ${a.modelId} in ${account}, then run bedrock-xacct explain with the Converse error` }
  }
  return {
    status: 'fail',
    problem: state,
    fix: `first use of a third-party model subscribes account ${account} through AWS Marketplace: the caller needs ${MARKETPLACE_ACTIONS.join(', ')} (add ${FLAG_OF.marketplace} and re-apply: ${ctx.fixCommand}) and the account a valid payment method`
  }
}

export const modelAvailability: CheckDefinition<VerifyContext> = {
  id: 'model-availability',
  title: 'Bedrock reports the models available to the target account (access, agreement, region)',
  dependsOn: ['config-region'],
  async run(ctx): Promise<CheckResult> {
    const models = foundationModelsOf(ctx.setup.models)
    if (models.length === 0) {
      return { status: 'skip', evidence: ['every configured model is an application inference profile, whose models only Bedrock knows'], hint: 'The Converse check calls each profile; its result is the evidence.' }
    }
    const reader = await ctx.facts.iamReader()
    if (!reader.available) return { status: 'skip', evidence: [reader.reason], hint: `Pass --target-profile with bedrock:GetFoundationModelAvailability in account ${ctx.setup.targetAccountId} to check the models' access.` }
    const port = reader.clients.bedrockControl(ctx.setup.region)
    const rows: Record<string, unknown>[] = []
    const problems: { model: string; verdict: Exclude<Verdict, { status: 'pass' }> }[] = []
    for (const modelId of models) {
      let availability: ModelAvailability | undefined
      try {
        availability = await port.getFoundationModelAvailability(modelId)
      } catch (error) {
        if (isAccessDenied(error)) {
          return {
            status: 'skip',
            evidence: { done: rows, denied: describeAwsError(error), readVia: reader.via },
            hint: `Allow bedrock:GetFoundationModelAvailability (Resource "*") to the ${reader.via === 'role' ? 'role' : '--target-profile principal'} in account ${ctx.setup.targetAccountId} to check the models' access; the Converse check still tests each model.`
          }
        }
        if (isNotFound(error)) {
          problems.push({ model: modelId, verdict: { status: 'warn', problem: `Bedrock does not know ${modelId} in ${ctx.setup.region}`, fix: `check the model id in ${FLAG_OF.models}` } })
          rows.push({ model: modelId, error: describeAwsError(error) })
          continue
        }
        return { ...failureFromError(error), evidence: { done: rows, failed: { model: modelId, error: describeAwsError(error) } } }
      }
      rows.push({ model: modelId, authorizationStatus: availability.authorizationStatus, agreement: availability.agreement.status, entitlement: availability.entitlementAvailability, region: availability.regionAvailability })
      const verdict = verdictOf(availability, ctx)
      if (verdict.status !== 'pass') problems.push({ model: modelId, verdict })
    }
    const evidence = { models: rows, region: ctx.setup.region, readVia: reader.via }
    if (problems.length === 0) return { status: 'pass', evidence }
    const status = problems.some((p) => p.verdict.status === 'fail') ? 'fail' : 'warn'
    const first = problems.find((p) => p.verdict.status === status)!
    const others = problems.length > 1 ? ` (${problems.length - 1} more in the evidence)` : ''
    return { status, evidence: { ...evidence, problems: problems.map((p) => ({ model: p.model, problem: p.verdict.problem, fix: p.verdict.fix })) }, hint: `${first.model}: ${first.verdict.problem}; ${first.verdict.fix}${others}.` }
  }
}

function isNotFound(error: unknown): boolean {
  return (error as { failure?: { kind?: unknown } } | null)?.failure?.kind === 'not-found'
}
