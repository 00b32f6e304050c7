/**
 * `NEXT-STEPS.md`: what to run in which account, in order, for this setup — create the role in B,
 * check model access, grant the caller in A, hand over the role ARN and ExternalId, then verify.
 */
import { modelGrants, type SetupDocuments } from '../policies/index.js'
import { awsCallersOf, namedCallersOf, oidcCallerOf, servicesOf } from '../setup/caller.js'
import type { CallerPrincipal, Setup } from '../setup/model.js'
import { stackName } from './cloudformation.js'
import { ROLE_CHAINING_MAX_SECONDS, hoursOf } from '../aws-limits.js'
import { verifyConfigLine } from '../fix-command.js'

/** One step per caller (issue 16: several callers of different kinds in one trust). */
function sourceStep(setup: Setup, docs: SetupDocuments): string[] {
  return setup.callers.flatMap((caller) => callerStep(setup, docs, caller))
}

function callerStep(setup: Setup, docs: SetupDocuments, caller: CallerPrincipal): string[] {
  const a = `account A (${setup.sourceAccountId})`
  switch (caller.kind) {
    case 'role':
    case 'user': {
      const name = caller.arn.split('/').pop()!
      return [
        `In ${a}, allow ${caller.arn} to assume the role (or \`terraform apply\` main.tf, which does both sides):`,
        '```sh',
        `aws iam put-${caller.kind}-policy --${caller.kind}-name ${name} --policy-name ${setup.sourcePolicyName} --policy-document file://source-policy.json`,
        '```'
      ]
    }
    case 'account':
      return [
        `In ${a}, the trust admits any principal whose own policy allows \`sts:AssumeRole\` on ${docs.roleArn}. Attach source-policy.json to each caller that should use Bedrock, e.g.:`,
        '```sh',
        `aws iam put-role-policy --role-name CALLER_ROLE --policy-name ${setup.sourcePolicyName} --policy-document file://source-policy.json`,
        '```'
      ]
    case 'service':
      return [`Nothing to grant in ${a}: ${caller.services.join(', ')} assume the role through the trust policy, which only admits them when acting for account ${setup.sourceAccountId} (\`aws:SourceAccount\`).`]
    case 'oidc':
      return [
        `Nothing to grant in ${a}: web identity callers present a token from ${caller.providerHost}. Make sure the OIDC provider ${caller.providerArn} exists in account B and that tokens carry \`aud\` ${caller.audiences.map((x) => `\`${x}\``).join(' or ') || '(any)'} and a \`sub\` matching ${caller.subjects.map((x) => `\`${x}\``).join(', ')}.`,
        ...(caller.groups !== undefined && caller.groups.length > 0
          ? [
              `Tokens must also carry a \`groups\` claim with at least one group matching ${caller.groups.map((x) => `\`${x}\``).join(', ')}. AWS checks only the claims it exposes as condition keys for ${caller.providerHost}: if \`${caller.providerHost}:groups\` is not one of them, no token can assume the role (test with a real token from a workflow that should be admitted).`
            ]
          : [])
      ]
  }
}

/** Model access is granted per model and region; profiles need it wherever they may route. */
function modelAccessLines(setup: Setup): string[] {
  return modelGrants(setup).map((grant) => {
    const ref = grant.ref
    if (ref.kind === 'foundation-model') return `- \`${ref.modelId}\` in ${setup.region}`
    if (ref.kind === 'application-profile') return `- the models behind \`${grant.model}\``
    const regions = grant.routedModelArns.map((arn) => arn.split(':')[3]).filter((r) => r)
    return `- \`${ref.modelId}\` (through \`${ref.id}\`) in ${ref.geography === 'global' ? `${setup.region} (global routing may serve it in any commercial region)` : regions.join(', ')}`
  })
}

