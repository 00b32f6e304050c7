/**
 * Check 10: a Converse call through the assumed credentials, for EVERY configured model (a setup
 * names a handful; a model missing from the policy is exactly what users need to find), as in the
 * IP allow-list guide: a system prompt, a small maxTokens, temperature 0. `--stream` also checks
 * ConverseStream. Embedding and image models, which AWS does not serve through Converse, get one
 * InvokeModel with their family's smallest valid body instead, and pass only on an answer carrying
 * an embedding or an image. A 5xx or throttling that survives the SDK's retries is a failure of kind
 * `error`, never a pass.
 */
import { isAwsCallError } from '../../ports/aws-error.js'
import { describeAwsError, failureFromError, isEnvironmental } from '../failures.js'
import { fixCommandFor } from '../hints.js'
import type { VerifyContext } from '../context.js'
import type { CheckDefinition, CheckResult } from '../types.js'
import { FLAG_OF } from '../../setup/input.js'
import { MARKETPLACE_ACTIONS } from '../../policies/permissions.js'
import { profileIdFor } from '../../diagnose/profile-prefix.js'
import { hasModelOutput, minimalInvokeBody, modelOutput, parseModelRef, type ModelOutput } from '../../models.js'
import type { BedrockPort } from '../../ports/aws.js'

/** Small on purpose: the check proves access, not quality, and tokens cost money. */
export const CONVERSE_MAX_TOKENS = 16
export const CONVERSE_SYSTEM_PROMPT = 'You are a connectivity check for a cross-account Bedrock setup. Answer in one word.'
export const CONVERSE_PROMPT = 'Reply with the word OK.'

export const converse: CheckDefinition<VerifyContext> = {
  id: 'converse',
  title: 'Converse through the assumed role returns text',
  dependsOn: ['assume-role', 'config-region'],
  async run(ctx): Promise<CheckResult> {
    const bedrock = (await ctx.facts.roleClients()).bedrock(ctx.setup.region)
    const operations = ctx.options.stream ? (['converse', 'converseStream'] as const) : (['converse'] as const)
    const results: Record<string, unknown>[] = []
    ctx.state.converse = { at: new Date(ctx.clock.now()), modelIds: [...ctx.setup.models], streamed: ctx.options.stream }
    for (const modelId of ctx.setup.models) {
      const output = modelOutput(foundationIdOf(modelId))
      if (output !== 'text') {
        // Embedding and image models take no Converse on AWS (docs/aws-facts.md bedrock.converse.no-embeddings):
        // InvokeModel with the family's smallest valid body, authorized as bedrock:InvokeModel all the same.
        const failed = await invokeNonChat(ctx, bedrock, modelId, output, results)
        if (failed) return failed
        continue
      }
      for (const operation of operations) {
        const began = ctx.clock.now()
        try {
          const output = await bedrock[operation]({ modelId, system: CONVERSE_SYSTEM_PROMPT, prompt: CONVERSE_PROMPT, maxTokens: CONVERSE_MAX_TOKENS, temperature: 0 })
          const row = {
            model: modelId,
            operation: operation === 'converse' ? 'Converse' : 'ConverseStream',
            latencyMs: Math.round(ctx.clock.now() - began),
            bedrockLatencyMs: output.latencyMs,
            usage: output.usage,
            stopReason: output.stopReason,
            text: output.text.slice(0, 80)
          }
          results.push(row)
          if (output.text.trim() === '') {
            return { status: 'fail', kind: 'error', evidence: { calls: results }, hint: `${modelId} answered with no text; run verify again, and check the model in the Bedrock console of ${ctx.setup.targetAccountId}.` }
          }
        } catch (error) {
          if (isEnvironmental(error)) {
            const failure = failureFromError(error)
            return { ...failure, evidence: { done: results, failed: { model: modelId, operation, error: describeAwsError(error) } } }
          }
          return { status: 'fail', evidence: { done: results, failed: { model: modelId, operation, error: describeAwsError(error) } }, hint: await bedrockHint(ctx, modelId, operation, error) }
        }
      }
    }
    return { status: 'pass', evidence: { calls: results } }
  }
}

