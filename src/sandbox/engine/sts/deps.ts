/** STS operations' dependencies (kept apart so the operations and their table import no cycle). */
import type { Evaluator } from '../../../core/evaluate.js'
import type { Store } from '../store.js'

/** What STS operations need besides the request: the store and the evaluator the tool ships. */
export interface StsDeps {
  store: Store
  evaluator: Evaluator
}
