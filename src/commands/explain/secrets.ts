/**
 * ExternalIds out of explain's output unless --show-secrets (issue 8: no ExternalId in any output
 * by default, as verify and init --apply do). explain sees them in fetched trust policies
 * (`sts:ExternalId` conditions), in CloudTrail's recorded AssumeRole parameters, in the answers
 * (--external-id) and in the fix it suggests; every one found in the data behind the output is
 * replaced in the rendered text.
 */
import { REDACTED, redactSecrets } from '../../ui/reporters/redact.js'

/**
 * Shorter values are not worth hiding (guessable) and would mangle ordinary words if replaced;
 * AWS's own minimum is 2.
 */
const MIN_SECRET_LENGTH = 4

/** Every string (or string in an array) held under a key named like `ExternalId` / `sts:ExternalId`, anywhere in `value`. */
export function externalIdsIn(value: unknown): string[] {
  const found = new Set<string>()
  const seen = new Set<object>()
  const collect = (node: unknown): void => {
    if (typeof node === 'string') {
      if (node.length >= MIN_SECRET_LENGTH) found.add(node)
    } else if (Array.isArray(node)) node.forEach(collect)
  }
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object' || seen.has(node)) return
    seen.add(node)
    if (node instanceof Map) return node.forEach((v) => walk(v))
    if (Array.isArray(node)) return node.forEach(walk)
    for (const [key, child] of Object.entries(node)) {
      if (/externalid$/i.test(key)) collect(child)
      walk(child)
    }
  }
  walk(value)
  return [...found]
}

/** The text with every ExternalId found in `sources` (and `given`) redacted, unless `show`; a human text gets a note saying how to see them. */
export function redactExternalIds(text: string, sources: unknown[], options: { show: boolean; given?: string | false | undefined; human: boolean }): string {
  if (options.show) return text
  const secrets = externalIdsIn(sources)
  if (typeof options.given === 'string' && options.given.length >= MIN_SECRET_LENGTH) secrets.push(options.given)
  const redacted = redactSecrets(text, secrets)
  if (!options.human || redacted === text) return redacted
  return `${redacted}\n(ExternalIds are shown as ${REDACTED}; add --show-secrets to print them.)`
}
