/**
 * The required setup answers, asked through the Prompter only (STYLE habit 7): the questions come
 * from the setup field table, each names its flag and validates inline with the same validators
 * as resolution; without a TTY the non-interactive prompter turns the first one into a usage
 * error naming that flag.
 */
import { askMissingFields } from '../../core/setup/index.js'
import type { PendingSetup } from '../../core/setup/index.js'
import type { Prompter } from '../../ui/prompts.js'

/** Ask every missing required answer of one pending setup (in the order missingAnswers gives). */
export async function askMissingAnswers(item: PendingSetup, prompter: Prompter): Promise<void> {
  await askMissingFields(item.merged, prompter)
}
