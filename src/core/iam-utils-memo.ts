/**
 * `@cloud-copilot/iam-utils` as iam-simulate sees it in the bundle (scripts/build.mjs routes
 * iam-simulate's import of it here): everything re-exported unchanged, except that
 * `mostSpecificMatchingResourceTypePatterns` remembers its answers.
 *
 * Why: iam-simulate asks, twice for every evaluation, which of the action's resource types an ARN
 * matches, and iam-utils answers by intersecting pattern automata — about 2 ms for
 * bedrock:InvokeModel, whose ten-odd resource types are each matched against the model ARN. A
 * verify of 100 setups evaluates the same model ARN and the same role ARNs again and again, in the
 * tool and in the sandbox; this was their largest single cost. The function is pure (an ARN and a
 * list of patterns in, the matching patterns out), so remembering it changes no answer.
 */
import { mostSpecificMatchingResourceTypePatterns as matchUncached } from '@cloud-copilot/iam-utils'

export * from '@cloud-copilot/iam-utils'

/** Answers kept; a run sees a few per resource ARN, and the oldest are dropped beyond this. */
export const RESOURCE_TYPE_MEMO_LIMIT = 10_000

const answers = new Map<string, readonly string[]>()

export function mostSpecificMatchingResourceTypePatterns(resourceString: string, resourcePatterns: string[]): string[] {
  // Neither ARNs nor iam-data's patterns contain a newline.
  const key = `${resourceString}\n${resourcePatterns.join('\n')}`
  let answer = answers.get(key)
  if (answer === undefined) {
    answer = matchUncached(resourceString, resourcePatterns)
    if (answers.size >= RESOURCE_TYPE_MEMO_LIMIT) answers.delete(answers.keys().next().value as string)
    answers.set(key, answer)
  }
  // A copy: a caller that changed the array must not change what the next caller gets.
  return [...answer]
}