function notes(setup: Setup): string[] {
  const list: string[] = [`- Sessions last at most ${setup.maxSessionDurationSeconds} s (the role's MaxSessionDuration). A \`sts:DurationSeconds\` condition in the trust policy would never match: AssumeRole does not set that key.`]
  if (setup.maxSessionDurationSeconds > ROLE_CHAINING_MAX_SECONDS && setup.callers.some((caller) => caller.kind === 'role' || caller.kind === 'account')) {
    list.push(`- A caller that is itself an assumed role (role chaining, e.g. CI → role → this role) is capped at ${hoursOf(ROLE_CHAINING_MAX_SECONDS)} hour whatever MaxSessionDuration says.`)
  }
  for (const caller of namedCallersOf(setup.callers)) {
    list.push(`- IAM stores the trusted ${caller.kind} by its unique id: if ${caller.arn} is deleted and recreated, re-apply the trust policy.`)
  }
  if (setup.sourceIpCidrs.length > 0) {
    list.push(
      `- Requests must come from ${setup.sourceIpCidrs.join(', ')} as AWS sees them (public addresses). Calls through a VPC endpoint carry no \`aws:SourceIp\` and will be denied; use \`aws:SourceVpce\`/\`aws:VpcSourceIp\` conditions for those.`
    )
  }
  const grants = modelGrants(setup)
  if (grants.some((g) => g.ref.kind === 'system-profile')) {
    list.push('- Inference profiles may serve a request in any destination region: the policy grants the model in each of them, and an SCP that locks `aws:RequestedRegion` will break cross-region inference.')
  }
  for (const g of grants.filter((x) => x.ref.kind === 'application-profile')) {
    list.push(
      `- ${g.model} is an application inference profile: its underlying models are not known offline. Add their foundation-model ARNs to the permissions policy (\`aws bedrock get-inference-profile --inference-profile-identifier ${g.model}\` lists them).`
    )
  }
  if (servicesOf(setup.callers).length > 0 && (setup.externalId !== undefined || setup.sourceIpCidrs.length > 0)) {
    list.push('- AWS services cannot send an ExternalId and call from AWS addresses, so the ExternalId and IP conditions were not applied to the service trust; `aws:SourceAccount` guards it instead.')
  }
  if (oidcCallerOf(setup.callers) !== undefined && setup.externalId !== undefined) {
    list.push('- Web identity has no ExternalId; the `aud`/`sub` conditions play that role, so no ExternalId condition was written.')
  }
  return list
}

/** NEXT-STEPS.md for a setup: numbered steps per account, then notes on what the documents cannot enforce. */
export function renderNextSteps(setup: Setup, docs: SetupDocuments): string {
  const b = `account B (${setup.targetAccountId})`
  const usesExternalId = setup.externalId !== undefined && awsCallersOf(setup.callers).length > 0
  const sections = [
    `# Next steps for \`${setup.name}\``,
    `Caller in account A (${setup.sourceAccountId}) → role \`${docs.roleArn}\` in ${b} → Amazon Bedrock in ${setup.region}.`,
    [
      `## 1. In ${b}: create the access role`,
      'One of:',
      '```sh',
      'terraform init && terraform apply            # main.tf: both accounts, through provider aliases',
      `aws cloudformation deploy --template-file cloudformation.yaml --stack-name ${stackName(setup)} --capabilities CAPABILITY_NAMED_IAM --region ${setup.region}`,
      '```',
      'or with the AWS CLI:',
      '```sh',
      `aws iam create-role --role-name ${setup.roleName} --path ${setup.rolePath} --max-session-duration ${setup.maxSessionDurationSeconds} --assume-role-policy-document file://trust-policy.json`,
      `aws iam put-role-policy --role-name ${setup.roleName} --policy-name ${setup.permissionsPolicyName} --policy-document file://permissions-policy.json`,
      '```'
    ].join('\n'),
    [
      `## 2. In ${b}: check model access`,
      // Since 2025 serverless models are enabled by default and the console's Model access page is
      // retired (docs/aws-facts.md bedrock.model-access.default-on): say what can still block a model.
      `Serverless models are enabled by default in ${b}; nothing needs switching on for:`,
      ...modelAccessLines(setup),
      'What can still stop them:',
      "- Anthropic models: the account's one-time use-case form (Bedrock console, first use of an Anthropic model).",
      setup.marketplace
        ? '- Third-party models subscribe through AWS Marketplace on first use; the role may do so (aws-marketplace:Subscribe, Unsubscribe, ViewSubscriptions).'
        : '- Third-party models subscribe through AWS Marketplace on first use: the first caller needs aws-marketplace:Subscribe (init --marketplace grants it to the role).',
      '- An SCP of the organization that denies Bedrock or the regions the models run in.'
    ].join('\n'),
    [`## 3. In account A (${setup.sourceAccountId}): grant the caller`, ...sourceStep(setup, docs)].join('\n'),
    [
      '## 4. Configure the caller',
      '```sh',
      `export BEDROCK_CROSS_ACCOUNT_ROLE_ARN=${docs.roleArn}`,
      `export BEDROCK_REGION=${setup.region}`,
      ...(usesExternalId ? [`# The caller must pass ExternalId ${setup.externalId} on every AssumeRole.`] : []),
      '```'
    ].join('\n'),
    [
      '## 5. Verify (with credentials of the caller in account A)',
      '```sh',
      `npx ${verifyConfigLine('bedrock-xacct.json')}`,
      '```',
      `It assumes the role${usesExternalId ? ' (and proves that assuming it without the ExternalId fails)' : ''}, invokes each model and finds the calls in CloudTrail.`
    ].join('\n'),
    ['## Notes', ...notes(setup)].join('\n')
  ]
  return `${sections.join('\n\n')}\n`
}
