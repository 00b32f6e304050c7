/**
 * Choices that shape the infrastructure-as-code files beyond the setup itself, and the tags they
 * put on what they create.
 */
import { awsCallersOf } from '../setup/caller.js'
import { desiredRoleTags } from '../apply/plan.js'
import type { Setup } from '../setup/model.js'

export interface ExportOptions {
  /** The permissions as a customer managed policy attached to the role (init --managed-policy), as apply does; default inline. */
  managedPolicy?: boolean | undefined
}

/** The tags main.tf and cloudformation.yaml set: the ones apply sets (managed-by, use-case), so either route marks the role alike. */
export function exportTags(setup: Setup): Record<string, string> {
  return desiredRoleTags(setup)
}

/**
 * The ExternalId the trust policy requires, if any: service and web identity callers cannot pass
 * one, so their trust has none and the files declare no variable or parameter for it.
 */
export function trustExternalId(setup: Setup): string | undefined {
  return awsCallersOf(setup.callers).length === 0 ? undefined : setup.externalId
}
