/**
 * `VENDOR-HANDOFF.md` (issue 19, vendor mode): when account A belongs to a third party (a vendor's
 * gateway), nothing is created there; instead the vendor gets this note: the role to assume, the
 * ExternalId to pass, what their own identity policy must allow (source-policy.json), and the
 * conditions the trust enforces. It holds the ExternalId, so init writes it 0600 like the others.
 */
import type { SetupDocuments } from '../policies/index.js'
import { awsCallersOf } from '../setup/caller.js'
import type { Setup } from '../setup/model.js'
import { trustExternalId } from './export-options.js'

/** The note's file name. */
export const VENDOR_HANDOFF_FILE = 'VENDOR-HANDOFF.md'

/** Who the trust admits in the vendor's account, in words (every caller of A the trust names). */
function admitted(setup: Setup): string {
  const words = awsCallersOf(setup.callers).map((caller) => (caller.kind === 'account' ? `any principal of account ${setup.sourceAccountId} whose own policy allows it` : `\`${caller.arn}\``))
  if (words.length === 0) return 'see the trust policy'
  return words.length === 1 && !words[0]!.startsWith('any') ? `only ${words[0]}` : words.join(' and ')
}

export function renderVendorHandoff(setup: Setup, docs: SetupDocuments): string {
  const externalId = trustExternalId(setup)
  const conditions = [
    ...(externalId !== undefined ? [`- Pass the ExternalId \`${externalId}\` on every AssumeRole (share it over a private channel; the role refuses calls without it).`] : []),
    ...(setup.sourceIpCidrs.length > 0 ? [`- Call from these public IP ranges only: ${setup.sourceIpCidrs.map((c) => `\`${c}\``).join(', ')} (\`aws:SourceIp\`; not through a VPC endpoint).`] : []),
    ...(setup.allowSessionTags === true ? ['- Session tags are allowed (`sts:TagSession`); your policy must allow it too.'] : []),
    ...(setup.allowSourceIdentity === true ? ['- A source identity is allowed (`sts:SetSourceIdentity`; it sticks through role chaining); your policy must allow it too.'] : []),
    `- Sessions last at most ${setup.maxSessionDurationSeconds} s (request \`DurationSeconds\` up to that; 3600 s when your caller is itself an assumed role).`
  ]
  return [
    `# Access to Amazon Bedrock in account ${setup.targetAccountId}`,
    '',
    `For the team running the caller in account ${setup.sourceAccountId}. We created role \`${docs.roleArn}\` for you; nothing was created in your account.`,
    '',
    ...(externalId !== undefined ? ['This file holds the ExternalId: written with mode 0600, send it over a private channel, keep it out of version control.', ''] : []),
    '## What your side needs',
    `The role trusts ${admitted(setup)}. Allow your caller to assume it with this identity policy (also in \`source-policy.json\`):`,
    '',
    '```json',
    JSON.stringify(docs.sourcePolicy, null, 2),
    '```',
    '',
    '## Conditions the role enforces',
    ...conditions,
    '',
    '## Calling Bedrock',
    `Region \`${setup.region}\`; models: ${setup.models.map((m) => `\`${m}\``).join(', ')}.`,
    '',
    '```sh',
    `aws sts assume-role --role-arn ${docs.roleArn} --role-session-name bedrock-test${externalId !== undefined ? ` --external-id ${externalId}` : ''}`,
    '```',
    ''
  ].join('\n')
}
