/**
 * Rendering of a diagnosis: the human report (headline cause, evidence, fix with the snippet and
 * where it goes; then the other candidates, the evaluation trace and notes) and the JSON document.
 */
import { Chalk } from 'chalk'
import type { ParsedDenial } from '../../core/access-denied/types.js'
import { describeCondition } from '../../core/diagnose/from-evaluation.js'
import type { Candidate, Diagnosis, EvaluationTrace, Fix } from '../../core/diagnose/types.js'

/** Version of the --json document; bump on breaking changes. */
export const EXPLAIN_JSON_VERSION = 1

const ACCOUNT_LABEL: Record<Fix['account'], string> = {
  source: 'source account (A)',
  target: 'target account (B)',
  management: "organization's management account",
  client: "caller's code or configuration"
}

export function describeParse(parsed: ParsedDenial): string {
  const op = parsed.envelope.operation ? ` from ${parsed.envelope.operation}` : ''
  const code = parsed.envelope.errorCode ?? (parsed.kind === 'not-authorized' ? 'AccessDenied' : 'Error')
  switch (parsed.kind) {
    case 'not-authorized': {
      const who = parsed.principal ? `${parsed.principal.arn} (${parsed.principal.kind}${parsed.principal.accountId ? `, account ${parsed.principal.accountId}` : ', account redacted'})` : 'the caller'
      const on = parsed.resource ? ` on ${parsed.resource}` : ''
      const reason = parsed.denial === 'none' ? 'AWS gave no reason' : `${parsed.denial === 'explicit' ? 'explicit deny in' : 'no allow in'} the ${parsed.policyType ?? 'unnamed'} policy${parsed.policyArn ? ` ${parsed.policyArn}` : ''}`
      return `${code}${op}: ${who} may not ${parsed.action}${on}; ${reason}.`
    }
    case 'bedrock-denial':
      return `${code}${op}: a Bedrock denial that is not an IAM decision (${parsed.reason}).`
    case 'validation':
      return `${code}${op}: a validation error that looks like a denial (${parsed.reason})${parsed.value !== undefined ? `, value "${parsed.value}"` : ''}.`
    case 'aws-error':
      return `${code}${op}: an AWS error that is not an IAM decision (${parsed.reason}).`
    case 'unrecognized':
      return 'Not recognised as an AWS error message.'
  }
}

function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces)
  return text
    .split('\n')
    .map((line) => pad + line)
    .join('\n')
}

function renderFix(fix: Fix, c: InstanceType<typeof Chalk>): string[] {
  const lines = [`  ${c.bold('Fix')} in the ${ACCOUNT_LABEL[fix.account]}${fix.accountId ? ` ${fix.accountId}` : ''}: ${fix.where}`, `    ${fix.action}`]
  if (fix.snippet !== undefined) lines.push(indent(JSON.stringify(fix.snippet, null, 2), 4))
  if (fix.command) lines.push(`    ${c.dim('$')} ${fix.command}`)
  return lines
}

function renderCandidate(candidate: Candidate, c: InstanceType<typeof Chalk>, headline: boolean, shared: ReadonlySet<string> = new Set()): string[] {
  const tag = candidate.confidence === 'certain' ? c.red(candidate.confidence) : candidate.confidence === 'likely' ? c.yellow(candidate.confidence) : c.dim(candidate.confidence)
  const lines = [`${headline ? c.bold('Cause') : '•'} (${tag}) ${candidate.title} ${c.dim(`[${candidate.cause}]`)}`]
  for (const evidence of candidate.evidence) if (!shared.has(evidence)) lines.push(`  - ${evidence}`)
  if (headline || candidate.confidence !== 'possible') lines.push(...renderFix(candidate.fix, c))
  else {
    // Possible causes get a one-line fix; the snippet is in --json and appears once the cause is confirmed.
    lines.push(`  ${c.bold('Fix')} in the ${ACCOUNT_LABEL[candidate.fix.account]}: ${candidate.fix.where} — ${candidate.fix.action}`)
    if (candidate.fix.command) lines.push(`    ${c.dim('$')} ${candidate.fix.command}`)
  }
  return lines
}

/** Evidence every candidate shares (e.g. "AWS gave no reason"), printed once above them. */
function sharedEvidence(candidates: Candidate[]): Set<string> {
  if (candidates.length < 2) return new Set()
  const [first, ...rest] = candidates
  return new Set(first!.evidence.filter((e) => rest.every((c) => c.evidence.includes(e))))
}