/** The foundation model behind a model reference (an application profile's is unknown: treated as text). */
function foundationIdOf(model: string): string {
  const ref = parseModelRef(model)
  return ref && ref.kind !== 'application-profile' ? ref.modelId : model
}

/** One InvokeModel for an embedding or image model; a result to return when it did not prove access, else undefined. */
async function invokeNonChat(ctx: VerifyContext, bedrock: BedrockPort, modelId: string, output: Exclude<ModelOutput, 'text'>, results: Record<string, unknown>[]): Promise<CheckResult | undefined> {
  const began = ctx.clock.now()
  try {
    const answer = await bedrock.invokeModel({ modelId, body: minimalInvokeBody(foundationIdOf(modelId)) })
    const row = { model: modelId, operation: 'InvokeModel', output, latencyMs: Math.round(ctx.clock.now() - began) }
    results.push(row)
    if (!hasModelOutput(output, answer.body)) {
      return {
        status: 'fail',
        kind: 'error',
        evidence: { calls: results },
        hint: `${modelId} answered InvokeModel without ${output === 'embedding' ? 'an embedding' : 'an image'}; run verify again, and check the model in the Bedrock console of ${ctx.setup.targetAccountId}.`
      }
    }
    return undefined
  } catch (error) {
    const failed = { model: modelId, operation: 'invokeModel', error: describeAwsError(error) }
    if (isEnvironmental(error)) return { ...failureFromError(error), evidence: { done: results, failed } }
    return { status: 'fail', evidence: { done: results, failed }, hint: await bedrockHint(ctx, modelId, 'invokeModel', error) }
  }
}

async function bedrockHint(ctx: VerifyContext, modelId: string, operation: string, error: unknown): Promise<string> {
  const { setup } = ctx
  const message = isAwsCallError(error) ? error.failure.awsMessage : String(error)
  if (/don't have access to the model/i.test(message)) {
    // Models are on by default since 2025 and the console's Model access page is retired (docs/aws-facts.md bedrock.model-access.default-on).
    return `Bedrock refuses ${modelId} to account ${setup.targetAccountId} (${setup.region}): a third-party model's first use needs its Marketplace subscription (${FLAG_OF.marketplace}), Anthropic models need the one-time use-case form, an SCP may deny it, or it is not offered in this region. Run bedrock-xacct explain with the message.`
  }
  if (/marked by provider as Legacy|reached the end of its life/i.test(message)) {
    return `${modelId} is Legacy or retired on Bedrock: choose an active model in ${FLAG_OF.models} and re-apply: ${await fixCommandFor(ctx)}`
  }
  if (/on-demand throughput/i.test(message)) {
    return `${modelId} cannot be called on demand: use its inference profile (e.g. ${profileIdFor(modelId, setup.region)}) in ${FLAG_OF.models} and re-apply: ${await fixCommandFor(ctx)}`
  }
  if (/aws-marketplace/i.test(message)) {
    return `First use of ${modelId} needs ${MARKETPLACE_ACTIONS.join(', ')}: add ${FLAG_OF.marketplace} and re-apply: ${await fixCommandFor(ctx)}`
  }
  if (/not authorized to perform/i.test(message)) {
    const action = operation === 'converseStream' ? 'bedrock:InvokeModelWithResponseStream' : 'bedrock:InvokeModel'
    const ip = setup.sourceIpCidrs.length > 0 ? ` (or this machine's public IP is outside the aws:SourceIp allow-list ${setup.sourceIpCidrs.join(', ')})` : ''
    return `The permissions policy ${setup.permissionsPolicyName} of ${setup.roleName} in ${setup.targetAccountId} does not allow ${action} on ${modelId}${ip}: ${await fixCommandFor(ctx)}`
  }
  if (/model identifier is invalid|unknown model|not found/i.test(message)) {
    return `Bedrock does not know ${modelId} in ${setup.region}: fix ${FLAG_OF.models}.`
  }
  return `Bedrock refused ${modelId}; see the evidence and run bedrock-xacct explain with the message.`
}
