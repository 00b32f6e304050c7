/**
 * `main.tf`: the access role in B (trust policy, MaxSessionDuration, permissions policy, tags) and
 * the caller's source policy in A, each through its own provider alias so one `terraform apply`
 * with two sets of credentials creates both sides. Policies are `jsonencode` of the exact documents
 * `init` printed, so the files and Terraform cannot drift apart — except the ExternalId, which is a
 * `sensitive` variable and never written into the file (issue 19: main.tf gets committed).
 * A third-party caller's account is not ours: then main.tf has no provider or resource for A.
 */
import { parsePrincipalArn } from '../arn.js'
import { EXTERNAL_ID } from '../aws-limits.js'
import type { SetupDocuments } from '../policies/index.js'
import { awsCallersOf, namedCallersOf } from '../setup/caller.js'
import type { CallerPrincipal, Setup } from '../setup/model.js'
import { exportTags, trustExternalId, type ExportOptions } from './export-options.js'
import { hclBlock, hclExpression, hclString, hclValue, type HclBodyItem } from './hcl.js'

/** Oldest AWS provider major version whose IAM resources take every argument used here. */
const AWS_PROVIDER_VERSION = '>= 5.0'
/** Oldest Terraform with `nullable` on variables (1.1) and validation referencing the variable itself: 1.3 is widely deployed. */
const TERRAFORM_VERSION = '>= 1.3'

/** The variable holding the ExternalId; users pass it as TF_VAR_external_id. */
export const EXTERNAL_ID_VARIABLE = 'external_id'

/** Whether main.tf and cloudformation.yaml create anything in account A. */
export function writesSourceSide(setup: Setup): boolean {
  return awsCallersOf(setup.callers).length > 0 && setup.thirdPartyCaller !== true
}

/** A deep copy of `value` with every string equal to `secret` replaced by `replacement` (the ExternalId becomes a variable). */
export function replaceSecret<T>(value: T, secret: string | undefined, replacement: unknown): T {
  if (secret === undefined) return value
  const walk = (node: unknown): unknown => {
    if (node === secret) return replacement
    if (Array.isArray(node)) return node.map(walk)
    if (typeof node === 'object' && node !== null) return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]))
    return node
  }
  return walk(value) as T
}

function variable(name: string, body: HclBodyItem[]): string {
  return hclBlock(`variable ${hclString(name)}`, body)
}

function variables(setup: Setup, sourceSide: boolean): string[] {
  const profile = (side: string, accountId: string, who: string) =>
    variable(`${side}_profile`, [
      { attr: 'description', value: `AWS CLI profile with credentials for account ${accountId} (${who}); null uses the default credential chain` },
      { attr: 'type', value: hclExpression('string') },
      { attr: 'default', value: null }
    ])
  const blocks = [profile('target', setup.targetAccountId, 'B: the access role'), ...(sourceSide ? [profile('source', setup.sourceAccountId, 'A: the caller')] : [])]
  if (trustExternalId(setup) !== undefined) {
    blocks.push(
      variable(EXTERNAL_ID_VARIABLE, [
        { attr: 'description', value: 'The sts:ExternalId the caller must pass (printed by bedrock-xacct init). Set TF_VAR_external_id; never commit it.' },
        { attr: 'type', value: hclExpression('string') },
        { attr: 'sensitive', value: true },
        { attr: 'nullable', value: false },
        '',
        {
          block: 'validation',
          body: [
            { attr: 'condition', value: hclExpression(`can(regex(${hclString(EXTERNAL_ID.pattern.source)}, var.${EXTERNAL_ID_VARIABLE}))`) },
            { attr: 'error_message', value: `The ExternalId must be ${EXTERNAL_ID.minLength}-${EXTERNAL_ID.maxLength} characters of letters, digits and +=,.@:/- (no spaces), as STS requires.` }
          ]
        }
      ])
    )
  }
  blocks.push(
    variable('tags', [
      { attr: 'description', value: 'Tags for what this file creates; keep managed-by = bedrock-xacct so the tool recognises it' },
      { attr: 'type', value: hclExpression('map(string)') },
      { attr: 'default', value: exportTags(setup) }
    ])
  )
  return blocks
}

