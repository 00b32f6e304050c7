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

/** `--caller`: a kind first, then what that kind needs. */
export async function askCaller(asker: SetupAsker): Promise<Answers> {
  const kind = await asker.select<CallerChoice>({
    message: 'Who in the source account (A) may assume the role?',
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
      return [['caller', 'root']]
    case 'role':
    case 'user': {
      const arn = await asker.input({ message: `The ${kind} ARN (arn:aws:iam::ACCOUNT:${kind}/NAME):`, flag: '--caller', validate: (v) => callerVerdict(v.trim(), kind) })
      return [['caller', arn]]
    }
    case 'service': {
      const services = await asker.input({
        message: 'Service principal(s), comma-separated:',
        flag: '--caller',
        default: 'sagemaker.amazonaws.com',
        validate: (v) => callerVerdict(`service:${v.trim()}`, 'service')
      })
      return [['caller', `service:${services}`]]
    }
    case 'oidc': {
      const host = await asker.input({ message: 'OIDC provider host:', flag: '--caller', default: DEFAULT_OIDC_HOST, validate: (v) => callerVerdict(`oidc:${v.trim()}`, 'oidc') })
      return [['caller', `oidc:${host}`]]
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
