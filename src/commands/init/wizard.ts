/**
 * The init wizard: on a terminal with answers missing, ask them through the Prompter (never
 * @inquirer/prompts directly), validating inline with the resolution validators, skipping anything
 * flags, environment or config already gave. Answers rank below every other source.
 */
import { XacctError } from '../../core/errors.js'
import {
  CALLER_EXPECTED,
  checkCidr,
  checkDuration,
  checkExternalId,
  checkIamName,
  checkNamePart,
  checkOidcGroup,
  missingAnswers,
  parseCallerText,
  promptVerdict,
  splitList
} from '../../core/setup/index.js'
import type { MergedInput, PendingSetup } from '../../core/setup/index.js'
import type { Prompter } from '../../ui/prompts.js'
import { answer, askRequired } from '../shared/ask-missing.js'

type CallerChoice = 'root' | 'role' | 'user' | 'service' | 'oidc'

/** Host offered for an OIDC caller: the most common one (GitHub Actions). */
const DEFAULT_OIDC_HOST = 'token.actions.githubusercontent.com'

function callerVerdict(text: string, kind: CallerChoice): true | string {
  try {
    const spec = parseCallerText('--caller', text)
    return spec.kind === kind || (kind === 'oidc' && spec.kind === 'oidc') ? true : `Expected a ${kind} ARN.`
  } catch (error) {
    return error instanceof XacctError ? error.message : `Expected ${CALLER_EXPECTED}.`
  }
}

async function askCaller(prompter: Prompter): Promise<string> {
  const kind = await prompter.select<CallerChoice>({
    message: 'Who in the source account (A) may assume the role?',
    flag: '--caller',
    default: 'root',
    choices: [
      { value: 'root', name: 'Any principal of account A that its own policy allows (account root)' },
      { value: 'role', name: 'One IAM role in A (e.g. the proxy\'s role)' },
      { value: 'user', name: 'One IAM user in A' },
      { value: 'service', name: 'An AWS service (e.g. sagemaker.amazonaws.com)' },
      { value: 'oidc', name: 'An OIDC identity provider (e.g. GitHub Actions)' }
    ]
  })
  switch (kind) {
    case 'root':
      return 'root'
    case 'role':
    case 'user':
      return prompter.input({
        message: `The ${kind} ARN (arn:aws:iam::ACCOUNT:${kind}/NAME):`,
        flag: '--caller',
        validate: (v) => callerVerdict(v.trim(), kind)
      })
    case 'service':
      return `service:${await prompter.input({
        message: 'Service principal(s), comma-separated:',
        flag: '--caller',
        default: 'sagemaker.amazonaws.com',
        validate: (v) => callerVerdict(`service:${v.trim()}`, 'service')
      })}`
    case 'oidc':
      return `oidc:${await prompter.input({
        message: 'OIDC provider host:',
        flag: '--caller',
        default: DEFAULT_OIDC_HOST,
        validate: (v) => callerVerdict(`oidc:${v.trim()}`, 'oidc')
      })}`
  }
}

/**
 * For an OIDC caller: optionally restrict the role to tokens carrying one of some groups. Asked as
 * a comma list (a name with commas, like an LDAP DN, goes through `--oidc-group` instead).
 */
async function askOidcGroups(merged: MergedInput, prompter: Prompter): Promise<void> {
  if (merged.oidcGroups || !merged.caller || parseCallerText(merged.caller.field, merged.caller.value).kind !== 'oidc') return
  const text = await prompter.input({
    message: 'Only tokens in one of these groups (groups claim; optional, comma-separated; empty = no group condition):',
    flag: '--oidc-group',
    default: '',
    validate: (v) => {
      const bad = splitList(v).map(checkOidcGroup).find((check) => !check.ok)
      return bad ? promptVerdict(bad) : true
    }
  })
  const groups = splitList(text)
  if (groups.length > 0) answer(merged, 'oidcGroups', groups, '--oidc-group')
}

