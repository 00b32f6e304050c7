/**
 * The smallest change that fixes each cause: a policy snippet to paste, the account where it goes,
 * and the bedrock-xacct command that makes (or checks) it, built by src/core/fix-command.ts.
 * Unknown values become its `<placeholders>`.
 */
import type { Partition } from '../arn.js'
import { UNSPECIFIED_REGION, isRegionlessModelArn } from '../models.js'
import { ASSUME_ROLE_DURATION_SECONDS, EXTERNAL_ID, ROLE_CHAINING_MAX_SECONDS, ROLE_MAX_SESSION_SECONDS } from '../aws-limits.js'
import { PLACEHOLDER } from '../fix-command.js'
import { MARKETPLACE_ACTIONS, modelGrant } from '../policies/permissions.js'
import { STATEMENT_IDS } from '../policies/statement-ids.js'
import { TRUST_SIDS } from '../policies/trust.js'
import { SET_SOURCE_IDENTITY_ACTION, TAG_SESSION_ACTION, isSessionAction } from '../session-actions.js'
import { CAUSES, type CauseId, type FixAccount } from './causes.js'
import type { Suspect } from './candidate-set.js'
import type { RequestFacts } from './request-facts.js'
import type { Answers, Fix } from './types.js'
import { EXTERNAL_ID_PLACEHOLDER, addedCaller, callerPrincipalOf, initCommand, modelOf, or, roleArnOf } from './fix-init-command.js'
import { AWS_ERROR_CAUSES, awsErrorFix, type AwsErrorCause } from './fixes-aws-errors.js'
import { identityPolicyWhere } from './principal-where.js'
import { profileIdFor } from './profile-prefix.js'

export { EXTERNAL_ID_PLACEHOLDER }

interface FixContext {
  facts: RequestFacts
  answers: Answers
  suspect: Suspect
}

/** Resources the permissions policy needs for one model: profile ARN plus every destination region's model ARN. */
export function invokeResources(f: RequestFacts, model: string | undefined): string[] {
  const region = f.region ?? f.resourceRegion
  const grant = model && region ? modelGrant(model, { partition: f.partition as Partition, region, targetAccountId: or(f.targetAccountId, 'target-account') }) : undefined
  if (!grant) return [f.resource ?? '<model ARN>']
  return [grant.entryArn, ...grant.routedModelArns]
}

/** The denied principal when it is an IAM user (e.g. a Bedrock API key's user): an SCP exemption names it, not a role. */
function deniedUserArn(f: RequestFacts): string | undefined {
  return f.principalArn && /^arn:[\w-]+:iam::\d{12}:user\//.test(f.principalArn) ? f.principalArn : undefined
}

function accountId(account: FixAccount, f: RequestFacts): string | undefined {
  if (account === 'source') return f.sourceAccountId
  if (account === 'target') return f.targetAccountId
  return undefined
}

/** For causes whose account depends on who was denied: the principal's own account. */
function eitherAccount(f: RequestFacts): FixAccount {
  return f.family === 'assume-role' ? 'source' : 'target'
}

function policyMaxSession(details: Record<string, unknown>): number | undefined {
  return typeof details.maxSessionDurationSeconds === 'number' ? details.maxSessionDurationSeconds : undefined
}

type FixBody = Omit<Fix, 'account' | 'accountId'> & { account?: FixAccount }

/** The trust statement's Condition block as the facts know it (ExternalId and SourceIp kept). */
function trustCondition(f: RequestFacts): { Condition?: Record<string, Record<string, string | string[]>> } {
  const condition: Record<string, Record<string, string | string[]>> = {}
  if (f.externalId) condition.StringEquals = { 'sts:ExternalId': f.externalId }
  if (f.sourceIpCidrs.length > 0) condition.IpAddress = { 'aws:SourceIp': f.sourceIpCidrs.length === 1 ? f.sourceIpCidrs[0]! : f.sourceIpCidrs }
  return Object.keys(condition).length > 0 ? { Condition: condition } : {}
}

