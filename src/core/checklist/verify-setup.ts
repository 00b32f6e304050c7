/**
 * Verify one setup: build its context (documents, role ARN, unique session name, shared facts)
 * and run the checklist. Pure orchestration over injected ports and clock; the command layer
 * (src/commands/verify/) builds the ports and renders.
 */
import { buildDocuments, type SetupDocuments } from '../policies/index.js'
import { readProfileDestinations, tableDestinations, type DestinationsReport } from '../profile-destinations.js'
import { VERIFY_SESSION_PREFIX } from '../verify-probe.js'
import { statementsOf } from '../policy-document.js'
import type { Evaluator, PolicyDocument } from '../evaluate.js'
import type { Setup } from '../setup/model.js'
import type { VerifyContext, VerifyOptions, VerifyPorts } from './context.js'
import { createVerifyFacts } from './live-facts.js'
import { initApplyCommand, type SetupOrigin } from './hints.js'
import { runChecklist } from './runner.js'
import { VERIFY_CHECKS } from './checks/index.js'
import type { CheckOutcome, ChecklistEvent, Clock } from './types.js'

export interface VerifySetupInput {
  setup: Setup
  ports: VerifyPorts
  evaluator: Evaluator
  clock: Clock
  options: VerifyOptions
  origin: SetupOrigin
  /** BEDROCK_CROSS_ACCOUNT_ROLE_ARN / BEDROCK_REGION as the application sees them (single-setup runs only). */
  appEnv: { roleArn?: string | undefined; region?: string | undefined }
  /** Random, per run (e.g. 8 hex chars): makes the role session name unique for CloudTrail matching. */
  runId: string
  onEvent?: ((event: ChecklistEvent) => void) | undefined
  /**
   * The other setups of the run whose role is this one's: the role rightly admits their callers and
   * grants their models too, so the static proofs hold it to the union of their documents.
   */
  sharingRole?: readonly Setup[] | undefined
  /** Run the ExternalId probes after this run's AssumeRole was looked up in CloudTrail (see PROBES_AFTER_TRAIL). */
  probesAfterTrail?: boolean | undefined
}

/**
 * With many setups, CloudTrail's 2 LookupEvents/s per account-region is the run's bottleneck, and
 * each setup's two refused probes are two more AssumeRole events in B that every lookup for the
 * live AssumeRoles must page through (2 of every 3). Probing after the lookup found (or gave up on)
 * this setup's AssumeRole keeps them out of most lookups; the checks' results are the same, and the
 * run is no longer: the CloudTrail wait is its longest chain anyway. A single setup keeps the
 * natural order, so its live checklist shows the probes at once.
 */
const PROBES_AFTER_TRAIL = { 'external-id-enforced': ['cloudtrail-assume-role'] } as const

export interface SetupVerification {
  name: string
  roleArn: string
  /** The role session name this run used (matches its CloudTrail events). */
  sessionName: string
  checks: CheckOutcome[]
  /** Where the inference profiles' destinations came from: Bedrock (GetInferenceProfile) or the dated table, and why. */
  destinations: DestinationsReport
}

/** Role session names: 2–64 of [\w+=,.@-]; the prefix says who made the session, in CloudTrail. */
export function verifySessionName(runId: string, startedAt: Date): string {
  const stamp = startedAt.toISOString().replace(/[-:]/g, '').slice(0, 15)
  return `${VERIFY_SESSION_PREFIX}${stamp}-${runId}`.slice(0, 50)
}

/** The setup's own trust and permissions, joined with those of the setups sharing its role. */
function intendedDocuments(documents: SetupDocuments, sharing: readonly Setup[]): VerifyContext['intended'] {
  const others = sharing.map((setup) => buildDocuments(setup))
  const union = (own: PolicyDocument, theirs: PolicyDocument[]): PolicyDocument => (theirs.length === 0 ? own : { Version: own.Version ?? '2012-10-17', Statement: [own, ...theirs].flatMap((d) => statementsOf(d)) })
  return {
    trustPolicy: union(
      documents.trustPolicy,
      others.map((d) => d.trustPolicy)
    ),
    permissionsPolicy: union(
      documents.permissionsPolicy,
      others.map((d) => d.permissionsPolicy)
    )
  }
}

export async function verifySetup(input: VerifySetupInput): Promise<SetupVerification> {
  const { setup } = input
  // Live truth over the table: with read access to B, the destinations Bedrock lists for each profile (issue 18).
  const destinations = input.ports.target ? await readProfileDestinations(setup, input.ports.target.bedrockControl(setup.region)) : tableDestinations(setup, 'no credentials in the target account to ask Bedrock with (--target-profile)')
  const documents = buildDocuments(setup, destinations)
  const startedAt = new Date(input.clock.now())
  const sessionName = verifySessionName(input.runId, startedAt)
  const context = {
    setup,
    roleArn: documents.roleArn,
    invokeResources: documents.invokeResources,
    intended: intendedDocuments(documents, input.sharingRole ?? []),
    sharingPolicyNames: (input.sharingRole ?? []).map((other) => other.permissionsPolicyName).filter((name) => name !== setup.permissionsPolicyName),
    evaluator: input.evaluator,
    clock: input.clock,
    options: input.options,
    appEnv: input.appEnv,
    setupOrigin: input.origin.configFile ? `config file ${input.origin.configFile}` : 'flags',
    fixCommand: initApplyCommand(setup, input.origin),
    sessionName,
    startedAt,
    ports: input.ports,
    facts: createVerifyFacts(setup, documents.roleArn, sessionName, input.ports),
    state: {}
  }
  const checks = await runChecklist(VERIFY_CHECKS, context, { clock: input.clock, onEvent: input.onEvent, after: input.probesAfterTrail ? PROBES_AFTER_TRAIL : undefined })
  return { name: setup.name, roleArn: documents.roleArn, sessionName, checks, destinations }
}
