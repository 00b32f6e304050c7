/**
 * The two setup questions that are more than one prompt: who the caller is (a kind, then its ARN,
 * services or host) and whether to require an ExternalId (generate, type, or none). Written against
 * the SetupAsker port, so the table (fields.ts) can hold them without loading the prompts module.
 */
import { XacctError } from '../errors.js'
import { CALLER_EXPECTED, parseCallerText } from './caller.js'
import type { Answers, AskContext, SetupAsker } from './field-types.js'

type CallerChoice = 'root' | 'role' | 'user' | 'service' | 'oidc'

/** Host offered for an OIDC caller: the most common one (GitHub Actions). */
export const DEFAULT_OIDC_HOST = 'token.actions.githubusercontent.com'

function callerVerdict(text: string, kind: CallerChoice): true | string {
  try {
    return parseCallerText('--caller', text).kind === kind ? true : `Expected a ${kind} ARN.`
  } catch (error) {
    return error instanceof XacctError ? error.message : `Expected ${CALLER_EXPECTED}.`
  }
}

/** Most callers the wizard collects for one trust (a bound on the loop, far above any guide's need). */
export const MAX_WIZARD_CALLERS = 10

/**
 * `--caller`: a kind first, then what that kind needs; then "another caller in the same trust?"
 * until the answer is no (the SageMaker guide trusts service principals and a role of A at once).
 * Every caller is kept, as a repeated `--caller` keeps them (issue 16).
 */
export async function askCaller(asker: SetupAsker): Promise<Answers> {
  const texts: string[] = []
  while (texts.length < MAX_WIZARD_CALLERS) {
    const text = await askOneCaller(asker, texts.length === 0)
    if (!texts.includes(text)) texts.push(text)
    const another = await asker.confirm({ message: `Another caller in the same trust (now: ${texts.join(' + ')})?`, flag: '--caller', default: false })
    // Only a real yes continues (a scripted or odd answer never loops).
    if (another !== true) break
  }
  return [['caller', texts.length === 1 ? texts[0]! : texts]]
}

async function askOneCaller(asker: SetupAsker, first: boolean): Promise<string> {
  const kind = await asker.select<CallerChoice>({
    message: first ? 'Who in the source account (A) may assume the role?' : 'Which other caller may assume the role?',
    flag: '--caller',
    default: 'root',
    choices: [
      { value: 'root', name: 'Any principal of account A that its own policy allows (account root)' },
      { value: 'role', name: "One IAM role in A (e.g. the proxy's role)" },
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
      return (await asker.input({ message: `The ${kind} ARN (arn:aws:iam::ACCOUNT:${kind}/NAME):`, flag: '--caller', validate: (v) => callerVerdict(v.trim(), kind) })).trim()
    case 'service': {
      const services = await asker.input({
        message: 'Service principal(s), comma-separated:',
        flag: '--caller',
        default: 'sagemaker.amazonaws.com',
        validate: (v) => callerVerdict(`service:${v.trim()}`, 'service')
      })
      return `service:${services}`
    }
    case 'oidc': {
      const host = await asker.input({ message: 'OIDC provider host:', flag: '--caller', default: DEFAULT_OIDC_HOST, validate: (v) => callerVerdict(`oidc:${v.trim()}`, 'oidc') })
      return `oidc:${host}`
    }
  }
}

/** `--external-id`: generate one (recommended), type one, or none. */
export async function askExternalId(asker: SetupAsker, context: AskContext): Promise<Answers> {
  const choice = await asker.select<'generate' | 'enter' | 'none'>({
    message: 'Require an ExternalId (sts:ExternalId) to assume the role?',
    flag: '--external-id',
    default: 'generate',
    choices: [
      { value: 'generate', name: 'Yes, generate a random one (recommended)' },
      { value: 'enter', name: 'Yes, I will type it' },
      { value: 'none', name: 'No' }
    ]
  })
  if (choice === 'generate') return [['generateExternalId', true]]
  if (choice === 'none') return []
  const id = await asker.input({ message: 'ExternalId:', flag: '--external-id', validate: (v) => context.verdict('externalId', v) })
  return [['externalId', id]]
}