function renderEvaluation(trace: EvaluationTrace): string[] {
  const context =
    Object.entries(trace.context)
      .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : v}`)
      .join(' ') || '(none)'
  const lines = [`${trace.label}: ${trace.decision}`, `  request: ${trace.action} on ${trace.resource}; context ${context}`]
  if (trace.assumed.length > 0) lines.push(`  not given, assumed to allow: ${trace.assumed.join('; ')}`)
  for (const s of trace.statements) {
    if (s.policy.startsWith('(not given') || s.policy.includes('(assumed)')) continue
    const parts = [`  ${s.layer} · ${s.policy} · ${s.statement} (${s.effect}): ${s.outcome}`]
    if (s.principalMatch === 'NoMatch') parts.push('principal does not match')
    if (!s.resourceMatch) parts.push(`resource does not match (${s.resourceMismatches.map((m) => `${m.pattern}${m.reason ? `: ${m.reason}` : ''}`).join(', ')})`)
    for (const f of s.failedConditions) parts.push(describeCondition(f))
    if (s.outcome === 'denied') for (const m of s.matchedConditions) parts.push(`matched ${describeCondition(m)}`)
    lines.push(parts.join('; '))
  }
  if (trace.ignoredContextKeys.length > 0) lines.push(`  keys AWS never sets for this action: ${trace.ignoredContextKeys.join(', ')}`)
  return lines
}

export function renderHuman(diagnosis: Diagnosis, color: boolean, extraNotes: string[] = []): string {
  const c = new Chalk({ level: color ? 1 : 0 })
  const lines = [c.dim(describeParse(diagnosis.parsed))]
  if (diagnosis.action) lines.push(c.dim(`IAM action the call needs: ${diagnosis.action}`))
  else if (diagnosis.identified) lines.push(c.dim('IAM action the call needs: not named in the text (Converse → bedrock:InvokeModel, ConverseStream → bedrock:InvokeModelWithResponseStream)'))
  lines.push('')
  const [first, ...rest] = diagnosis.candidates
  if (!first) lines.push('No cause identified from this message.')
  else if (diagnosis.identified) lines.push(...renderCandidate(first, c, true))
  else lines.push(c.bold('Not enough to tell which cause it is. Possible causes, with their fixes:'))
  const others = diagnosis.identified ? rest : diagnosis.candidates
  const shared = sharedEvidence(others)
  if (!diagnosis.identified) for (const evidence of shared) lines.push(`  ${evidence}`)
  if (others.length > 0) {
    lines.push('')
    if (diagnosis.identified) lines.push(c.bold('Other candidates:'))
    for (const candidate of others) lines.push(...renderCandidate(candidate, c, false, diagnosis.identified ? new Set() : shared))
  }
  if (diagnosis.evaluations.length > 0) {
    lines.push('', c.bold('Evaluation of the exact request:'))
    for (const trace of diagnosis.evaluations) lines.push(...renderEvaluation(trace))
  }
  const notes = [...diagnosis.notes, ...extraNotes]
  if (notes.length > 0) lines.push('', c.bold('Notes:'), ...notes.map((n) => `  - ${n}`))
  return lines.join('\n')
}

/** explain's --json document for one message (schema: src/ui/reporters/explain-json-schema.ts). */
export interface ExplainDocument {
  version: typeof EXPLAIN_JSON_VERSION
  identified: boolean
  headline: Candidate['cause'] | undefined
  /** The IAM action the failed operation needs (Converse → bedrock:InvokeModel), when the text names the call. */
  action: string | undefined
  parsed: Diagnosis['parsed']
  answers: Diagnosis['answers']
  candidates: Candidate[]
  evaluations: EvaluationTrace[]
  notes: string[]
  asked: string[]
  fetched: string[]
}

/** The --json document: parse, candidates with confidence, evaluation trace, fixes. */
export function toJson(diagnosis: Diagnosis, extra: { asked: string[]; fetched: string[]; extraNotes: string[] }): ExplainDocument {
  return {
    version: EXPLAIN_JSON_VERSION,
    identified: diagnosis.identified,
    headline: diagnosis.identified ? diagnosis.candidates[0]?.cause : undefined,
    action: diagnosis.action,
    parsed: diagnosis.parsed,
    answers: diagnosis.answers,
    candidates: diagnosis.candidates,
    evaluations: diagnosis.evaluations,
    notes: [...diagnosis.notes, ...extra.extraNotes],
    asked: extra.asked,
    fetched: extra.fetched
  }
}
