/**
 * Lint rules for Bedrock permissions (DESIGN §4 "Inference profiles"): over-broad resources, and
 * policies that cannot serve the models they are meant for — above all a foundation-model-only
 * policy used with a cross-region inference profile, which fails with AccessDenied on the profile
 * or in whichever destination region the request lands.
 */
import type { Partition } from '../arn.js'
import { foundationModelArn, parseModelRef, PROFILE_GEOGRAPHIES, UNSPECIFIED_REGION, type ModelRef } from '../models.js'
import { allowsAction, resourceCovers, wildcardMatch, type StatementView } from './statements.js'
import { at, type DocumentRule, type LintContext, type LintFinding, type StatementRule } from './types.js'

const INVOKE = 'bedrock:InvokeModel'

const BROAD_BEDROCK_RESOURCE = /^arn:[^:]+:bedrock:[^:]*:[^:]*:(\*|foundation-model\/\*|inference-profile\/\*)$/

export const bedrockResourceWildcard: StatementRule = (s) => {
  if (s.effect !== 'Allow' || !allowsAction(s, INVOKE)) return []
  const broad = s.resources.filter((r) => r === '*' || BROAD_BEDROCK_RESOURCE.test(r))
  if (broad.length === 0) return []
  const everything = s.actions.some((a) => a === '*' || /^bedrock:\*$/i.test(a))
  return [
    {
      rule: 'bedrock-resource-wildcard',
      severity: 'warning',
      statement: at(s),
      message: `Resource ${broad.map((r) => JSON.stringify(r)).join(', ')} lets this role invoke every model${broad.includes('*') ? ' in every region' : ''}${everything ? ', and the action wildcard adds every other Bedrock API (custom models, guardrails, agents)' : ''}.`,
      fix: 'List the model ARNs the use case needs (foundation-model ARNs, plus profile ARN and destination-region ARNs for inference profiles); bedrock-xacct init generates the list.'
    }
  ]
}

export const allowNotAction: StatementRule = (s) =>
  s.effect === 'Allow' && s.notActions.length > 0
    ? [
        {
          rule: 'allow-not-action',
          severity: 'warning',
          statement: at(s),
          message: `Allow with NotAction grants every action except ${s.notActions.join(', ')}, including ones AWS adds later.`,
          fix: 'Replace NotAction with an Action list of what the role needs (bedrock:InvokeModel, bedrock:InvokeModelWithResponseStream).'
        }
      ]
    : []

/** Resources of Allow statements that include InvokeModel; conditions are not evaluated here. */
function invokeResources(context: LintContext): string[] {
  return context.policy.statements.filter((s: StatementView) => s.effect === 'Allow' && allowsAction(s, INVOKE)).flatMap((s) => s.resources)
}

function partitionOf(resources: string[]): Partition {
  const match = resources.map((r) => /^arn:(aws|aws-cn|aws-us-gov):bedrock:/.exec(r)).find((m) => m)
  return (match?.[1] as Partition | undefined) ?? 'aws'
}

const covered = (resources: string[], arn: string): boolean => resources.some((r) => resourceCovers(r, arn))
/**
 * Whether some resource grants this Bedrock resource (`inference-profile/ID`, `foundation-model/ID`)
 * in any region and account: the linter does not know where the policy is used.
 */
function grantedSomewhere(resources: string[], resourcePart: string): boolean {
  return resources.some((r) => {
    if (r === '*') return true
    const parts = r.split(':')
    if (parts.length < 6) return wildcardMatch(r, `arn:aws:bedrock:us-east-1:111111111111:${resourcePart}`)
    return wildcardMatch(parts[2]!, 'bedrock') && wildcardMatch(parts.slice(5).join(':'), resourcePart)
  })
}

/** Whether some resource grants `foundation-model/ID` in a real region (not only the region-less ARN global routing uses). */
function grantedInSomeRegion(resources: string[], modelId: string): boolean {
  return resources.some((r) => {
    if (r === '*') return true
    const parts = r.split(':')
    return parts.length >= 6 && parts[3] !== '' && wildcardMatch(parts[2]!, 'bedrock') && wildcardMatch(parts.slice(5).join(':'), `foundation-model/${modelId}`)
  })
}

function profileFinding(ref: Extract<ModelRef, { kind: 'system-profile' }>, resources: string[], partition: Partition): LintFinding | undefined {
  const regions = ref.geography === 'global' ? [''] : [...PROFILE_GEOGRAPHIES[ref.geography]]
  const missingModels = regions.map((r) => foundationModelArn(partition, r, ref.modelId)).filter((arn) => !covered(resources, arn))
  // A global profile is also authorized against the foundation model in the source region (AWS's
  // three-part policy, docs/aws-facts.md profile.global.iam); the linter does not know that region.
  if (ref.geography === 'global' && !grantedInSomeRegion(resources, ref.modelId)) missingModels.push(foundationModelArn(partition, 'REGION', ref.modelId))
  const missingProfile = !grantedSomewhere(resources, `inference-profile/${ref.id}`)
  if (!missingProfile && missingModels.length === 0) return undefined
  const missing = [...(missingProfile ? [`arn:${partition}:bedrock:REGION:ACCOUNT:inference-profile/${ref.id}`] : []), ...missingModels]
  const where = ref.geography === 'global' ? 'the foundation-model ARN in the source region and the region-less foundation-model ARN global routing uses' : `the foundation-model ARN in every destination region (${regions.join(', ')})`
  return {
    rule: 'inference-profile-incomplete',
    severity: 'error',
    message: `${ref.id} is an inference profile: calling it needs the profile ARN and ${where}; this policy lacks ${missing.length} of them, so calls fail with AccessDenied ${missingProfile ? 'on the profile' : 'whenever the request is routed to a missing region'}.`,
    fix: `Add to the InvokeModel statement's Resource: ${missing.join(', ')}.`
  }
}

