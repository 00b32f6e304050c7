/**
 * Questions for the required setup answers, asked through the Prompter only (STYLE habit 7): each
 * names its flag, validates inline with the same validators as resolution, and without a TTY the
 * non-interactive prompter turns the first one into a usage error naming that flag.
 */
import { checkAccountId, checkModel, checkRegion, missingAnswers, promptVerdict, splitList } from '../../core/setup/index.js'
import type { InputKey, MergedInput, PendingSetup } from '../../core/setup/index.js'
import type { Prompter } from '../../ui/prompts.js'

/** Region offered when the environment gives none: the region with the most Bedrock models. */
export const DEFAULT_WIZARD_REGION = 'us-east-1'
/** Model offered by default: on-demand in most regions, cheap, and fine for a first test. */
export const DEFAULT_WIZARD_MODEL = 'anthropic.claude-3-5-haiku-20241022-v1:0'

function listVerdict(value: string, check: (item: string) => { ok: boolean }, expected: string): true | string {
  const items = splitList(value)
  if (items.length === 0) return `Expected ${expected}.`
  const bad = items.find((item) => !check(item).ok)
  return bad === undefined ? true : `"${bad}" is not valid: expected ${expected}.`
}

/** Ask one required field; returns the raw answer for the wizard layer. */
export async function askRequired(key: InputKey, prompter: Prompter, defaults: { region?: string | undefined } = {}): Promise<string | string[]> {
  switch (key) {
    case 'sourceAccountId':
      return prompter.input({
        message: 'Source account A (12 digits, where the caller runs):',
        flag: '--source-account',
        validate: (v) => promptVerdict(checkAccountId(v))
      })
    case 'targetAccountId':
      return prompter.input({
        message: 'Target account B (12 digits, where the role and Bedrock live):',
        flag: '--target-account',
        validate: (v) => promptVerdict(checkAccountId(v))
      })
    case 'region':
      return prompter.input({
        message: 'Bedrock region:',
        flag: '--region',
        default: defaults.region ?? DEFAULT_WIZARD_REGION,
        validate: (v) => promptVerdict(checkRegion(v))
      })
    case 'models':
      return splitList(
        await prompter.input({
          message: 'Models to allow (model ids or inference profile ids like us.anthropic…, comma-separated):',
          flag: '--models',
          default: DEFAULT_WIZARD_MODEL,
          validate: (v) => listVerdict(v, checkModel, 'model ids or inference profile ids')
        })
      )
    case 'oidcAudiences':
      return splitList(
        await prompter.input({
          message: 'Allowed OIDC audience(s) (aud), comma-separated:',
          flag: '--oidc-audience',
          validate: (v) => (splitList(v).length > 0 ? true : 'Expected at least one audience.')
        })
      )
    case 'oidcSubjects':
      return splitList(
        await prompter.input({
          message: 'Allowed OIDC subject pattern(s) (sub), e.g. repo:my-org/my-repo:ref:refs/heads/main:',
          flag: '--oidc-subject',
          validate: (v) => (splitList(v).length > 0 ? true : 'Expected at least one subject pattern.')
        })
      )
    default:
      throw new Error(`askRequired: ${key} is not a required field`)
  }
}

/** Record an answer in a merged input, below everything already given. */
export function answer(merged: MergedInput, key: InputKey, value: unknown, flag: string): void {
  ;(merged as Record<string, unknown>)[key] = { value, field: flag }
}

/** Ask every missing required answer of one pending setup (in the order missingAnswers gives). */
export async function askMissingAnswers(item: PendingSetup, prompter: Prompter): Promise<void> {
  for (let missing = missingAnswers(item.merged)[0]; missing; missing = missingAnswers(item.merged)[0]) {
    answer(item.merged, missing.key, await askRequired(missing.key, prompter), missing.flag)
  }
}