function body(cause: Exclude<CauseId, AwsErrorCause>, { facts: f, answers, suspect }: FixContext): FixBody {
  const role = roleArnOf(f)
  const d = suspect.details
  const policyValues = (d.policyValues as string[] | undefined) ?? []
  const model = modelOf(f, answers)
  const invokeStatement = (resources: string[]) => ({
    Sid: STATEMENT_IDS.invoke,
    Effect: 'Allow',
    Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
    Resource: resources
  })
  const trustWhere = `trust policy of role ${or(f.roleName, 'role-name')} in ${or(f.targetAccountId, 'the target account')}`
  const permissionsWhere = `permissions policy of role ${or(f.roleName, 'role-name')} in ${or(f.targetAccountId, 'the target account')}`
  switch (cause) {
    case 'trust-missing-source':
      return {
        where: trustWhere,
        action: 'Add (or correct) the statement that trusts the caller. A role ARN principal breaks if that role is deleted and recreated; the account root admits any principal of A whose own policy allows it.',
        snippet: {
          Sid: STATEMENT_IDS.trust,
          Effect: 'Allow',
          Principal: { AWS: addedCaller(f) === 'root' ? `arn:${f.partition}:iam::${or(f.sourceAccountId, 'source-account')}:root` : callerPrincipalOf(f) },
          Action: 'sts:AssumeRole',
          ...trustCondition(f)
        },
        command: initCommand(f, answers, { caller: addedCaller(f) })
      }
    case 'tag-session-not-allowed':
    case 'source-identity-not-allowed': {
      const action = cause === 'tag-session-not-allowed' ? TAG_SESSION_ACTION : SET_SOURCE_IDENTITY_ACTION
      return {
        where: trustWhere,
        action: `Allow ${action} for the caller in a statement of its own (same principal, no ExternalId condition: assuming the role still needs the ExternalId), as AWS's example does; for an OIDC caller, beside sts:AssumeRoleWithWebIdentity under its aud/sub conditions.${cause === 'tag-session-not-allowed' ? ' Or stop tagging the session (configure-aws-credentials: role-skip-session-tagging: true).' : ''}`,
        snippet: { Sid: TRUST_SIDS.session, Effect: 'Allow', Principal: { AWS: addedCaller(f) === 'root' ? `arn:${f.partition}:iam::${or(f.sourceAccountId, 'source-account')}:root` : callerPrincipalOf(f) }, Action: action },
        command: initCommand(f, answers, cause === 'tag-session-not-allowed' ? { allowSessionTags: true } : { allowSourceIdentity: true })
      }
    }
    case 'source-missing-session-action': {
      const action = f.action !== undefined && isSessionAction(f.action) ? f.action : TAG_SESSION_ACTION
      return {
        where: `identity policy of the caller ${or(callerPrincipalOf(f), 'caller')} in ${or(f.sourceAccountId, 'the source account')}`,
        action: `Allow ${action} besides sts:AssumeRole on exactly the access role.`,
        snippet: { Sid: STATEMENT_IDS.assume, Effect: 'Allow', Action: ['sts:AssumeRole', action], Resource: role },
        command: initCommand(f, answers, { caller: f.callerArn ?? callerPrincipalOf(f), ...(action === TAG_SESSION_ACTION ? { allowSessionTags: true } : { allowSourceIdentity: true }) }, { sourceProfile: PLACEHOLDER.sourceProfile })
      }
    }
    case 'source-missing-assume-role':
      return {
        where: `identity policy of the caller ${or(callerPrincipalOf(f), 'caller')} in ${or(f.sourceAccountId, 'the source account')}`,
        action: 'Allow the caller to assume exactly the access role.',
        snippet: { Sid: STATEMENT_IDS.assume, Effect: 'Allow', Action: 'sts:AssumeRole', Resource: role },
        command: initCommand(f, answers, { caller: f.callerArn ?? callerPrincipalOf(f) }, { sourceProfile: PLACEHOLDER.sourceProfile })
      }
    case 'external-id-missing':
    case 'external-id-wrong': {
      const required = policyValues[0] ?? f.externalId ?? PLACEHOLDER.externalId
      return {
        where: "the caller's AssumeRole call (its code, SDK config or proxy settings)",
        action: `Pass ExternalId "${required}" at AssumeRole${cause === 'external-id-wrong' && d.requestValue ? ` instead of "${String(d.requestValue)}"` : ''}.`,
        snippet: { RoleArn: role, RoleSessionName: 'bedrock-xacct', ExternalId: required },
        command: `aws sts assume-role --role-arn ${role} --role-session-name bedrock-xacct --external-id ${required}`
      }
    }
    case 'external-id-malformed':
      return {
        where: "the role's trust policy and the caller's configuration",
        action: `Use an ExternalId of ${EXTERNAL_ID.minLength}–${EXTERNAL_ID.maxLength} characters from [A-Za-z0-9+=,.@:/-] (no spaces), e.g. a UUID, in both places.`,
        snippet: { StringEquals: { 'sts:ExternalId': '<new-uuid>' } },
        command: initCommand(f, answers, { externalId: { shell: '"$(uuidgen)"' } })
      }
    case 'source-ip-outside': {
      const ip = answers.sourceIp ?? (d.requestValue as string | undefined)
      const cidrs = [...(policyValues.length > 0 ? policyValues : f.sourceIpCidrs), ip ? `${ip}/32` : `${PLACEHOLDER.publicIp}/32`]
      return {
        account: f.family === 'bedrock' ? 'target' : 'target',
        where: f.family === 'bedrock' ? permissionsWhere : trustWhere,
        action: "Add the caller's public IP (CloudTrail's sourceIPAddress) to the aws:SourceIp allow-list.",
        snippet: { IpAddress: { 'aws:SourceIp': cidrs } },
        command: initCommand(f, answers, { sourceIpCidrs: cidrs })
      }
    }
    case 'source-ip-via-vpc-endpoint':
      return {
        where: f.family === 'bedrock' ? permissionsWhere : trustWhere,
        action: 'Calls through a VPC endpoint carry aws:SourceVpce, not aws:SourceIp: allow the endpoint instead of (or besides) the IP list.',
        snippet: { StringEquals: { 'aws:SourceVpce': '<vpce-id>' } }
      }
    case 'trust-condition-failed':
      if (f.action === 'sts:AssumeRoleWithWebIdentity' && d.statement === undefined) {
        return {
          where: trustWhere,
          action:
            "Make the trust statement match the token: Principal.Federated is the IAM OIDC provider of the token's issuer in this account, Action sts:AssumeRoleWithWebIdentity, <issuer>:aud equals the token's audience (sts.amazonaws.com for GitHub), and <issuer>:sub matches the token's subject exactly (case-sensitive owner/repo; pull_request and environment jobs have other subjects than branches)."
        }
      }
      return { where: trustWhere, action: `Make statement ${String(d.statement ?? '')} match the request, or send what its condition expects (see the evidence).`.replace('  ', ' ') }
    case 'duration-condition-never-matches':
      return {
        where: trustWhere,
        action:
          "Remove the sts:DurationSeconds condition (AssumeRole never sets that key) and limit session length with the role's MaxSessionDuration instead; `bedrock-xacct lint trust-policy.json` finds the pattern. init --apply rewrites the trust statement without it.",
        snippet: { MaxSessionDuration: ROLE_MAX_SESSION_SECONDS.default },
        command: initCommand(f, answers, { maxSessionDurationSeconds: policyMaxSession(d) ?? ROLE_MAX_SESSION_SECONDS.default })
      }
    case 'duration-over-max':
      return {
        where: "the caller's DurationSeconds, or the role's MaxSessionDuration",
        action: `Request at most the role's MaxSessionDuration, or raise it (up to ${ROLE_MAX_SESSION_SECONDS.max} s).`,
        snippet: { DurationSeconds: ASSUME_ROLE_DURATION_SECONDS.default },
        command: initCommand(f, answers, { maxSessionDurationSeconds: ROLE_MAX_SESSION_SECONDS.max })
      }
    case 'role-chaining-limit':
      return {
        where: "the caller's AssumeRole call",
        action: `Request DurationSeconds ≤ ${ROLE_CHAINING_MAX_SECONDS} when assuming from assumed-role credentials (role chaining), or assume from long-term credentials.`,
        snippet: { DurationSeconds: ROLE_CHAINING_MAX_SECONDS }
      }
    case 'malformed-role-arn':
      return {
        where: "the caller's configuration (e.g. BEDROCK_CROSS_ACCOUNT_ROLE_ARN)",
        action: 'Give the role ARN: arn:aws:iam::<target-account>:role/<name> — not a user ARN, a session ARN or a bare name.',
        snippet: { RoleArn: role }
      }
    case 'invalid-principal': {
      const named = typeof d.value === 'string' ? ` (${d.value})` : ''
      return {
        where: `the Principal element${named} of the role's trust policy, or of the resource policy being saved`,
        action:
          'Name only principals that exist when the policy is saved: create the role or user first (or trust the account, arn:aws:iam::<account>:root, and narrow with aws:PrincipalArn), check the account id and the service name (e.g. ec2.amazonaws.com), and give every statement a Principal. A role or user deleted and recreated needs the policy saved again.'
      }
    }
    case 'region-model-mismatch':
    case 'profile-missing-destination-region':
    case 'profile-arn-missing':
    case 'identity-policy-missing-bedrock':
      return {
        // An IAM user's denial is fixed in the user's policies; init only writes the access role's.
        where: deniedUserArn(f) ? identityPolicyWhere(f) : permissionsWhere,
        action:
          cause === 'profile-missing-destination-region' ? 'Grant the inference profile ARN and the foundation-model ARN in every destination region of the profile.' : 'Grant the Bedrock actions on the model ARNs the call is authorized against.',
        snippet: invokeStatement(invokeResources(f, model)),
        command: deniedUserArn(f) ? undefined : initCommand(f, answers, model && !f.models.includes(model) ? { models: [...f.models, model].join(',') } : {})
      }
    case 'identity-policy-missing-action':
      return { where: identityPolicyWhere(f), action: `Allow ${f.action ?? 'the action'} on the resource (and nothing wider).`, snippet: { Effect: 'Allow', Action: f.action ?? '<action>', Resource: f.resource ?? '<resource ARN>' } }
    case 'explicit-deny-identity':
      return {
        where: `${identityPolicyWhere(f)}${d.policyArn ? ` (policy ${String(d.policyArn)})` : ''}`,
        action: `Find the Deny statement on ${f.action ?? 'the action'} in the principal's identity-based policies (attached, inline and group policies) and narrow or remove it; an explicit Deny overrides every Allow, so adding an Allow does nothing.`
      }
    case 'scp-region-lock': {
      const regions = [
        ...new Set([
          ...((d.allowedRegions as string[] | undefined) ?? []),
          ...invokeResources(f, model)
            .map((arn) => arn.split(':')[3] ?? '')
            .filter((r) => r !== '')
        ])
      ]
      // Global routing is authorized on the region-less model ARN with "unspecified" (AWS's own SCP example allows it).
      const global = [f.resource ?? '', ...invokeResources(f, model)].some(isRegionlessModelArn)
      if (global) regions.push(UNSPECIFIED_REGION)
      return {
        where: `SCP ${String(d.policyArn ?? d.policy ?? '(region lock)')} in the organization's management account`,
        action: global
          ? `Allow the source region and "${UNSPECIFIED_REGION}" in the region-lock SCP's aws:RequestedRegion list: global cross-region inference is authorized on the region-less model ARN with aws:RequestedRegion "${UNSPECIFIED_REGION}" (or exempt calls through the profile with bedrock:InferenceProfileArn).`
          : 'Allow every destination region of the inference profile in the region-lock SCP (or exempt Bedrock invoke actions from it).',
        snippet: { StringNotEquals: { 'aws:RequestedRegion': regions.length > 0 ? regions : ['<regions>'] } }
      }
    }
    case 'scp-deny':
      return {
        where: `SCP ${String(d.policyArn ?? d.policy ?? '')} in the organization's management account`.replace('  ', ' '),
        action: 'Exempt the access role from the denying SCP statement (or change the statement).',
        snippet: { ArnNotLike: { 'aws:PrincipalArn': f.family === 'assume-role' ? callerPrincipalOf(f) : (deniedUserArn(f) ?? role) } }
      }
    case 'rcp-deny':
      return { where: `RCP ${String(d.policyArn ?? '')} in the organization's management account`.replace('  ', ' '), action: 'Exempt this principal or resource from the denying RCP statement.' }
    case 'permissions-boundary':
      return {
        where: `permissions boundary ${String(d.policyArn ?? '')} of the denied principal`.replace('  ', ' '),
        action: 'The boundary must allow the action too: add it (a boundary only limits, it never grants).',
        snippet: { Effect: 'Allow', Action: f.action ?? '<action>', Resource: f.family === 'assume-role' ? role : (f.resource ?? '*') }
      }
    case 'session-policy':
      return {
        where: 'the session policy the caller passes at AssumeRole (Policy / PolicyArns)',
        action: 'Allow the action in the session policy, or stop passing one.',
        snippet: { Effect: 'Allow', Action: f.action ?? '<action>', Resource: f.resource ?? '*' }
      }
    case 'vpc-endpoint-policy':
      return {
        where: "the VPC endpoint policy (bedrock-runtime or sts endpoint) in the caller's VPC",
        action: 'Allow the action for this principal and resource in the endpoint policy.',
        snippet: { Effect: 'Allow', Principal: '*', Action: f.action ?? '<action>', Resource: f.resource ?? '*' }
      }
    case 'resource-policy':
      return { where: 'the resource-based policy of the resource', action: 'Allow the principal in the resource policy.' }
    case 'model-access-not-granted':
      return {
        where: `Bedrock in ${or(f.region, 'the region')} of ${or(f.targetAccountId, 'the target account')}`,
        action:
          'Serverless models are enabled by default since 2025 (the console\'s "Model access" page is retired). What remains: a third-party model\'s first use needs its AWS Marketplace subscription (the caller needs aws-marketplace:Subscribe, Unsubscribe and ViewSubscriptions, or an admin calls the model once); Anthropic models need the one-time use-case form; an SCP or policy may deny the model; or the model is not offered in this region (for profiles, in every destination region).',
        snippet: { Sid: STATEMENT_IDS.marketplace, Effect: 'Allow', Action: [...MARKETPLACE_ACTIONS], Resource: '*' },
        command: `aws bedrock get-foundation-model-availability --model-id ${model ?? '<model-id>'} --region ${or(f.region, 'region')}`
      }
    case 'marketplace-subscription':
      return {
        where: permissionsWhere,
        action: "Let the role view, create and cancel the model's Marketplace subscription (needed on first use of some third-party models), or subscribe once as an admin; denials may persist a few minutes after the fix.",
        snippet: { Sid: STATEMENT_IDS.marketplace, Effect: 'Allow', Action: [...MARKETPLACE_ACTIONS], Resource: '*' },
        command: initCommand(f, answers, { marketplace: true })
      }
    case 'account-not-authorized':
      return { where: `account ${or(f.targetAccountId, 'the target account')}`, action: 'The account is not enabled for this operation (new account quota or restriction): open a case with AWS Support, or use another region.' }
    case 'on-demand-not-supported': {
      const id = (d.modelId as string | undefined) ?? model ?? '<model-id>'
      const profile = profileIdFor(id, f.region ?? f.resourceRegion)
      return {
        where: "the caller's modelId, and the role's permissions policy",
        action: `Call an inference profile of the caller's geography instead of the bare model id, e.g. ${profile} (or global.), and grant it (profile ARN + every destination region).`,
        command: initCommand(f, answers, { models: profile })
      }
    }
    case 'converse-not-supported': {
      const modelId = or(f.models[0] ?? modelOf(f, answers), 'model-id')
      const region = or(f.region, 'region')
      return {
        where: "the caller's code (the API it calls for this model)",
        action: 'Call the model with InvokeModel and its own request body (embeddings, images, imported models), or choose a text or chat model for Converse; IAM is unchanged (both need bedrock:InvokeModel).',
        command: `aws bedrock-runtime invoke-model --model-id ${modelId} --region ${region} --body fileb://request.json response.json`
      }
    }
    case 'invalid-model-id':
      return {
        where: "the caller's modelId",
        action: 'Use a model id that exists in the region (check spelling and version suffix), or an inference profile id in a region where the profile exists.',
        command: `aws bedrock list-foundation-models --region ${or(f.region, 'region')}`
      }
  }
}

const isAwsErrorCause = (cause: CauseId): cause is AwsErrorCause => (AWS_ERROR_CAUSES as readonly string[]).includes(cause)

export function fixFor(cause: CauseId, context: FixContext): Fix {
  const declared = CAUSES[cause].account
  const fix: FixBody = isAwsErrorCause(cause) ? awsErrorFix(cause, context.facts, context.suspect.details) : body(cause, context)
  const account: FixAccount = fix.account ?? (declared === 'either' ? eitherAccount(context.facts) : declared)
  return { ...fix, account, accountId: accountId(account, context.facts) }
}
