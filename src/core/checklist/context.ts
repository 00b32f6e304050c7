/**
 * What every verify check receives: the setup, the ports, the clock, the run's options, and the
 * facts several checks share (caller identity, the live AssumeRole, the role's documents), each
 * fetched at most once per run however many checks ask (live-facts.ts).
 */
import type { Evaluator, PolicyDocument } from '../evaluate.js'
import type { Setup } from '../setup/model.js'
import type { Clock } from './types.js'
import type { VerifyFacts, VerifyPorts } from './live-facts.js'

export type { VerifyPorts } from './live-facts.js'

export interface VerifyOptions {
  /** Also check ConverseStream. */
  stream: boolean
  /** False with `--no-trail`: the CloudTrail checks skip with a reason. */
  trail: boolean
  /** How long the CloudTrail checks poll before reporting `pending`. */
  trailTimeoutMs: number
  /**
   * The caller's public source IP (`--caller-ip`), for the static checks of a document with an
   * aws:SourceIp condition; undefined: taken from CloudTrail when seen, else "not provable offline".
   */
  callerIp?: string | undefined
}

/** What checks write for the checks that depend on them (the runner orders the writes before the reads). */
export interface VerifyState {
  /** When the converse check called Bedrock, and with which model ids. */
  converse?: { at: Date; modelIds: string[]; streamed: boolean } | undefined
}

export interface VerifyContext {
  setup: Setup
  /** The access role's ARN in B. */
  roleArn: string
  /** Every resource the role must allow bedrock:InvokeModel on (buildDocuments(setup).invokeResources). */
  invokeResources: string[]
  /** The setup's own trust and permissions documents: what the static proofs hold the live ones to. */
  intended: { trustPolicy: PolicyDocument; permissionsPolicy: PolicyDocument }
  evaluator: Evaluator
  clock: Clock
  options: VerifyOptions
  /** BEDROCK_CROSS_ACCOUNT_ROLE_ARN / BEDROCK_REGION as the application would read them (undefined when unset). */
  appEnv: { roleArn?: string | undefined; region?: string | undefined }
  /** Where the setup came from, for config-* evidence (`config file bedrock-xacct.json`, `flags`, …). */
  setupOrigin: string
  /** `bedrock-xacct init --apply …` that (re)applies this setup; hints quote it. */
  fixCommand: string
  /** Unique per run, so CloudTrail's events of this run can be told from every other. */
  sessionName: string
  /** When this run started (CloudTrail lookups start a little before). */
  startedAt: Date
  ports: VerifyPorts
  facts: VerifyFacts
  state: VerifyState
}