function provider(alias: string, setup: Setup, accountId: string, who: string): string {
  return [
    `# Credentials for account ${accountId} (${who}): var.${alias}_profile, or replace it with an assume_role block.`,
    hclBlock('provider "aws"', [
      { attr: 'alias', value: alias },
      { attr: 'region', value: setup.region },
      { attr: 'profile', value: hclExpression(`var.${alias}_profile`) },
      { attr: 'allowed_account_ids', value: hclExpression(`[${hclString(accountId)}]`) }
    ])
  ].join('\n')
}

function policy(document: object): HclBodyItem {
  return { attr: 'policy', value: hclExpression(`jsonencode(${hclValue(document, '  ')})`) }
}

/** The source side of every caller (issue 16), each block with its own resource name. */
function sourceSide(setup: Setup, docs: SetupDocuments): string {
  if (setup.thirdPartyCaller === true) {
    return [`# No source-side resource: account A (${setup.sourceAccountId}) belongs to a third party (the vendor).`, '# VENDOR-HANDOFF.md says what they must put in their own policy (source-policy.json).'].join('\n')
  }
  const named = namedCallersOf(setup.callers)
  return setup.callers.map((caller) => callerSourceSide(setup, docs, caller, named.length > 1 ? named.indexOf(caller as never) + 1 : 0)).join('\n\n')
}

function callerSourceSide(setup: Setup, docs: SetupDocuments, caller: CallerPrincipal, ordinal: number): string {
  const label = ordinal > 0 ? `assume_bedrock_access_${ordinal}` : 'assume_bedrock_access'
  if (caller.kind === 'role' || caller.kind === 'user') {
    const parsed = parsePrincipalArn(caller.arn)
    const name = parsed && (parsed.kind === 'role' || parsed.kind === 'user') ? parsed.name : caller.arn.split('/').pop()!
    const type = caller.kind === 'role' ? 'aws_iam_role_policy' : 'aws_iam_user_policy'
    return [
      `# Account A (${setup.sourceAccountId}): let ${caller.arn} assume the access role.`,
      hclBlock(`resource "${type}" "${label}"`, [{ attr: 'provider', value: hclExpression('aws.source') }, { attr: 'name', value: setup.sourcePolicyName }, { attr: caller.kind, value: name }, policy(docs.sourcePolicy)])
    ].join('\n')
  }
  if (caller.kind === 'account') {
    return [
      `# Account A (${setup.sourceAccountId}): the trust admits any principal of the account whose own policy`,
      '# allows it. This managed policy is that allowance; attach it to each caller, e.g. with',
      '# aws_iam_role_policy_attachment { role = "<caller role>", policy_arn = aws_iam_policy.assume_bedrock_access.arn }.',
      hclBlock('resource "aws_iam_policy" "assume_bedrock_access"', [
        { attr: 'provider', value: hclExpression('aws.source') },
        { attr: 'name', value: setup.sourcePolicyName },
        { attr: 'description', value: `Assume ${docs.roleArn} to call Amazon Bedrock` },
        policy(docs.sourcePolicy),
        { attr: 'tags', value: hclExpression('var.tags') }
      ])
    ].join('\n')
  }
  return caller.kind === 'service'
    ? `# No source-side policy: the services (${caller.services.join(', ')}) assume the role through the trust policy alone.`
    : `# No source-side policy: web identity callers present a token from ${caller.providerHost}; the trust policy alone decides.\n# The OIDC provider ${caller.providerArn} must exist in account B.`
}

