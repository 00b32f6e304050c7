/**
 * Which questions are worth asking: only those whose answer would change the diagnosis, i.e. that
 * separate causes still open (STYLE habit 7: each also has a flag). Pure; the command asks them.
 */
import type { ParsedDenial } from '../access-denied/types.js'
import type { PolicyDocument } from '../evaluate.js'
import type { CauseId } from './causes.js'
import type { Answers, Candidate, PolicySet } from './types.js'

export const QUESTIONS = {
  side: { flag: '--side', answers: ['side'], separates: ['source-missing-assume-role', 'trust-missing-source'] },
  externalId: { flag: '--external-id', answers: ['externalIdPassed', 'externalId'], separates: ['external-id-missing', 'external-id-wrong'] },
  viaVpcEndpoint: { flag: '--via-vpc-endpoint', answers: ['viaVpcEndpoint'], separates: ['source-ip-outside', 'source-ip-via-vpc-endpoint'] },
  sourceIp: { flag: '--source-ip', answers: ['sourceIp'], separates: ['source-ip-outside'] },
  region: { flag: '--region', answers: ['region'], separates: ['region-model-mismatch', 'profile-missing-destination-region', 'scp-region-lock'] },
  inferenceProfile: { flag: '--inference-profile', answers: ['inferenceProfile'], separates: ['region-model-mismatch', 'profile-missing-destination-region'] },
  chained: { flag: '--chained', answers: ['chained'], separates: ['duration-over-max', 'role-chaining-limit'] }
} as const satisfies Record<string, { flag: string; answers: readonly (keyof Answers)[]; separates: readonly CauseId[] }>

export type QuestionId = keyof typeof QUESTIONS

function mentionsKey(documents: (PolicyDocument | undefined)[], key: string): boolean {
  return documents.some((d) => d !== undefined && JSON.stringify(d).toLowerCase().includes(`"${key.toLowerCase()}"`))
}

/**
 * The questions to ask, in order, given the open (not certain) causes. With policies, a question
 * about a condition key is asked only if some policy uses that key.
 */
export function discriminatingQuestions(parsed: ParsedDenial, candidates: Candidate[], answers: Answers, policies?: PolicySet): QuestionId[] {
  const open = new Set(candidates.filter((c) => c.confidence !== 'certain').map((c) => c.cause))
  const documents = policies ? [policies.trust, ...(policies.permissions ?? []).map((p) => p.document), ...(policies.identity ?? []).map((p) => p.document)] : []
  const withPolicies = documents.some((d) => d !== undefined)
  const chosen: QuestionId[] = []
  for (const [id, question] of Object.entries(QUESTIONS) as [QuestionId, (typeof QUESTIONS)[QuestionId]][]) {
    if (question.answers.some((key) => answers[key] !== undefined)) continue
    const separates = (question.separates as readonly CauseId[]).filter((cause) => open.has(cause))
    if (id === 'side') {
      // Only when both sides are still suspects and nothing else will tell them apart.
      if (!(open.has('source-missing-assume-role') && [...open].some((c) => c.startsWith('trust-') || c.startsWith('external-id') || c.startsWith('source-ip')))) continue
      if (withPolicies) continue
      chosen.push(id)
      continue
    }
    if (separates.length === 0) continue
    if (withPolicies && id === 'externalId' && !mentionsKey(documents, 'sts:ExternalId')) continue
    if (withPolicies && (id === 'sourceIp' || id === 'viaVpcEndpoint') && !mentionsKey(documents, 'aws:SourceIp')) continue
    // Without policies an IP alone decides nothing unless the setup lists CIDRs; the VPC question covers the common trap.
    if (id === 'sourceIp' && !withPolicies) continue
    if (id === 'chained' && parsed.kind === 'validation') continue
    if (id === 'chained' && !(open.has('duration-over-max') && open.has('role-chaining-limit'))) continue
    chosen.push(id)
  }
  return chosen
}
