/**
 * What `lint` found over its files, as data: the document `lint --json` prints
 * (schema/lint-output.schema.json) and what the SARIF renderer reads. Counts are of findings not
 * suppressed, which alone decide the exit code.
 */
import type { TextRegion } from './locate.js'
import type { LintFinding, PolicyKind } from './types.js'

/** Version of the `lint --json` document; bumped on a breaking change. */
export const LINT_JSON_VERSION = 1

/** A finding with where its statement is in the file (absent when the text cannot be located). */
export type LocatedFinding = LintFinding & { location?: TextRegion }

/** A finding a suppressions entry accepted, with the entry's reason. */
export type SuppressedFinding = LocatedFinding & { justification: string }

export interface LintedFile {
  /** The path as given on the command line. */
  file: string
  kind: PolicyKind
  /** Findings that count (not suppressed). */
  findings: LocatedFinding[]
  suppressed: SuppressedFinding[]
}

export interface LintReport {
  version: typeof LINT_JSON_VERSION
  files: LintedFile[]
  errors: number
  warnings: number
  suppressed: number
}