function permissions(setup: Setup, docs: SetupDocuments, options: ExportOptions): string[] {
  if (options.managedPolicy === true) {
    return [
      hclBlock('resource "aws_iam_policy" "bedrock_invoke"', [
        { attr: 'provider', value: hclExpression('aws.target') },
        { attr: 'name', value: setup.permissionsPolicyName },
        { attr: 'description', value: `Amazon Bedrock access for role ${setup.roleName} - managed by bedrock-xacct` },
        policy(docs.permissionsPolicy),
        { attr: 'tags', value: hclExpression('var.tags') }
      ]),
      hclBlock('resource "aws_iam_role_policy_attachment" "bedrock_invoke"', [
        { attr: 'provider', value: hclExpression('aws.target') },
        { attr: 'role', value: hclExpression('aws_iam_role.bedrock_access.name') },
        { attr: 'policy_arn', value: hclExpression('aws_iam_policy.bedrock_invoke.arn') }
      ])
    ]
  }
  return [
    hclBlock('resource "aws_iam_role_policy" "bedrock_invoke"', [
      { attr: 'provider', value: hclExpression('aws.target') },
      { attr: 'name', value: setup.permissionsPolicyName },
      { attr: 'role', value: hclExpression('aws_iam_role.bedrock_access.id') },
      policy(docs.permissionsPolicy)
    ])
  ]
}

function outputs(setup: Setup): string[] {
  const output = (name: string, description: string, value: string) =>
    hclBlock(`output ${hclString(name)}`, [
      { attr: 'description', value: description },
      { attr: 'value', value: hclExpression(value) }
    ])
  const list = [output('role_arn', 'Give this ARN to the caller in the source account', 'aws_iam_role.bedrock_access.arn'), output('role_name', 'The access role in account B', 'aws_iam_role.bedrock_access.name')]
  if (writesSourceSide(setup) && setup.callers.some((caller) => caller.kind === 'account')) list.push(output('source_policy_arn', 'Attach this policy to each caller in account A', 'aws_iam_policy.assume_bedrock_access.arn'))
  return list
}

/** How to apply main.tf: the ExternalId goes in through the environment, not the command line or a file. */
export function terraformApplyLine(setup: Setup): string {
  const secret = trustExternalId(setup) !== undefined ? `TF_VAR_${EXTERNAL_ID_VARIABLE}="$BEDROCK_XACCT_EXTERNAL_ID" ` : ''
  return `terraform init && ${secret}terraform apply`
}

/** main.tf for a setup: variables, providers for B (and A when we own a source policy there), role, permissions, source side, outputs. */
export function renderTerraform(setup: Setup, docs: SetupDocuments, options: ExportOptions = {}): string {
  const sourceNeeded = writesSourceSide(setup)
  const trust = replaceSecret(docs.trustPolicy, trustExternalId(setup), hclExpression(`var.${EXTERNAL_ID_VARIABLE}`))
  const blocks = [
    [
      `# bedrock-xacct setup ${JSON.stringify(setup.name)}: a caller in account A (${setup.sourceAccountId}) assumes`,
      `# ${docs.roleArn} in account B (${setup.targetAccountId}) to call Amazon Bedrock in ${setup.region}.`,
      '# Generated by `bedrock-xacct init`; regenerate instead of editing the policy documents by hand.',
      `# Apply: ${terraformApplyLine(setup)}`,
      hclBlock('terraform', [{ attr: 'required_version', value: TERRAFORM_VERSION }, '', { block: 'required_providers', body: [{ attr: 'aws', value: { source: 'hashicorp/aws', version: AWS_PROVIDER_VERSION } }] }])
    ].join('\n'),
    ...variables(setup, sourceNeeded),
    provider('target', setup, setup.targetAccountId, 'B, target: Bedrock and the access role'),
    ...(sourceNeeded ? [provider('source', setup, setup.sourceAccountId, 'A, source: the caller')] : []),
    hclBlock('resource "aws_iam_role" "bedrock_access"', [
      { attr: 'provider', value: hclExpression('aws.target') },
      { attr: 'name', value: setup.roleName },
      { attr: 'path', value: setup.rolePath },
      { comment: 'Session length is limited here; a sts:DurationSeconds condition in the trust policy would never match.' },
      { attr: 'max_session_duration', value: setup.maxSessionDurationSeconds },
      { attr: 'assume_role_policy', value: hclExpression(`jsonencode(${hclValue(trust, '  ')})`) },
      { attr: 'tags', value: hclExpression('var.tags') }
    ]),
    ...permissions(setup, docs, options),
    sourceSide(setup, docs),
    ...outputs(setup)
  ]
  return `${blocks.join('\n\n')}\n`
}