export const modelsGranted: DocumentRule = (context) => {
  if (context.models.length === 0) return []
  const resources = invokeResources(context)
  const partition = partitionOf(resources)
  const findings: LintFinding[] = []
  for (const model of context.models) {
    const ref = parseModelRef(model)
    if (!ref) continue
    if (ref.kind === 'system-profile') {
      const finding = profileFinding(ref, resources, partition)
      if (finding) findings.push(finding)
    } else if (ref.kind === 'foundation-model') {
      if (!grantedSomewhere(resources, `foundation-model/${ref.modelId}`)) {
        findings.push({
          rule: 'model-not-granted',
          severity: 'error',
          message: `${ref.modelId} is not granted in any region: InvokeModel on it fails with AccessDenied.`,
          fix: `Add ${foundationModelArn(partition, 'REGION', ref.modelId)} to the InvokeModel statement (or use an inference profile and grant its ARNs).`
        })
      }
    } else if (!covered(resources, ref.arn)) {
      findings.push({
        rule: 'model-not-granted',
        severity: 'error',
        message: `The application inference profile ${ref.arn} is not granted.`,
        fix: `Add ${ref.arn} to the InvokeModel statement, together with the foundation-model ARNs it routes to.`
      })
    } else if (!resources.some((r) => r === '*' || r.includes(':foundation-model/'))) {
      findings.push({
        rule: 'application-profile-models',
        severity: 'warning',
        message: `${ref.arn} is an application inference profile; calls through it are also authorized against its underlying foundation models, and this policy grants none.`,
        fix: 'Find the models with aws bedrock get-inference-profile --inference-profile-identifier ARN and add their foundation-model ARNs (in every region the profile routes to).'
      })
    }
  }
  return findings
}

/**
 * Whether a StringEquals region lock on this statement can deny a routed evaluation: AWS authorizes
 * each ARN with `aws:RequestedRegion` = that ARN's region (a destination's foundation model in the
 * destination region, the profile in the source region) and the region-less global model ARN with
 * "unspecified" (global-cross-region-inference.html; docs/aws-facts.md
 * ctx.requested-region.global-unspecified). A lock listing the region of every ARN it guards is
 * AWS's own recommended global policy, not a mistake; a wildcard region or another operator may be.
 */
function lockCanDenyRouting(s: StatementView): boolean {
  const locks = s.conditions.filter((c) => c.key === 'aws:requestedregion')
  if (locks.some((c) => c.baseOperator.toLowerCase() !== 'stringequals' || c.operator.toLowerCase().startsWith('for'))) return true
  const allowed = locks.map((c) => new Set(c.values))
  return s.resources.some((resource) => {
    const parts = resource.split(':')
    if (resource === '*' || parts.length < 6) return true
    const region = parts[3] === '' ? UNSPECIFIED_REGION : parts[3]!
    return /[*?]/.test(region) || allowed.some((values) => !values.has(region))
  })
}

export const requestedRegionLock: DocumentRule = (context) => {
  const geographies = context.models.map(parseModelRef).filter((r) => r?.kind === 'system-profile')
  const usesProfiles = geographies.length > 0 || invokeResources(context).some((r) => r.includes(':inference-profile/'))
  if (!usesProfiles) return []
  return context.policy.statements
    .filter((s) => s.conditions.some((c) => c.key === 'aws:requestedregion') && lockCanDenyRouting(s))
    .map((s) => ({
      rule: 'requested-region-lock',
      severity: 'warning' as const,
      statement: at(s),
      message:
        'This statement conditions on aws:RequestedRegion while the policy serves cross-region inference profiles: routed requests are authorized in their destination regions (global profiles: with "unspecified" on the region-less model ARN), so this region lock can deny them there.',
      fix: 'Allow the region of each ARN the statement grants (every destination region of a geographic profile; "unspecified" for the region-less global model ARN), or drop the condition for bedrock:InvokeModel*.'
    }))
}

export const policyVersion: DocumentRule = (context) =>
  context.policy.version === '2012-10-17'
    ? []
    : [
        {
          rule: 'policy-version',
          severity: 'warning',
          message: `Version is ${context.policy.version === undefined ? 'missing' : JSON.stringify(context.policy.version)}: policy variables such as \${aws:username} are then taken literally.`,
          fix: 'Add "Version": "2012-10-17" at the top of the document.'
        }
      ]

export const BEDROCK_STATEMENT_RULES: StatementRule[] = [bedrockResourceWildcard, allowNotAction]
export const DOCUMENT_RULES: DocumentRule[] = [policyVersion, modelsGranted, requestedRegionLock]
