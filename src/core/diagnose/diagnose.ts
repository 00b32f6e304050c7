/**
 * `diagnose`: parsed message + answers (+ policies, + setup) → candidate causes with confidence,
 * evidence, evaluation trace and fix. Pure apart from the injected evaluator.
 */
import type { ParsedDenial } from '../access-denied/types.js'
import type { Evaluator } from '../evaluate.js'
import type { Setup } from '../setup/model.js'
import { CONFIDENCE_RANK } from './candidate-set.js'
import { CAUSES } from './causes.js'
import { requestFacts } from './request-facts.js'
import { refineWithAnswers } from './from-answers.js'
import { refineWithPolicies } from './from-evaluation.js'
import { candidatesFromMessage } from './from-message.js'
import { fixFor } from './fixes.js'
import type { Answers, Candidate, Diagnosis, PolicySet } from './types.js'

export interface DiagnoseInput {
  parsed: ParsedDenial
  answers: Answers
  policies?: PolicySet | undefined
  setup?: Partial<Setup> | undefined
}

function hasPolicies(policies: PolicySet | undefined): policies is PolicySet {
  if (!policies) return false
  return Boolean(policies.trust || policies.identity?.length || policies.permissions?.length || policies.scp?.length || policies.boundary || policies.session)
}

/** Among equally likely causes, the ones the user can fix from their own side come first. */
function sideRank(candidate: Candidate, answers: Answers): number {
  if (!answers.side) return 0
  const own = answers.side === 'source' ? ['source', 'client'] : ['target']
  return own.includes(candidate.fix.account) ? 1 : 0
}

export async function diagnose(input: DiagnoseInput, evaluator: Evaluator): Promise<Diagnosis> {
  const { parsed, answers } = input
  const facts = requestFacts(parsed, answers, input.setup, input.policies?.trust)
  const set = candidatesFromMessage(parsed, facts)
  refineWithAnswers(set, answers, facts)
  const notes: string[] = []
  let evaluations: Diagnosis['evaluations'] = []
  if (hasPolicies(input.policies)) {
    const result = await refineWithPolicies(set, facts, answers, input.policies, evaluator)
    evaluations = result.evaluations
    notes.push(...result.notes)
    if (input.policies.maxSessionDurationSeconds !== undefined && set.has('duration-over-max')) {
      set.add('duration-over-max', 'certain', `The role's MaxSessionDuration is ${input.policies.maxSessionDurationSeconds} s.`)
    }
  } else if (parsed.kind === 'not-authorized' && parsed.denial === 'none') {
    notes.push('Without the policies, the causes stay possible: pass --trust/--identity files, or --fetch to read them, to know which one it is.')
  }
  if (parsed.kind === 'unrecognized' && set.ids().length > 0) notes.push('The message was not recognized as an AWS AccessDenied text; the causes below are the usual suspects for this kind of call.')
  const candidates: Candidate[] = set
    .ids()
    .map((cause) => {
      const suspect = set.get(cause)!
      return { cause, title: CAUSES[cause].title, confidence: suspect.confidence, evidence: suspect.evidence, fix: fixFor(cause, { facts, answers, suspect }) }
    })
    .sort((a, b) => CONFIDENCE_RANK[b.confidence] - CONFIDENCE_RANK[a.confidence] || sideRank(b, answers) - sideRank(a, answers))
  return {
    parsed,
    answers,
    action: facts.action,
    candidates,
    evaluations,
    notes,
    identified: candidates.some((c) => c.confidence !== 'possible')
  }
}
