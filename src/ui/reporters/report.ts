/**
 * The verify report every reporter renders: per setup, each check's outcome; totals; the exit code.
 * Built once by the command, redacted once (redact.ts), then handed to json/junit/human.
 */
import type { CheckOutcome } from '../../core/checklist/types.js'
import type { ChecklistCounts } from '../../core/checklist/summary.js'
import type { DestinationsReport } from '../../core/profile-destinations.js'

export interface SetupReport {
  name: string
  roleArn: string
  /** The role session name this run used; `bedrock-xacct trail` finds its events by it. */
  sessionName: string
  checks: CheckOutcome[]
  /** Where the inference profiles' destinations came from (absent in reports built before they were looked up). */
  destinations?: DestinationsReport | undefined
  counts: ChecklistCounts
  durationMs: number
}

export interface VerifyReport {
  setups: SetupReport[]
  summary: ChecklistCounts & { setups: number; exitCode: number; durationMs: number }
}
