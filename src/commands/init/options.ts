/** The options commander hands to `init` (setup flags plus init's own). Types only. */
import type { SetupFlags } from '../../core/setup/sources.js'
import type { PolicyKind } from '../../core/lint/index.js'

export interface InitOptions extends SetupFlags {
  out?: string | undefined
  /** A scenario template (templates/NAME.json or a path), or "list". */
  template?: string | undefined
  force?: boolean | undefined
  check?: string | undefined
  kind?: PolicyKind | undefined
  only?: string | undefined
  apply?: boolean | undefined
  dryRun?: boolean | undefined
  targetProfile?: string | undefined
  sourceProfile?: string | undefined
  managedPolicy?: boolean | undefined
  restore?: string | undefined
  /** Delete what --apply created for the setup (issue 19). */
  destroy?: boolean | undefined
  showSecrets?: boolean | undefined
  /** With --apply: accept a trust statement that loses its ExternalId/SourceIp condition or a principal. */
  allowWeakerTrust?: boolean | undefined
  /** Positional arguments (none for init). */
  args?: unknown[]
}
