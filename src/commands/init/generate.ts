/**
 * Init's compute step: for each setup build the documents, self-check them with the evaluator and
 * lint them. Returns results as data; index.ts decides what to write and render.ts how to show it.
 */
import { createEvaluator } from '../../core/evaluate.js'
import type { LintFinding } from '../../core/lint/index.js'
import { lintPolicy } from '../../core/lint/index.js'
import { buildDocuments } from '../../core/policies/index.js'
import type { SetupDocuments } from '../../core/policies/index.js'
import { selfCheck } from '../../core/self-check.js'
import type { SelfCheckReport } from '../../core/self-check.js'
import type { Setup } from '../../core/setup/model.js'
import { tableDestinations, type DestinationsReport } from '../../core/profile-destinations.js'

/** Why offline init uses the table: it has no credentials to ask Bedrock with. */
export const OFFLINE_REASON = 'init without --apply works offline (init --apply asks Bedrock with --target-profile)'

export interface DocumentFindings {
  trustPolicy: LintFinding[]
  permissionsPolicy: LintFinding[]
  sourcePolicy: LintFinding[]
}

export interface GeneratedSetup {
  setup: Setup
  docs: SetupDocuments
  selfCheck: SelfCheckReport
  lint: DocumentFindings
}

/** Lint findings of severity error in generated documents: a generator bug, never the user's fault. */
export function lintErrors(findings: DocumentFindings): LintFinding[] {
  return [...findings.trustPolicy, ...findings.permissionsPolicy, ...findings.sourcePolicy].filter((f) => f.severity === 'error')
}

/**
 * `destinations[i]` is where setup i's inference profiles route (read from Bedrock by init --apply);
 * without it, the static table, and the documents say so.
 */
export async function generateAll(setups: readonly Setup[], destinations: readonly (DestinationsReport | undefined)[] = []): Promise<GeneratedSetup[]> {
  const evaluator = createEvaluator()
  const results: GeneratedSetup[] = []
  for (const [index, setup] of setups.entries()) {
    const docs = buildDocuments(setup, destinations[index] ?? tableDestinations(setup, OFFLINE_REASON))
    const report = await selfCheck(setup, docs, evaluator)
    const models = [...setup.models]
    results.push({
      setup,
      docs,
      selfCheck: report,
      lint: {
        trustPolicy: lintPolicy(docs.trustPolicy, { kind: 'trust' }),
        permissionsPolicy: lintPolicy(docs.permissionsPolicy, { kind: 'permissions', models }),
        sourcePolicy: lintPolicy(docs.sourcePolicy, { kind: 'identity' })
      }
    })
  }
  return results
}
