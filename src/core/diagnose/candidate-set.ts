/** A working set of suspected causes: adding a cause again keeps the higher confidence and all evidence. */
import type { CauseId } from './causes.js'
import type { Confidence } from './types.js'

/** Higher is stronger; used to sort candidates and to merge evidence. */
export const CONFIDENCE_RANK: Record<Confidence, number> = { certain: 3, likely: 2, possible: 1 }

export interface Suspect {
  confidence: Confidence
  evidence: string[]
  /** Extra facts for the fix (policy values, statement ids). */
  details: Record<string, unknown>
}

export class CandidateSet {
  readonly suspects = new Map<CauseId, Suspect>()

  add(cause: CauseId, confidence: Confidence, evidence?: string, details: Record<string, unknown> = {}): void {
    const existing = this.suspects.get(cause)
    if (!existing) {
      this.suspects.set(cause, { confidence, evidence: evidence ? [evidence] : [], details: { ...details } })
      return
    }
    if (CONFIDENCE_RANK[confidence] > CONFIDENCE_RANK[existing.confidence]) existing.confidence = confidence
    if (evidence && !existing.evidence.includes(evidence)) existing.evidence.push(evidence)
    Object.assign(existing.details, details)
  }

  /** Lower a cause's confidence (never raises it), adding why. */
  cap(cause: CauseId, confidence: Confidence, evidence?: string): void {
    const existing = this.suspects.get(cause)
    if (!existing) return
    if (CONFIDENCE_RANK[confidence] < CONFIDENCE_RANK[existing.confidence]) existing.confidence = confidence
    if (evidence) existing.evidence.push(evidence)
  }

  remove(cause: CauseId): void {
    this.suspects.delete(cause)
  }

  has(cause: CauseId): boolean {
    return this.suspects.has(cause)
  }

  get(cause: CauseId): Suspect | undefined {
    return this.suspects.get(cause)
  }

  ids(): CauseId[] {
    return [...this.suspects.keys()]
  }
}
