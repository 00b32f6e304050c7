/**
 * The init wizard: on a terminal with answers missing, ask them through the Prompter (never
 * @inquirer/prompts directly), skipping anything flags, environment or config already gave. The
 * questions, their order and their inline validation come from the setup field table
 * (core/setup/fields.ts); answers rank below every other source.
 */
import { askOpenFields } from '../../core/setup/index.js'
import type { PendingSetup, PromptDefaults } from '../../core/setup/index.js'
import type { Prompter } from '../../ui/prompts.js'

/** Ask everything the other sources left open, in the table's order. Mutates `item.merged`. */
export async function runWizard(item: PendingSetup, prompter: Prompter, defaults: PromptDefaults = {}): Promise<void> {
  await askOpenFields(item.merged, prompter, defaults)
}
