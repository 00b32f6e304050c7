/**
 * The Mermaid diagram in NEXT-STEPS.md: the two accounts, the caller(s), the role, Bedrock, and the
 * trust arrows (who may assume the role, under which conditions). GitHub and most Markdown
 * viewers render ```mermaid blocks; the text stays readable where they do not.
 */
import type { Setup } from '../../setup/model.js'
import { primaryCaller } from './common.js'

/** A Mermaid label: quoted, without the characters that end or break one. */
const label = (text: string) => `"${text.replace(/["<>]/g, "'")}"`

function callerLabel(setup: Setup): string {
  const caller = primaryCaller(setup)
  switch (caller.kind) {
    case 'account':
      return `any principal of ${setup.sourceAccountId} allowed by its own policy`
    case 'role':
    case 'user':
      return `${caller.kind} ${caller.arn.split('/').pop()}`
    case 'service':
      return caller.services.join(', ')
    case 'oidc':
      return `OIDC tokens from ${caller.providerHost}`
  }
}

/** What the trust requires of the caller, on the assume arrow. */
function assumeLabel(setup: Setup): string {
  const caller = primaryCaller(setup)
  const action = caller.kind === 'oidc' ? 'sts:AssumeRoleWithWebIdentity' : 'sts:AssumeRole'
  const conditions: string[] = []
  if (caller.kind === 'oidc') conditions.push(`sub ${caller.subjects.join(' | ')}`)
  else if (caller.kind === 'service') conditions.push(`aws:SourceAccount ${setup.sourceAccountId}`)
  else {
    if (setup.externalId !== undefined) conditions.push('ExternalId')
    if (setup.sourceIpCidrs.length > 0) conditions.push(`from ${setup.sourceIpCidrs.join(', ')}`)
  }
  return conditions.length > 0 ? `${action} + ${conditions.join(', ')}` : action
}

export function renderDiagram(setup: Setup): string {
  const first = primaryCaller(setup)
  const where = first.kind === 'oidc' ? `IdP ${first.providerHost}` : `Account A ${setup.sourceAccountId}`
  const lines = [
    '```mermaid',
    'flowchart LR',
    `  subgraph source[${label(where)}]`,
    `    caller[${label(callerLabel(setup))}]`,
    '  end',
    `  subgraph target[${label(`Account B ${setup.targetAccountId}`)}]`,
    `    role[${label(`role ${setup.roleName}`)}]`,
    `    bedrock[${label(`Amazon Bedrock ${setup.region}`)}]`,
    '  end',
    `  caller -- ${label(assumeLabel(setup))} --> role`,
    `  role -. ${label('trust policy admits')} .-> caller`,
    `  role -- ${label(`bedrock:InvokeModel on ${setup.models.length} model(s)`)} --> bedrock`,
    '```'
  ]
  return lines.join('\n')
}