async function askOptionalPart(merged: MergedInput, key: 'useCase' | 'orgPrefix' | 'layer', message: string, flag: string, prompter: Prompter): Promise<void> {
  if (merged[key]) return
  const value = (await prompter.input({ message, flag, default: '', validate: (v) => (v.trim() === '' ? true : promptVerdict(checkNamePart(v))) })).trim()
  if (value !== '') answer(merged, key, value, flag)
}

/** Ask everything the other sources left open, in a sensible order. Mutates `item.merged`. */
export async function runWizard(item: PendingSetup, prompter: Prompter, defaults: { region?: string | undefined } = {}): Promise<void> {
  const merged = item.merged
  if (!merged.caller) answer(merged, 'caller', await askCaller(prompter), '--caller')
  for (let missing = missingAnswers(merged)[0]; missing; missing = missingAnswers(merged)[0]) {
    answer(merged, missing.key, await askRequired(missing.key, prompter, defaults), missing.flag)
  }
  await askOidcGroups(merged, prompter)
  await askOptionalPart(merged, 'useCase', 'Use case name for resource names (optional, e.g. Chatbot):', '--use-case', prompter)
  if (merged.useCase) {
    await askOptionalPart(merged, 'orgPrefix', 'Organisation prefix for names (optional, e.g. Acme):', '--org-prefix', prompter)
    if (merged.orgPrefix) await askOptionalPart(merged, 'layer', 'Layer for names (optional, e.g. Prod):', '--layer', prompter)
  }
  if (!merged.roleName && !merged.useCase) {
    const roleName = (await prompter.input({ message: 'Role name in account B:', flag: '--role-name', default: 'BedrockAccessRole', validate: (v) => promptVerdict(checkIamName(v)) })).trim()
    answer(merged, 'roleName', roleName, '--role-name')
  }
  if (!merged.externalId && !merged.generateExternalId) {
    const choice = await prompter.select<'generate' | 'enter' | 'none'>({
      message: 'Require an ExternalId (sts:ExternalId) to assume the role?',
      flag: '--external-id',
      default: 'generate',
      choices: [
        { value: 'generate', name: 'Yes, generate a random one (recommended)' },
        { value: 'enter', name: 'Yes, I will type it' },
        { value: 'none', name: 'No' }
      ]
    })
    if (choice === 'generate') answer(merged, 'generateExternalId', true, '--external-id')
    if (choice === 'enter') {
      const id = await prompter.input({ message: 'ExternalId:', flag: '--external-id', validate: (v) => promptVerdict(checkExternalId(v)) })
      answer(merged, 'externalId', id, '--external-id')
    }
  }
  if (!merged.maxSessionDurationSeconds) {
    const seconds = await prompter.input({ message: 'Max session duration in seconds (900–43200):', flag: '--max-session-duration', default: '3600', validate: (v) => promptVerdict(checkDuration(v)) })
    answer(merged, 'maxSessionDurationSeconds', seconds.trim(), '--max-session-duration')
  }
  if (!merged.sourceIpCidrs) {
    const cidrs = await prompter.input({
      message: 'Allowed public source IP CIDRs (optional, comma-separated; empty = any):',
      flag: '--source-ip',
      default: '',
      validate: (v) => {
        const bad = splitList(v).map(checkCidr).find((check) => !check.ok)
        return bad ? promptVerdict(bad) : true
      }
    })
    if (splitList(cidrs).length > 0) answer(merged, 'sourceIpCidrs', splitList(cidrs), '--source-ip')
  }
  if (merged.streaming === undefined) {
    answer(merged, 'streaming', await prompter.confirm({ message: 'Allow streaming (InvokeModelWithResponseStream / ConverseStream)?', flag: '--no-streaming', default: true }), '--no-streaming')
  }
  if (merged.marketplace === undefined) {
    answer(merged, 'marketplace', await prompter.confirm({ message: 'Add the Marketplace actions (needed on first use of some third-party models)?', flag: '--marketplace', default: false }), '--marketplace')
  }
  if (merged.cloudTrailLookup === undefined) {
    answer(merged, 'cloudTrailLookup', await prompter.confirm({ message: 'Allow cloudtrail:LookupEvents so verify can read B\'s trail through the role?', flag: '--cloudtrail-lookup', default: false }), '--cloudtrail-lookup')
  }
}
