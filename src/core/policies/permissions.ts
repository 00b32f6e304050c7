/**
 * The access role's Bedrock permissions policy (DESIGN §4 "Inference profiles"):
 * - foundation model `ID` → `arn:P:bedrock:REGION::foundation-model/ID`;
 * - system profile `geo.ID` → the profile ARN in B plus the foundation-model ARN in every
 *   destination region of the geography (a request through the profile may be served in any);
 * - global profile → the profile ARN, the regional foundation-model ARN and the region-less
 *   `arn:P:bedrock:::foundation-model/ID` that global routing is authorized against;
 * - application profile ARN → that ARN. Its underlying models are only known to Bedrock, so they
 *   must be granted separately (NEXT-STEPS and the linter say so).
 */
import { invalidInput } from '../errors.js'
import type { PolicyDocument, PolicyStatement } from '../evaluate.js'
import { destinationRegions, foundationModelArn, inferenceProfileArn, parseModelRef, type ModelRef } from '../models.js'
import type { Partition } from '../arn.js'
import type { Setup } from '../setup/model.js'
import type { LiveDestinations } from '../profile-destinations.js'
import { POLICY_VERSION, STATEMENT_IDS } from './statement-ids.js'
import { oneOrMany } from './trust.js'

/**
 * What automatic first-use subscription to a third-party model needs (Bedrock user guide,
 * model-access: "aws-marketplace:Subscribe, aws-marketplace:Unsubscribe and
 * aws-marketplace:ViewSubscriptions"; docs/aws-facts.md `bedrock.marketplace.actions`).
 */
export const MARKETPLACE_ACTIONS = ['aws-marketplace:Subscribe', 'aws-marketplace:Unsubscribe', 'aws-marketplace:ViewSubscriptions'] as const

/** The invoke actions; Converse/ConverseStream are authorized as these two (DESIGN §4). */
export const INVOKE_ACTION = 'bedrock:InvokeModel'
export const STREAM_ACTION = 'bedrock:InvokeModelWithResponseStream'

/** What one chosen model grants: the ARN the caller names, and the model ARNs behind it. */
export interface ModelGrant {
  /** The model as the user gave it. */
  model: string
  ref: ModelRef
  /** The ARN the caller passes as modelId (or its ARN form). */
  entryArn: string
  /** The inference profile ARN when the model is reached through a profile. */
  profileArn?: string | undefined
  /** Foundation-model ARNs the request may be authorized against when routed through the profile. */
  routedModelArns: string[]
}

/**
 * Resolve each model of a setup to the ARNs it needs. Unparseable ids are input errors naming the
 * model. `live` holds what GetInferenceProfile said a profile routes to (profile-destinations.ts);
 * profiles not in it use the static table.
 */
export function modelGrants(setup: Setup, live: LiveDestinations = {}): ModelGrant[] {
  return setup.models.map((model) => {
    const grant = modelGrant(model, setup, live[model])
    if (!grant) {
      throw invalidInput('models', model, 'a Bedrock model id (anthropic.claude-3-5-haiku-20241022-v1:0), an inference profile id (us.…, eu.…, apac.…, global.…) or an application inference profile ARN')
    }
    return grant
  })
}

/** Where a model is called: the partition, the caller's region and the account that owns the profiles. */
export interface GrantLocation {
  partition: Partition
  region: string
  targetAccountId: string
}

/**
 * What one model needs granted, called from `location.region`: a cross-region profile needs its own
 * ARN plus the foundation-model ARN in every destination region (global: also the region-less
 * one). Undefined when `model` is no model reference. Shared by the builders and explain's fixes.
 */
export function modelGrant(model: string, location: GrantLocation, liveModelArns?: readonly string[]): ModelGrant | undefined {
  const { partition, region, targetAccountId } = location
  const ref = parseModelRef(model)
  if (!ref) return undefined
  switch (ref.kind) {
    case 'foundation-model':
      return { model, ref, entryArn: foundationModelArn(partition, region, ref.modelId), routedModelArns: [] }
    case 'application-profile':
      // Only Bedrock knows an application profile's models; without a live read they are granted separately.
      return { model, ref, entryArn: ref.arn, profileArn: ref.arn, routedModelArns: [...new Set(liveModelArns ?? [])] }
    case 'system-profile': {
      const profileArn = inferenceProfileArn(partition, region, targetAccountId, ref.id)
      const source = foundationModelArn(partition, region, ref.modelId)
      // Live truth over the table: Bedrock's list, plus the source region's model, which AWS always
      // authorizes (profile.geo.iam, profile.global.iam) even if a short `models` list left it out.
      const regional = liveModelArns ? [source, ...liveModelArns] : destinationRegions(ref.geography, region).map((r) => foundationModelArn(partition, r, ref.modelId))
      const routed = ref.geography === 'global' ? [...regional, foundationModelArn(partition, '', ref.modelId)] : regional
      return { model, ref, entryArn: profileArn, profileArn, routedModelArns: [...new Set(routed)] }
    }
  }
}

/** Every resource the role may invoke, in model order, first occurrence kept. */
export function invokeResourcesOf(grants: readonly ModelGrant[]): string[] {
  return [...new Set(grants.flatMap((g) => [g.entryArn, ...g.routedModelArns]))]
}

/** The role's Bedrock policy: invoke on exactly `invokeResources`, plus the optional Marketplace and CloudTrail statements. */
export function buildPermissionsPolicy(setup: Setup, invokeResources: readonly string[]): PolicyDocument {
  const invoke: PolicyStatement = {
    Sid: STATEMENT_IDS.invoke,
    Effect: 'Allow',
    Action: setup.streaming ? [INVOKE_ACTION, STREAM_ACTION] : INVOKE_ACTION,
    Resource: oneOrMany(invokeResources)
  }
  // The IP allow-list pattern: the Allow only applies from the listed public ranges. An Allow with
  // IpAddress (rather than a Deny with NotIpAddress) cannot lock anyone else out of the account.
  if (setup.sourceIpCidrs.length > 0) invoke.Condition = { IpAddress: { 'aws:SourceIp': oneOrMany(setup.sourceIpCidrs) } }
  const statements: PolicyStatement[] = [invoke]
  if (setup.marketplace) {
    // First use of some third-party models subscribes the account through AWS Marketplace. These
    // actions have no resource types, so Resource must be "*".
    statements.push({
      Sid: STATEMENT_IDS.marketplace,
      Effect: 'Allow',
      Action: [...MARKETPLACE_ACTIONS],
      Resource: '*'
    })
  }
  if (setup.cloudTrailLookup) {
    // LookupEvents supports no resource-level permissions; it only reads B's management events.
    statements.push({ Sid: STATEMENT_IDS.cloudTrail, Effect: 'Allow', Action: 'cloudtrail:LookupEvents', Resource: '*' })
  }
  return { Version: POLICY_VERSION, Statement: statements }
}
